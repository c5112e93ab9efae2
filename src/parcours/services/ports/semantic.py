"""What the semantic channel needs from storage (store/semantic.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol


class EmbeddingStore(Protocol):
    def vectors(self, digests: Iterable[str]) -> dict[str, bytes]:
        """The stored vectors of these digests (``engine.semantic.text_digest``); the others
        are absent from the answer."""
        ...

    def add_vectors(self, model: str, dimension: int, vectors: Mapping[str, bytes]) -> None:
        """Store vectors by digest (those already stored are kept as they are)."""
        ...
