"""JSON API of the employee's career space, "Mon parcours" (under /api/v1): my job and latest
ratings, my possible moves, the jobs I follow, my to-dos, the trainings closing my gap; follow a
job or stop, share it with my manager or stop.

Everything is the signed-in person's own (services/career.py: the space is read by its person
only, every read and write audited). Unsafe calls made with the session cookie send the
``X-CSRF-Token`` header; bearer tokens need none. Answers carry ``Cache-Control: no-store``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from parcours.domain.career import CareerWish
from parcours.domain.competency import PROFICIENCY_SCALE
from parcours.domain.people import SOURCE_LABELS
from parcours.engine.gaps import GapItem
from parcours.services import career
from parcours.services.career import CareerSpace, FollowedJob
from parcours.web.api.development import GapItemOut, PlanOut, plan_out
from parcours.web.deps import Actor, Csrf, Uow

router = APIRouter(prefix="/api/v1", tags=["mon parcours"])

NO_STORE = "no-store"
Referential = Annotated[str, Query(min_length=1, max_length=300, description="Référentiel")]
Job = Annotated[str, Query(min_length=1, max_length=300, description="Clé du poste")]


class MyJobOut(BaseModel):
    person: str
    display_name: str | None
    referential: str | None
    job: str | None
    job_title: str | None
    team: str | None


class CareerRatingOut(BaseModel):
    competency: str
    label: str
    expected: int | None = Field(description="Niveau attendu par mon poste (1-4)")
    level: int = Field(description="Niveau qui compte aujourd'hui (1-4)")
    level_label: str
    source: str = Field(description="self, manager, jury ou import")
    source_label: str
    assessed_on: date


class MoveOut(BaseModel):
    rank: int
    referential: str
    job: str
    title: str
    grade: str | None
    match: float | None = Field(
        description="Part pondérée des compétences du poste que je détiens, en % "
        "(null : le poste ne décrit pas de compétences)"
    )
    move_type: str | None = Field(description="progression ou laterale")
    move_label: str
    declared: bool = Field(description="Mobilité déclarée par le référentiel")
    followed: bool
    develop: list[GapItemOut] = Field(description="Compétences à développer, les plus lourdes")


class WishOut(BaseModel):
    referential: str
    job: str
    title: str | None = Field(default=None, description="Intitulé (null : poste disparu)")
    shared: bool = Field(description="Partagé avec mon manager")
    note: str | None
    created_at: datetime | None
    updated_at: datetime | None
    ended_at: datetime | None = Field(description="Quand j'ai cessé de le suivre")


class TodoOut(BaseModel):
    kind: str = Field(description="campaign ou jury")
    label: str
    href: str | None
    due: date | None


class CareerOut(BaseModel):
    me: MyJobOut
    ratings: list[CareerRatingOut]
    moves: list[MoveOut]
    wishes: list[WishOut]
    todos: list[TodoOut]
    focus: str | None = Field(description="Poste visé par le plan de formation")
    trainings: PlanOut | None = Field(description="Les formations qui comblent mon écart")
    problems: list[str] = Field(description="Ce qui n'a pas pu être calculé")


class FollowIn(BaseModel):
    referential: str = Field(min_length=1, max_length=300)
    job: str = Field(min_length=1, max_length=300)
    shared: bool = False
    note: str | None = Field(default=None, max_length=2000)


class WishKeyIn(BaseModel):
    referential: str = Field(min_length=1, max_length=300)
    job: str = Field(min_length=1, max_length=300)


def _item(item: GapItem) -> GapItemOut:
    return GapItemOut(
        key=item.key,
        label=item.label,
        weight=item.weight,
        required_level=item.required_level,
        held_level=item.held_level,
        status=item.status.value,
    )


def _wish(wish: CareerWish, title: str | None = None) -> WishOut:
    return WishOut(
        referential=wish.referential,
        job=wish.job,
        title=title,
        shared=wish.shared,
        note=wish.note,
        created_at=wish.created_at,
        updated_at=wish.updated_at,
        ended_at=wish.ended_at,
    )


def _followed(f: FollowedJob) -> WishOut:
    return _wish(f.wish, f.title if f.known else None)


def career_out(space: CareerSpace) -> CareerOut:
    person = space.person
    return CareerOut(
        me=MyJobOut(
            person=person.id,
            display_name=person.display_name,
            referential=person.referential,
            job=person.job,
            job_title=space.profile.job_title,
            team=person.team,
        ),
        ratings=[
            CareerRatingOut(
                competency=line.competency,
                label=line.label,
                expected=line.expected,
                level=line.current.level,
                level_label=PROFICIENCY_SCALE.get(line.current.level, ""),
                source=line.current.source.value,
                source_label=SOURCE_LABELS[line.current.source],
                assessed_on=line.current.assessed_on,
            )
            for line in space.rated
            if line.current is not None
        ],
        moves=[
            MoveOut(
                rank=m.rank,
                referential=m.referential,
                job=m.job,
                title=m.title,
                grade=m.grade,
                match=m.match,
                move_type=m.move_type,
                move_label=m.move_label,
                declared=m.declared,
                followed=m.followed,
                develop=[_item(i) for i in m.develop],
            )
            for m in space.moves
        ],
        wishes=[_followed(w) for w in space.wishes],
        todos=[TodoOut(kind=t.kind, label=t.label, href=t.href, due=t.due) for t in space.todos],
        focus=space.focus,
        trainings=plan_out(space.plan) if space.plan is not None else None,
        problems=list(space.problems),
    )


@router.get("/me/career", response_model=CareerOut, summary="Mon parcours")
def my_career(response: Response, uow: Uow, actor: Actor) -> CareerOut:
    """Mon poste et mes dernières évaluations, mes mobilités possibles, les postes que je suis,
    mes actions à faire et les formations qui comblent mon écart."""
    response.headers["Cache-Control"] = NO_STORE
    return career_out(career.career_space(uow, actor))


@router.post(
    "/me/career/wishes",
    response_model=WishOut,
    status_code=201,
    dependencies=[Csrf],
    summary="Suivre un poste",
)
def follow(response: Response, uow: Uow, actor: Actor, body: FollowIn) -> WishOut:
    """Suivre un poste (ou le suivre à nouveau), partagé avec mon manager si ``shared``."""
    wish = career.follow_job(
        uow,
        actor,
        referential=body.referential,
        job=body.job,
        shared=body.shared,
        note=body.note,
    )
    response.headers["Cache-Control"] = NO_STORE
    return _wish(wish)


@router.delete(
    "/me/career/wishes",
    response_model=WishOut,
    dependencies=[Csrf],
    summary="Ne plus suivre un poste",
)
def stop_following(
    response: Response, uow: Uow, actor: Actor, referential: Referential, job: Job
) -> WishOut:
    """Le souhait est clos (``ended_at``), gardé dans mon historique."""
    wish = career.stop_following(uow, actor, referential=referential, job=job)
    response.headers["Cache-Control"] = NO_STORE
    return _wish(wish)


@router.post(
    "/me/career/wishes/share",
    response_model=WishOut,
    dependencies=[Csrf],
    summary="Partager un poste suivi avec mon manager",
)
def share(response: Response, uow: Uow, actor: Actor, body: WishKeyIn) -> WishOut:
    wish = career.share_wish(uow, actor, referential=body.referential, job=body.job, shared=True)
    response.headers["Cache-Control"] = NO_STORE
    return _wish(wish)


@router.delete(
    "/me/career/wishes/share",
    response_model=WishOut,
    dependencies=[Csrf],
    summary="Ne plus partager un poste suivi",
)
def unshare(
    response: Response, uow: Uow, actor: Actor, referential: Referential, job: Job
) -> WishOut:
    wish = career.share_wish(uow, actor, referential=referential, job=job, shared=False)
    response.headers["Cache-Control"] = NO_STORE
    return _wish(wish)
