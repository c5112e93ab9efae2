"""Errors: problem documents (RFC 9457) on the API, an HTML page elsewhere."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from parcours.domain.access import AccessDenied, NotAuthenticated
from parcours.domain.errors import ConflictError, NotFoundError, ParcoursError
from parcours.domain.links import LinkDecisionError
from parcours.services.auth import AuthError
from parcours.services.catalogue import AmbiguousJobError
from parcours.services.drafts import DraftStateError
from parcours.web import validation_fr
from parcours.web.auth import CsrfError
from parcours.web.deps import render
from parcours.web.http import PROBLEM_MEDIA_TYPE, problem
from parcours.web.i18n import DEFAULT_LANGUAGE, translator
from parcours.web.i18n.messages import translate_message


def status_of(exc: ParcoursError) -> int:
    if isinstance(exc, NotAuthenticated | AuthError):
        return 401
    if isinstance(exc, AccessDenied):
        return 403
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, AmbiguousJobError | DraftStateError | LinkDecisionError | ConflictError):
        return 409
    return 400


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _respond(request: Request, status: int, title: str, detail: str, **extra: Any) -> Response:
    if _is_api(request):
        return problem(status, title, detail, **extra)
    return render(
        request, "error.html", {"status": status, "title": title, "detail": detail}, status
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(ParcoursError)
    async def domain_error(request: Request, exc: ParcoursError) -> Response:
        if isinstance(exc, NotAuthenticated) and not _is_api(request):
            target = quote(
                request.url.path + (f"?{request.url.query}" if request.url.query else "")
            )
            return RedirectResponse(f"/connexion?suite={target}", status_code=303)
        lang = getattr(request.state, "lang", DEFAULT_LANGUAGE)
        detail = translate_message(str(exc), lang, translator(lang))
        response = _respond(request, status_of(exc), type(exc).__name__, detail)
        if isinstance(exc, NotAuthenticated) and _is_api(request):
            response.headers["WWW-Authenticate"] = 'Bearer realm="parcours"'
        return response

    @app.exception_handler(CsrfError)
    async def csrf_error(request: Request, exc: CsrfError) -> Response:
        return _respond(request, 403, "CsrfError", str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        response = _respond(request, exc.status_code, "HTTPException", detail)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return invalid_input(request, exc.errors())


def invalid_input(request: Request, raw: Sequence[Any]) -> Response:
    """422: a problem document listing the invalid parameters (API), the error page (pages)."""
    _ = translator(getattr(request.state, "lang", DEFAULT_LANGUAGE))
    errors, detail = validation_fr.translate(raw, _)
    return _respond(request, 422, _("Requête invalide"), detail, errors=errors)


PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
}


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Every API operation answers errors as problem documents: say so in the OpenAPI."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    ref = {"$ref": "#/components/schemas/Problem"}
    for path, operations in schema.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses["422"] = {
                "description": "Requête invalide",
                "content": {PROBLEM_MEDIA_TYPE: {"schema": ref}},
            }
            responses["default"] = {
                "description": "Erreur (document problem+json)",
                "content": {PROBLEM_MEDIA_TYPE: {"schema": ref}},
            }
    return schema
