"""Bad input refused at the door: the NUL character (``\\x00``) anywhere a request carries text.

PostgreSQL cannot store a NUL in a text column (SQLite can, and nothing else reads it as text
either), so a NUL that reached a query or an insert answered 500. It is refused before any
route runs, as bad input, in French:

- in the path or the query string (every route, pages and static files included): an ASGI
  middleware, since a path parameter may reach the database before any route code;
- in a form field, an uploaded file's name or a JSON body: a dependency of every route (the
  body is already read and parsed by then: this reads FastAPI's cached copy; a JSON body is
  looked at only on routes that take one).

The API answers 422 ``application/problem+json`` (``errors`` names the parameter), the pages
the error page with status 422. HRIS files are checked by their reader's caller
(``services.hris``), row by row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.datastructures import UploadFile
from starlette.types import ASGIApp, Receive, Scope, Send

NUL = "\x00"
MESSAGE = "caractère nul (\\x00) interdit"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _error(location: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "nul_character", "loc": location, "msg": MESSAGE, "input": None}


def nul_in_target(scope: Scope) -> list[dict[str, Any]]:
    """The errors of a path or a query string holding a NUL (none: an empty list)."""
    errors = []
    if NUL in scope.get("path", ""):
        errors.append(_error(("path",)))
    query = scope.get("query_string", b"").decode("utf-8", "replace")
    if "%00" in query or NUL in query:
        named = [
            _error(("query", name.replace(NUL, "\\x00")))
            for name, value in parse_qsl(query, keep_blank_values=True, errors="replace")
            if NUL in name or NUL in value
        ]
        errors.extend(named or [_error(("query",))])
    return errors


class RejectNul:
    """The ASGI middleware refusing a NUL in the path or the query string."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            errors = nul_in_target(scope)
            if errors:
                from parcours.web.problems import invalid_input

                response = invalid_input(Request(scope, receive), errors)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _json_nul(value: Any, location: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    if isinstance(value, str):
        if NUL in value:
            yield location
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_nul(item, (*location, str(index)))
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                yield location
            yield from _json_nul(item, (*location, key))


def _takes_body(request: Request) -> bool:
    # A route without a body parameter never reads one: neither does this check (a client
    # cannot make it read a body the route would have ignored).
    route = request.scope.get("route")
    return isinstance(route, APIRoute) and route.body_field is not None


async def reject_nul_body(request: Request) -> None:
    """Refuse a form field, an uploaded file's name or a JSON value holding a NUL (422)."""
    content_type = request.headers.get("content-type", "")
    errors = []
    if content_type.startswith(FORMS):
        form = await request.form()
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                if NUL in (value.filename or ""):
                    errors.append(_error(("body", name, "filename")))
            elif NUL in name or NUL in value:
                errors.append(_error(("body", name.replace(NUL, "\\x00"))))
    elif "json" in content_type and _takes_body(request):
        body = await request.body()
        if b"\\u0000" in body or NUL.encode() in body:
            try:
                data = json.loads(body)
            except ValueError:
                return  # not JSON: the route's own validation says so
            errors = [_error(("body", *loc)) for loc in _json_nul(data, ())]
    if errors:
        raise RequestValidationError(errors)
