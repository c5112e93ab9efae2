"""Import drafts: upload documents, review what was found, then publish or discard.

Uploading parses the files (pure, nothing is stored in the referentials) and keeps the
uploaded bytes with the parse report as a *draft*. Reviewing a draft parses the bytes again
and compares, per referential, what publishing would give with the published version, so the
diff is always against the version published now. Publishing runs the ordinary import
(``services.imports.import_documents``) on the stored bytes; discarding keeps only the trace.

Storage is reached through the unit of work's ``drafts`` attribute (a ``DraftStore``).

Drafts are HR's working material (unpublished documents): every use case here takes the acting
``Principal`` and requires the HR role; creating, publishing and discarding are written to the
audit log with the account that did it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from parcours.domain.access import Principal, require_hr
from parcours.domain.corrections import Correction
from parcours.domain.diff import ReferentialDiff, diff_referentials
from parcours.domain.draft import ImportDraft, ImportWarning, Severity
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.provenance import Position
from parcours.domain.referential import Referential
from parcours.services.access import audit
from parcours.services.imports import (
    DEFAULT_LIMITS,
    FileOutcome,
    ImportRefused,
    ImportReport,
    Limits,
    import_documents,
    parse_files,
)
from parcours.services.ports import StoredPart, UowFactory

# The port, re-exported: its callers knew it here before it moved (to keep the store light).
from parcours.services.ports.drafts import DraftFile as DraftFile
from parcours.services.ports.drafts import DraftStore as DraftStore
from parcours.services.ports.drafts import StoredDraft as StoredDraft
from parcours.services.versions import corrected_merge

PENDING = "pending"
PUBLISHED = "published"
DISCARDED = "discarded"


class DraftNotFoundError(NotFoundError):
    """No draft has this number."""


class DraftStateError(ParcoursError):
    """The draft was already published or discarded."""


@dataclass(slots=True)
class ProposedVersion:
    """What publishing the draft would do to one referential."""

    name: str
    current_version: int | None
    next_version: int
    diff: ReferentialDiff
    changed_slots: list[str] = field(default_factory=list)
    # The published version and what publishing would give (for the changes told by job).
    before: Referential | None = None
    after: Referential | None = None
    # HR's corrections whose fact publishing would remove (kept, reported).
    unapplied: list[Correction] = field(default_factory=list)


@dataclass(slots=True)
class DraftReview:
    draft: StoredDraft
    files: list[FileOutcome]
    changes: list[ProposedVersion]

    @property
    def warnings(self) -> int:
        return sum(len(f.warnings) for f in self.files)

    @property
    def publishable(self) -> bool:
        return self.draft.status == PENDING and any(f.status != "failed" for f in self.files)


# -- report <-> plain data ------------------------------------------------------------------


def _warning_to_data(warning: ImportWarning) -> dict[str, Any]:
    return {
        "code": warning.code,
        "message": warning.message,
        "line": warning.position.line,
        "end_line": warning.position.end_line,
        "page": warning.position.page,
        "severity": warning.severity.value,
    }


def _warning_from_data(data: dict[str, Any]) -> ImportWarning:
    return ImportWarning(
        code=str(data["code"]),
        message=str(data["message"]),
        position=Position(data.get("line"), data.get("end_line"), data.get("page")),
        severity=Severity(data.get("severity", "warning")),
    )


def outcome_to_data(outcome: FileOutcome) -> dict[str, Any]:
    return {
        "filename": outcome.filename,
        "status": outcome.status,
        "family": outcome.family,
        "referentials": list(outcome.referentials),
        "counts": dict(outcome.counts),
        "warnings": [_warning_to_data(w) for w in outcome.warnings],
        "error": outcome.error,
    }


def outcome_from_data(data: dict[str, Any]) -> FileOutcome:
    return FileOutcome(
        filename=str(data["filename"]),
        status=str(data["status"]),
        family=data.get("family"),
        referentials=[str(r) for r in data.get("referentials", [])],
        counts={str(k): int(v) for k, v in data.get("counts", {}).items()},
        warnings=[_warning_from_data(w) for w in data.get("warnings", [])],
        error=data.get("error"),
    )


# -- use cases ------------------------------------------------------------------------------


def create_draft(
    uow_factory: UowFactory,
    actor: Principal,
    files: Iterable[tuple[str, bytes]],
    *,
    referential: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> StoredDraft:
    """Parse the files and keep them as a pending draft; the referentials are not touched.

    A file that cannot be read (past a limit, or unreadable) is named in the draft's report
    and its bytes are not kept (each review parses the kept files again); when no file can be
    read, nothing is kept and ``ImportRefused`` says why for each."""
    require_hr(actor, "l'import de documents")
    received = list(files)
    if not received:
        raise ParcoursError("aucun fichier reçu")
    names = [name for name, _ in received]
    if len(set(names)) != len(names):
        raise ParcoursError("deux fichiers portent le même nom dans un même envoi")
    _, outcomes = parse_files(received, limits=limits)
    if all(o.status == "failed" for o in outcomes):
        raise ImportRefused(outcomes)
    kept = [
        (n, data) for (n, data), o in zip(received, outcomes, strict=True) if o.status != "failed"
    ]
    described = [
        DraftFile(name, len(data), hashlib.sha256(data).hexdigest()) for name, data in kept
    ]
    with uow_factory() as uow:
        store = uow.drafts
        draft_id = store.add(
            referential=referential or None,
            files=described,
            content=b"".join(data for _, data in kept),
            report=[outcome_to_data(o) for o in outcomes],
        )
        audit(uow, actor, "import", None, f"brouillon n° {draft_id} : {', '.join(names)}"[:2000])
        uow.commit()
        stored = store.get(draft_id)
    assert stored is not None
    return stored


def list_drafts(
    uow_factory: UowFactory, actor: Principal, *, status: str | None = None
) -> list[StoredDraft]:
    require_hr(actor, "la liste des brouillons d'import")
    with uow_factory() as uow:
        return uow.drafts.list_drafts(status)


def get_draft(uow_factory: UowFactory, actor: Principal, draft_id: int) -> StoredDraft:
    require_hr(actor, "la lecture d'un brouillon d'import")
    with uow_factory() as uow:
        draft = uow.drafts.get(draft_id)
    if draft is None:
        raise DraftNotFoundError(f"aucun brouillon d'import n° {draft_id}")
    return draft


def draft_files(
    uow_factory: UowFactory, actor: Principal, draft_id: int
) -> list[tuple[str, bytes]]:
    """The uploaded files of a draft, as (file name, bytes)."""
    require_hr(actor, "la lecture d'un brouillon d'import")
    with uow_factory() as uow:
        store = uow.drafts
        draft = store.get(draft_id)
        content = store.content(draft_id)
    if draft is None or content is None:
        raise DraftNotFoundError(f"aucun brouillon d'import n° {draft_id}")
    out: list[tuple[str, bytes]] = []
    offset = 0
    for f in draft.files:
        out.append((f.filename, content[offset : offset + f.size]))
        offset += f.size
    return out


def _propose(
    uow_factory: UowFactory, drafts: list[ImportDraft], referential: str | None
) -> list[ProposedVersion]:
    """Per referential: merge the new parts over the published ones and diff the result."""
    incoming: dict[str, list[StoredPart]] = {}
    for draft in drafts:
        for part in draft.parts:
            name = referential or part.name
            part.name = name
            incoming.setdefault(name, []).append(
                StoredPart(slot=draft.document.filename, document=draft.document, content=part)
            )
    proposals: list[ProposedVersion] = []
    with uow_factory() as uow:
        for name, new_parts in incoming.items():
            parts = list(uow.referentials.get_parts(name))
            changed: list[str] = []
            for new in new_parts:
                index = next((i for i, p in enumerate(parts) if p.slot == new.slot), None)
                if index is None:
                    parts.append(new)
                    changed.append(new.slot)
                elif parts[index].document.sha256 != new.document.sha256:
                    parts[index] = new
                    changed.append(new.slot)
            current = uow.referentials.get(name)
            applied = corrected_merge(uow, name, parts)  # HR's corrections stay
            merged = applied.referential
            # Nothing changed: every document is already published as it is.
            diff = diff_referentials(current, merged if changed or current is None else current)
            next_version = max(
                (current.version + 1) if current else 1,
                max((p.content.version for p in new_parts), default=0),
            )
            proposals.append(
                ProposedVersion(
                    name=name,
                    current_version=current.version if current else None,
                    next_version=next_version if changed else (current.version if current else 0),
                    diff=diff,
                    changed_slots=changed,
                    before=current,
                    after=merged if changed or current is None else current,
                    unapplied=applied.unapplied,
                )
            )
    return proposals


def review_draft(
    uow_factory: UowFactory, actor: Principal, draft_id: int, limits: Limits = DEFAULT_LIMITS
) -> DraftReview:
    """The draft with its report and, while pending, the diff with the published versions."""
    draft = get_draft(uow_factory, actor, draft_id)
    files = [outcome_from_data(d) for d in draft.report]
    changes: list[ProposedVersion] = []
    if draft.status == PENDING:
        parsed, _ = parse_files(draft_files(uow_factory, actor, draft_id), limits=limits)
        changes = _propose(uow_factory, parsed, draft.referential)
    return DraftReview(draft=draft, files=files, changes=changes)


def _pending(uow_factory: UowFactory, actor: Principal, draft_id: int) -> StoredDraft:
    draft = get_draft(uow_factory, actor, draft_id)
    if draft.status != PENDING:
        raise DraftStateError(f"le brouillon n° {draft_id} est déjà traité ({draft.status})")
    return draft


def publish_draft(
    uow_factory: UowFactory, actor: Principal, draft_id: int, limits: Limits = DEFAULT_LIMITS
) -> ImportReport:
    """Import the draft's files (one transaction), then mark the draft published."""
    require_hr(actor, "la publication d'un import")
    draft = _pending(uow_factory, actor, draft_id)
    report = import_documents(
        uow_factory,
        draft_files(uow_factory, actor, draft_id),
        referential=draft.referential,
        limits=limits,
    )
    outcome = "; ".join(f"{v.name} v{v.version} : {v.diff.summary()}" for v in report.versions)
    with uow_factory() as uow:
        uow.drafts.decide(draft_id, status=PUBLISHED, outcome=outcome or "aucun changement")
        audit(uow, actor, "import", None, f"brouillon n° {draft_id} publié")
        uow.commit()
    return report


def discard_draft(uow_factory: UowFactory, actor: Principal, draft_id: int) -> StoredDraft:
    """Drop the draft: nothing is imported; the draft stays listed as discarded."""
    require_hr(actor, "l'abandon d'un import")
    _pending(uow_factory, actor, draft_id)
    with uow_factory() as uow:
        store = uow.drafts
        store.decide(draft_id, status=DISCARDED, outcome="abandonné")
        audit(uow, actor, "import", None, f"brouillon n° {draft_id} abandonné")
        uow.commit()
        stored = store.get(draft_id)
    assert stored is not None
    return stored
