"""JSON API of the development use cases (under /api/v1): a person's gap towards a target job
and their ordered training plan. For the person, their manager and HR only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from parcours.engine.gaps import GapItem
from parcours.services import development
from parcours.services.development import TrainingPlan
from parcours.services.mobility import GapReport, JobRef
from parcours.web.deps import Actor, Uow

router = APIRouter(prefix="/api/v1", tags=["personnes"])

Target = Annotated[str, Query(min_length=1, max_length=300, description="Poste visé")]


class JobRefOut(BaseModel):
    referential: str
    version: int
    key: str
    title: str
    code: str | None
    grade: str | None


class GapItemOut(BaseModel):
    key: str
    label: str
    weight: float
    required_level: int | None
    held_level: int | None
    status: str = Field(description="covered, under_level ou missing")


class TrainingOptionOut(BaseModel):
    key: str
    title: str
    duration: str | None
    closes: list[str]
    closes_weight: float
    for_this_move: bool


class GapOut(BaseModel):
    person: str | None
    source: JobRefOut | None
    target: JobRefOut
    coverage: float = Field(description="Couverture pondérée, en %")
    described: bool = Field(
        description="Le poste visé décrit des compétences (sinon la couverture ne mesure rien)"
    )
    covered: list[GapItemOut]
    under_level: list[GapItemOut]
    missing: list[GapItemOut]
    trainings: list[TrainingOptionOut]


class PlannedTrainingOut(BaseModel):
    rank: int
    key: str
    title: str
    duration: str | None
    hours: float | None
    closes: list[GapItemOut]
    essential: bool
    for_this_move: bool
    closes_weight: float
    prepares: list[str]


class PathStepOut(BaseModel):
    source: str
    target: str
    title: str
    declared: bool


class PlanOut(BaseModel):
    person: str
    person_name: str | None = Field(description="Le nom de la personne")
    source: JobRefOut | None
    target: JobRefOut
    coverage: float
    described: bool = Field(
        description="Le poste visé décrit des compétences (sinon la couverture ne mesure rien)"
    )
    trainings: list[PlannedTrainingOut]
    total_hours: float
    total: str
    unknown_durations: int
    remaining: list[GapItemOut] = Field(description="Écarts qu'aucune formation ne comble")
    adjacent: bool
    path: list[PathStepOut]


def _job(ref: JobRef) -> JobRefOut:
    return JobRefOut(
        referential=ref.referential,
        version=ref.version,
        key=ref.key,
        title=ref.title,
        code=ref.code,
        grade=ref.grade,
    )


def _item(item: GapItem) -> GapItemOut:
    return GapItemOut(
        key=item.key,
        label=item.label,
        weight=item.weight,
        required_level=item.required_level,
        held_level=item.held_level,
        status=item.status.value,
    )


def gap_out(report: GapReport) -> GapOut:
    gap = report.gap
    return GapOut(
        person=report.person,
        source=_job(report.source) if report.source else None,
        target=_job(report.target),
        coverage=gap.coverage,
        described=bool(gap.items),
        covered=[_item(i) for i in gap.covered],
        under_level=[_item(i) for i in gap.under_level],
        missing=[_item(i) for i in gap.missing],
        trainings=[
            TrainingOptionOut(
                key=t.key,
                title=t.title,
                duration=t.duration,
                closes=list(t.closes),
                closes_weight=t.closes_weight,
                for_this_move=t.for_this_move,
            )
            for t in gap.trainings
        ],
    )


def plan_out(plan: TrainingPlan) -> PlanOut:
    report = plan.report
    return PlanOut(
        person=plan.person,
        person_name=plan.person_name,
        source=_job(report.source) if report.source else None,
        target=_job(report.target),
        coverage=report.gap.coverage,
        described=plan.described,
        trainings=[
            PlannedTrainingOut(
                rank=t.rank,
                key=t.key,
                title=t.title,
                duration=t.duration,
                hours=t.hours,
                closes=[_item(i) for i in t.closes],
                essential=t.essential,
                for_this_move=t.for_this_move,
                closes_weight=t.closes_weight,
                prepares=list(t.prepares),
            )
            for t in plan.trainings
        ],
        total_hours=plan.total_hours,
        total=plan.total,
        unknown_durations=plan.unknown_durations,
        remaining=[_item(i) for i in plan.remaining],
        adjacent=plan.adjacent,
        path=[
            PathStepOut(source=s.source, target=s.target, title=s.title, declared=s.declared)
            for s in plan.path
        ],
    )


@router.get("/people/{person}/gap", response_model=GapOut)
def person_gap(response: Response, uow: Uow, actor: Actor, person: str, target: Target) -> GapOut:
    """The person's gap for a target job of their referential, and the trainings closing it."""
    report = development.gap_report(uow, actor, person, target)
    response.headers["Cache-Control"] = "no-store"
    return gap_out(report)


@router.get("/people/{person}/plan", response_model=PlanOut)
def person_plan(response: Response, uow: Uow, actor: Actor, person: str, target: Target) -> PlanOut:
    """The person's ordered training plan towards a target job: trainings with durations and
    what they close, the total, the gaps left, the career path when not one move away."""
    plan = development.training_plan(uow, actor, person, target)
    response.headers["Cache-Control"] = "no-store"
    return plan_out(plan)
