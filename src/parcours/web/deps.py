"""What every route gets, in one place: the unit of work, the settings, the signed-in
principal, the CSRF check, the language, and the templates pages render with.

A route declares what it needs in its signature (``uow: Uow``, ``actor: Actor``,
``settings: SettingsDep``, ``dependencies=[Csrf]``) and imports it from here only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import BytecodeCache, FileSystemBytecodeCache

from parcours.domain.access import NotAuthenticated, Principal
from parcours.engine import casing
from parcours.services.ports import UowFactory
from parcours.settings import Settings
from parcours.web import formats, state, views
from parcours.web.auth import check_csrf, csrf_token
from parcours.web.i18n import translator

HERE = Path(__file__).parent

Uow = Annotated[UowFactory, Depends(state.uow_factory)]
SettingsDep = Annotated[Settings, Depends(state.settings)]

# Row ids are 32-bit integers on both databases: a larger one names no row (and SQLite cannot
# bind one past 64 bits), so the path refuses it (422) before any query.
MAX_ROW_ID = 2**31 - 1


def row_id(description: str | None = None) -> Any:
    """The path parameter naming a row by its id: ``Annotated[int, row_id("Numéro de …")]``."""
    return PathParam(ge=1, le=MAX_ROW_ID, description=description)


def optional_principal(request: Request) -> Principal | None:
    principal: Principal | None = request.state.principal
    return principal


def require_principal(request: Request) -> Principal:
    principal = optional_principal(request)
    if principal is None:
        raise NotAuthenticated("connexion requise")
    return principal


Actor = Annotated[Principal, Depends(require_principal)]
MaybeActor = Annotated[Principal | None, Depends(optional_principal)]
Csrf = Depends(check_csrf)


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


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled templates kept between processes, in Jinja2's private folder of the temporary
    directory (made 0700, its owner checked; an entry is used only for the same template
    source and Python): a new server's first page no longer parses and compiles its templates
    (a quarter of the first view of a ROME job). None where that folder cannot be made (a
    read-only system): templates are then compiled in each process, as before."""
    try:
        return FileSystemBytecodeCache(pattern="parcours-%s.cache")
    except (OSError, RuntimeError):
        return None


TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"), context_processors=[_context])
TEMPLATES.env.bytecode_cache = _bytecode_cache()
# Titles written in capitals without accents shown in ordinary French (engine/casing.py).
TEMPLATES.env.filters["cased"] = casing.display
TEMPLATES.env.globals["cased_title"] = casing.cased
formats.install(TEMPLATES.env)


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)
