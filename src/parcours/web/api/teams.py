"""JSON API of the teams use cases (under /api/v1): team skills matrices and request themes.

The rules live in ``services.teams``: HR sees every team, a manager their own, anyone else gets
403; a group under ``min_group_size`` comes without people (``people`` and ``cells`` null).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from parcours.services import teams as service
from parcours.services.ports.themes import RequestTheme
from parcours.services.teams import TeamMatrix, ThemeImportError
from parcours.web.deps import Actor, Csrf, SettingsDep, Uow, row_id
from parcours.web.http import problem
from parcours.web.uploads import MAX_THEMES_BYTES, read_bytes

router = APIRouter(prefix="/api/v1", tags=["teams"])

Code = Annotated[str, PathParam(max_length=64, description="Code de l'équipe")]


class TeamOut(BaseModel):
    code: str
    name: str
    size: int


class TeamCompetencyOut(BaseModel):
    key: str
    label: str
    kind: str | None
    reference: int = Field(description="Niveau de référence du groupe (le plus haut attendu)")


class TeamPersonOut(BaseModel):
    person: str
    label: str
    team: str | None
    job: str | None
    job_title: str | None


class CellsOut(BaseModel):
    levels: list[list[int | None]] = Field(description="Une ligne par personne, null : non évalué")
    expected: list[list[int | None]] = Field(description="null : non requis par le poste")
    status: list[list[str]] = Field(
        description="not-assessed, below, at, above, not-required (par rapport à l'attendu)"
    )


class CoverageOut(BaseModel):
    competency: str
    needed: int
    holders: int
    share: float
    assessed: int | None


class WeakSpotOut(BaseModel):
    competency: str
    label: str
    holders: int
    needed: int
    holders_names: list[str] | None


class RequirementOut(BaseModel):
    competency: str
    label: str
    level: int


class OneShortOut(BaseModel):
    competency: str
    label: str
    people: int


class ThemeCapacityOut(BaseModel):
    id: int | None
    name: str
    referential: str
    requirements: list[RequirementOut]
    min_advisors: int
    share: float | None
    capable: int
    alert: bool
    capable_names: list[str] | None
    one_short: list[OneShortOut]


class AdviceOut(BaseModel):
    competency: str
    label: str
    level: int
    themes: list[str]
    alerts: list[str]
    candidates: int
    candidates_names: list[str] | None


class MatrixOut(BaseModel):
    title: str
    teams: list[str]
    job: str | None
    size: int
    minimum: int
    shown: bool = Field(description="Le groupe est montré personne par personne")
    competencies: list[TeamCompetencyOut]
    people: list[TeamPersonOut] | None
    cells: CellsOut | None
    coverage: list[CoverageOut]
    spof: list[WeakSpotOut]
    bottlenecks: list[str]
    themes: list[ThemeCapacityOut]
    advice: AdviceOut | None


def matrix_out(m: TeamMatrix) -> MatrixOut:
    rows = m.rows
    return MatrixOut(
        title=m.title,
        teams=m.teams,
        job=m.job,
        size=m.size,
        minimum=m.minimum,
        shown=m.shown,
        competencies=[
            TeamCompetencyOut(key=c.key, label=c.label, kind=c.kind, reference=c.reference)
            for c in m.columns
        ],
        people=None
        if rows is None
        else [
            TeamPersonOut(
                person=r.person, label=r.label, team=r.team, job=r.job, job_title=r.job_title
            )
            for r in rows
        ],
        cells=None
        if rows is None
        else CellsOut(
            levels=[r.levels for r in rows],
            expected=[r.expected for r in rows],
            status=[r.status for r in rows],
        ),
        coverage=[
            CoverageOut(
                competency=c.key,
                needed=c.needed,
                holders=c.holders,
                share=round(c.share, 4),
                assessed=c.assessed,
            )
            for c in m.columns
        ],
        spof=[
            WeakSpotOut(
                competency=w.competency,
                label=w.label,
                holders=w.holders,
                needed=w.needed,
                holders_names=w.names,
            )
            for w in m.weak_spots
        ],
        bottlenecks=[c.key for c in m.bottlenecks],
        themes=[
            ThemeCapacityOut(
                id=t.id,
                name=t.name,
                referential=t.referential,
                requirements=[
                    RequirementOut(competency=k, label=label, level=lvl)
                    for k, label, lvl in t.requirements
                ],
                min_advisors=t.min_advisors,
                share=t.share,
                capable=t.capable,
                alert=t.alert,
                capable_names=t.names,
                one_short=[
                    OneShortOut(competency=k, label=label, people=n) for k, label, n in t.one_short
                ],
            )
            for t in m.themes
        ],
        advice=None
        if m.advice is None
        else AdviceOut(
            competency=m.advice.competency,
            label=m.advice.label,
            level=m.advice.level,
            themes=m.advice.themes,
            alerts=m.advice.alerts,
            candidates=m.advice.candidates,
            candidates_names=m.advice.names,
        ),
    )


@router.get("/teams", response_model=list[TeamOut])
def list_teams(uow: Uow, actor: Actor) -> list[TeamOut]:
    """The teams whose matrix you may open (HR: all; a manager: their own)."""
    return [
        TeamOut(code=t.code, name=t.name, size=t.size) for t in service.visible_teams(uow, actor)
    ]


@router.get("/teams/matrix", response_model=MatrixOut)
def group_matrix(
    settings: SettingsDep,
    uow: Uow,
    actor: Actor,
    team: Annotated[list[str] | None, Query(max_length=50)] = None,
    job: Annotated[str | None, Query(max_length=200)] = None,
    assessed: bool = False,
    spof_below: Annotated[int, Query(ge=1, le=50)] = 2,
) -> MatrixOut:
    """The matrix of several teams, or of the people holding a job (within your teams)."""
    return matrix_out(
        service.team_matrix(
            uow,
            actor,
            [t[:64] for t in team or []],
            minimum=settings.min_group_size,
            job=job or None,
            include_assessed=assessed,
            spof_below=spof_below,
        )
    )


@router.get("/teams/{code}/matrix", response_model=MatrixOut)
def team_matrix(
    settings: SettingsDep,
    uow: Uow,
    actor: Actor,
    code: Code,
    job: Annotated[str | None, Query(max_length=200)] = None,
    assessed: bool = False,
    spof_below: Annotated[int, Query(ge=1, le=50)] = 2,
) -> MatrixOut:
    """A team's skills matrix: levels against expected levels, coverage, single points of
    failure, request themes capacity (people and cells null when the group is too small)."""
    return matrix_out(
        service.team_matrix(
            uow,
            actor,
            [code],
            minimum=settings.min_group_size,
            job=job or None,
            include_assessed=assessed,
            spof_below=spof_below,
        )
    )


# --- request themes ----------------------------------------------------------------------


class ThemeRequirementIn(BaseModel):
    competency: str = Field(min_length=1, max_length=200)
    level: int = Field(ge=1, le=4)


class ThemeIn(BaseModel):
    referential: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=200)
    competencies: list[ThemeRequirementIn] = Field(min_length=1, max_length=100)
    min_advisors: int = Field(default=2, ge=1, le=100000)
    share: float | None = Field(default=None, ge=0, le=1)


class ThemeOut(BaseModel):
    id: int | None
    referential: str
    name: str
    competencies: list[ThemeRequirementIn]
    min_advisors: int
    share: float | None


class ThemeImportOut(BaseModel):
    created: int
    replaced: int
    themes: list[ThemeOut]


def theme_out(t: RequestTheme) -> ThemeOut:
    return ThemeOut(
        id=t.id,
        referential=t.referential,
        name=t.name,
        competencies=[ThemeRequirementIn(competency=c, level=lvl) for c, lvl in t.competencies],
        min_advisors=t.min_advisors,
        share=t.share,
    )


@router.get("/themes", response_model=list[ThemeOut])
def list_themes(
    uow: Uow,
    actor: Actor,
    referential: Annotated[str | None, Query(max_length=200)] = None,
) -> list[ThemeOut]:
    """The contact-centre request themes (HR and managers)."""
    return [theme_out(t) for t in service.list_themes(uow, actor, referential)]


@router.post("/themes", status_code=201, response_model=ThemeOut, dependencies=[Csrf])
def add_theme(uow: Uow, actor: Actor, body: ThemeIn) -> ThemeOut:
    """Define a theme, or replace the one of the same name (HR)."""
    return theme_out(
        service.save_theme(
            uow,
            actor,
            body.referential,
            body.name,
            [(c.competency, c.level) for c in body.competencies],
            min_advisors=body.min_advisors,
            share=body.share,
        )
    )


@router.delete("/themes/{theme_id}", status_code=204, dependencies=[Csrf])
def delete_theme(uow: Uow, actor: Actor, theme_id: Annotated[int, row_id()]) -> Response:
    """Delete a theme (HR)."""
    service.delete_theme(uow, actor, theme_id)
    return Response(status_code=204)


@router.post("/themes/import", status_code=201, response_model=ThemeImportOut, dependencies=[Csrf])
def import_themes(
    uow: Uow,
    actor: Actor,
    referential: Annotated[str, Query(min_length=1, max_length=200)],
    file: Annotated[UploadFile, File(description="CSV thème;compétence;niveau;minimum[;part]")],
) -> ThemeImportOut | JSONResponse:
    """Import themes from CSV (HR): all or nothing; the invalid lines come back in ``errors``."""
    data = read_bytes(file, MAX_THEMES_BYTES)
    try:
        report = service.import_themes(uow, actor, referential, data)
    except ThemeImportError as exc:
        errors = [{"line": line, "reason": reason} for line, reason in exc.errors]
        return problem(400, "ThemeImportError", str(exc), errors=errors)
    return ThemeImportOut(
        created=report.created,
        replaced=report.replaced,
        themes=[theme_out(t) for t in report.themes],
    )
