"""The draft repository: the store behind ``services.drafts.DraftStore``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from parcours.services.ports.drafts import DraftFile, StoredDraft
from parcours.store.models_drafts import DraftImportRow


def _stored(row: DraftImportRow) -> StoredDraft:
    return StoredDraft(
        id=row.id,
        created_at=row.created_at,
        status=row.status,
        referential=row.referential,
        files=[DraftFile(str(f["filename"]), int(f["size"]), str(f["sha256"])) for f in row.files],
        report=list(row.report),
        decided_at=row.decided_at,
        outcome=row.outcome,
    )


class DraftRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self,
        *,
        referential: str | None,
        files: list[DraftFile],
        content: bytes,
        report: list[dict[str, Any]],
    ) -> int:
        row = DraftImportRow(
            status="pending",
            referential=referential,
            files=[{"filename": f.filename, "size": f.size, "sha256": f.sha256} for f in files],
            content=content,
            report=report,
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def get(self, draft_id: int) -> StoredDraft | None:
        row = self.session.get(DraftImportRow, draft_id)
        return _stored(row) if row is not None else None

    def content(self, draft_id: int) -> bytes | None:
        return self.session.scalar(
            select(DraftImportRow.content).where(DraftImportRow.id == draft_id)
        )

    def list_drafts(self, status: str | None = None, limit: int = 50) -> list[StoredDraft]:
        query = select(DraftImportRow).order_by(DraftImportRow.id.desc()).limit(limit)
        if status is not None:
            query = query.where(DraftImportRow.status == status)
        return [_stored(row) for row in self.session.scalars(query)]

    def decide(self, draft_id: int, *, status: str, outcome: str) -> None:
        row = self.session.get(DraftImportRow, draft_id)
        if row is None:
            raise KeyError(draft_id)
        row.status = status
        row.outcome = outcome
        row.decided_at = datetime.now(UTC)
        self.session.flush()
