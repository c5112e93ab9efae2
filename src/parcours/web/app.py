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
from parcours.services.imports import UowFactory
from parcours.settings import Settings
from parcours.web import (
    api_campaigns,
    api_career,
    api_catalogue,
    api_corrections,
    api_development,
    api_engine,
    api_exchange,
    api_hris,
    api_imports,
    api_juries,
    api_links,
    api_map,
    api_people,
    api_rgpd,
    api_teams,
    api_trainings,
    auth,
    guard,
    headers,
    operations,
    pages_auth,
    pages_campaigns,
    pages_career,
    pages_catalogue,
    pages_corrections,
    pages_development,
    pages_hris,
    pages_import,
    pages_juries,
    pages_links,
    pages_map,
    pages_matrix,
    pages_mobility,
    pages_oidc,
    pages_people,
    pages_rgpd,
    pages_teams,
    pages_trainings,
    problems,
)
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
    app.state.uow_factory = caching(uow_factory or build_uow_factory(settings))
    app.state.settings = settings
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
    for router in (
        pages_auth.router,
        api_catalogue.router,
        api_engine.router,
        api_links.router,
        api_map.router,
        api_exchange.router,
        api_imports.router,
        pages_catalogue.router,
        pages_matrix.router,
        pages_mobility.router,
        pages_links.router,
        pages_map.router,
        pages_import.router,
        pages_oidc.router,
        # /personnes/import before /personnes/{person}
        api_hris.router,
        pages_hris.router,
        api_people.router,
        pages_people.router,
        pages_career.router,
        api_career.router,
        api_development.router,
        pages_development.router,
        api_campaigns.router,
        pages_campaigns.router,
        api_juries.router,
        pages_juries.router,
        api_teams.router,
        pages_teams.router,
        api_rgpd.router,
        pages_rgpd.router,
        api_trainings.router,
        pages_trainings.router,
        api_corrections.router,
        pages_corrections.router,
    ):
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
