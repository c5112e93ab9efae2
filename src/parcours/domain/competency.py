"""Competencies and the requirements that tie them to jobs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from parcours.domain.provenance import Provenance


class CompetencyKind(StrEnum):
    """The French triad: knowledge, know-how, behaviour."""

    SAVOIR = "savoir"
    SAVOIR_FAIRE = "savoir-faire"
    SAVOIR_ETRE = "savoir-etre"


class Importance(StrEnum):
    """How much a job needs a competency."""

    ESSENTIAL = "essential"
    OPTIONAL = "optional"
    INDICATIVE = "indicative"


# One proficiency scale for expected levels, documented in docs/format.md.
PROFICIENCY_SCALE: dict[int, str] = {
    1: "notions",
    2: "pratique",
    3: "maîtrise",
    4: "expertise",
}


@dataclass(slots=True)
class Competency:
    """A competency of one referential, identified there by its key (the folded label)."""

    key: str
    label: str
    kind: CompetencyKind
    category: str | None = None
    domain: str | None = None
    definition: str | None = None
    indicators: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass(slots=True)
class Requirement:
    """A job needs a competency, with an importance and an expected level (1-4) when known.

    ``details`` is what the document says about the competency *for this job* ("anime les
    réunions" under "Communication" on one sheet of a study); the competency keeps what holds
    for every job (its definition, indicators and shared details).
    """

    competency: str
    importance: Importance = Importance.ESSENTIAL
    level: int | None = None
    provenance: list[Provenance] = field(default_factory=list)
    details: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.level is not None and self.level not in PROFICIENCY_SCALE:
            raise ValueError(f"level must be one of {sorted(PROFICIENCY_SCALE)}, got {self.level}")


def unite_details(first: Iterable[str], second: Iterable[str]) -> tuple[str, ...]:
    """The details of ``first`` then those of ``second`` not already there; two details that
    differ only by case are one (the first spelling is kept)."""
    out: list[str] = []
    seen: set[str] = set()
    for detail in (*first, *second):
        folded = detail.casefold()
        if detail and folded not in seen:
            seen.add(folded)
            out.append(detail)
    return tuple(out)
