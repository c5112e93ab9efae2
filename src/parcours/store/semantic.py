"""The semantic channel's vectors (table text_embedding), by digest."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from parcours.store.chunking import chunks
from parcours.store.models_semantic import TextEmbeddingRow


class EmbeddingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def vectors(self, digests: Iterable[str]) -> dict[str, bytes]:
        wanted = sorted(set(digests))
        found: dict[str, bytes] = {}
        for part in chunks(wanted):
            rows = self.session.execute(
                select(TextEmbeddingRow.digest, TextEmbeddingRow.vector).where(
                    TextEmbeddingRow.digest.in_(part)
                )
            )
            found.update({digest: bytes(vector) for digest, vector in rows})
        return found

    def add_vectors(self, model: str, dimension: int, vectors: Mapping[str, bytes]) -> None:
        known = self.vectors(vectors)
        self.session.add_all(
            TextEmbeddingRow(digest=d, model=model, dimension=dimension, vector=v)
            for d, v in vectors.items()
            if d not in known
        )
        self.session.flush()
