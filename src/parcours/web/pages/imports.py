"""The import pages: upload documents, review the draft, publish or discard it (HR only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from parcours.services import draft_changes, drafts
from parcours.services.imports import ImportRefused, limits_from
from parcours.web import review_labels
from parcours.web.deps import Actor, Csrf, SettingsDep, Uow, render, row_id
from parcours.web.uploads import UploadTooLarge, read_uploads

router = APIRouter(include_in_schema=False)

DraftId = Annotated[int, row_id()]


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, uow: Uow, actor: Actor) -> HTMLResponse:
    return render(request, "import.html", {"drafts": drafts.list_drafts(uow, actor)})


@router.post("/import", dependencies=[Csrf])
async def upload(
    settings: SettingsDep,
    uow: Uow,
    actor: Actor,
    files: Annotated[list[UploadFile], File()],
    referential: Annotated[str | None, Form(max_length=200)] = None,
) -> RedirectResponse:
    limits = limits_from(settings)
    try:
        uploaded = await read_uploads(
            files, settings.import_max_upload_bytes, limits.max_file_bytes
        )
    except UploadTooLarge as exc:
        raise HTTPException(413, str(exc)) from exc
    received = [(name, data) for name, data in uploaded if data]
    name = (referential or "").strip() or None
    try:
        draft = await run_in_threadpool(
            drafts.create_draft, uow, actor, received, referential=name, limits=limits
        )
    except ImportRefused as exc:
        raise HTTPException(413 if exc.too_large else 422, str(exc)) from exc
    return RedirectResponse(f"/import/{draft.id}", status_code=303)


@router.get("/import/{draft_id}", response_class=HTMLResponse)
def draft_page(
    request: Request, settings: SettingsDep, uow: Uow, actor: Actor, draft_id: DraftId
) -> HTMLResponse:
    review = drafts.review_draft(uow, actor, draft_id, limits_from(settings))
    readable = {
        c.name: draft_changes.readable_changes(c.before, c.after, c.diff)
        for c in review.changes
        if c.after is not None and c.changed_slots
    }
    return render(
        request,
        "draft.html",
        {
            "review": review,
            "readable": readable,
            "change_labels": review_labels.CHANGE_LABELS,
            "group_titles": review_labels.GROUP_TITLES,
            "detail_labels": review_labels.DETAIL_LABELS,
            "sign_labels": review_labels.SIGN_LABELS,
        },
    )


@router.post("/import/{draft_id}/publier", dependencies=[Csrf])
def publish(settings: SettingsDep, uow: Uow, actor: Actor, draft_id: DraftId) -> RedirectResponse:
    drafts.publish_draft(uow, actor, draft_id, limits_from(settings))
    return RedirectResponse(f"/import/{draft_id}", status_code=303)


@router.post("/import/{draft_id}/abandonner", dependencies=[Csrf])
def discard(uow: Uow, actor: Actor, draft_id: DraftId) -> RedirectResponse:
    drafts.discard_draft(uow, actor, draft_id)
    return RedirectResponse("/import", status_code=303)
