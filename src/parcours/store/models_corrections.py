"""Row classes of HR's corrections and of the documents' text (migration 0014_corrections)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from parcours.store.models import SHA256, Base, utcnow


class CorrectionRow(Base):
    """One correction of one field of one fact (``fact``: job, competency or requirement;
    ``key`` the job's or the competency's key, ``competency`` for a requirement). Never
    deleted: a withdrawn correction keeps its row with ``withdrawn_at`` and ``withdrawn_by``."""

    __tablename__ = "correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    referential: Mapped[str] = mapped_column(index=True)
    fact: Mapped[str] = mapped_column(String(16))
    key: Mapped[str]
    competency: Mapped[str | None]
    field: Mapped[str] = mapped_column(String(16))
    original: Mapped[str | None]
    value: Mapped[str]
    author: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by: Mapped[str | None]


class DocumentLineRow(Base):
    """One line of the text an importer read from a document (1-based, as provenance counts
    them), kept once per document's sha256 so a source can quote the passage."""

    __tablename__ = "document_line"

    sha256: Mapped[str] = mapped_column(SHA256, primary_key=True)
    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    text: Mapped[str]
