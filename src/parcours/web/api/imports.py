"""JSON API, imports: upload documents as a draft, review it, publish or discard it (HR)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from parcours.services import drafts
from parcours.services.imports import (
    FileOutcome,
    ImportRefused,
    ImportReport,
    limits_from,
)
from parcours.web.deps import Actor, Csrf, SettingsDep, Uow, row_id
from parcours.web.http import cached_json, problem
from parcours.web.schemas import (
    DraftFileOut,
    DraftOut,
    DraftReviewOut,
    EntityDiffOut,
    FileOutcomeOut,
    ImportReportOut,
    ProposedVersionOut,
    VersionOutcomeOut,
    WarningOut,
)
from parcours.web.uploads import UploadTooLarge, read_uploads

router = APIRouter(prefix="/api/v1", tags=["imports"])

DraftId = Annotated[int, row_id("Numéro du brouillon")]

# Drafts are HR's: no shared cache may keep them.
PRIVATE = {"Cache-Control": "private, no-cache"}


def draft_out(d: drafts.StoredDraft) -> DraftOut:
    return DraftOut(
        id=d.id,
        created_at=d.created_at,
        status=d.status,
        referential=d.referential,
        files=[DraftFileOut(filename=f.filename, size=f.size, sha256=f.sha256) for f in d.files],
        decided_at=d.decided_at,
        outcome=d.outcome,
    )


def outcome_out(o: FileOutcome) -> FileOutcomeOut:
    data = drafts.outcome_to_data(o)
    return FileOutcomeOut(
        filename=data["filename"],
        status=data["status"],
        family=data["family"],
        referentials=data["referentials"],
        counts=data["counts"],
        warnings=[WarningOut(**w) for w in data["warnings"]],
        error=data["error"],
    )


def review_out(review: drafts.DraftReview) -> DraftReviewOut:
    return DraftReviewOut(
        draft=draft_out(review.draft),
        files=[outcome_out(f) for f in review.files],
        changes=[
            ProposedVersionOut(
                name=c.name,
                current_version=c.current_version,
                next_version=c.next_version,
                summary=c.diff.summary(),
                changes={
                    k: EntityDiffOut(added=d.added, removed=d.removed, changed=d.changed)
                    for k, d in c.diff.sections().items()
                },
            )
            for c in review.changes
        ],
        publishable=review.publishable,
    )


def report_out(report: ImportReport) -> ImportReportOut:
    return ImportReportOut(
        files=[outcome_out(f) for f in report.files],
        versions=[
            VersionOutcomeOut(name=v.name, version=v.version, summary=v.diff.summary())
            for v in report.versions
        ],
    )


def refusal(exc: ImportRefused) -> JSONResponse:
    """413 when a file was too large, else 422: a problem document naming every file."""
    return problem(
        413 if exc.too_large else 422,
        "ImportRefused",
        str(exc),
        errors=[{"file": o.filename, "reason": o.error, "limit": o.limit} for o in exc.outcomes],
    )


def too_large(exc: UploadTooLarge) -> JSONResponse:
    return problem(413, "UploadTooLarge", str(exc))


@router.post(
    "/imports",
    status_code=201,
    response_model=DraftReviewOut,
    dependencies=[Csrf],
    responses={
        413: {"description": "Envoi ou fichier trop volumineux"},
        422: {"description": "Aucun fichier lisible : la raison de chacun"},
    },
)
async def upload(
    settings: SettingsDep,
    uow: Uow,
    actor: Actor,
    files: Annotated[list[UploadFile], File(description="Documents à importer")],
    referential: Annotated[str | None, Form(max_length=200)] = None,
) -> JSONResponse:
    """Lit les documents et les garde en brouillon (rien n'est publié) : le rapport de
    lecture, chaque avertissement et le différentiel avec la version publiée.

    Chaque fichier est lu dans les limites des réglages ``PARCOURS_IMPORT_*`` : un fichier
    illisible ou hors limites est refusé seul (nommé dans le rapport) ; si aucun ne peut être
    lu, la réponse est 422 (413 pour un fichier trop volumineux), rien n'est gardé."""
    limits = limits_from(settings)
    try:
        received = await read_uploads(
            files, settings.import_max_upload_bytes, limits.max_file_bytes
        )
    except UploadTooLarge as exc:
        return too_large(exc)
    name = (referential or "").strip() or None
    # Reading documents is CPU work: off the event loop, so other requests go on meanwhile.
    try:
        draft = await run_in_threadpool(
            drafts.create_draft, uow, actor, received, referential=name, limits=limits
        )
    except ImportRefused as exc:
        return refusal(exc)
    review = await run_in_threadpool(drafts.review_draft, uow, actor, draft.id, limits)
    return JSONResponse(
        review_out(review).model_dump(mode="json"),
        status_code=201,
        headers={"Location": f"/api/v1/imports/{draft.id}"},
    )


@router.get("/imports", response_model=list[DraftOut])
def list_imports(request: Request, uow: Uow, actor: Actor) -> Response:
    """Les brouillons d'import récents, du plus récent au plus ancien (RH)."""
    return cached_json(
        request,
        [draft_out(d).model_dump(mode="json") for d in drafts.list_drafts(uow, actor)],
        headers=PRIVATE,
    )


@router.get("/imports/{draft_id}", response_model=DraftReviewOut)
def review_draft(
    request: Request, settings: SettingsDep, uow: Uow, actor: Actor, draft_id: DraftId
) -> Response:
    """Un brouillon : ce qui a été lu, les avertissements, le différentiel (RH)."""
    review = drafts.review_draft(uow, actor, draft_id, limits_from(settings))
    return cached_json(
        request,
        review_out(review).model_dump(mode="json"),
        headers=PRIVATE,
    )


@router.post("/imports/{draft_id}/publish", response_model=ImportReportOut, dependencies=[Csrf])
def publish(settings: SettingsDep, uow: Uow, actor: Actor, draft_id: DraftId) -> ImportReportOut:
    """Publie le brouillon : import des documents en une transaction, nouvelles versions (RH)."""
    return report_out(drafts.publish_draft(uow, actor, draft_id, limits_from(settings)))


@router.post("/imports/{draft_id}/discard", response_model=DraftOut, dependencies=[Csrf])
def discard(uow: Uow, actor: Actor, draft_id: DraftId) -> DraftOut:
    """Abandonne le brouillon : rien n'est importé (RH)."""
    return draft_out(drafts.discard_draft(uow, actor, draft_id))
