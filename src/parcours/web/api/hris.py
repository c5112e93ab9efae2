"""JSON API of the HRIS import: POST /api/v1/people/import (multipart), HR only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from parcours.domain.french import count
from parcours.services.hris import HrisReport, import_hris
from parcours.web.deps import Actor, Csrf, SettingsDep, Uow
from parcours.web.http import problem
from parcours.web.uploads import MAX_HRIS_BYTES, read_upload

router = APIRouter(prefix="/api/v1", tags=["people"])


class RowErrorOut(BaseModel):
    line: int | None
    column: str | None
    message: str


class HrisReportOut(BaseModel):
    filename: str
    kind: str | None
    dry_run: bool
    written: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    teams_created: int
    teams_updated: int
    added: int
    already_present: int
    error_count: int
    errors: list[RowErrorOut]


def report_out(report: HrisReport) -> HrisReportOut:
    return HrisReportOut(
        filename=report.filename,
        kind=report.kind.value if report.kind is not None else None,
        dry_run=report.dry_run,
        written=report.written,
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        teams_created=report.teams_created,
        teams_updated=report.teams_updated,
        added=report.added,
        already_present=report.already_present,
        error_count=report.error_count,
        errors=[
            RowErrorOut(line=e.line, column=e.column, message=e.message) for e in report.errors
        ],
    )


@router.post(
    "/people/import",
    response_model=HrisReportOut,
    dependencies=[Csrf],
    responses={422: {"description": "Fichier refusé : les erreurs ligne par ligne"}},
)
def import_people(
    settings: SettingsDep,
    uow: Uow,
    actor: Actor,
    file: Annotated[UploadFile, File(description="Export SIRH : CSV ou Excel (.xlsx)")],
    kind: Annotated[
        str | None, Form(max_length=20, description="people ou assessments (défaut : deviné)")
    ] = None,
    dry_run: Annotated[bool, Form(description="Vérifier et compter sans rien écrire")] = False,
    encoding: Annotated[
        str | None,
        Form(max_length=40, description="Encodage d'un CSV (défaut : détecté, ou refusé)"),
    ] = None,
) -> Any:
    """Importe des personnes ou des évaluations (tout ou rien ; administrateurs RH).

    Un fichier dont une ligne est invalide n'écrit rien : la réponse 422 (problem+json) donne
    chaque erreur avec sa ligne (les 500 premières) et leur nombre total."""
    name, data = read_upload(file, MAX_HRIS_BYTES, "import")
    report = import_hris(
        uow,
        actor,
        data,
        name,
        salt=settings.pseudonym_salt,
        kind=kind or None,
        dry_run=dry_run,
        encoding=encoding or None,
    )
    body = report_out(report).model_dump(mode="json")
    if not report.ok:
        shown: dict[str, Any] = {k: v for k, v in body.items() if k != "errors"}
        return problem(
            422,
            "HrisImportRefused",
            "fichier refusé, rien n'a été importé : "
            + count(report.error_count, "erreur", "erreurs"),
            errors=body["errors"],
            report=shown,
        )
    return JSONResponse(body)
