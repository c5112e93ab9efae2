"""Row class of the packed mobility models (migration 0016_mobility_models).

One row per referential: the latest version's similarity model as ``engine/packing.py`` packs
it, with the version it was built from (number and creation time) and the engine's signature.
A new version, another engine or weights replace it; a reader that finds another version or
signature builds the model again. Rows hold no personal data (job sheets only).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from parcours.store.models import SHA256, Base, utcnow


class MobilityModelRow(Base):
    __tablename__ = "mobility_model"

    referential: Mapped[str] = mapped_column(primary_key=True)
    version: Mapped[int]
    version_created_at: Mapped[datetime]
    signature: Mapped[str] = mapped_column(SHA256)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    built_at: Mapped[datetime] = mapped_column(default=utcnow)
