"""Row class of the career wishes (migration 0012_career_wishes).

One row per person and target job; following again reuses the row (``ended_at`` cleared).
The person's foreign key cascades, and erasure re-keys the rows and clears the note
(services/rgpd.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parcours.store.models import Base, utcnow
from parcours.store.models_people import PSEUDONYM


class CareerWishRow(Base):
    __tablename__ = "career_wish"
    __table_args__ = (UniqueConstraint("person", "referential", "job"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person: Mapped[str] = mapped_column(
        PSEUDONYM, ForeignKey("person.id", ondelete="CASCADE", onupdate="CASCADE"), index=True
    )
    referential: Mapped[str]
    job: Mapped[str] = mapped_column(String(300))
    shared: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
