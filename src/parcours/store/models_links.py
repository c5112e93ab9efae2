"""Row classes of the links tables (see migration 0004_links).

Links, decisions and canonical groups name items by ``(referential name, item key)``, never
by the id of a versioned fact row: fact rows belong to one snapshot and change with every
version, while an item keeps its key from one version to the next, so decisions survive
re-imports. A link's primary key is its stable id (a digest of its kind and two ends).

``link_group_member`` is unique on ``(kind, referential, item_key)``: an item belongs to at
most one canonical group of its kind.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parcours.store.models import Base, utcnow

LINK_ID = String(24)
KIND = String(16)


class LinkRow(Base):
    __tablename__ = "link"
    __table_args__ = (
        CheckConstraint("kind IN ('competency', 'job')", name="kind"),
        CheckConstraint("status IN ('proposed', 'accepted', 'rejected')", name="status"),
        CheckConstraint(
            "relation IN ('exact', 'close', 'broader', 'narrower', 'related')", name="relation"
        ),
        Index("ix_link_status_score", "status", "score"),
    )

    id: Mapped[str] = mapped_column(LINK_ID, primary_key=True)
    kind: Mapped[str] = mapped_column(KIND)
    source_referential: Mapped[str] = mapped_column(index=True)
    source_key: Mapped[str]
    source_label: Mapped[str]
    source_fingerprint: Mapped[str] = mapped_column(String(32))
    target_referential: Mapped[str] = mapped_column(index=True)
    target_key: Mapped[str]
    target_label: Mapped[str]
    target_fingerprint: Mapped[str] = mapped_column(String(32))
    relation: Mapped[str] = mapped_column(String(16))
    score: Mapped[float]
    evidence: Mapped[list[dict[str, Any]]]
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None]
    decided_by: Mapped[str | None]
    decided_at: Mapped[datetime | None]
    search_text: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class LinkDecisionRow(Base):
    """One decision of the history; ``endpoints`` is a JSON list of [referential, key]."""

    __tablename__ = "link_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(KIND)
    link_id: Mapped[str | None] = mapped_column(LINK_ID, index=True)
    group_id: Mapped[str | None] = mapped_column(LINK_ID, index=True)
    endpoints: Mapped[list[list[str]]]
    user: Mapped[str]
    note: Mapped[str | None]


class LinkGroupRow(Base):
    __tablename__ = "link_group"
    __table_args__ = (CheckConstraint("kind IN ('competency', 'job')", name="kind"),)

    id: Mapped[str] = mapped_column(LINK_ID, primary_key=True)
    kind: Mapped[str] = mapped_column(KIND)
    label: Mapped[str | None]
    created_by: Mapped[str | None]
    created_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class LinkGroupMemberRow(Base):
    __tablename__ = "link_group_member"
    __table_args__ = (UniqueConstraint("kind", "referential", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[str] = mapped_column(
        LINK_ID, ForeignKey("link_group.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(KIND)
    referential: Mapped[str]
    item_key: Mapped[str]
    label: Mapped[str]
