"""JSON API, imports: upload documents as a draft, review it, publish or discard it (HR)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from parcours.domain.errors import ParcoursError
from parcours.services import drafts
from parcours.services.imports import FileOutcome, ImportReport
from parcours.web.auth import Actor, Csrf
from parcours.web.deps import Uow
from parcours.web.http import cached_json
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

router = APIRouter(prefix="/api/v1", tags=["imports"])

DraftId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Numéro du brouillon")]

# Drafts are HR's: no shared cache may keep them.
PRIVATE = {"Cache-Control": "private, no-cache"}

# A whole upload (every file of it) is refused above this size.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


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


async def read_uploads(files: list[UploadFile]) -> list[tuple[str, bytes]]:
    received: list[tuple[str, bytes]] = []
    total = 0
    for upload in files:
        data = await upload.read()
        total += len(data)
        if total > MAX_UPLOAD_BYTES:
            raise ParcoursError(f"envoi trop volumineux (plus de {MAX_UPLOAD_BYTES // 2**20} Mio)")
        name = (upload.filename or "document").replace("\\", "/").rsplit("/", 1)[-1]
        received.append((name or "document", data))
    return received


@router.post("/imports", status_code=201, response_model=DraftReviewOut, dependencies=[Csrf])
async def upload(
    uow: Uow,
    actor: Actor,
    files: Annotated[list[UploadFile], File(description="Documents à importer")],
    referential: Annotated[str | None, Form(max_length=200)] = None,
) -> JSONResponse:
    """Lit les documents et les garde en brouillon (rien n'est publié) : le rapport de
    lecture, chaque avertissement et le différentiel avec la version publiée."""
    received = await read_uploads(files)
    draft = drafts.create_draft(
        uow, actor, received, referential=(referential or "").strip() or None
    )
    review = drafts.review_draft(uow, actor, draft.id)
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
def review_draft(request: Request, uow: Uow, actor: Actor, draft_id: DraftId) -> Response:
    """Un brouillon : ce qui a été lu, les avertissements, le différentiel (RH)."""
    return cached_json(
        request,
        review_out(drafts.review_draft(uow, actor, draft_id)).model_dump(mode="json"),
        headers=PRIVATE,
    )


@router.post("/imports/{draft_id}/publish", response_model=ImportReportOut, dependencies=[Csrf])
def publish(uow: Uow, actor: Actor, draft_id: DraftId) -> ImportReportOut:
    """Publie le brouillon : import des documents en une transaction, nouvelles versions (RH)."""
    return report_out(drafts.publish_draft(uow, actor, draft_id))


@router.post("/imports/{draft_id}/discard", response_model=DraftOut, dependencies=[Csrf])
def discard(uow: Uow, actor: Actor, draft_id: DraftId) -> DraftOut:
    """Abandonne le brouillon : rien n'est importé (RH)."""
    return draft_out(drafts.discard_draft(uow, actor, draft_id))
