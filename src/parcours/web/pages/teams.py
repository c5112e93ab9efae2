"""Pages of the teams use cases: the teams list, a team's (or a group's) skills matrix, and the
request themes (HR). The rules are the service's (``services.teams``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parcours.domain.access import require_hr
from parcours.domain.competency import PROFICIENCY_SCALE
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.french import count
from parcours.services import catalogue
from parcours.services import teams as service
from parcours.services.teams import ThemeImportError
from parcours.web.deps import Actor, Csrf, SettingsDep, Uow, render, row_id
from parcours.web.job_picker import pick_competency
from parcours.web.uploads import MAX_THEMES_BYTES, read_bytes

router = APIRouter(include_in_schema=False)

THEME_ROWS = 6  # competency lines of the add form


@router.get("/equipes", response_class=HTMLResponse)
def teams_page(request: Request, settings: SettingsDep, uow: Uow, actor: Actor) -> HTMLResponse:
    teams = service.visible_teams(uow, actor)
    return render(
        request,
        "teams.html",
        {"teams": teams, "minimum": settings.min_group_size, "is_hr": actor.is_hr},
    )


def _matrix_page(
    request: Request,
    minimum: int,
    uow: Uow,
    actor: Actor,
    codes: list[str],
    job: str | None,
    assessed: bool,
) -> HTMLResponse:
    matrix = service.team_matrix(
        uow,
        actor,
        codes,
        minimum=minimum,
        job=job or None,
        include_assessed=assessed,
    )
    return render(
        request,
        "team.html",
        {"m": matrix, "assessed": assessed, "scale": PROFICIENCY_SCALE},
    )


@router.get("/equipes/groupe", response_class=HTMLResponse)
def group_page(
    request: Request,
    settings: SettingsDep,
    uow: Uow,
    actor: Actor,
    equipe: Annotated[list[str] | None, Query(max_length=50)] = None,
    poste: Annotated[str | None, Query(max_length=200)] = None,
    evaluees: bool = False,
) -> HTMLResponse:
    return _matrix_page(
        request,
        settings.min_group_size,
        uow,
        actor,
        [e[:64] for e in equipe or []],
        poste,
        evaluees,
    )


@dataclass(frozen=True, slots=True)
class ThemeForm:
    """What the add form held, shown again with the error that sent it back: nothing typed
    is lost."""

    name: str = ""
    minimum: str = "2"
    share: str = ""
    rows: tuple[tuple[str, str], ...] = ()  # (competency key, level) of each filled line

    def row(self, number: int) -> tuple[str, str]:
        """Line ``number`` (from 1): its competency and level ("" and "2" when empty)."""
        return self.rows[number - 1] if number <= len(self.rows) else ("", "2")


def _competency_labels(uow: Uow, referential: str) -> list[tuple[str, str]]:
    """The referential's competencies (key, label) by label: their keys and labels only, not
    the whole referential (seconds on ROME 4.0); none for an unknown referential."""
    try:
        ref = catalogue.competency_list(uow, referential)
    except NotFoundError:
        return []
    return sorted(((k, c.label) for k, c in ref.competencies.items()), key=lambda kv: kv[1].lower())


def _referentials(uow: Uow) -> list[str]:
    return [r.name for r in catalogue.list_referentials(uow)]


def _themes_page(
    request: Request,
    uow: Uow,
    actor: Actor,
    referential: str | None,
    *,
    error: str | None = None,
    errors: list[tuple[int, str]] | None = None,
    notice: str | None = None,
    status_code: int = 200,
    form: ThemeForm | None = None,
) -> HTMLResponse:
    require_hr(actor, "la définition des thèmes de demandes")
    names = _referentials(uow)
    chosen = referential if referential in names else (names[0] if names else None)
    themes = service.list_themes(uow, actor, chosen) if chosen else []
    competencies: list[tuple[str, str]] = []
    if chosen:
        competencies = _competency_labels(uow, chosen)
    labels = dict(competencies)
    shown = form or ThemeForm()
    fields = [
        pick_competency(uow, competencies, shown.row(i)[0], scope=chosen or "")
        for i in range(1, THEME_ROWS + 1)
    ]
    return render(
        request,
        "team_themes.html",
        {
            "referentials": names,
            "referential": chosen,
            "themes": themes,
            "labels": labels,
            "competencies": competencies,
            "rows": range(1, THEME_ROWS + 1),
            "scale": PROFICIENCY_SCALE,
            "error": error,
            "errors": errors or [],
            "notice": notice,
            "form": shown,
            "fields": fields,
        },
        status_code=status_code,
    )


@router.get("/equipes/themes", response_class=HTMLResponse)
def themes_page(
    request: Request,
    uow: Uow,
    actor: Actor,
    referentiel: Annotated[str | None, Query(max_length=200)] = None,
    ok: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    return _themes_page(request, uow, actor, referentiel, notice=ok)


def _back(referential: str, notice: str) -> RedirectResponse:
    return RedirectResponse(
        f"/equipes/themes?referentiel={quote(referential)}&ok={quote(notice)}", status_code=303
    )


@router.post("/equipes/themes", dependencies=[Csrf])
def add_theme(
    request: Request,
    uow: Uow,
    actor: Actor,
    referentiel: Annotated[str, Form(max_length=200)],
    nom: Annotated[str, Form(max_length=400)] = "",
    minimum: Annotated[str, Form(max_length=20)] = "2",
    part: Annotated[str, Form(max_length=20)] = "",
    competence: Annotated[list[str] | None, Form(max_length=THEME_ROWS)] = None,
    niveau: Annotated[list[str] | None, Form(max_length=THEME_ROWS)] = None,
) -> Response:
    keys, levels = competence or [], niveau or []
    lines = [
        (key.strip()[:200], level.strip()[:2])
        for key, level in zip(keys, levels + [""] * len(keys), strict=False)
        if key.strip()
    ]
    form = ThemeForm(nom, minimum, part, tuple(lines))
    # A line may hold words (a search box, past LIST_MAX competencies): the competency they
    # name, else the form again to choose.
    known = _competency_labels(uow, referentiel)
    keys_of: list[str] = []
    for number, (key, _level) in enumerate(lines, start=1):
        field = pick_competency(uow, known, key, scope=referentiel)
        if field.searching and not field.value:
            error = f"ligne {number} : précisez la compétence « {key} »"
            return _themes_page(
                request, uow, actor, referentiel, error=error, status_code=400, form=form
            )
        keys_of.append(field.value or key)
    requirements = [
        (key, int(level) if level.isdigit() else 0)
        for key, (_key, level) in zip(keys_of, lines, strict=True)
    ]
    try:
        share_text = part.replace(",", ".").replace("%", "").strip()
        share = float(share_text) / 100 if share_text else None
        theme = service.save_theme(
            uow,
            actor,
            referentiel,
            nom,
            requirements,
            min_advisors=int(minimum.strip() or "2"),
            share=share,
        )
    except ValueError:
        error = "minimum ou part des demandes non numérique"
        return _themes_page(
            request, uow, actor, referentiel, error=error, status_code=400, form=form
        )
    except ParcoursError as exc:
        if type(exc) is not ParcoursError:
            raise
        return _themes_page(
            request, uow, actor, referentiel, error=str(exc), status_code=400, form=form
        )
    return _back(referentiel, f"thème enregistré : {theme.name}")


@router.post("/equipes/themes/import", dependencies=[Csrf])
def import_themes(
    request: Request,
    uow: Uow,
    actor: Actor,
    referentiel: Annotated[str, Form(max_length=200)],
    fichier: Annotated[UploadFile, File()],
) -> Response:
    try:
        data = read_bytes(fichier, MAX_THEMES_BYTES)
        report = service.import_themes(uow, actor, referentiel, data)
    except ThemeImportError as exc:
        return _themes_page(
            request,
            uow,
            actor,
            referentiel,
            error="fichier refusé : aucun thème importé",
            errors=exc.errors,
            status_code=400,
        )
    except ParcoursError as exc:
        if type(exc) is not ParcoursError:
            raise
        return _themes_page(request, uow, actor, referentiel, error=str(exc), status_code=400)
    created = count(report.created, "thème créé", "thèmes créés")
    return _back(referentiel, f"{created}, {count(report.replaced, 'remplacé', 'remplacés')}")


@router.post("/equipes/themes/{theme_id}/supprimer", dependencies=[Csrf])
def delete_theme(
    uow: Uow,
    actor: Actor,
    theme_id: Annotated[int, row_id()],
    referentiel: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    service.delete_theme(uow, actor, theme_id)
    return _back(referentiel, "thème supprimé")


@router.get("/equipes/{code}", response_class=HTMLResponse)
def team_page(
    request: Request,
    settings: SettingsDep,
    uow: Uow,
    actor: Actor,
    code: Annotated[str, PathParam(max_length=64)],
    evaluees: bool = False,
) -> HTMLResponse:
    return _matrix_page(request, settings.min_group_size, uow, actor, [code], None, evaluees)
