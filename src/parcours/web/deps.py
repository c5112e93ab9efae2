"""What every route gets: the unit-of-work factory, the language, the templates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from parcours.engine import casing
from parcours.services.imports import UowFactory
from parcours.web import formats, views
from parcours.web.auth import csrf_token
from parcours.web.i18n import translator

HERE = Path(__file__).parent


def get_uow(request: Request) -> UowFactory:
    factory: UowFactory = request.app.state.uow_factory
    return factory


Uow = Annotated[UowFactory, Depends(get_uow)]


def language(request: Request) -> str:
    lang: str = getattr(request.state, "lang", "fr")
    return lang


def _context(request: Request) -> dict[str, Any]:
    lang = language(request)
    return {
        "lang": lang,
        "_": translator(lang),
        "slug": views.slug,
        "kind_titles": views.KIND_TITLES,
        "importance_labels": views.IMPORTANCE_LABELS,
        "mobility_labels": views.MOBILITY_LABELS,
        "draft_status": views.DRAFT_STATUS,
        "section_labels": views.SECTION_LABELS,
        "path": request.url.path,
        "principal": getattr(request.state, "principal", None),
        "csrf_token": lambda: csrf_token(request),
    }


TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"), context_processors=[_context])
# Titles written in capitals without accents shown in ordinary French (engine/casing.py).
TEMPLATES.env.filters["cased"] = casing.display
TEMPLATES.env.globals["cased_title"] = casing.cased
formats.install(TEMPLATES.env)


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)
