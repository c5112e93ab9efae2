"""Jobs: what a document says a person in a job does and needs."""

from __future__ import annotations

from dataclasses import dataclass, field

from parcours.domain.competency import Requirement
from parcours.domain.provenance import Provenance


@dataclass(slots=True)
class Activity:
    """A mission or activity of a job, grouped under a domain when the document groups it."""

    label: str
    domain: str | None = None
    code: str | None = None
    provenance: list[Provenance] = field(default_factory=list)


@dataclass(slots=True)
class Job:
    """A job (fonction, métier or emploi) of one referential, identified there by its key.

    A job named only as an evolution target, without a sheet of its own, has
    ``has_sheet=False`` and carries little more than its title and grade.
    """

    key: str
    title: str
    grade: str | None = None
    classification: str | None = None
    level: str | None = None
    family: str | None = None
    filiere: str | None = None
    metier: str | None = None
    purpose: list[str] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    alt_titles: list[str] = field(default_factory=list)
    access_conditions: list[str] = field(default_factory=list)
    reporting_line: str | None = None
    workplace: str | None = None
    headcount: str | None = None
    employer: str | None = None
    environment: str | None = None
    url: str | None = None
    has_sheet: bool = True
    requirements: list[Requirement] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)
    # The job's code in its source taxonomy (a ROME code such as "D1408"), when it has one.
    code: str | None = None
