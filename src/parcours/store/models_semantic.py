"""Row class of the semantic channel's vectors (migration 0015_text_embeddings).

One row per (encoder, text): the key is ``engine.semantic.text_digest`` of both, so a text
encoded once is never encoded again, whichever referential or version holds it, and vectors of
two encoders never mix. Rows hold no personal data (job sheets only).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from parcours.store.models import SHA256, Base, utcnow


class TextEmbeddingRow(Base):
    __tablename__ = "text_embedding"

    digest: Mapped[str] = mapped_column(SHA256, primary_key=True)
    model: Mapped[str] = mapped_column(String(100))
    dimension: Mapped[int]
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float16, little-endian
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
