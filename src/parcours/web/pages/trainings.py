"""Pages of the training catalogue: /formations (everyone reads it; HR imports, adds, changes
and deletes). The rules are the service's (``services.training_catalogue``)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parcours.domain.training_catalogue import MODALITY_LABELS
from parcours.services import training_catalogue as service
from parcours.services.training_catalogue import MAX_ERRORS, TrainingForm, TrainingFormError
from parcours.web.deps import Actor, Csrf, MaybeActor, Uow, render
from parcours.web.uploads import MAX_CATALOGUE_BYTES, read_upload

router = APIRouter(include_in_schema=False)


@router.get("/formations", response_class=HTMLResponse)
def catalogue_page(request: Request, uow: Uow, actor: MaybeActor) -> HTMLResponse:
    view = service.catalogue(uow)
    return render(
        request,
        "trainings.html",
        {
            "view": view,
            "can_edit": actor is not None and actor.is_hr,
            "done": request.query_params.get("fait"),
        },
    )


@router.post("/formations/import", response_class=HTMLResponse, dependencies=[Csrf])
def import_upload(
    request: Request,
    uow: Uow,
    actor: Actor,
    file: Annotated[UploadFile, File()],
    dry_run: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    name, data = read_upload(file, MAX_CATALOGUE_BYTES, "catalogue")
    report = service.import_catalogue(uow, actor, data, name, dry_run=dry_run)
    return render(
        request,
        "trainings_report.html",
        {"report": report, "max_errors": MAX_ERRORS},
        200 if report.ok else 422,
    )


def _form_page(
    request: Request,
    form: TrainingForm,
    key: str | None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    return render(
        request,
        "training_form.html",
        {
            "form": form,
            "key": key,
            "errors": errors or {},
            "modalities": [(m.value, label) for m, label in MODALITY_LABELS.items()],
        },
        422 if errors else 200,
    )


@router.get("/formations/nouvelle", response_class=HTMLResponse)
def new_form(request: Request, actor: Actor) -> HTMLResponse:
    service.require_editor(actor)
    return _form_page(request, TrainingForm(title=""), None)


@router.get("/formations/{key}/modifier", response_class=HTMLResponse)
def edit_form(request: Request, uow: Uow, actor: Actor, key: str) -> HTMLResponse:
    service.require_editor(actor)
    return _form_page(request, TrainingForm.of(service.training(uow, key)), key)


def _save(
    request: Request, uow: Uow, actor: Actor, form: TrainingForm, key: str | None
) -> Response:
    try:
        saved = service.save_training(uow, actor, form, replacing=key)
    except TrainingFormError as exc:
        # Everything typed comes back in the form, with each field's reason.
        return _form_page(request, form, key, exc.errors)
    return RedirectResponse(f"/formations?fait={quote(saved.key)}#f-{quote(saved.key)}", 303)


Text = Annotated[str, Form(max_length=20000)]


@router.post("/formations/nouvelle", response_class=HTMLResponse, dependencies=[Csrf])
def add(
    request: Request,
    uow: Uow,
    actor: Actor,
    title: Annotated[str, Form(max_length=300)] = "",
    code: Annotated[str, Form(max_length=64)] = "",
    duration: Annotated[str, Form(max_length=100)] = "",
    modality: Annotated[str, Form(max_length=40)] = "",
    provider: Annotated[str, Form(max_length=300)] = "",
    competencies: Text = "",
    prerequisites: Text = "",
    cost: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    form = TrainingForm(
        title, code, duration, modality, provider, competencies, prerequisites, cost
    )
    return _save(request, uow, actor, form, None)


@router.post("/formations/{key}/modifier", response_class=HTMLResponse, dependencies=[Csrf])
def change(
    request: Request,
    uow: Uow,
    actor: Actor,
    key: str,
    title: Annotated[str, Form(max_length=300)] = "",
    code: Annotated[str, Form(max_length=64)] = "",
    duration: Annotated[str, Form(max_length=100)] = "",
    modality: Annotated[str, Form(max_length=40)] = "",
    provider: Annotated[str, Form(max_length=300)] = "",
    competencies: Text = "",
    prerequisites: Text = "",
    cost: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    form = TrainingForm(
        title, code, duration, modality, provider, competencies, prerequisites, cost
    )
    return _save(request, uow, actor, form, key)


@router.post("/formations/{key}/supprimer", dependencies=[Csrf])
def delete(uow: Uow, actor: Actor, key: str) -> Response:
    service.delete_training(uow, actor, key)
    return RedirectResponse("/formations", 303)
