"""What the job sheet shows beyond the job's facts, at the standard of the France Travail and ESCO
job pages: its codes (its own, ROME, ESCO), a short list of "métiers proches / envisageables"
each with its reason, the declared moves grouped by filière and grade (folded), and the
certifications and trainings that lead to it. Built from the services' answers only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parcours.domain.errors import ParcoursError
from parcours.domain.job import Job
from parcours.domain.mobility import Mobility
from parcours.domain.referential import Referential
from parcours.engine.recommend import MOVE_TYPE_LABELS, Recommendation
from parcours.services import mobility
from parcours.services.catalogue import JobSheet
from parcours.services.crosswalks import Crosswalk
from parcours.services.ports import UowFactory

NEAR = 8  # métiers proches shown (5 to 10)
NO_FILIERE = "Filière non précisée"
NO_GRADE = "grade non précisé"


@dataclass(frozen=True, slots=True)
class Code:
    scheme: str  # "Code", "ROME", "ESCO"
    value: str
    href: str | None = None
    proposed: bool = False  # from a link not yet accepted


@dataclass(frozen=True, slots=True)
class NearJob:
    key: str
    title: str
    grade: str | None
    referential: str | None
    declared: bool
    kind: str | None  # "progression (évolution)" or "latérale (proche)"
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MoveGroup:
    filiere: str
    grades: tuple[tuple[str, tuple[tuple[Mobility, Job], ...]], ...]

    @property
    def count(self) -> int:
        return sum(len(moves) for _, moves in self.grades)


def codes(job: Job, crosswalks: Sequence[Crosswalk]) -> list[Code]:
    """The job's own code, then the ROME codes and ESCO URIs of its links (accepted ones, or
    the best proposals marked as such when none is accepted)."""
    found = [Code("Code", job.code)] if job.code else []
    for scheme in ("ROME", "ESCO"):
        mine = [c for c in crosswalks if _scheme(c) == scheme]
        accepted = [c for c in mine if c.accepted]
        for c in (accepted or mine[:1])[:3]:
            value = c.code or c.uri or c.title
            found.append(Code(scheme, f"{value} — {c.title}", c.uri, not c.accepted))
    return found


def _scheme(c: Crosswalk) -> str | None:
    if c.uri and "esco" in c.uri.lower():
        return "ESCO"
    if "rome" in c.referential.lower() or (
        c.code and len(c.code) == 5 and c.code[0].isalpha() and c.code[1:].isdigit()
    ):
        return "ROME"
    return None


def _reasons(item: Recommendation) -> tuple[str, ...]:
    r = item.reasons
    out: list[str] = []
    if item.declared:
        out.append("mobilité déclarée par le document")
    if r.same_metier:
        out.append("même métier")
    elif r.same_filiere:
        out.append("même filière")
    elif r.same_family:
        out.append("même famille")
    if r.shared_count:
        names = ", ".join(c.label for c in r.shared[:3])
        word = "compétence commune" if r.shared_count == 1 else "compétences communes"
        out.append(f"{r.shared_count} {word} ({names})")
    if r.missing_count:
        word = "compétence à acquérir" if r.missing_count == 1 else "compétences à acquérir"
        out.append(f"{r.missing_count} {word}")
    if r.grade_step:
        out.append("grade supérieur" if r.grade_step > 0 else "grade inférieur")
    return tuple(out)


def near_jobs(uow: UowFactory, sheet: JobSheet) -> list[NearJob]:
    """The best moves from the job (declared first, then computed), each with its reasons."""
    try:
        found = mobility.recommend_for_job(
            uow, job=sheet.job.key, referential=sheet.referential, k=NEAR
        )
    except ParcoursError:
        return []
    return [
        NearJob(
            key=item.target,
            title=item.title,
            grade=None,
            referential=item.referential,
            declared=item.declared,
            kind=MOVE_TYPE_LABELS.get(item.move_type) if item.move_type else None,
            reasons=_reasons(item),
        )
        for item in found.items[:NEAR]
    ]


def _grade_order(grade: str) -> tuple[int, str]:
    return (1 if grade == NO_GRADE else 0, grade)


def _grade_class(grade: str | None) -> str:
    """« III.1 » -> « grade III » (the class of a grade), for moves without a filière."""
    if not grade:
        return NO_FILIERE
    return f"{NO_FILIERE}, grade {grade.split('.')[0].strip()}"


def grouped_moves(moves: Sequence[tuple[Mobility, Job]]) -> list[MoveGroup]:
    """The declared moves by filière (the largest first), then by grade; the jobs whose
    filière no document gives (named only as a move's target) by class of grade."""
    by_filiere: dict[str, dict[str, list[tuple[Mobility, Job]]]] = {}
    for move, job in moves:
        filiere = job.filiere.strip() if job.filiere else _grade_class(job.grade)
        grade = (job.grade or NO_GRADE).strip()
        by_filiere.setdefault(filiere, {}).setdefault(grade, []).append((move, job))
    groups = [
        MoveGroup(
            filiere,
            tuple(
                (grade, tuple(sorted(items, key=lambda m: m[1].title)))
                for grade, items in sorted(grades.items(), key=lambda g: _grade_order(g[0]))
            ),
        )
        for filiere, grades in by_filiere.items()
    ]
    return sorted(groups, key=lambda g: (g.filiere.startswith(NO_FILIERE), g.filiere))


def certifications(crosswalks: Sequence[Crosswalk], referential: Referential) -> list[str]:
    """Titles of the certifications that prepare for the job: those of its links, and the
    referential's own certifications (a certification referential prepares for its job)."""
    titles = [c.certification.title for c in crosswalks if c.certification is not None]
    if len(referential.jobs) == 1:
        titles += [c.title for c in referential.certifications.values()]
    return list(dict.fromkeys(titles))
