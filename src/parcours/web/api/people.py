"""JSON API of the people use cases (under /api/v1): people, profiles, assessments, scales.

Every route but /scales acts as the signed-in principal (401 without one); the services check
what it may see or write (403 otherwise) and audit it. Answers carrying personal data are not
to be cached (``Cache-Control: no-store``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Body, Query, Response
from pydantic import BaseModel, Field

from parcours.domain.competency import PROFICIENCY_SCALE
from parcours.domain.people import SOURCE_LABELS, SOURCE_PRECEDENCE, Assessment, Person, Source
from parcours.domain.scales import FREQUENCIES, KNOWLEDGE_THRESHOLDS, Scale
from parcours.services import people
from parcours.services.people import ProfileLine
from parcours.web.deps import Actor, Csrf, Uow

router = APIRouter(prefix="/api/v1", tags=["personnes"])

NO_STORE = "no-store"


class PersonOut(BaseModel):
    id: str = Field(description="Pseudonyme")
    display_name: str | None
    referential: str | None
    job: str | None
    team: str | None
    manager: str | None


class PeoplePageOut(BaseModel):
    items: list[PersonOut]
    total: int
    offset: int
    limit: int


class AssessmentOut(BaseModel):
    id: int | None
    competency: str
    level: int = Field(description="Niveau 1 (notions) à 4 (expertise)")
    level_label: str
    source: Source
    source_label: str
    assessed_on: date
    scale: str
    raw: float | None = Field(description="Mesure de l'échelle : part QCM, fréquence moyenne")
    assessor: str | None
    evidence: str | None
    campaign: int | None
    recorded_at: datetime | None


class ProfileLineOut(BaseModel):
    competency: str
    label: str
    kind: str | None
    scale: str | None
    indicators: list[str]
    expected: int | None
    current: AssessmentOut | None
    latest: dict[str, AssessmentOut]
    history: list[AssessmentOut]


class ProfileOut(BaseModel):
    person: PersonOut
    job_title: str | None
    lines: list[ProfileLineOut]
    can_rate_as: list[Source] = Field(description="Sources que le compte peut enregistrer")


class AssessmentIn(BaseModel):
    competency: str = Field(min_length=1, max_length=200)
    source: Source
    score: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Savoir : part de bonnes réponses (0 à 1)"
    )
    anchor: int | None = Field(
        default=None, ge=1, le=4, description="Savoir-faire : repère de performance (1 à 4)"
    )
    frequencies: list[Annotated[int, Field(ge=0, le=4)]] | None = Field(
        default=None,
        max_length=50,
        description="Savoir-être : une fréquence (0 jamais à 4 toujours) par indicateur",
    )
    evidence: str | None = Field(default=None, max_length=people.MAX_EVIDENCE)
    assessed_on: date | None = Field(default=None, description="Date (défaut : aujourd'hui)")


class AnchorOut(BaseModel):
    level: int
    label: str
    description: str


class ScaleOut(BaseModel):
    code: str
    kind: str
    title: str
    measure: str
    anchors: list[AnchorOut]


class ScalesOut(BaseModel):
    scales: list[ScaleOut]
    levels: dict[int, str] = Field(description="L'échelle commune des niveaux attendus")
    frequencies: dict[int, str] = Field(description="Fréquences du savoir-être")
    knowledge_thresholds: list[tuple[float, int]] = Field(
        description="Savoir : (part minimale, niveau), du plus haut au plus bas"
    )
    source_precedence: list[Source] = Field(
        description="Sources, de celle qui prime à celle qui compte le moins"
    )


def person_out(person: Person) -> PersonOut:
    return PersonOut(
        id=person.id,
        display_name=person.display_name,
        referential=person.referential,
        job=person.job,
        team=person.team,
        manager=person.manager,
    )


def assessment_out(a: Assessment) -> AssessmentOut:
    return AssessmentOut(
        id=a.id,
        competency=a.competency,
        level=a.level,
        level_label=PROFICIENCY_SCALE[a.level],
        source=a.source,
        source_label=SOURCE_LABELS[a.source],
        assessed_on=a.assessed_on,
        scale=a.scale,
        raw=a.raw,
        assessor=a.assessor,
        evidence=a.evidence,
        campaign=a.campaign,
        recorded_at=a.recorded_at,
    )


def _line(line: ProfileLine) -> ProfileLineOut:
    return ProfileLineOut(
        competency=line.competency,
        label=line.label,
        kind=line.kind.value if line.kind else None,
        scale=line.scale.code if line.scale else None,
        indicators=list(line.indicators),
        expected=line.expected,
        current=assessment_out(line.current) if line.current else None,
        latest={s.value: assessment_out(a) for s, a in line.latest.items()},
        history=[assessment_out(a) for a in line.history],
    )


def scale_out(scale: Scale) -> ScaleOut:
    return ScaleOut(
        code=scale.code,
        kind=scale.kind.value,
        title=scale.title,
        measure=scale.measure,
        anchors=[
            AnchorOut(level=a.level, label=a.label, description=a.description)
            for a in scale.anchors
        ],
    )


@router.get("/people", response_model=PeoplePageOut)
def list_people(
    response: Response,
    uow: Uow,
    actor: Actor,
    team: Annotated[str | None, Query(max_length=200, description="Code d'équipe")] = None,
    job: Annotated[str | None, Query(max_length=300, description="Clé du poste")] = None,
    offset: Annotated[int, Query(ge=0, le=people.MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=people.MAX_PAGE)] = 50,
) -> PeoplePageOut:
    """The people the account may see: HR everyone, a manager their teams, anyone themselves."""
    page = people.list_people(uow, actor, team=team, job=job, offset=offset, limit=limit)
    response.headers["Cache-Control"] = NO_STORE
    return PeoplePageOut(
        items=[person_out(p) for p in page.items],
        total=page.total,
        offset=page.offset,
        limit=page.limit,
    )


@router.get("/people/{person}", response_model=ProfileOut)
def get_person(response: Response, uow: Uow, actor: Actor, person: str) -> ProfileOut:
    """A person's profile: per competency of their job, the expected level, the current level
    (its source and date), each source's latest assessment and the full history."""
    view = people.person_view(uow, actor, person)
    response.headers["Cache-Control"] = NO_STORE
    profile = view.profile
    return ProfileOut(
        person=person_out(profile.person),
        job_title=profile.job_title,
        lines=[_line(line) for line in profile.lines],
        can_rate_as=list(view.sources),
    )


@router.get("/people/{person}/assessments", response_model=list[AssessmentOut])
def get_assessments(
    response: Response,
    uow: Uow,
    actor: Actor,
    person: str,
    competency: Annotated[str | None, Query(max_length=200)] = None,
) -> list[AssessmentOut]:
    """Every assessment of the person, oldest first (never overwritten)."""
    history = people.assessment_history(uow, actor, person, competency)
    response.headers["Cache-Control"] = NO_STORE
    return [assessment_out(a) for a in history]


@router.post(
    "/people/{person}/assessments",
    response_model=AssessmentOut,
    status_code=201,
    dependencies=[Csrf],
)
def post_assessment(
    response: Response,
    uow: Uow,
    actor: Actor,
    person: str,
    body: Annotated[AssessmentIn, Body()],
) -> AssessmentOut:
    """Rate one competency on its kind's scale: ``score`` for a savoir, ``anchor`` for a
    savoir-faire, ``frequencies`` (one per indicator) for a savoir-être. Self for the person,
    manager for their manager, jury for a member of their jury, any for HR."""
    recorded = people.assess(
        uow,
        actor,
        person,
        body.competency,
        source=body.source,
        score=body.score,
        anchor=body.anchor,
        frequencies=body.frequencies,
        assessed_on=body.assessed_on,
        evidence=body.evidence,
    )
    response.headers["Cache-Control"] = NO_STORE
    return assessment_out(recorded)


@router.get("/scales", response_model=ScalesOut)
def get_scales() -> ScalesOut:
    """The three rating scales (one per kind of competency) and their anchors."""
    return ScalesOut(
        scales=[scale_out(s) for s in people.scales()],
        levels=dict(PROFICIENCY_SCALE),
        frequencies=dict(FREQUENCIES),
        knowledge_thresholds=list(KNOWLEDGE_THRESHOLDS),
        source_precedence=sorted(Source, key=lambda s: -SOURCE_PRECEDENCE[s]),
    )
