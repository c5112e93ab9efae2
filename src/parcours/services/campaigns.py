"""Assessment campaigns (the annual review): HR opens a campaign over some teams, each employee
rates themselves, each manager rates the members of their teams, both submit, and the two views
are compared competency by competency; progress is followed per team.

The ratings are ordinary assessments (source self or manager) that name the campaign, on the
competencies the person's job requires in the person's referential, each on the scale of its
kind (``domain.scales``). A side may save its ratings as often as it likes until it submits;
after that, and once HR closes the campaign, nothing changes any more (``ConflictError``).

Who may do what (checked here, so the API, the pages and the command line obey the same rules):

- HR creates and closes campaigns and sees everything;
- a manager rates the members of the teams they manage (never themselves) and sees those
  teams' progress;
- an employee fills in their own self-assessment, and sees the manager's ratings of them
  (the comparison) once the manager has submitted;
- each side sees the other's ratings only once they are submitted (HR sees drafts too).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from parcours.domain.access import AccessDenied, Principal, Role, manages, require_hr
from parcours.domain.campaigns import MAX_COMMENT as MAX_COMMENT  # for the pages and the CLI
from parcours.domain.campaigns import (
    SIDE_LABELS,
    ComparisonLine,
    campaign_terms,
    check_measure,
    compare,
    concerns,
    evidence_text,
    items_for,
    may_rate,
    side_of,
)
from parcours.domain.campaigns import CampaignItem as CampaignItem  # for the pages and the CLI
from parcours.domain.campaigns import Measure as Measure  # for the pages and the CLI
from parcours.domain.campaigns import frequencies_of as frequencies_of  # for the pages and the CLI
from parcours.domain.campaigns import parse_measure as parse_measure  # for the pages and the CLI
from parcours.domain.codec import referential_id
from parcours.domain.competency import CompetencyKind
from parcours.domain.errors import ConflictError, NotFoundError
from parcours.domain.french import count, word
from parcours.domain.people import Assessment, PeopleError, Person, Source
from parcours.services.access import audit, load_person, subject_of
from parcours.services.people import rate_competency
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.services.ports.campaigns import CLOSED, Campaign, CampaignReview

# --- views ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewView:
    """A person's review as the actor may see it: the items, the visible ratings, the comments."""

    campaign: Campaign
    person: Person
    job_title: str | None
    review: CampaignReview
    lines: list[ComparisonLine]
    can_rate_self: bool
    can_rate_manager: bool
    shows_self: bool
    shows_manager: bool

    @property
    def comparison_ready(self) -> bool:
        return self.shows_self and self.shows_manager

    @property
    def disagreements(self) -> int:
        return sum(1 for line in self.lines if line.disagreement)

    @property
    def below_expected(self) -> int:
        return sum(1 for line in self.lines if line.below_expected)

    def rating(self, line: ComparisonLine, side: Source) -> Assessment | None:
        return line.self_rating if side is Source.SELF else line.manager_rating


@dataclass(frozen=True, slots=True)
class TeamProgress:
    team: str
    name: str
    members: int
    self_submitted: int
    manager_submitted: int
    both: int

    @property
    def percent(self) -> int:
        return round(100 * self.both / self.members) if self.members else 0


@dataclass(frozen=True, slots=True)
class PersonStatus:
    person: Person
    self_submitted: bool
    manager_submitted: bool
    side: Source | None  # what the actor may fill in for this person


@dataclass(frozen=True, slots=True)
class CampaignOverview:
    campaign: Campaign
    progress: list[TeamProgress]
    people: list[PersonStatus]
    teams: list[str] = field(default_factory=list)  # the teams whose progress the actor sees

    @property
    def total(self) -> TeamProgress:
        return TeamProgress(
            team="",
            name="",
            members=sum(p.members for p in self.progress),
            self_submitted=sum(p.self_submitted for p in self.progress),
            manager_submitted=sum(p.manager_submitted for p in self.progress),
            both=sum(p.both for p in self.progress),
        )


# --- use cases ------------------------------------------------------------------------------


def _resolve_referential(uow: UnitOfWork, name: str) -> str:
    wanted = name.strip()
    for name in uow.referentials.latest_versions():
        if wanted in (name, referential_id(name)):
            return name
    raise NotFoundError(f"référentiel inconnu : {name}")


def _load(uow: UnitOfWork, campaign_id: int) -> Campaign:
    found = uow.campaigns.get(campaign_id)
    if found is None:
        raise NotFoundError(f"campagne inconnue : {campaign_id}")
    return found


def _own_team(uow: UnitOfWork, actor: Principal) -> str | None:
    if actor.person is None:
        return None
    person = uow.people.get_person(actor.person)
    return person.team if person is not None and not person.erased else None


def _teams_outside(uow: UnitOfWork, codes: Sequence[str], referential: str) -> list[str]:
    """The teams none of whose members holds a job of ``referential`` (with the referentials
    their jobs belong to): a campaign there would have nothing to rate. An empty team is not
    refused (its members may come with the next HRIS import)."""
    out = []
    for code in codes:
        members = uow.people.list_people(teams=[code])
        if members and not any(p.referential == referential for p in members):
            theirs = sorted({p.referential for p in members if p.referential})
            where = f" (ses postes relèvent de « {', '.join(theirs)} »)" if theirs else ""
            out.append(f"« {code} »{where}")
    return out


def create_campaign(
    uow_factory: UowFactory,
    actor: Principal,
    *,
    name: str,
    referential: str,
    starts_on: date,
    ends_on: date,
    teams: Sequence[str],
) -> Campaign:
    require_hr(actor, "ouvrir une campagne d'évaluation")
    title, codes = campaign_terms(name, starts_on, ends_on, teams)
    with uow_factory() as uow:
        ref_name = _resolve_referential(uow, referential)
        unknown = [code for code in codes if uow.people.get_team(code) is None]
        if unknown:
            what = word(len(unknown), "équipe inconnue", "équipes inconnues")
            raise NotFoundError(f"{what} : {', '.join(unknown)}")
        outside = _teams_outside(uow, codes, ref_name)
        if outside:
            teams_text = " ni de l'équipe ".join(outside)
            raise PeopleError(
                f"aucun poste de l'équipe {teams_text} ne relève du "
                f"référentiel « {ref_name} » : ouvrez la campagne sur le référentiel de ses postes"
            )
        campaign = Campaign(
            name=title,
            referential=ref_name,
            starts_on=starts_on,
            ends_on=ends_on,
            teams=tuple(codes),
            created_by=actor.account,
            created_at=datetime.now(UTC),
        )
        campaign = replace(campaign, id=uow.campaigns.add(campaign))
        audit(uow, actor, "write", None, f"campagne {campaign.id} ouverte : {title}")
        uow.commit()
    return campaign


def close_campaign(uow_factory: UowFactory, actor: Principal, campaign_id: int) -> Campaign:
    require_hr(actor, "clore une campagne d'évaluation")
    with uow_factory() as uow:
        campaign = _load(uow, campaign_id)
        if not campaign.is_open:
            raise ConflictError(f"la campagne « {campaign.name} » est déjà close")
        uow.campaigns.set_status(campaign_id, CLOSED)
        audit(uow, actor, "write", None, f"campagne {campaign_id} close")
        uow.commit()
    return replace(campaign, status=CLOSED)


def list_campaigns(uow_factory: UowFactory, actor: Principal) -> list[Campaign]:
    """The campaigns that concern the actor: all for HR, their teams' or their own otherwise."""
    with uow_factory() as uow:
        own_team = _own_team(uow, actor)
        return [c for c in uow.campaigns.list_campaigns() if concerns(actor, c.teams, own_team)]


def get_campaign(uow_factory: UowFactory, actor: Principal, campaign_id: int) -> Campaign:
    with uow_factory() as uow:
        campaign = _load(uow, campaign_id)
        if not concerns(actor, campaign.teams, _own_team(uow, actor)):
            raise AccessDenied("accès refusé : cette campagne ne concerne ni vous ni vos équipes")
        return campaign


def campaign_overview(
    uow_factory: UowFactory, actor: Principal, campaign_id: int, *, team: str | None = None
) -> CampaignOverview:
    """Progress per team (HR: every team; a manager: their teams) and the people the actor may
    open (HR: the people of ``team`` when given; a manager: their teams; an employee: self)."""
    with uow_factory() as uow:
        campaign = _load(uow, campaign_id)
        own_team = _own_team(uow, actor)
        if not concerns(actor, campaign.teams, own_team):
            raise AccessDenied("accès refusé : cette campagne ne concerne ni vous ni vos équipes")
        if actor.is_hr:
            teams = list(campaign.teams)
        else:
            teams = [t for t in campaign.teams if actor.has(Role.MANAGER) and t in actor.teams]
        if team is not None and team not in teams:
            if team in campaign.teams:
                raise AccessDenied("accès refusé : vous ne gérez pas cette équipe")
            raise NotFoundError(f"équipe hors de la campagne : {team}")
        reviews = {r.person: r for r in uow.campaigns.reviews(campaign_id)}
        members = uow.people.list_people(teams=teams) if teams else []
        progress = []
        for code in teams:
            info = uow.people.get_team(code)
            people = [p for p in members if p.team == code]
            done = [reviews.get(p.id) for p in people]
            progress.append(
                TeamProgress(
                    team=code,
                    name=info.name if info else code,
                    members=len(people),
                    self_submitted=sum(1 for r in done if r and r.self_submitted),
                    manager_submitted=sum(1 for r in done if r and r.manager_submitted),
                    both=sum(1 for r in done if r and r.self_submitted and r.manager_submitted),
                )
            )
        if actor.is_hr:
            shown = [p for p in members if p.team == team] if team else []
        else:
            shown = [p for p in members if team is None or p.team == team]
        if actor.person and own_team in campaign.teams and all(p.id != actor.person for p in shown):
            own = uow.people.get_person(actor.person)
            shown = ([own] if own is not None else []) + shown
        statuses = []
        for p in shown:
            r = reviews.get(p.id)
            side = next((s for s in (Source.MANAGER, Source.SELF) if may_rate(actor, p, s)), None)
            statuses.append(
                PersonStatus(
                    person=p,
                    self_submitted=bool(r and r.self_submitted),
                    manager_submitted=bool(r and r.manager_submitted),
                    side=side,
                )
            )
        audit(uow, actor, "read", None, f"campagne {campaign_id} : avancement")
        uow.commit()
    return CampaignOverview(campaign=campaign, progress=progress, people=statuses, teams=teams)


def _check_scope(campaign: Campaign, person: Person) -> None:
    if person.team not in campaign.teams:
        raise NotFoundError(
            f"cette personne n'est pas concernée par la campagne « {campaign.name} »"
        )


def _view(uow: UnitOfWork, actor: Principal, campaign: Campaign, person: Person) -> ReviewView:
    assert campaign.id is not None
    review = uow.campaigns.review(campaign.id, person.id) or CampaignReview(
        campaign=campaign.id, person=person.id
    )
    own = actor.person == person.id
    manager = manages(actor, subject_of(uow, person))
    shows_self = actor.is_hr or own or (manager and review.self_submitted)
    shows_manager = actor.is_hr or (manager and not own) or (own and review.manager_submitted)
    referential = uow.referentials.get(person.referential) if person.referential else None
    items = items_for(person, referential)
    lines = compare(
        items,
        uow.people.assessments_of(person.id),
        campaign.id,
        shows_self=shows_self,
        shows_manager=shows_manager,
    )
    job = referential.jobs.get(person.job) if referential and person.job else None
    if not shows_self:
        review = replace(review, self_comment=None)
    if not shows_manager:
        review = replace(review, manager_comment=None)
    return ReviewView(
        campaign=campaign,
        person=person,
        job_title=job.title if job else None,
        review=review,
        lines=lines,
        can_rate_self=campaign.is_open
        and not review.self_submitted
        and may_rate(actor, person, Source.SELF),
        can_rate_manager=campaign.is_open
        and not review.manager_submitted
        and may_rate(actor, person, Source.MANAGER),
        shows_self=shows_self,
        shows_manager=shows_manager,
    )


def _check_read(uow: UnitOfWork, actor: Principal, person: Person) -> None:
    if not (actor.is_hr or actor.person == person.id or manages(actor, subject_of(uow, person))):
        raise AccessDenied("accès refusé : cette personne n'est ni vous, ni dans vos équipes")


def person_review(
    uow_factory: UowFactory, actor: Principal, campaign_id: int, person_id: str
) -> ReviewView:
    with uow_factory() as uow:
        campaign = _load(uow, campaign_id)
        person = load_person(uow, person_id)
        _check_read(uow, actor, person)
        _check_scope(campaign, person)
        view = _view(uow, actor, campaign, person)
        audit(uow, actor, "read", person.id, f"campagne {campaign_id} : revue")
        uow.commit()
    return view


def rate(
    uow_factory: UowFactory,
    actor: Principal,
    campaign_id: int,
    person_id: str,
    side: str | Source,
    ratings: Mapping[str, Measure],
    *,
    comment: str | None = None,
    submit: bool = False,
    assessed_on: date | None = None,
) -> ReviewView:
    """Record one side's ratings (any subset of the items), its comment, and submit it when
    asked (then every item must be rated). All or nothing: one bad measure records none."""
    source = side_of(side)
    with uow_factory() as uow:
        campaign = _load(uow, campaign_id)
        person = load_person(uow, person_id)
        if not may_rate(actor, person, source):
            if source is Source.SELF:
                raise AccessDenied(
                    "accès refusé : seule la personne elle-même remplit son auto-évaluation"
                )
            raise AccessDenied("accès refusé : seul le manager de l'équipe évalue ses membres")
        _check_scope(campaign, person)
        if not campaign.is_open:
            raise ConflictError(f"la campagne « {campaign.name} » est close")
        assert campaign.id is not None
        review = uow.campaigns.review(campaign.id, person.id) or CampaignReview(
            campaign=campaign.id, person=person.id
        )
        submitted = review.self_submitted if source is Source.SELF else review.manager_submitted
        if submitted:
            raise ConflictError(
                f"{SIDE_LABELS[source]} déjà soumise : elle ne peut plus être modifiée"
            )
        referential = uow.referentials.get(person.referential) if person.referential else None
        items = {item.competency: item for item in items_for(person, referential)}
        if not items:
            raise PeopleError("aucune compétence à évaluer : le poste de la personne est inconnu")
        outside = [key for key in ratings if key not in items]
        if outside:
            raise PeopleError(
                f"{word(len(outside), 'compétence', 'compétences')} hors du poste de la "
                f"personne : {', '.join(sorted(outside))}"
            )
        day = assessed_on or date.today()
        new = []
        for key, measure in ratings.items():
            item = items[key]
            check_measure(item, measure)
            value: Measure = (
                int(measure)
                if isinstance(measure, float) and (item.kind is CompetencyKind.SAVOIR_FAIRE)
                else measure
            )
            comp, level, raw = rate_competency(referential, key, value)
            new.append(
                Assessment(
                    person=person.id,
                    competency=comp.key,
                    level=level,
                    source=source,
                    assessed_on=day,
                    scale=item.scale.code,
                    raw=raw,
                    assessor=actor.account,
                    evidence=evidence_text(campaign.name, item, value),
                    campaign=campaign.id,
                )
            )
        if new:
            uow.people.add_assessments(new)
        text = (comment or "").strip()[:MAX_COMMENT] or None
        now = datetime.now(UTC)
        if source is Source.SELF:
            review = replace(
                review,
                self_comment=text if comment is not None else review.self_comment,
                self_submitted_at=now if submit else None,
            )
        else:
            review = replace(
                review,
                manager_comment=text if comment is not None else review.manager_comment,
                manager_submitted_at=now if submit else None,
                manager_account=actor.account,
            )
        if submit:
            rated = {a.competency for a in new} | {
                a.competency
                for a in uow.people.assessments_of(person.id)
                if a.campaign == campaign.id and a.source is source
            }
            missing = [item.label for key, item in items.items() if key not in rated]
            if missing:
                raise PeopleError(
                    "soumission impossible : "
                    + word(len(missing), "compétence non évaluée", "compétences non évaluées")
                    + " : "
                    + ", ".join(missing)
                )
        uow.campaigns.save_review(review)
        action = " et soumission" if submit else ""
        audit(
            uow,
            actor,
            "write",
            person.id,
            f"campagne {campaign.id} : {SIDE_LABELS[source]}, "
            f"{count(len(new), 'note', 'notes')}{action}",
        )
        view = _view(uow, actor, campaign, person)
        uow.commit()
    return view


def submit(
    uow_factory: UowFactory,
    actor: Principal,
    campaign_id: int,
    person_id: str,
    side: str | Source,
    *,
    comment: str | None = None,
) -> ReviewView:
    """Submit one side: it can no longer be changed; every item must have been rated."""
    return rate(uow_factory, actor, campaign_id, person_id, side, {}, comment=comment, submit=True)


@dataclass(frozen=True, slots=True)
class CreationChoices:
    referentials: list[str]
    teams: list[tuple[str, str]]  # code, name


def creation_choices(uow_factory: UowFactory, actor: Principal) -> CreationChoices:
    """What the HR creation form offers: the referentials and the teams."""
    require_hr(actor, "ouvrir une campagne d'évaluation")
    with uow_factory() as uow:
        referentials = sorted(uow.referentials.latest_versions())
        teams = sorted((t.code, t.name) for t in uow.people.list_teams())
    return CreationChoices(referentials=referentials, teams=teams)
