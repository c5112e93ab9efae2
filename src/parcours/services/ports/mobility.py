"""What the packed mobility models need from storage (store/mobility_models.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class MobilityModelStore(Protocol):
    def packed(
        self, referential: str, version: int, created_at: datetime, signature: str
    ) -> bytes | None:
        """The packed model of that version of ``referential`` built by an engine of that
        signature, or None."""
        ...

    def holds(self, referential: str, version: int, created_at: datetime, signature: str) -> bool:
        """Whether ``packed`` would give a model, without reading it (tens of megabytes)."""
        ...

    def keep(
        self, referential: str, version: int, created_at: datetime, signature: str, payload: bytes
    ) -> None:
        """Keep ``payload`` as the referential's packed model (replacing any other)."""
        ...
