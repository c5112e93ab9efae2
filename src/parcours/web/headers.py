"""Security headers on every response, ``Cache-Control: no-store`` on personal data, and the
API documentation (Swagger UI) served from the installed packages, never from a CDN.

- ``Content-Security-Policy``: everything from the app itself only (``'self'``), no inline
  script or style (the templates have none; Swagger UI is started by a static file), images
  also as ``data:`` URIs (Swagger UI's icons), no framing (``frame-ancestors 'none'``), forms
  posting to the app only;
- ``X-Frame-Options: DENY`` (the same for older browsers), ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: same-origin``, ``Cross-Origin-Opener-Policy`` and ``-Resource-Policy``;
- ``Strict-Transport-Security`` when the request came over TLS (``is_tls``): directly, through
  uvicorn's ``--proxy-headers``, or with ``X-Forwarded-Proto: https`` from an address of the
  ``trusted_proxies`` setting; ``hsts_seconds`` (0: never);
- ``Cache-Control: no-store`` on every response of a route that needs an account (people,
  teams, campaigns, juries, plans, RGPD, accounts…), of sign-in and sign-out, and on every page
  served to a signed-in visitor (the header names them). The catalogue keeps its ETags.

See docs/security.md.
"""

from __future__ import annotations

import importlib.util
import ipaddress
from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.routing import Mount

from parcours.settings import Settings

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# Responses that carry a session's secrets or an account even without a route's principal.
PERSONAL_PREFIXES = ("/connexion", "/deconnexion", "/oidc/", "/api/v1/auth/")
DOCS_PATH = "/api/v1/docs"
SWAGGER_PATH = "/static/swagger-ui"


def _trusted(address: str | None, proxies: str) -> bool:
    entries = [p.strip() for p in proxies.split(",") if p.strip()]
    if not address or not entries:
        return False
    if "*" in entries:
        return True
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in entries:
        try:
            if client in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def is_tls(request: Request, settings: Settings) -> bool:
    """Did the browser reach us over HTTPS? Directly (or through uvicorn's proxy headers), or
    through a reverse proxy of ``trusted_proxies`` saying so in ``X-Forwarded-Proto``."""
    if request.url.scheme == "https":
        return True
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    client = request.client.host if request.client else None
    return forwarded == "https" and _trusted(client, settings.trusted_proxies)


_FLAG = "parcours_needs_account"  # computed once per route, kept on the route itself


def _needs_account(route: object) -> bool:
    if not isinstance(route, APIRoute):
        return False
    known = getattr(route, _FLAG, None)
    if known is None:
        names = {getattr(d.call, "__name__", "") for d in route.dependant.dependencies}
        known = "require_principal" in names
        setattr(route, _FLAG, known)
    return bool(known)


def personal(request: Request, response: Response) -> bool:
    """Does the response hold personal data (or a session's secrets)?"""
    if request.url.path.startswith(PERSONAL_PREFIXES):
        return True
    if _needs_account(request.scope.get("route")):
        return True
    # A page, or a redirect chosen for whoever is signed in (the home sends an employee to
    # their career space), must not be kept by a shared cache for the next visitor.
    page = response.headers.get("content-type", "").startswith("text/html")
    redirect = 300 <= response.status_code < 400
    return (page or redirect) and getattr(request.state, "principal", None) is not None


def swagger_assets() -> Path | None:
    """Swagger UI's JavaScript and CSS, as installed with the ``fastapi-offline`` package."""
    spec = importlib.util.find_spec("fastapi_offline")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


DOCS_PAGE = """<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>parcours — API JSON</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" href="{assets}/favicon.png">
</head>
<body>
<div id="swagger-ui" data-openapi="{openapi}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script>
</body>
</html>
"""


def install(app: FastAPI, settings: Settings) -> None:
    """The headers middleware, and the documentation page with its assets."""
    assets = swagger_assets()
    if assets is not None:
        # Before the /static mount, which would otherwise take these paths.
        mount = Mount(SWAGGER_PATH, app=StaticFiles(directory=str(assets)), name="swagger-ui")
        app.router.routes.insert(0, mount)

    @app.get(DOCS_PATH, include_in_schema=False)
    def docs() -> HTMLResponse:
        if assets is None:
            return HTMLResponse(
                "<!doctype html><title>parcours</title><p>Swagger UI n'est pas installé "
                "(paquet Python fastapi-offline) : la description de l'API reste lisible à "
                f'<a href="{app.openapi_url}">{app.openapi_url}</a>.</p>',
                status_code=503,
            )
        return HTMLResponse(DOCS_PAGE.format(assets=SWAGGER_PATH, openapi=app.openapi_url))

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if settings.hsts_seconds > 0 and is_tls(request, settings):
            response.headers["Strict-Transport-Security"] = f"max-age={settings.hsts_seconds}"
        if personal(request, response):
            response.headers["Cache-Control"] = "no-store"
        return response
