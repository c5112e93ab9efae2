"""People, teams and assessments: who holds which competency at which level, by whose word.

A person is known by a pseudonym (``profile.pseudonym``: derived from the HR identifier and a
secret salt); a display name is optional personal data, dropped on erasure. An assessment is one
rating of one competency of one person, on the scale of the competency's kind (``scales``), by one
source (self, manager, jury, HRIS import), on one date, with its evidence. Assessments are never
overwritten: a new rating is a new assessment, so the history stays. The current level of a
competency is chosen by ``current_levels``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from parcours.domain.competency import PROFICIENCY_SCALE
from parcours.domain.errors import ParcoursError

# The largest page of people, and the largest offset: far beyond any head count, well inside a
# 64-bit SQL integer (the services, the API and the command line check them).
MAX_PAGE = 500
MAX_OFFSET = 1_000_000_000


class PeopleError(ParcoursError):
    """A person, team or assessment that does not hold together (unknown team, bad level...)."""


class Source(StrEnum):
    SELF = "self"
    MANAGER = "manager"
    JURY = "jury"
    IMPORT = "import"  # an HRIS export


SOURCE_LABELS: dict[Source, str] = {
    Source.SELF: "auto-évaluation",
    Source.MANAGER: "manager",
    Source.JURY: "jury",
    Source.IMPORT: "import SIRH",
}

# Whose word counts when sources disagree: a jury's decision outranks the manager's rating, which
# outranks an HRIS import, which outranks the person's own view. Within a source, the latest wins.
SOURCE_PRECEDENCE: dict[Source, int] = {
    Source.JURY: 3,
    Source.MANAGER: 2,
    Source.IMPORT: 1,
    Source.SELF: 0,
}


@dataclass(frozen=True, slots=True)
class Team:
    code: str
    name: str
    manager: str | None = None  # the manager's pseudonym
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    id: str  # pseudonym
    referential: str | None = None
    job: str | None = None  # job key in that referential
    team: str | None = None
    manager: str | None = None
    display_name: str | None = None
    left_on: date | None = None  # left the organisation: counts for retention
    erased: bool = False

    @property
    def label(self) -> str:
        return self.display_name or self.id


@dataclass(frozen=True, slots=True)
class Assessment:
    person: str
    competency: str  # competency key in the person's referential
    level: int
    source: Source
    assessed_on: date
    scale: str  # the scale's code (scales.SCALES)
    raw: float | None = None  # the scale's measure: QCM share, mean frequency...
    assessor: str | None = None  # account of who rated
    evidence: str | None = None
    campaign: int | None = None
    id: int | None = None
    recorded_at: datetime | None = None
    document: str | None = None  # provenance of imported rows: file name and line
    line: int | None = None

    def __post_init__(self) -> None:
        if self.level not in PROFICIENCY_SCALE:
            raise PeopleError(
                f"niveau invalide pour « {self.competency} » : {self.level} "
                f"(attendu : {', '.join(str(k) for k in sorted(PROFICIENCY_SCALE))})"
            )


def _rank(a: Assessment) -> tuple[int, date, float, int]:
    recorded = a.recorded_at.timestamp() if a.recorded_at else 0.0
    return (SOURCE_PRECEDENCE[a.source], a.assessed_on, recorded, a.id or 0)


def current_levels(assessments: Iterable[Assessment]) -> dict[str, Assessment]:
    """Competency -> the assessment that counts now: the most authoritative source, then the
    latest date (then the latest recorded). Self-assessments count only where nobody else rated."""
    best: dict[str, Assessment] = {}
    for a in assessments:
        held = best.get(a.competency)
        if held is None or _rank(a) > _rank(held):
            best[a.competency] = a
    return best
