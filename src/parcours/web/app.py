"""The FastAPI application factory. No engine or app is created at import time.

``create_app`` wires the routers (JSON API under /api/v1, French pages), the problem
documents, the language switch (``?lang=en``, kept in a cookie) and the static files.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from parcours.bootstrap import build_uow_factory
from parcours.services.ports import UowFactory
from parcours.settings import Settings
from parcours.web import api, auth, guard, headers, operations, pages, problems, state
from parcours.web.cache import caching
from parcours.web.deps import HERE
from parcours.web.i18n import COOKIE, pick_language


def create_app(settings: Settings, uow_factory: UowFactory | None = None) -> FastAPI:
    app = FastAPI(
        title="parcours",
        version="1",
        description="Cartographie des métiers et des compétences : API JSON.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # served by web/headers.py, from the package rather than a CDN
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        dependencies=[Depends(guard.reject_nul_body)],
    )
    # Versions are immutable: the pages and the API read them through one shared cache.
    state.keep(app, settings, caching(uow_factory or build_uow_factory(settings)))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def language(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        asked = request.query_params.get("lang")
        request.state.lang = pick_language(asked, request.cookies.get(COOKIE), settings.language)
        response = await call_next(request)
        if asked is not None and asked == request.state.lang != request.cookies.get(COOKIE):
            response.set_cookie(COOKIE, asked, max_age=365 * 86400, samesite="lax")
        return response

    auth.install(app)
    problems.install(app)
    # The security headers on every response of the app, the NUL check before any route.
    app.add_middleware(guard.RejectNul)
    headers.install(app, settings)
    # Request ids, logs, metrics, /healthz, /readyz, 429 and 503: outermost of all.
    operations.install(app, settings)
    # The API's paths all start with /api/v1 and no page's does: the two lists cannot shadow
    # each other. Within each list the order matters where a literal path meets a parameter of
    # another module (see the comments in api/__init__.py and pages/__init__.py).
    for router in (*api.ROUTERS, *pages.ROUTERS):
        app.include_router(router)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = problems.document_problems(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
