"""What the corrections and the quoted sources need from storage (store/corrections.py)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from parcours.domain.corrections import Correction


class CorrectionStore(Protocol):
    def add(self, correction: Correction) -> Correction:
        """Keep a new correction; returns it with its id and date."""
        ...

    def get(self, correction_id: int) -> Correction | None: ...

    def withdraw(self, correction_id: int, *, by: str, at: datetime) -> Correction:
        """Mark the correction withdrawn (it stays listed); returns it as stored."""
        ...

    def list(self, referential: str | None = None, *, active: bool = False) -> list[Correction]:
        """The corrections of a referential (all when None), oldest first; only the ones not
        withdrawn when ``active``."""
        ...


class DocumentTextStore(Protocol):
    def has_text(self, sha256: str) -> bool:
        """Whether the text of this document is kept."""
        ...

    def add_text(self, sha256: str, lines: Sequence[str]) -> None:
        """Keep the document's text lines (line 1 first); a document already kept is left as
        it is."""
        ...

    def lines(self, wanted: Mapping[str, Collection[int]]) -> dict[tuple[str, int], str]:
        """These lines of these documents (by sha256), by (sha256, line number); lines not
        kept are left out."""
        ...
