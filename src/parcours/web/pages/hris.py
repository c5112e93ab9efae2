"""Pages of the HRIS import: /personnes/import (HR only): upload form, then the report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from parcours.services.hris import MAX_ERRORS, import_hris, require_importer
from parcours.web.deps import Actor, Csrf, SettingsDep, Uow, render
from parcours.web.uploads import MAX_HRIS_BYTES, read_upload

router = APIRouter(include_in_schema=False)


@router.get("/personnes/import", response_class=HTMLResponse)
def import_form(request: Request, actor: Actor) -> HTMLResponse:
    require_importer(actor)
    return render(request, "hris_import.html", {"max_errors": MAX_ERRORS})


@router.post("/personnes/import", response_class=HTMLResponse, dependencies=[Csrf])
def import_upload(
    request: Request,
    settings: SettingsDep,
    uow: Uow,
    actor: Actor,
    file: Annotated[UploadFile, File()],
    kind: Annotated[str | None, Form(max_length=20)] = None,
    dry_run: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    name, data = read_upload(file, MAX_HRIS_BYTES, "import")
    report = import_hris(
        uow, actor, data, name, salt=settings.pseudonym_salt, kind=kind or None, dry_run=dry_run
    )
    return render(
        request,
        "hris_report.html",
        {"report": report, "max_errors": MAX_ERRORS},
        200 if report.ok else 422,
    )
