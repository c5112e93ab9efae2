"""What the import drafts need from storage (services/drafts.py has the use cases).

Apart from the use cases so that the store, which implements the port, does not import the
import pipeline (readers, importers, the engine) to open a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class DraftFile:
    filename: str
    size: int
    sha256: str


@dataclass(slots=True)
class StoredDraft:
    """A draft as kept: its files (names, sizes, hashes), the parse report, its state."""

    id: int
    created_at: datetime
    status: str
    referential: str | None
    files: list[DraftFile]
    report: list[dict[str, Any]]
    decided_at: datetime | None = None
    outcome: str | None = None


class DraftStore(Protocol):
    def add(
        self,
        *,
        referential: str | None,
        files: list[DraftFile],
        content: bytes,
        report: list[dict[str, Any]],
    ) -> int: ...

    def get(self, draft_id: int) -> StoredDraft | None: ...

    def content(self, draft_id: int) -> bytes | None:
        """The uploaded files' bytes, one after the other, in the order of ``files``."""
        ...

    def list_drafts(self, status: str | None = None, limit: int = 50) -> list[StoredDraft]: ...

    def decide(self, draft_id: int, *, status: str, outcome: str) -> None: ...
