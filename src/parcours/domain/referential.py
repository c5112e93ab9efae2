"""A referential: a named, versioned body of jobs and competencies from one source."""

from __future__ import annotations

from dataclasses import dataclass, field

from parcours.domain.certification import Certification
from parcours.domain.competency import Competency
from parcours.domain.job import Job
from parcours.domain.mobility import Mobility
from parcours.domain.provenance import Provenance, SourceDocument
from parcours.domain.training import Training


@dataclass(slots=True)
class MatrixRow:
    """One row of a job x item matrix: the item, its group heading, one mark per column."""

    label: str
    cells: list[bool]
    group: str | None = None
    provenance: list[Provenance] = field(default_factory=list)


@dataclass(slots=True)
class Matrix:
    """A job x activity or job x competency table, kept exactly as the document gave it.

    ``columns`` are job keys; ``headers`` the column titles as written.
    """

    key: str
    title: str
    item_kind: str  # "activity" or "competency"
    columns: list[str]
    headers: list[str]
    rows: list[MatrixRow] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass(slots=True)
class Note:
    """Content kept for people to read but not modelled (organisation, career-path models...)."""

    title: str
    text: str
    provenance: list[Provenance] = field(default_factory=list)


@dataclass(slots=True)
class Referential:
    """The content of one referential version.

    ``documents`` maps a document slot (its file name, the identity of "the same document
    changed") to the source document whose facts the version holds.
    """

    name: str
    organisation: str | None = None
    description: str | None = None
    version: int = 0
    documents: dict[str, SourceDocument] = field(default_factory=dict)
    jobs: dict[str, Job] = field(default_factory=dict)
    competencies: dict[str, Competency] = field(default_factory=dict)
    mobilities: list[Mobility] = field(default_factory=list)
    certifications: dict[str, Certification] = field(default_factory=dict)
    trainings: dict[str, Training] = field(default_factory=dict)
    matrices: list[Matrix] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
