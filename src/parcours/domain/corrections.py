"""HR's corrections: an editorial layer over what the documents say.

A correction names a fact by what survives a re-import of the same document (the job's key,
the competency's key, the pair for a requirement; for a detail, the detail's text as the
document gave it), one field and the value HR wants. Corrections are never deleted: a
withdrawn one stays, with who withdrew it and when. After the parts of a referential are
merged, ``apply`` lays the active corrections over the result; a correction whose fact is no
longer there is returned apart, to be reported, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from parcours.domain.competency import CompetencyKind, Importance
from parcours.domain.errors import ParcoursError
from parcours.domain.referential import Referential


class FactKind(StrEnum):
    JOB = "job"
    COMPETENCY = "competency"
    REQUIREMENT = "requirement"


class CorrectedField(StrEnum):
    TITLE = "title"  # a job's title
    KIND = "kind"  # a competency's kind (savoir, savoir-faire, savoir-etre)
    IMPORTANCE = "importance"  # a requirement's importance
    DETAIL = "detail"  # one detail of a requirement (empty value: the detail is removed)


FIELDS: dict[FactKind, frozenset[CorrectedField]] = {
    FactKind.JOB: frozenset({CorrectedField.TITLE}),
    FactKind.COMPETENCY: frozenset({CorrectedField.KIND}),
    FactKind.REQUIREMENT: frozenset({CorrectedField.IMPORTANCE, CorrectedField.DETAIL}),
}

MAX_VALUE = 2000


class CorrectionError(ParcoursError):
    """A correction that cannot be made as asked (the message says why, in French)."""


@dataclass(frozen=True, slots=True)
class Correction:
    """HR's value for one field of one fact of a referential.

    ``competency`` names the competency of a requirement (``key`` is then the job's key);
    ``original`` is the document's value when the correction was made (for a detail, the
    detail it replaces: it says which one). ``withdrawn_at``/``withdrawn_by``: the correction
    no longer applies, and who decided it.
    """

    referential: str
    fact: FactKind
    key: str
    field: CorrectedField
    value: str
    competency: str | None = None
    original: str | None = None
    author: str = ""
    at: datetime | None = None
    id: int | None = None
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def fact_id(self) -> tuple[FactKind, str, str | None]:
        """The fact corrected: (kind, key, competency)."""
        return (self.fact, self.key, self.competency)

    @property
    def target(self) -> tuple[FactKind, str, str | None, CorrectedField, str | None]:
        """What the correction replaces: the latest active correction of a target wins."""
        original = None
        if self.field is CorrectedField.DETAIL:
            original = (self.original or "").strip().casefold()
        return (*self.fact_id, self.field, original)


def check(correction: Correction) -> None:
    """Refuse a correction whose field does not belong to its fact or whose value is not one
    of the field's values (``CorrectionError``, in French)."""
    if correction.field not in FIELDS[correction.fact]:
        raise CorrectionError(
            f"champ « {correction.field.value} » impossible à corriger sur un fait "
            f"« {correction.fact.value} »"
        )
    if (correction.fact is FactKind.REQUIREMENT) != (correction.competency is not None):
        raise CorrectionError("une exigence se désigne par le poste ET la compétence")
    if not correction.key.strip():
        raise CorrectionError("fait à corriger non désigné")
    value = correction.value.strip()
    if len(value) > MAX_VALUE:
        raise CorrectionError(f"valeur trop longue (au plus {MAX_VALUE} caractères)")
    if correction.field is CorrectedField.TITLE and not value:
        raise CorrectionError("un intitulé ne peut pas être vide")
    if correction.field is CorrectedField.KIND and value not in CompetencyKind._value2member_map_:
        raise CorrectionError(
            f"type de compétence inconnu : « {value} » (savoir, savoir-faire, savoir-etre)"
        )
    if correction.field is CorrectedField.IMPORTANCE and value not in Importance._value2member_map_:
        raise CorrectionError(
            f"importance inconnue : « {value} » (essential, optional, indicative)"
        )
    if correction.field is CorrectedField.DETAIL and not (correction.original or "").strip():
        raise CorrectionError("le détail corrigé doit être nommé par son texte d'origine")


def effective(corrections: Iterable[Correction]) -> list[Correction]:
    """The corrections that apply: active ones, the latest of each target, oldest first."""
    latest: dict[tuple[object, ...], Correction] = {}
    for correction in corrections:
        if correction.active:
            latest.pop(correction.target, None)
            latest[correction.target] = correction
    return list(latest.values())


@dataclass(slots=True)
class Applied:
    """A referential with HR's corrections laid over it; ``unapplied``: the corrections whose
    fact is no longer there (to report)."""

    referential: Referential
    applied: list[Correction] = field(default_factory=list)
    unapplied: list[Correction] = field(default_factory=list)


def apply(referential: Referential, corrections: Iterable[Correction]) -> Applied:
    """``referential`` with the effective corrections applied (a new object: the one given is
    not changed; the facts not corrected are shared with it)."""
    chosen = effective(c for c in corrections if c.referential == referential.name)
    out = Applied(
        replace(
            referential, jobs=dict(referential.jobs), competencies=dict(referential.competencies)
        )
    )
    for correction in chosen:
        if _apply_one(out.referential, correction):
            out.applied.append(correction)
        else:
            out.unapplied.append(correction)
    return out


def _apply_one(ref: Referential, correction: Correction) -> bool:
    value = correction.value.strip()
    if correction.fact is FactKind.JOB:
        job = ref.jobs.get(correction.key)
        if job is None:
            return False
        ref.jobs[job.key] = replace(job, title=value)
        return True
    if correction.fact is FactKind.COMPETENCY:
        comp = ref.competencies.get(correction.key)
        if comp is None:
            return False
        ref.competencies[comp.key] = replace(comp, kind=CompetencyKind(value))
        return True
    job = ref.jobs.get(correction.key)
    if job is None:
        return False
    requirements = list(job.requirements)
    for index, requirement in enumerate(requirements):
        if requirement.competency != correction.competency:
            continue
        if correction.field is CorrectedField.IMPORTANCE:
            requirements[index] = replace(requirement, importance=Importance(value))
        else:
            details = _replace_detail(requirement.details, correction.original or "", value)
            if details is None:
                return False
            requirements[index] = replace(requirement, details=details)
        ref.jobs[job.key] = replace(job, requirements=requirements)
        return True
    return False


def _replace_detail(details: tuple[str, ...], original: str, value: str) -> tuple[str, ...] | None:
    """The details with ``original`` (whatever its case) replaced by ``value`` (removed when
    empty); None when no detail is ``original``."""
    wanted = original.strip().casefold()
    index = next((i for i, d in enumerate(details) if d.strip().casefold() == wanted), None)
    if index is None:
        return None
    kept = [*details[:index], *([value] if value else []), *details[index + 1 :]]
    return tuple(dict.fromkeys(kept))


def current_value(ref: Referential, correction: Correction) -> str | None:
    """The value the referential holds now for the correction's field; None when the fact is
    not there (for a detail: its text when present)."""
    if correction.fact is FactKind.JOB:
        job = ref.jobs.get(correction.key)
        return job.title if job else None
    if correction.fact is FactKind.COMPETENCY:
        comp = ref.competencies.get(correction.key)
        return comp.kind.value if comp else None
    job = ref.jobs.get(correction.key)
    requirement = next(
        (r for r in (job.requirements if job else []) if r.competency == correction.competency),
        None,
    )
    if requirement is None:
        return None
    if correction.field is CorrectedField.IMPORTANCE:
        return requirement.importance.value
    wanted = (correction.original or "").strip().casefold()
    return next((d for d in requirement.details if d.strip().casefold() == wanted), None)
