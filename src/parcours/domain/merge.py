"""Merging the parts a referential version is made of.

A version is the merge, in order, of one part per imported document. Merging is
a fold: entities with the same key are one entity (a competency named alike in
two sheets), the first part that describes an entity fully wins its scalar
fields, later parts fill the gaps and add their list items and provenance.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import fields, replace
from typing import Any, TypeVar

from parcours.domain.competency import Competency, Requirement, unite_details
from parcours.domain.job import Activity, Job
from parcours.domain.mobility import Mobility
from parcours.domain.provenance import Provenance
from parcours.domain.referential import Note, Referential

T = TypeVar("T")


def _union(first: Sequence[T], second: Iterable[T]) -> list[T]:
    """``first`` then the items of ``second`` it lacks, in order (items are hashable)."""
    out = list(first)
    seen = set(out)
    for item in second:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _provenance(first: list[Provenance], second: list[Provenance]) -> list[Provenance]:
    # Merged parts usually come from different documents: then nothing can repeat, and
    # comparing document hashes is much cheaper than hashing every provenance entry.
    incoming = {p.document for p in second}
    if not any(p.document in incoming for p in first):
        return [*first, *dict.fromkeys(second)]
    return _union(first, second)


def _fill_scalars(target: Any, source: Any, skip: frozenset[str]) -> None:
    """Copy the source's fields into the target's empty (None) scalar fields."""
    for f in fields(target):
        if f.name in skip:
            continue
        value = getattr(target, f.name)
        if value is None:
            setattr(target, f.name, getattr(source, f.name))


def _copy_job(job: Job) -> Job:
    """A copy the merge may change: new lists, new list items; strings and provenance
    entries are immutable and shared."""
    return replace(
        job,
        purpose=list(job.purpose),
        activities=[replace(a, provenance=list(a.provenance)) for a in job.activities],
        alt_titles=list(job.alt_titles),
        access_conditions=list(job.access_conditions),
        requirements=[replace(r, provenance=list(r.provenance)) for r in job.requirements],
        provenance=list(job.provenance),
    )


def _copy_competency(comp: Competency) -> Competency:
    return replace(
        comp,
        indicators=list(comp.indicators),
        details=list(comp.details),
        codes=list(comp.codes),
        provenance=list(comp.provenance),
    )


def merge_activities(first: list[Activity], second: Iterable[Activity]) -> list[Activity]:
    out = list(first)
    index = {(a.label, a.domain): a for a in out}
    for original in second:
        act = replace(original, provenance=list(original.provenance))
        found = index.get((act.label, act.domain))
        if found is None:
            out.append(act)
            index[(act.label, act.domain)] = act
        else:
            found.provenance = _provenance(found.provenance, act.provenance)
    return out


def merge_requirements(
    first: list[Requirement], second: Iterable[Requirement]
) -> list[Requirement]:
    out = list(first)
    index = {r.competency: r for r in out}
    for original in second:
        req = replace(original, provenance=list(original.provenance))
        found = index.get(req.competency)
        if found is None:
            out.append(req)
            index[req.competency] = req
        else:
            if found.level is None:
                found.level = req.level
            found.details = unite_details(found.details, req.details)
            found.provenance = _provenance(found.provenance, req.provenance)
    return out


_JOB_LISTS = frozenset(
    {"purpose", "activities", "alt_titles", "access_conditions", "requirements", "provenance"}
)


def merge_job(first: Job, second: Job) -> Job:
    """One job described by two parts. A sheet beats a bare evolution target."""
    if second.has_sheet and not first.has_sheet:
        base, other = _copy_job(second), first
    else:
        base, other = first, second
    _fill_scalars(base, other, _JOB_LISTS | {"has_sheet", "key"})
    base.purpose = _union(base.purpose, other.purpose)
    base.alt_titles = _union(base.alt_titles, other.alt_titles)
    base.access_conditions = _union(base.access_conditions, other.access_conditions)
    base.activities = merge_activities(base.activities, other.activities)
    base.requirements = merge_requirements(base.requirements, other.requirements)
    base.provenance = _provenance(base.provenance, other.provenance)
    base.has_sheet = base.has_sheet or other.has_sheet
    return base


def merge_competency(first: Competency, second: Competency) -> Competency:
    _fill_scalars(
        first, second, frozenset({"key", "kind", "indicators", "details", "codes", "provenance"})
    )
    first.indicators = _union(first.indicators, second.indicators)
    first.details = _union(first.details, second.details)
    first.codes = _union(first.codes, second.codes)
    first.provenance = _provenance(first.provenance, second.provenance)
    return first


def merge_parts(name: str, parts: Sequence[Referential]) -> Referential:
    """The referential made of ``parts`` in order; the parts themselves are not modified."""
    out = Referential(name=name)
    mobility_index: dict[tuple[str, str, str], Mobility] = {}
    notes_seen: dict[tuple[str, str], Note] = {}
    for part in parts:
        out.organisation = out.organisation or part.organisation
        out.description = out.description or part.description
        out.version = max(out.version, part.version)
        out.documents.update(part.documents)  # SourceDocument is frozen: shared
        for key, job in part.jobs.items():
            out.jobs[key] = merge_job(out.jobs[key], job) if key in out.jobs else _copy_job(job)
        for key, comp in part.competencies.items():
            known = out.competencies.get(key)
            out.competencies[key] = (
                merge_competency(known, comp) if known else _copy_competency(comp)
            )
        for mob in part.mobilities:
            found = mobility_index.get(mob.identity)
            if found is None:
                mobility_index[mob.identity] = replace(mob, provenance=list(mob.provenance))
                out.mobilities.append(mobility_index[mob.identity])
            else:
                found.provenance = _provenance(found.provenance, mob.provenance)
        for key, cert in part.certifications.items():
            if key in out.certifications:
                kept = out.certifications[key]
                kept.provenance = _provenance(kept.provenance, cert.provenance)
            else:
                out.certifications[key] = copy.deepcopy(cert)
        for key, training in part.trainings.items():
            if key not in out.trainings:
                out.trainings[key] = copy.deepcopy(training)
        known_matrices = {m.key for m in out.matrices}
        out.matrices.extend(copy.deepcopy(m) for m in part.matrices if m.key not in known_matrices)
        for note in part.notes:
            seen = notes_seen.get((note.title, note.text))
            if seen is None:  # the same note in two documents cites both
                notes_seen[(note.title, note.text)] = copy.deepcopy(note)
                out.notes.append(notes_seen[(note.title, note.text)])
            else:
                seen.provenance = _provenance(seen.provenance, note.provenance)
    return out
