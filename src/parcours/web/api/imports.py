"""JSON API, imports: upload documents as a draft, review it, publish or discard it (HR)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from parcours.domain.errors import ParcoursError
from parcours.services import drafts
from parcours.services.imports import (
    FileOutcome,
    ImportRefused,
    ImportReport,
    Limits,
    limits_from,
)
from parcours.web.auth import Actor, Csrf
from parcours.web.deps import Uow
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

router = APIRouter(prefix="/api/v1", tags=["imports"])

DraftId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Numéro du brouillon")]

# Drafts are HR's: no shared cache may keep them.
PRIVATE = {"Cache-Control": "private, no-cache"}

# A whole upload (every file of it) is refused above this size (default of the setting
# ``import_max_upload_bytes``).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class UploadTooLarge(ParcoursError):
    """An upload, or one of its files, over the size limits: HTTP 413."""


def import_limits(request: Request) -> Limits:
    """The limits of the settings the application runs with (``PARCOURS_IMPORT_*``)."""
    return limits_from(request.app.state.settings)


def max_upload_bytes(request: Request) -> int:
    return int(getattr(request.app.state.settings, "import_max_upload_bytes", MAX_UPLOAD_BYTES))


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


async def read_uploads(
    files: list[UploadFile],
    max_total: int = MAX_UPLOAD_BYTES,
    max_file: int | None = None,
) -> list[tuple[str, bytes]]:
    """The uploaded files' names (without any folder) and bytes; never reads more than the
    limits allow: past ``max_file`` for one file or ``max_total`` for all, ``UploadTooLarge``
    names the file."""
    received: list[tuple[str, bytes]] = []
    total = 0
    per_file = max_total if max_file is None else min(max_file, max_total)
    for upload in files:
        name = (upload.filename or "document").replace("\\", "/").rsplit("/", 1)[-1]
        name = name or "document"
        data = await upload.read(min(per_file, max_total - total) + 1)
        if len(data) > per_file:
            raise UploadTooLarge(
                f"{name} : fichier trop volumineux (plus de {per_file / 2**20:g} Mio ; "
                "PARCOURS_IMPORT_MAX_FILE_BYTES)"
            )
        total += len(data)
        if total > max_total:
            raise UploadTooLarge(
                f"envoi trop volumineux : plus de {max_total / 2**20:g} Mio avec {name} "
                "(PARCOURS_IMPORT_MAX_UPLOAD_BYTES)"
            )
        received.append((name, data))
    return received


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
    request: Request,
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
    limits = import_limits(request)
    try:
        received = await read_uploads(files, max_upload_bytes(request), limits.max_file_bytes)
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
def review_draft(request: Request, uow: Uow, actor: Actor, draft_id: DraftId) -> Response:
    """Un brouillon : ce qui a été lu, les avertissements, le différentiel (RH)."""
    review = drafts.review_draft(uow, actor, draft_id, import_limits(request))
    return cached_json(
        request,
        review_out(review).model_dump(mode="json"),
        headers=PRIVATE,
    )


@router.post("/imports/{draft_id}/publish", response_model=ImportReportOut, dependencies=[Csrf])
def publish(request: Request, uow: Uow, actor: Actor, draft_id: DraftId) -> ImportReportOut:
    """Publie le brouillon : import des documents en une transaction, nouvelles versions (RH)."""
    return report_out(drafts.publish_draft(uow, actor, draft_id, import_limits(request)))


@router.post("/imports/{draft_id}/discard", response_model=DraftOut, dependencies=[Csrf])
def discard(uow: Uow, actor: Actor, draft_id: DraftId) -> DraftOut:
    """Abandonne le brouillon : rien n'est importé (RH)."""
    return draft_out(drafts.discard_draft(uow, actor, draft_id))
