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
    Subject,
    judges,
    manages,
    require_manage_team,
    require_read_person,
)
from parcours.domain.competency import Competency, CompetencyKind
from parcours.domain.errors import ConflictError, NotFoundError
from parcours.domain.french import count, day
from parcours.domain.people import (
    MAX_OFFSET,
    MAX_PAGE,
    SOURCE_LABELS,
    Assessment,
    PeopleError,
    Person,
    Source,
    current_levels,
)
from parcours.domain.profile import Profile, ProfileEntry
from parcours.domain.referential import Referential
from parcours.domain.scales import Scale, rate, scale_for
from parcours.services.access import audit, load_person, subject_of
from parcours.services.ports import UnitOfWork, UowFactory


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
    indicators: tuple[str, ...] = ()  # the "Je ..." sentences a savoir-être is rated on


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
                indicators=tuple(comp.indicators) if comp else (),
            )
        )
    return PersonProfile(person=person, job_title=job.title if job else None, lines=lines)


def person_profile(uow_factory: UowFactory, actor: Principal, person_id: str) -> PersonProfile:
    """A person's profile (access-checked, audited): ``person_view`` without the rating rights."""
    return person_view(uow_factory, actor, person_id).profile


def _check_source(actor: Principal, uow: UnitOfWork, person: Person, source: Source) -> None:
    subject = subject_of(uow, person)
    if source not in allowed_sources(actor, subject):
        raise AccessDenied(
            f"accès refusé : vous ne pouvez pas enregistrer une évaluation « {source.value} » "
            "pour cette personne"
        )
    if source is Source.JURY and not actor.is_hr:
        # A jury member rates as a jury only while a session they sit on, where the person is
        # a candidate, is open: a closed jury's records do not change any more.
        shared = sorted(actor.juries & subject.juries)
        sessions = [uow.juries.get_jury(j) for j in shared]
        if not any(j is not None and not j.closed for j in sessions):
            raise ConflictError(
                "jury clos : une évaluation « jury » ne s'enregistre que pendant une session "
                "ouverte où cette personne est candidate"
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
        audit(
            uow,
            actor,
            "write",
            person.id,
            f"évaluation ({SOURCE_LABELS[source]}) : {comp.key} = {level}",
        )
        uow.commit()
    return assessment


# --- listing, viewing, rating (issue 5, point 1) -------------------------------------------


@dataclass(frozen=True, slots=True)
class PeoplePage:
    """One page of the people an actor may see, with the total before paging."""

    items: list[Person]
    total: int
    offset: int
    limit: int


def list_people(
    uow_factory: UowFactory,
    actor: Principal,
    *,
    team: str | None = None,
    job: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> PeoplePage:
    """The people the actor may see, filtered by team and job, paginated (by pseudonym).

    HR sees everyone; a manager the people of their teams, and themselves; anyone else only
    themselves. Asking for a team one does not manage is refused rather than answered empty.
    """
    if not 0 <= offset <= MAX_OFFSET or not 1 <= limit <= MAX_PAGE:
        raise PeopleError(
            f"pagination invalide : début de 0 à {MAX_OFFSET}, taille de 1 à {MAX_PAGE}"
        )
    with uow_factory() as uow:
        if team is not None:
            require_manage_team(actor, team)
        if actor.is_hr:
            teams = [team] if team is not None else None
            people = uow.people.list_people(teams=teams, job=job, limit=limit, offset=offset)
            total = uow.people.count_people(teams=teams, job=job)
        else:
            # A manager's teams are small: loaded whole, then filtered and paged here.
            managed = [team] if team is not None else sorted(actor.teams)
            everyone = uow.people.list_people(teams=managed) if managed else []
            own = _own(uow, actor)
            if team is None and own is not None and all(p.id != own.id for p in everyone):
                everyone = sorted([own, *everyone], key=lambda p: p.id)
            if job is not None:
                everyone = [p for p in everyone if p.job == job]
            total = len(everyone)
            people = everyone[offset : offset + limit]
        audit(
            uow,
            actor,
            "read",
            None,
            f"liste de {len(people)} sur {count(total, 'personne', 'personnes')}",
        )
        uow.commit()
    return PeoplePage(items=people, total=total, offset=offset, limit=limit)


def _own(uow: UnitOfWork, actor: Principal) -> Person | None:
    if actor.person is None:
        return None
    own = uow.people.get_person(actor.person)
    return own if own is not None and not own.erased else None


@dataclass(frozen=True, slots=True)
class PersonView:
    """A profile and what the actor may do on it: the sources they may rate with."""

    profile: PersonProfile
    sources: tuple[Source, ...]
    is_self: bool
    is_manager: bool


def allowed_sources(actor: Principal, subject: Subject) -> tuple[Source, ...]:
    """The sources the actor may record an assessment with for this person (see
    ``record_assessment``): self for the person, manager for their manager (and HR), jury for
    a member of one of their juries (and HR), import for HR."""
    allowed = {
        Source.SELF: actor.person == subject.person,
        Source.MANAGER: manages(actor, subject) or actor.is_hr,
        Source.JURY: judges(actor, subject) or actor.is_hr,
        Source.IMPORT: actor.is_hr,
    }
    return tuple(s for s in Source if allowed[s])


def person_view(uow_factory: UowFactory, actor: Principal, person_id: str) -> PersonView:
    """A person's profile, with the sources the actor may rate with (access-checked, audited)."""
    with uow_factory() as uow:
        person = load_person(uow, person_id)
        subject = subject_of(uow, person)
        require_read_person(actor, subject)
        history = uow.people.assessments_of(person.id)
        profile = build_profile(person, _referential(uow, person), history)
        audit(uow, actor, "read", person.id, "profil")
        uow.commit()
    return PersonView(
        profile=profile,
        sources=allowed_sources(actor, subject),
        is_self=actor.person == person.id,
        is_manager=manages(actor, subject),
    )


def assessment_history(
    uow_factory: UowFactory,
    actor: Principal,
    person_id: str,
    competency: str | None = None,
) -> list[Assessment]:
    """Every assessment of a person (oldest first), or of one of their competencies."""
    with uow_factory() as uow:
        person = load_person(uow, person_id)
        require_read_person(actor, subject_of(uow, person))
        history = uow.people.assessments_of(person.id)
        if competency is not None:
            history = [a for a in history if a.competency == competency]
        detail = "historique" + (f" : {competency}" if competency else "")
        audit(uow, actor, "read", person.id, detail)
        uow.commit()
    return history


def measure_for(
    kind: CompetencyKind,
    *,
    score: float | None = None,
    anchor: int | None = None,
    frequencies: Sequence[int] | None = None,
    indicators: int = 0,
) -> float | Sequence[int]:
    """The one measure that fits a competency's kind, or a clear refusal: a savoir takes a
    questionnaire share (0 to 1), a savoir-faire a performance anchor (1 to 4), a savoir-être
    one frequency (0 to 4) per indicator (as many as the competency has, when it lists some)."""
    given = [name for name, v in (("score", score), ("anchor", anchor)) if v is not None]
    if frequencies:
        given.append("frequencies")
    expected = {
        CompetencyKind.SAVOIR: "score",
        CompetencyKind.SAVOIR_FAIRE: "anchor",
        CompetencyKind.SAVOIR_ETRE: "frequencies",
    }[kind]
    wording = {
        "score": "un score de questionnaire (0 à 1, soit 0 à 100 %)",
        "anchor": "un repère de performance (1 à 4)",
        "frequencies": "une fréquence (0 à 4) par indicateur « Je … »",
    }
    if given != [expected]:
        raise PeopleError(f"un {kind.value} se note par {wording[expected]}, et par cela seul")
    if kind is CompetencyKind.SAVOIR:
        assert score is not None
        return float(score)
    if kind is CompetencyKind.SAVOIR_FAIRE:
        assert anchor is not None
        return int(anchor)
    values = list(frequencies or [])
    if indicators and len(values) != indicators:
        raise PeopleError(
            f"{count(len(values), 'fréquence donnée', 'fréquences données')} pour "
            f"{count(indicators, 'indicateur', 'indicateurs')} : "
            "une fréquence par indicateur « Je … »"
        )
    return values


def assess(
    uow_factory: UowFactory,
    actor: Principal,
    person_id: str,
    competency: str,
    *,
    source: Source,
    score: float | None = None,
    anchor: int | None = None,
    frequencies: Sequence[int] | None = None,
    assessed_on: date | None = None,
    evidence: str | None = None,
    campaign: int | None = None,
) -> Assessment:
    """Rate a competency with the measure of its kind (see ``measure_for``), then record it
    (``record_assessment``: access-checked, audited, added to the history)."""
    if assessed_on is not None and assessed_on > date.today():
        raise PeopleError(f"date d'évaluation dans le futur : {day(assessed_on)}")
    if evidence is not None and len(evidence) > MAX_EVIDENCE:
        raise PeopleError(f"élément de preuve trop long (plus de {MAX_EVIDENCE} caractères)")
    with uow_factory() as uow:
        person = load_person(uow, person_id)
        # Checked before anything is said about the competency: no probing of someone else.
        _check_source(actor, uow, person, source)
        referential = _referential(uow, person)
        if referential is None:
            raise PeopleError("la personne n'est rattachée à aucun référentiel")
        comp = referential.competencies.get(competency)
        if comp is None:
            raise NotFoundError(f"compétence inconnue dans « {referential.name} » : {competency}")
    measure = measure_for(
        comp.kind,
        score=score,
        anchor=anchor,
        frequencies=frequencies,
        indicators=len(comp.indicators),
    )
    return record_assessment(
        uow_factory,
        actor,
        person_id,
        competency,
        measure,
        source=source,
        assessed_on=assessed_on,
        evidence=evidence,
        campaign=campaign,
    )


MAX_EVIDENCE = 4000


def scales() -> list[Scale]:
    """The three rating scales, one per kind of competency (public: no personal data)."""
    return [scale_for(kind) for kind in CompetencyKind]
