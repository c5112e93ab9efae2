"""A person's career wishes: the target jobs they follow, shared with their manager or not.

A wish names a job of a referential. Following it again after leaving it brings it back: a
wish is never deleted by its person, it is ended (``ended_at``), so what a person said they
wanted stays in their history (and in their personal-data export) until erasure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from parcours.domain.errors import ParcoursError

NOTE_MAX = 500  # characters of the person's own words about a wish


class CareerError(ParcoursError):
    """A wish that does not hold together (unknown job, a note too long...)."""


@dataclass(frozen=True, slots=True)
class CareerWish:
    person: str  # pseudonym
    referential: str
    job: str  # the job's key in the referential
    shared: bool = False  # shown to the person's manager
    note: str | None = None  # the person's words (cleared on erasure)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    ended_at: datetime | None = None  # when the person stopped following it

    @property
    def active(self) -> bool:
        return self.ended_at is None


def clean_note(note: str | None) -> str | None:
    """The note as stored: spaces collapsed, None when empty; refused past ``NOTE_MAX``."""
    if note is None:
        return None
    text = " ".join(note.split())
    if len(text) > NOTE_MAX:
        raise CareerError(f"la note dépasse {NOTE_MAX} caractères")
    return text or None
