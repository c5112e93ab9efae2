"""JSON API of the training catalogue: /api/v1/trainings (read: anyone; changes: HR)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Response, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from parcours.domain.training_catalogue import CatalogueTraining
from parcours.services import training_catalogue as service
from parcours.services.training_catalogue import CatalogueReport, TrainingForm, TrainingFormError
from parcours.web.deps import Actor, Csrf, Uow
from parcours.web.http import problem
from parcours.web.uploads import MAX_CATALOGUE_BYTES, read_upload

router = APIRouter(prefix="/api/v1", tags=["trainings"])


class DevelopedOut(BaseModel):
    competency: str
    level: int | None


class TrainingOut(BaseModel):
    key: str
    title: str
    duration: str | None
    hours: float | None
    modality: str | None
    provider: str | None
    competencies: list[DevelopedOut]
    prerequisites: list[str]
    cost: float | None
    source: str | None
    line: int | None
    origin: str = Field(description="catalogue (importée ou saisie) ou study (étude)")
    referential: str | None = None


class TrainingIn(BaseModel):
    """A training as typed: the same text fields as the page's form."""

    title: str = Field(max_length=300)
    key: str = Field("", max_length=64)
    duration: str = Field("", max_length=100)
    modality: str = Field("", max_length=40)
    provider: str = Field("", max_length=300)
    competencies: str = Field(
        "", max_length=20000, description="« Compétence : niveau », une par ligne ou séparées par |"
    )
    prerequisites: str = Field("", max_length=20000)
    cost: str = Field("", max_length=40)


class RowErrorOut(BaseModel):
    line: int | None
    column: str | None
    message: str


class CatalogueReportOut(BaseModel):
    filename: str
    dry_run: bool
    written: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    error_count: int
    errors: list[RowErrorOut]


def training_out(t: CatalogueTraining) -> TrainingOut:
    return TrainingOut(
        key=t.key,
        title=t.title,
        duration=t.duration,
        hours=t.hours,
        modality=t.modality.value if t.modality else None,
        provider=t.provider,
        competencies=[DevelopedOut(competency=c.competency, level=c.level) for c in t.competencies],
        prerequisites=list(t.prerequisites),
        cost=t.cost,
        source=t.source,
        line=t.line,
        origin="catalogue",
    )


def report_out(report: CatalogueReport) -> CatalogueReportOut:
    return CatalogueReportOut(
        filename=report.filename,
        dry_run=report.dry_run,
        written=report.written,
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        error_count=report.error_count,
        errors=[
            RowErrorOut(line=e.line, column=e.column, message=e.message) for e in report.errors
        ],
    )


def _refused(exc: TrainingFormError) -> JSONResponse:
    return problem(
        422,
        "TrainingRefused",
        str(exc),
        errors=[{"field": k, "message": v} for k, v in exc.errors.items()],
    )


@router.get("/trainings", response_model=list[TrainingOut])
def list_trainings(uow: Uow) -> list[TrainingOut]:
    """Le catalogue de formations : les formations importées ou saisies, puis celles que les
    études déclarent entre postes (sauf quand le catalogue a une formation du même code)."""
    view = service.catalogue(uow)
    found = [training_out(t) for t in view.trainings]
    for s in view.study:
        if s.overridden:
            continue
        found.append(
            TrainingOut(
                key=s.training.key,
                title=s.training.title,
                duration=s.training.duration,
                hours=None,
                modality=None,
                provider=None,
                competencies=[
                    DevelopedOut(competency=c, level=None) for c in s.training.competencies
                ],
                prerequisites=[],
                cost=None,
                source=None,
                line=None,
                origin="study",
                referential=s.referential,
            )
        )
    return found


@router.get("/trainings/{key}", response_model=TrainingOut)
def get_training(uow: Uow, key: str) -> TrainingOut:
    """Une formation du catalogue."""
    return training_out(service.training(uow, key))


@router.post(
    "/trainings/import",
    response_model=CatalogueReportOut,
    dependencies=[Csrf],
    responses={422: {"description": "Fichier refusé : les erreurs ligne par ligne"}},
)
def import_trainings(
    uow: Uow,
    actor: Actor,
    file: Annotated[UploadFile, File(description="Catalogue : CSV ou Excel (.xlsx)")],
    dry_run: Annotated[bool, Form(description="Vérifier et compter sans rien écrire")] = False,
    encoding: Annotated[str | None, Form(max_length=40)] = None,
) -> Any:
    """Importe un catalogue de formations (tout ou rien ; administrateurs RH).

    Un fichier dont une ligne est invalide n'écrit rien : la réponse 422 (problem+json) donne
    chaque erreur avec sa ligne et leur nombre total."""
    name, data = read_upload(file, MAX_CATALOGUE_BYTES, "catalogue")
    report = service.import_catalogue(
        uow, actor, data, name, dry_run=dry_run, encoding=encoding or None
    )
    body = report_out(report).model_dump(mode="json")
    if not report.ok:
        return problem(
            422,
            "CatalogueImportRefused",
            f"fichier refusé, rien n'a été importé : {report.error_count} erreur"
            + ("s" if report.error_count > 1 else ""),
            errors=body["errors"],
            report={k: v for k, v in body.items() if k != "errors"},
        )
    return JSONResponse(body)


@router.post(
    "/trainings",
    response_model=TrainingOut,
    status_code=201,
    dependencies=[Csrf],
    responses={422: {"description": "Formation refusée : le message de chaque champ"}},
)
def add_training(uow: Uow, actor: Actor, body: TrainingIn) -> Any:
    """Ajoute une formation au catalogue (administrateurs RH)."""
    try:
        saved = service.save_training(uow, actor, TrainingForm(**body.model_dump()))
    except TrainingFormError as exc:
        return _refused(exc)
    return JSONResponse(training_out(saved).model_dump(mode="json"), status_code=201)


@router.put(
    "/trainings/{key}",
    response_model=TrainingOut,
    dependencies=[Csrf],
    responses={422: {"description": "Formation refusée : le message de chaque champ"}},
)
def change_training(uow: Uow, actor: Actor, key: str, body: TrainingIn) -> Any:
    """Modifie une formation du catalogue (administrateurs RH) ; son code peut changer."""
    try:
        saved = service.save_training(uow, actor, TrainingForm(**body.model_dump()), replacing=key)
    except TrainingFormError as exc:
        return _refused(exc)
    return training_out(saved)


@router.delete("/trainings/{key}", status_code=204, dependencies=[Csrf])
def remove_training(uow: Uow, actor: Actor, key: str) -> Response:
    """Retire une formation du catalogue (administrateurs RH)."""
    service.delete_training(uow, actor, key)
    return Response(status_code=204)
