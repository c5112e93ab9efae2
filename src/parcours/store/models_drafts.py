"""Row class of the import drafts (see migration 0005_drafts).

A draft is one upload waiting for HR's decision: the uploaded files' bytes, one after the
other in ``content`` (``files`` gives each file's name, size and sha256, in order), and the
parse report. Publishing imports those bytes; the referentials are not touched before.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from parcours.store.models import Base, utcnow


class DraftImportRow(Base):
    __tablename__ = "draft_import"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'published', 'discarded')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(16))
    referential: Mapped[str | None]
    files: Mapped[list[dict[str, Any]]]
    content: Mapped[bytes] = mapped_column(LargeBinary)
    report: Mapped[list[dict[str, Any]]]
    decided_at: Mapped[datetime | None]
    outcome: Mapped[str | None]
