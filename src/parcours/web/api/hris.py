"""JSON API of the HRIS import: POST /api/v1/people/import (multipart), HR only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from parcours.domain.errors import ParcoursError
from parcours.domain.french import count
from parcours.services.hris import HrisReport, import_hris
from parcours.web.auth import Actor, Csrf
from parcours.web.deps import Uow
from parcours.web.http import problem

router = APIRouter(prefix="/api/v1", tags=["people"])

# An HRIS export of 250,000 people is about 25 MB of CSV.
MAX_HRIS_BYTES = 200 * 1024 * 1024


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


def read_upload(upload: UploadFile) -> tuple[str, bytes]:
    """The file's name (without any folder) and its bytes, refused above MAX_HRIS_BYTES."""
    data = upload.file.read(MAX_HRIS_BYTES + 1)
    if len(data) > MAX_HRIS_BYTES:
        raise ParcoursError(f"fichier trop volumineux (plus de {MAX_HRIS_BYTES // 2**20} Mio)")
    name = (upload.filename or "import").replace("\\", "/").rsplit("/", 1)[-1]
    return name or "import", data


def run_import(
    request: Request,
    uow: Uow,
    actor: Actor,
    upload: UploadFile,
    kind: str | None,
    dry_run: bool,
    encoding: str | None = None,
) -> HrisReport:
    name, data = read_upload(upload)
    return import_hris(
        uow,
        actor,
        data,
        name,
        salt=request.app.state.settings.pseudonym_salt,
        kind=kind or None,
        dry_run=dry_run,
        encoding=encoding or None,
    )


@router.post(
    "/people/import",
    response_model=HrisReportOut,
    dependencies=[Csrf],
    responses={422: {"description": "Fichier refusé : les erreurs ligne par ligne"}},
)
def import_people(
    request: Request,
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
    report = run_import(request, uow, actor, file, kind, dry_run, encoding)
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
