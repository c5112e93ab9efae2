"""What linking takes and gives: items (competencies, jobs) and scored candidates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from parcours.domain.competency import Competency
from parcours.domain.job import Job
from parcours.domain.links import Evidence, LinkRelation
from parcours.domain.referential import Referential


@dataclass(frozen=True, slots=True)
class LinkItem:
    """What linking needs of a competency or a job."""

    referential: str
    key: str
    label: str
    kind: str  # the competency kind, or "job"
    alt_labels: tuple[str, ...] = ()
    text: tuple[str, ...] = ()  # definition, indicators, details / purpose, activities
    requirements: tuple[str, ...] = ()  # jobs: keys of the competencies they need
    code: str | None = None
    # Jobs: what the job is (its purpose or definition, the first lines of ``text``), where
    # it sits (family, filière, métier) and the labels of the competencies it needs.
    lead: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()


# Competency links for the shared-competencies signal of jobs:
# (referential, competency key) -> the (referential, key) items it is linked to.
Linked = Mapping[tuple[str, str], frozenset[tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scored pair: ``source`` from the first side, ``target`` from the second."""

    source: LinkItem
    target: LinkItem
    score: float
    relation: LinkRelation
    evidence: tuple[Evidence, ...]


def competency_items(ref: Referential) -> list[LinkItem]:
    return [_competency_item(ref.name, c) for c in ref.competencies.values()]


def _competency_item(name: str, comp: Competency) -> LinkItem:
    text = [comp.definition or "", *comp.indicators, *comp.details]
    return LinkItem(
        referential=name,
        key=comp.key,
        label=comp.label,
        kind=comp.kind.value,
        text=tuple(t for t in text if t),
    )


def job_items(ref: Referential, *, with_sheet_only: bool = True) -> list[LinkItem]:
    """The jobs of a referential; jobs only named as evolution targets are left out."""
    return [
        _job_item(ref, job) for job in ref.jobs.values() if job.has_sheet or not with_sheet_only
    ]


def _job_item(ref: Referential, job: Job) -> LinkItem:
    text = [*job.purpose, *(a.label for a in job.activities)]
    skills = (ref.competencies.get(r.competency) for r in job.requirements)
    return LinkItem(
        referential=ref.name,
        key=job.key,
        label=job.title,
        kind="job",
        alt_labels=tuple(job.alt_titles),
        text=tuple(t for t in text if t),
        requirements=tuple(r.competency for r in job.requirements),
        code=job.code,
        lead=tuple(p for p in job.purpose if p),
        context=tuple(c for c in (job.family, job.filiere, job.metier) if c),
        skills=tuple(c.label for c in skills if c is not None),
    )
