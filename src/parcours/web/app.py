"""The FastAPI application factory. No engine or app is created at import time."""

from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from parcours.bootstrap import build_uow_factory
from parcours.domain.codec import competency_to_json, job_to_json, mobility_to_json
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.services import catalogue
from parcours.services.catalogue import AmbiguousJobError
from parcours.services.imports import UowFactory
from parcours.settings import Settings

HERE = Path(__file__).parent


def create_app(settings: Settings, uow_factory: UowFactory | None = None) -> FastAPI:
    uow = uow_factory or build_uow_factory(settings)
    app = FastAPI(
        title="parcours",
        version="1",
        description="Cartographie des métiers et des compétences.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
    )
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def get_uow() -> UowFactory:
        return uow

    Uow = Annotated[UowFactory, Depends(get_uow)]

    @app.exception_handler(ParcoursError)
    async def problem(request: Request, exc: ParcoursError) -> JSONResponse:
        status = (
            404
            if isinstance(exc, NotFoundError)
            else 409
            if isinstance(exc, AmbiguousJobError)
            else 400
        )
        return JSONResponse(
            {
                "type": "about:blank",
                "title": type(exc).__name__,
                "status": status,
                "detail": str(exc),
            },
            status_code=status,
            media_type="application/problem+json",
        )

    @app.get("/api/v1/referentials")
    def api_referentials(uow: Uow) -> list[dict[str, Any]]:
        return [
            {
                "name": s.name,
                "organisation": s.organisation,
                "version": s.version,
                "jobs": s.jobs,
                "competencies": s.competencies,
                "mobilities": s.mobilities,
                "certifications": s.certifications,
            }
            for s in catalogue.list_referentials(uow)
        ]

    @app.get("/api/v1/jobs")
    def api_jobs(
        uow: Uow,
        q: Annotated[str | None, Query(description="Mots cherchés")] = None,
        referential: str | None = None,
    ) -> list[dict[str, Any]]:
        return [
            {
                "referential": j.referential,
                "id": j.key,
                "title": j.title,
                "grade": j.grade,
                "has_sheet": j.has_sheet,
            }
            for j in catalogue.list_jobs(uow, search=q, referential=referential)
        ]

    @app.get("/api/v1/referentials/{referential}/jobs/{key}")
    def api_job(uow: Uow, referential: str, key: str) -> dict[str, Any]:
        sheet = catalogue.job_sheet(uow, key, referential)
        data = job_to_json(sheet.job, referential)
        data["competencies"] = [
            competency_to_json(c, referential) for c in sheet.competencies.values()
        ]
        data["mobilities"] = [mobility_to_json(m, referential) for m, _ in sheet.moves_out]
        return data

    @app.get("/api/v1/export")
    def api_export(
        uow: Uow, referential: Annotated[list[str] | None, Query()] = None
    ) -> dict[str, Any]:
        return catalogue.export_document(uow, referential)

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request, uow: Uow, q: str | None = None) -> HTMLResponse:
        refs = catalogue.list_referentials(uow)
        found = catalogue.list_jobs(uow, search=q) if q else []
        return templates.TemplateResponse(
            request, "home.html", {"referentials": refs, "q": q or "", "jobs": found}
        )

    @app.get("/referentiels/{referential}", response_class=HTMLResponse)
    def referential_page(request: Request, uow: Uow, referential: str) -> HTMLResponse:
        jobs = catalogue.list_jobs(uow, referential=referential)
        return templates.TemplateResponse(
            request, "referential.html", {"name": referential, "jobs": jobs}
        )

    @app.get("/referentiels/{referential}/postes/{key}", response_class=HTMLResponse)
    def job_page(request: Request, uow: Uow, referential: str, key: str) -> HTMLResponse:
        sheet = catalogue.job_sheet(uow, key, referential)
        return templates.TemplateResponse(request, "job.html", {"sheet": sheet})

    return app
