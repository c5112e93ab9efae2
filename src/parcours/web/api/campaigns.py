"""JSON API of the assessment campaigns (under /api/v1/campaigns).

Every route acts as the signed-in account (session cookie plus ``X-CSRF-Token`` on unsafe
calls, or a bearer token); the services check who may do what.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from parcours.domain.people import Assessment, Source
from parcours.services import campaigns
from parcours.services.campaigns import CampaignOverview, ReviewView
from parcours.services.ports.campaigns import Campaign
from parcours.web.deps import Actor, Csrf, Uow, row_id

router = APIRouter(prefix="/api/v1", tags=["campaigns"])

CampaignId = Annotated[int, row_id("Numéro de la campagne")]
PersonId = Annotated[str, Path(min_length=1, max_length=64, description="Pseudonyme")]


class CampaignIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    referential: str = Field(min_length=1, max_length=200, description="Nom ou identifiant")
    starts_on: date
    ends_on: date
    teams: list[str] = Field(min_length=1, max_length=500)


class CampaignOut(BaseModel):
    id: int
    name: str
    referential: str
    starts_on: date
    ends_on: date
    teams: list[str]
    status: str
    created_by: str | None
    created_at: datetime | None


class TeamProgressOut(BaseModel):
    team: str
    name: str
    members: int
    self_submitted: int
    manager_submitted: int
    both: int
    percent: int


class PersonStatusOut(BaseModel):
    person: str
    display_name: str | None
    team: str | None
    self_submitted: bool
    manager_submitted: bool
    side: str | None = Field(description="Ce que le compte peut remplir : self, manager ou rien")


class CampaignDetailOut(CampaignOut):
    progress: list[TeamProgressOut]
    total: TeamProgressOut | None
    people: list[PersonStatusOut]


class CampaignRatingOut(BaseModel):
    level: int
    raw: float | None
    scale: str
    assessed_on: date
    assessor: str | None
    frequencies: list[int] | None = None


class ComparisonOut(BaseModel):
    competency: str
    label: str
    kind: str
    scale: str
    expected: int | None
    indicators: list[str]
    self: CampaignRatingOut | None
    manager: CampaignRatingOut | None
    difference: int | None
    disagreement: bool
    below_expected: bool


class ReviewOut(BaseModel):
    campaign: CampaignOut
    person: str
    display_name: str | None
    job_title: str | None
    self_submitted_at: datetime | None
    manager_submitted_at: datetime | None
    self_comment: str | None
    manager_comment: str | None
    can_rate_self: bool
    can_rate_manager: bool
    comparison_ready: bool
    disagreements: int
    below_expected: int
    competencies: list[ComparisonOut]


class RatingIn(BaseModel):
    competency: str = Field(min_length=1, max_length=200)
    measure: int | float | list[int] = Field(
        description=(
            "savoir : part de bonnes réponses (0 à 1) ; savoir-faire : repère 1 à 4 ; "
            "savoir-être : une fréquence 0 à 4 par indicateur"
        )
    )


class RatingsIn(BaseModel):
    ratings: list[RatingIn] = Field(default_factory=list, max_length=500)
    comment: str | None = Field(default=None, max_length=4000)
    submit: bool = False


class SubmitIn(BaseModel):
    side: Literal["self", "manager"]
    comment: str | None = Field(default=None, max_length=4000)


def campaign_out(c: Campaign) -> CampaignOut:
    assert c.id is not None
    return CampaignOut(
        id=c.id,
        name=c.name,
        referential=c.referential,
        starts_on=c.starts_on,
        ends_on=c.ends_on,
        teams=list(c.teams),
        status=c.status,
        created_by=c.created_by,
        created_at=c.created_at,
    )


def _progress(p: campaigns.TeamProgress) -> TeamProgressOut:
    return TeamProgressOut(
        team=p.team,
        name=p.name,
        members=p.members,
        self_submitted=p.self_submitted,
        manager_submitted=p.manager_submitted,
        both=p.both,
        percent=p.percent,
    )


def detail_out(o: CampaignOverview) -> CampaignDetailOut:
    return CampaignDetailOut(
        **campaign_out(o.campaign).model_dump(),
        progress=[_progress(p) for p in o.progress],
        total=_progress(o.total) if o.progress else None,
        people=[
            PersonStatusOut(
                person=s.person.id,
                display_name=s.person.display_name,
                team=s.person.team,
                self_submitted=s.self_submitted,
                manager_submitted=s.manager_submitted,
                side=s.side.value if s.side else None,
            )
            for s in o.people
        ],
    )


def _rating(a: Assessment | None) -> CampaignRatingOut | None:
    if a is None:
        return None
    return CampaignRatingOut(
        level=a.level,
        raw=a.raw,
        scale=a.scale,
        assessed_on=a.assessed_on,
        assessor=a.assessor,
        frequencies=campaigns.frequencies_of(a) or None,
    )


def review_out(v: ReviewView) -> ReviewOut:
    return ReviewOut(
        campaign=campaign_out(v.campaign),
        person=v.person.id,
        display_name=v.person.display_name,
        job_title=v.job_title,
        self_submitted_at=v.review.self_submitted_at,
        manager_submitted_at=v.review.manager_submitted_at,
        self_comment=v.review.self_comment,
        manager_comment=v.review.manager_comment,
        can_rate_self=v.can_rate_self,
        can_rate_manager=v.can_rate_manager,
        comparison_ready=v.comparison_ready,
        disagreements=v.disagreements,
        below_expected=v.below_expected,
        competencies=[
            ComparisonOut(
                competency=line.item.competency,
                label=line.item.label,
                kind=line.item.kind.value,
                scale=line.item.scale.code,
                expected=line.item.expected,
                indicators=list(line.item.indicators),
                self=_rating(line.self_rating),
                manager=_rating(line.manager_rating),
                difference=line.difference,
                disagreement=line.disagreement,
                below_expected=line.below_expected,
            )
            for line in v.lines
        ],
    )


@router.get("/campaigns", response_model=list[CampaignOut])
def list_campaigns(uow: Uow, actor: Actor) -> list[CampaignOut]:
    """The campaigns that concern the account (all of them for HR)."""
    return [campaign_out(c) for c in campaigns.list_campaigns(uow, actor)]


@router.post("/campaigns", response_model=CampaignOut, status_code=201, dependencies=[Csrf])
def create_campaign(uow: Uow, actor: Actor, body: CampaignIn) -> CampaignOut:
    """Open a campaign over some teams (HR)."""
    made = campaigns.create_campaign(
        uow,
        actor,
        name=body.name,
        referential=body.referential,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        teams=body.teams,
    )
    return campaign_out(made)


@router.get("/campaigns/{campaign_id}", response_model=CampaignDetailOut)
def get_campaign(
    uow: Uow,
    actor: Actor,
    campaign_id: CampaignId,
    team: Annotated[str | None, Query(max_length=64, description="Personnes d'une équipe")] = None,
) -> CampaignDetailOut:
    """The campaign, its progress per team the account sees, and the people it may open."""
    return detail_out(campaigns.campaign_overview(uow, actor, campaign_id, team=team))


@router.post("/campaigns/{campaign_id}/close", response_model=CampaignOut, dependencies=[Csrf])
def close_campaign(uow: Uow, actor: Actor, campaign_id: CampaignId) -> CampaignOut:
    """Close the campaign (HR): no more ratings."""
    return campaign_out(campaigns.close_campaign(uow, actor, campaign_id))


@router.get("/campaigns/{campaign_id}/people/{person_id}", response_model=ReviewOut)
def get_review(uow: Uow, actor: Actor, campaign_id: CampaignId, person_id: PersonId) -> ReviewOut:
    """A person's review: per competency the expected, self and manager levels, the gap."""
    return review_out(campaigns.person_review(uow, actor, campaign_id, person_id))


def _rate(
    uow: Uow, actor: Actor, campaign_id: int, person_id: str, side: Source, body: RatingsIn
) -> ReviewOut:
    ratings: dict[str, campaigns.Measure] = {r.competency: r.measure for r in body.ratings}
    view = campaigns.rate(
        uow, actor, campaign_id, person_id, side, ratings, comment=body.comment, submit=body.submit
    )
    return review_out(view)


@router.post(
    "/campaigns/{campaign_id}/people/{person_id}/self",
    response_model=ReviewOut,
    dependencies=[Csrf],
)
def rate_self(
    uow: Uow, actor: Actor, campaign_id: CampaignId, person_id: PersonId, body: RatingsIn
) -> ReviewOut:
    """The person's own ratings (a batch of competency measures; ``submit`` to hand it in)."""
    return _rate(uow, actor, campaign_id, person_id, Source.SELF, body)


@router.post(
    "/campaigns/{campaign_id}/people/{person_id}/manager",
    response_model=ReviewOut,
    dependencies=[Csrf],
)
def rate_manager(
    uow: Uow, actor: Actor, campaign_id: CampaignId, person_id: PersonId, body: RatingsIn
) -> ReviewOut:
    """The manager's ratings of a team member."""
    return _rate(uow, actor, campaign_id, person_id, Source.MANAGER, body)


@router.post(
    "/campaigns/{campaign_id}/people/{person_id}/submit",
    response_model=ReviewOut,
    dependencies=[Csrf],
)
def submit(
    uow: Uow, actor: Actor, campaign_id: CampaignId, person_id: PersonId, body: SubmitIn
) -> ReviewOut:
    """Submit one side: it can no longer be changed."""
    view = campaigns.submit(uow, actor, campaign_id, person_id, body.side, comment=body.comment)
    return review_out(view)
