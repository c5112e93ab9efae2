"""Row class of the training catalogue (migration 0013_training_catalogue)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from parcours.store.models import Base, utcnow


class CatalogueTrainingRow(Base):
    """One training of the bank's catalogue, keyed by its code. ``competencies`` holds
    ``{"competency": name, "level": 1-4 or null}`` items; ``source`` and ``line`` say where it
    was imported from (or "saisie" when typed in the app)."""

    __tablename__ = "catalogue_training"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str]
    duration: Mapped[str | None]
    hours: Mapped[float | None]
    modality: Mapped[str | None] = mapped_column(String(16))
    provider: Mapped[str | None]
    competencies: Mapped[list[dict[str, Any]]]
    prerequisites: Mapped[list[str]]
    cost: Mapped[float | None]
    source: Mapped[str | None]
    line: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(64))
