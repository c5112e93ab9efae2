"""What publishing a draft would change, told the way HR reads a referential: by job, with
labels rather than keys, and the line of the document each change comes from.

``domain.diff`` names the added, removed and changed entities by their keys (folded labels,
"a→b→within_metier" for a move); this module turns a diff back into the labels of the two
referentials it compares: one group per job (the job itself, its required competencies, the
moves that leave it), then one group per other kind of fact. The words are French and kept as
codes here (``what``, ``sign``, ``fields``); the page translates them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from parcours.domain.diff import ReferentialDiff, _content
from parcours.domain.job import Job
from parcours.domain.provenance import Provenance, SourceDocument
from parcours.domain.referential import Referential
from parcours.engine.casing import display

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"

# A job's fields as the page names them when they change.
JOB_FIELDS = {
    "title": "intitulé",
    "grade": "grade",
    "code": "code",
    "classification": "classification",
    "level": "niveau",
    "family": "famille",
    "filiere": "filière",
    "metier": "métier",
    "purpose": "raison d'être",
    "activities": "missions et activités",
    "alt_titles": "intitulés proches",
    "access_conditions": "conditions d'accès",
    "reporting_line": "rattachement",
    "workplace": "lieu d'exercice",
    "headcount": "effectif",
    "employer": "employeur",
    "environment": "environnement",
    "url": "fiche d'origine",
    "has_sheet": "fiche",
    "requirements": "compétences requises",
}
LONGEST = 160  # a label longer than this is cut (an RNCP criterion can run to forty words)


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """One change: ``sign`` added / removed / changed; ``what`` the kind of fact (job,
    requirement, mobility, competency, certification, training, matrix, note, document);
    ``label`` what it is called; ``detail`` a code the page translates (a move's kind, a
    requirement's importance); ``fields`` the fields that changed; ``source`` the document
    and its lines."""

    sign: str
    what: str
    label: str
    detail: str | None = None
    fields: tuple[str, ...] = ()
    source: str | None = None


@dataclass(slots=True)
class ChangeGroup:
    """The changes of one job (``job`` its key), or of one other kind of fact (``job`` None,
    ``title`` the section's code: competencies, certifications…)."""

    title: str
    job: str | None = None
    grade: str | None = None
    lines: list[ChangeLine] = field(default_factory=list)

    def count(self, sign: str) -> int:
        return sum(1 for line in self.lines if line.sign == sign)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LONGEST else text[: LONGEST - 1].rstrip() + "…"


def source_of(provenance: Iterable[Provenance], documents: dict[str, SourceDocument]) -> str | None:
    """ "000_ce38….txt, l. 5": the first document a fact comes from, with its position."""
    for prov in provenance:
        doc = documents.get(prov.document)
        name = doc.filename if doc else prov.document[:12]
        where = str(prov.position)
        return name if where == "?" else f"{name}, {where}"
    return None


def _documents(*refs: Referential | None) -> dict[str, SourceDocument]:
    return {d.sha256: d for ref in refs if ref for d in ref.documents.values()}


def _job_title(key: str, *refs: Referential) -> tuple[str, str | None]:
    for ref in refs:
        job = ref.jobs.get(key)
        if job is not None:
            return display(job.title), job.grade
    return key, None


def _changed_fields(old: Job, new: Job) -> tuple[str, ...]:
    before: dict[str, Any] = _content(old)
    after: dict[str, Any] = _content(new)
    return tuple(
        JOB_FIELDS.get(name, name) for name in after if before.get(name) != after.get(name)
    )


def _competency_label(key: str, *refs: Referential) -> str:
    for ref in refs:
        comp = ref.competencies.get(key)
        if comp is not None:
            return _short(comp.label)
    return key


def readable_changes(
    before: Referential | None, after: Referential, diff: ReferentialDiff
) -> list[ChangeGroup]:
    """The diff from ``before`` (None: a new referential) to ``after``, by job then by kind."""
    old = before or Referential(name=after.name)
    docs = _documents(old, after)
    jobs: dict[str, ChangeGroup] = {}

    def group(key: str) -> ChangeGroup:
        if key not in jobs:
            title, grade = _job_title(key, after, old)
            jobs[key] = ChangeGroup(title=title, job=key, grade=grade)
        return jobs[key]

    for key in diff.jobs.added:
        job = after.jobs[key]
        detail = None if job.has_sheet else "without_sheet"
        group(key).lines.append(
            ChangeLine(
                ADDED, "job", display(job.title), detail, (), source_of(job.provenance, docs)
            )
        )
    for key in diff.jobs.removed:
        job = old.jobs[key]
        group(key).lines.append(
            ChangeLine(
                REMOVED, "job", display(job.title), None, (), source_of(job.provenance, docs)
            )
        )
    for key in diff.jobs.changed:
        before_job, after_job = old.jobs[key], after.jobs[key]
        target = group(key)
        target.lines.append(
            ChangeLine(
                CHANGED,
                "job",
                display(after_job.title),
                None,
                _changed_fields(before_job, after_job),
                source_of(after_job.provenance, docs),
            )
        )
        was = {r.competency: r for r in before_job.requirements}
        now = {r.competency: r for r in after_job.requirements}
        for comp, req in now.items():
            if comp not in was:
                target.lines.append(
                    ChangeLine(
                        ADDED,
                        "requirement",
                        _competency_label(comp, after, old),
                        req.importance.value,
                        (),
                        source_of(req.provenance, docs),
                    )
                )
        for comp, req in was.items():
            if comp not in now:
                target.lines.append(
                    ChangeLine(
                        REMOVED,
                        "requirement",
                        _competency_label(comp, old, after),
                        req.importance.value,
                        (),
                        source_of(req.provenance, docs),
                    )
                )

    moves_after = {"→".join(m.identity): m for m in after.mobilities}
    moves_before = {"→".join(m.identity): m for m in old.mobilities}
    for sign, keys, moves in (
        (ADDED, diff.mobilities.added, moves_after),
        (REMOVED, diff.mobilities.removed, moves_before),
        (CHANGED, diff.mobilities.changed, moves_after),
    ):
        for key in keys:
            move = moves[key]
            title, grade = _job_title(move.target, after, old)
            label = f"{title} {grade}" if grade else title
            group(move.source).lines.append(
                ChangeLine(
                    sign, "mobility", label, move.kind.value, (), source_of(move.provenance, docs)
                )
            )

    # Jobs with a sheet or several changes first; jobs only named as an evolution after them.
    out = sorted(
        jobs.values(),
        key=lambda g: (
            len(g.lines) == 1 and g.lines[0].detail == "without_sheet",
            g.title.casefold(),
            g.grade or "",
        ),
    )
    out.extend(_others(old, after, diff, docs))
    return out


def _others(
    old: Referential, new: Referential, diff: ReferentialDiff, docs: dict[str, SourceDocument]
) -> list[ChangeGroup]:
    """The competencies, certifications, trainings, matrices, notes and documents."""
    groups: list[ChangeGroup] = []

    def lines(what: str, entity: Any, label: str, sign: str) -> ChangeLine:
        return ChangeLine(sign, what, _short(label), None, (), source_of(entity.provenance, docs))

    competencies = ChangeGroup(title="competencies")
    for sign, keys, ref in (
        (ADDED, diff.competencies.added, new),
        (REMOVED, diff.competencies.removed, old),
        (CHANGED, diff.competencies.changed, new),
    ):
        for key in keys:
            comp = ref.competencies[key]
            line = lines("competency", comp, comp.label, sign)
            competencies.lines.append(
                ChangeLine(line.sign, line.what, line.label, comp.kind.value, (), line.source)
            )
    certifications = ChangeGroup(title="certifications")
    for sign, keys, ref in (
        (ADDED, diff.certifications.added, new),
        (REMOVED, diff.certifications.removed, old),
        (CHANGED, diff.certifications.changed, new),
    ):
        for key in keys:
            cert = ref.certifications[key]
            certifications.lines.append(lines("certification", cert, cert.title, sign))
    trainings = ChangeGroup(title="trainings")
    for sign, keys, ref in (
        (ADDED, diff.trainings.added, new),
        (REMOVED, diff.trainings.removed, old),
        (CHANGED, diff.trainings.changed, new),
    ):
        for key in keys:
            training = ref.trainings[key]
            trainings.lines.append(lines("training", training, training.title, sign))
    matrices = ChangeGroup(title="matrices")
    by_key = {
        ADDED: {m.key: m for m in new.matrices},
        REMOVED: {m.key: m for m in old.matrices},
        CHANGED: {m.key: m for m in new.matrices},
    }
    for sign, keys in (
        (ADDED, diff.matrices.added),
        (REMOVED, diff.matrices.removed),
        (CHANGED, diff.matrices.changed),
    ):
        for key in keys:
            matrix = by_key[sign][key]
            matrices.lines.append(lines("matrix", matrix, matrix.title, sign))
    notes = ChangeGroup(title="notes")
    notes_by_key = {
        ADDED: {n.title + "\n" + n.text: n for n in new.notes},
        REMOVED: {n.title + "\n" + n.text: n for n in old.notes},
    }
    for sign, keys in ((ADDED, diff.notes.added), (REMOVED, diff.notes.removed)):
        for key in keys:
            note = notes_by_key[sign][key]
            notes.lines.append(lines("note", note, note.title or note.text, sign))
    documents = ChangeGroup(title="documents")
    for slot in diff.documents.added:
        documents.lines.append(ChangeLine(ADDED, "document", new.documents[slot].filename))
    for slot in diff.documents.removed:
        documents.lines.append(ChangeLine(REMOVED, "document", old.documents[slot].filename))
    for g in (competencies, certifications, trainings, matrices, notes, documents):
        if g.lines:
            groups.append(g)
    return groups
