"""People use cases: see a person, their profile and its history, rate a competency.

Each function takes the acting principal, checks it (``domain.access``) and leaves an audit event
(``services.access.audit``) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from parcours.domain.access import (
    AccessDenied,
    Principal,
    judges,
    manages,
    require_read_person,
)
from parcours.domain.competency import Competency, CompetencyKind
from parcours.domain.errors import NotFoundError
from parcours.domain.people import Assessment, PeopleError, Person, Source, current_levels
from parcours.domain.profile import Profile, ProfileEntry
from parcours.domain.referential import Referential
from parcours.domain.scales import Scale, rate, scale_for
from parcours.services.access import audit, load_person, subject_of
from parcours.services.catalogue import UowFactory
from parcours.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class ProfileLine:
    """One competency of a person: what the job expects, what counts now, each source's latest."""

    competency: str
    label: str
    kind: CompetencyKind | None
    scale: Scale | None
    expected: int | None  # the level the person's job expects, None when not required
    current: Assessment | None
    latest: dict[Source, Assessment]
    history: tuple[Assessment, ...]


@dataclass(frozen=True, slots=True)
class PersonProfile:
    person: Person
    job_title: str | None
    lines: list[ProfileLine] = field(default_factory=list)

    def as_profile(self) -> Profile:
        """The engine's profile: the level that counts now for each assessed competency."""
        entries = {
            line.competency: ProfileEntry(
                line.competency,
                line.current.level,
                line.current.source.value,
                line.current.assessed_on,
            )
            for line in self.lines
            if line.current is not None
        }
        return Profile(person=self.person.id, entries=entries, job=self.person.job)


def _referential(uow: UnitOfWork, person: Person) -> Referential | None:
    if person.referential is None:
        return None
    return uow.referentials.get(person.referential)


def build_profile(
    person: Person, referential: Referential | None, history: Sequence[Assessment]
) -> PersonProfile:
    """The profile view from the person's assessments (pure: no store, no check)."""
    competencies: dict[str, Competency] = referential.competencies if referential else {}
    job = referential.jobs.get(person.job) if referential and person.job else None
    expected: dict[str, int | None] = (
        {r.competency: r.level for r in job.requirements} if job is not None else {}
    )
    by_competency: dict[str, list[Assessment]] = {}
    for a in history:
        by_competency.setdefault(a.competency, []).append(a)
    current = current_levels(history)
    keys = list(expected) + [k for k in by_competency if k not in expected]
    lines = []
    for key in keys:
        comp = competencies.get(key)
        items = by_competency.get(key, [])
        latest: dict[Source, Assessment] = {}
        for a in items:  # oldest first: the last one of each source stays
            latest[a.source] = a
        lines.append(
            ProfileLine(
                competency=key,
                label=comp.label if comp else key,
                kind=comp.kind if comp else None,
                scale=scale_for(comp.kind) if comp else None,
                expected=expected.get(key),
                current=current.get(key),
                latest=latest,
                history=tuple(items),
            )
        )
    return PersonProfile(person=person, job_title=job.title if job else None, lines=lines)


def visible_people(uow_factory: UowFactory, actor: Principal) -> list[Person]:
    """The people the actor may see: everyone for HR, their teams for a manager, themselves."""
    with uow_factory() as uow:
        if actor.is_hr:
            people = uow.people.list_people()
        else:
            people = uow.people.list_people(teams=sorted(actor.teams)) if actor.teams else []
            if actor.person and all(p.id != actor.person for p in people):
                own = uow.people.get_person(actor.person)
                people = ([own] if own and not own.erased else []) + people
        audit(uow, actor, "read", None, f"liste de {len(people)} personne(s)")
        uow.commit()
    return people


def person_profile(uow_factory: UowFactory, actor: Principal, person_id: str) -> PersonProfile:
    with uow_factory() as uow:
        person = load_person(uow, person_id)
        require_read_person(actor, subject_of(uow, person))
        history = uow.people.assessments_of(person.id)
        profile = build_profile(person, _referential(uow, person), history)
        audit(uow, actor, "read", person.id, "profil")
        uow.commit()
    return profile


def _check_source(actor: Principal, uow: UnitOfWork, person: Person, source: Source) -> None:
    subject = subject_of(uow, person)
    allowed = {
        Source.SELF: actor.person == person.id,
        Source.MANAGER: manages(actor, subject) or actor.is_hr,
        Source.JURY: judges(actor, subject) or actor.is_hr,
        Source.IMPORT: actor.is_hr,
    }[source]
    if not allowed:
        raise AccessDenied(
            f"accès refusé : vous ne pouvez pas enregistrer une évaluation « {source.value} » "
            "pour cette personne"
        )


def rate_competency(
    referential: Referential | None,
    competency: str,
    measure: float | Sequence[int],
) -> tuple[Competency, int, float | None]:
    """The competency and the level a measure gives on its kind's scale."""
    if referential is None:
        raise PeopleError("la personne n'est rattachée à aucun référentiel")
    comp = referential.competencies.get(competency)
    if comp is None:
        raise NotFoundError(f"compétence inconnue dans « {referential.name} » : {competency}")
    level, raw = rate(comp.kind, measure)
    return comp, level, raw


def record_assessment(
    uow_factory: UowFactory,
    actor: Principal,
    person_id: str,
    competency: str,
    measure: float | Sequence[int],
    *,
    source: Source,
    assessed_on: date | None = None,
    evidence: str | None = None,
    campaign: int | None = None,
) -> Assessment:
    """Rate one competency of a person on the scale of its kind; kept in the history."""
    with uow_factory() as uow:
        person = load_person(uow, person_id)
        _check_source(actor, uow, person, source)
        comp, level, raw = rate_competency(_referential(uow, person), competency, measure)
        assessment = Assessment(
            person=person.id,
            competency=comp.key,
            level=level,
            source=source,
            assessed_on=assessed_on or date.today(),
            scale=scale_for(comp.kind).code,
            raw=raw,
            assessor=actor.account,
            evidence=(evidence or "").strip() or None,
            campaign=campaign,
        )
        uow.people.add_assessments([assessment])
        audit(uow, actor, "write", person.id, f"évaluation {source.value} : {comp.key} = {level}")
        uow.commit()
    return assessment
