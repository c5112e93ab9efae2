"""HTTP helpers of the JSON API: ETags, pagination, problem documents."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import JSONResponse, Response

PROBLEM_MEDIA_TYPE = "application/problem+json"
MAX_PER_PAGE = 200
# The ``responses=`` of a route answered with ``cached_json`` or ``cached_bytes``.
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Inchangé depuis l'ETag donné (If-None-Match)"}
}


def _body(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def etag_of(body: bytes) -> str:
    return 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    wanted = {t.strip().removeprefix("W/") for t in header.split(",")}
    return etag.removeprefix("W/") in wanted


def cached_json(request: Request, data: Any, *, headers: dict[str, str] | None = None) -> Response:
    """A JSON response with an ETag; 304 without a body when If-None-Match names it."""
    body = _body(data)
    etag = etag_of(body)
    out_headers = {"ETag": etag, "Cache-Control": "no-cache", **(headers or {})}
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=out_headers)
    return Response(body, media_type="application/json", headers=out_headers)


def cached_bytes(request: Request, body: bytes, media_type: str, **headers: str) -> Response:
    """Any body with an ETag (exports), 304 when the client has it."""
    etag = etag_of(body)
    out_headers = {"ETag": etag, "Cache-Control": "no-cache", **headers}
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=out_headers)
    return Response(body, media_type=media_type, headers=out_headers)


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    """An RFC 9457 problem document."""
    return JSONResponse(
        {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra},
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
    )


@dataclass(frozen=True, slots=True)
class Page:
    page: int
    per_page: int
    total: int

    @property
    def start(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def last(self) -> int:
        return max(1, -(-self.total // self.per_page))


def link_headers(request: Request, page: Page) -> dict[str, str]:
    """RFC 8288 Link header (first, prev, next, last) and X-Total-Count."""

    def url(number: int) -> str:
        params = dict(request.query_params)
        params.update(page=str(number), per_page=str(page.per_page))
        return f"{request.url.path}?{urlencode(params)}"

    links = [f'<{url(1)}>; rel="first"']
    if page.page > 1:
        links.append(f'<{url(min(page.page - 1, page.last))}>; rel="prev"')
    if page.page < page.last:
        links.append(f'<{url(page.page + 1)}>; rel="next"')
    links.append(f'<{url(page.last)}>; rel="last"')
    return {"Link": ", ".join(links), "X-Total-Count": str(page.total)}


def plain(value: Any) -> Any:
    """Dataclasses as JSON-ready values (enums as their values)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
