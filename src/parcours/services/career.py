"""The employee's career space ("Mon parcours"): my job and latest ratings, my possible moves,
the jobs I follow (my career wishes), my to-dos and the trainings that close my gap.

Everything here is about the signed-in person's own data: the space is read by its person only
(every read audited); a wish is written by its person only. Their manager (and HR) read the
wishes the person chose to share (``shared_wishes_of``). A wish is never deleted by its person:
stopping following a job ends it (``domain.career``); erasure re-keys it and clears its note.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from parcours.domain.access import AccessDenied, Principal, manages
from parcours.domain.career import CareerError, CareerWish, clean_note
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.job import Job
from parcours.domain.people import Person
from parcours.domain.profile import Profile
from parcours.engine.gaps import GapItem, GapStatus
from parcours.engine.recommend import MOVE_TYPE_LABELS
from parcours.services import development, mobility
from parcours.services.access import audit, load_person, subject_of
from parcours.services.development import TrainingPlan
from parcours.services.people import PersonProfile, ProfileLine, build_profile
from parcours.services.ports import UnitOfWork, UowFactory

MOVES = 5  # moves shown in the space
DEVELOP = 4  # competencies to develop shown per move


@dataclass(frozen=True, slots=True)
class Move:
    """One possible move from the person's current ratings."""

    rank: int
    referential: str
    job: str
    title: str
    grade: str | None
    score: float  # the engine's ranking score (0-1)
    match: (
        float | None
    )  # weighted share of the target's requirements held (%), None: none described
    move_type: str | None  # "progression" or "laterale"
    declared: bool  # the referential declares this move from the current job
    develop: tuple[GapItem, ...]  # the competencies to develop, heaviest first
    followed: bool = False

    @property
    def move_label(self) -> str:
        return MOVE_TYPE_LABELS.get(self.move_type or "", "")


@dataclass(frozen=True, slots=True)
class FollowedJob:
    wish: CareerWish
    title: str
    known: bool  # the job still exists in the latest version of its referential


@dataclass(frozen=True, slots=True)
class Todo:
    kind: str  # "campaign" or "jury"
    label: str
    href: str | None
    due: date | None


@dataclass(frozen=True, slots=True)
class CareerSpace:
    person: Person
    profile: PersonProfile
    moves: tuple[Move, ...]
    wishes: tuple[FollowedJob, ...]
    todos: tuple[Todo, ...]
    plan: TrainingPlan | None  # towards ``focus``
    focus: str | None  # "referential:key" of the plan's target
    choices: tuple[tuple[str, str], ...] = ()  # (job key, title) of the person's referential
    problems: tuple[str, ...] = field(default_factory=tuple)  # what could not be computed

    @property
    def rated(self) -> tuple[ProfileLine, ...]:
        """The competencies with a current level, as the profile orders them."""
        return tuple(line for line in self.profile.lines if line.current is not None)


def _own(actor: Principal) -> str:
    if actor.person is None:
        raise AccessDenied("accès refusé : ce compte n'est rattaché à aucune personne")
    return actor.person


def _job_title(uow: UnitOfWork, referential: str, job: str) -> tuple[str, bool]:
    ref = uow.referentials.get(referential)
    found = ref.jobs.get(job) if ref is not None else None
    if found is None:
        return job, False
    return found.title + (f" {found.grade}" if found.grade else ""), True


def _todos(uow: UnitOfWork, person: Person, today: date) -> list[Todo]:
    todos: list[Todo] = []
    for campaign in uow.campaigns.list_campaigns():
        if not campaign.is_open or person.team is None or person.team not in campaign.teams:
            continue
        review = uow.campaigns.review(campaign.id or 0, person.id)
        if review is not None and review.self_submitted:
            continue
        todos.append(
            Todo(
                "campaign",
                f"Remplir mon auto-évaluation : {campaign.name}",
                f"/campagnes/{campaign.id}/personnes/{person.id}",
                campaign.ends_on,
            )
        )
    juries = uow.juries.list_juries(uow.juries.juries_of_candidate(person.id))
    for jury in juries:
        if jury.closed or jury.held_on < today:
            continue
        todos.append(
            Todo(
                "jury",
                f"Convocation au jury « {jury.name} » ({jury.certification})",
                None,
                jury.held_on,
            )
        )
    return sorted(todos, key=lambda t: (t.due or date.max, t.label))


def my_todos(uow_factory: UowFactory, actor: Principal, *, today: date | None = None) -> list[Todo]:
    """The signed-in person's to-dos (an open campaign to fill in, a jury convocation); none for
    an account without a person."""
    if actor.person is None:
        return []
    with uow_factory() as uow:
        person = uow.people.get_person(actor.person)
        if person is None or person.erased:
            return []
        return _todos(uow, person, today or date.today())


def _develop(item: GapItem) -> bool:
    return item.status is not GapStatus.COVERED


def career_space(
    uow_factory: UowFactory, actor: Principal, *, today: date | None = None
) -> CareerSpace:
    """The signed-in person's career space (audited as a read of their own data)."""
    person_id = _own(actor)
    today = today or date.today()
    with uow_factory() as uow:
        person = load_person(uow, person_id)
        referential = uow.referentials.get(person.referential) if person.referential else None
        history = uow.people.assessments_of(person.id)
        profile = build_profile(person, referential, history)
        stored = uow.careers.wishes_of(person.id)
        wishes = []
        for wish in stored:
            title, known = _job_title(uow, wish.referential, wish.job)
            wishes.append(FollowedJob(wish, title, known))
        todos = _todos(uow, person, today)
        audit(uow, actor, "read", person.id, "espace carrière")
        uow.commit()
    choices = _choices(referential.jobs, person.job) if referential is not None else ()
    problems: list[str] = []
    moves: list[Move] = []
    engine_profile = profile.as_profile()
    if referential is not None and engine_profile.entries:
        try:
            moves = _moves(uow_factory, person, engine_profile, wishes)
        except ParcoursError as exc:
            problems.append(f"mobilités : {exc}")
    focus = _focus(person, wishes, moves)
    plan: TrainingPlan | None = None
    if focus is not None:
        try:
            plan = development.training_plan(uow_factory, actor, person.id, focus)
        except ParcoursError as exc:
            problems.append(f"plan de formation : {exc}")
    return CareerSpace(
        person=person,
        profile=profile,
        moves=tuple(moves),
        wishes=tuple(wishes),
        todos=tuple(todos),
        plan=plan,
        focus=focus,
        choices=choices,
        problems=tuple(problems),
    )


def _choices(jobs: Mapping[str, Job], own: str | None) -> tuple[tuple[str, str], ...]:
    """The jobs one may follow (key, title with its grade), by title: all but one's own."""
    return tuple(
        sorted(
            (
                (key, job.title + (f" {job.grade}" if job.grade else ""))
                for key, job in jobs.items()
                if key != own
            ),
            key=lambda c: c[1],
        )
    )


def follow_choices(
    uow_factory: UowFactory, actor: Principal
) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """The signed-in person's referential and the jobs of it they may follow, as the career
    space lists them, read from the jobs' outlines alone (what the follow form needs to read
    the words of its search box, without computing the whole space)."""
    person_id = _own(actor)
    with uow_factory() as uow:
        person = load_person(uow, person_id)
        outline = uow.referentials.job_outlines(person.referential) if person.referential else None
    if outline is None:
        return person.referential, ()
    return person.referential, _choices(outline.jobs, person.job)


def _moves(
    uow_factory: UowFactory, person: Person, profile: Profile, wishes: list[FollowedJob]
) -> list[Move]:
    found = mobility.recommend_for_profile(
        uow_factory, profile=profile, referential=person.referential, k=MOVES
    )
    followed = {(w.wish.referential, w.wish.job) for w in wishes}
    moves = []
    for item in found.items:
        ref_name = item.referential or found.referential
        report = mobility.gap_for_profile(
            uow_factory,
            profile=profile,
            target=f"{ref_name}:{item.target}",
            referential=person.referential,
            reachable_steps=0,
        )
        gap = report.gap
        develop = tuple(i for i in gap.missing + gap.under_level if _develop(i))
        moves.append(
            Move(
                rank=item.rank,
                referential=ref_name,
                job=item.target,
                title=item.title,
                grade=report.target.grade,
                score=item.score,
                match=gap.coverage if gap.items else None,
                move_type=item.move_type,
                declared=item.declared,
                develop=tuple(sorted(develop, key=lambda i: (-i.weight, i.key)))[:DEVELOP],
                followed=(ref_name, item.target) in followed,
            )
        )
    return moves


def _focus(person: Person, wishes: list[FollowedJob], moves: list[Move]) -> str | None:
    """The plan's target: the first job followed in the person's referential, else the best
    move in it (the plan is computed on the person's referential)."""
    for wish in wishes:
        if wish.known and wish.wish.referential == person.referential:
            return wish.wish.job
    for move in moves:
        if move.referential == person.referential:
            return move.job
    return None


# --- wishes -----------------------------------------------------------------------------------


def _check_job(uow: UnitOfWork, referential: str, job: str) -> None:
    ref = uow.referentials.get(referential)
    if ref is None:
        raise NotFoundError(f"référentiel inconnu : « {referential} »")
    if job not in ref.jobs:
        raise NotFoundError(f"poste inconnu dans « {referential} » : {job}")


def follow_job(
    uow_factory: UowFactory,
    actor: Principal,
    *,
    referential: str,
    job: str,
    shared: bool = False,
    note: str | None = None,
) -> CareerWish:
    """Follow a target job (or follow it again): a wish of the signed-in person."""
    person_id = _own(actor)
    text = clean_note(note)
    with uow_factory() as uow:
        person = load_person(uow, person_id)
        _check_job(uow, referential, job)
        held = uow.careers.get_wish(person.id, referential, job)
        wish = CareerWish(
            person.id,
            referential,
            job,
            shared=shared,
            note=text if text is not None or held is None else held.note,
        )
        saved = uow.careers.save_wish(wish)
        audit(uow, actor, "write", person.id, f"souhait d'évolution : {referential}:{job}"[:500])
        uow.commit()
    return saved


def _change(
    uow_factory: UowFactory,
    actor: Principal,
    referential: str,
    job: str,
    what: str,
    change: Callable[[CareerWish], CareerWish],
) -> CareerWish:
    person_id = _own(actor)
    with uow_factory() as uow:
        person = load_person(uow, person_id)
        held = uow.careers.get_wish(person.id, referential, job)
        if held is None or not held.active:
            raise NotFoundError(f"vous ne suivez pas ce poste : {referential}:{job}")
        saved = uow.careers.save_wish(change(held))
        audit(uow, actor, "write", person.id, f"{what} : {referential}:{job}"[:500])
        uow.commit()
    return saved


def stop_following(
    uow_factory: UowFactory, actor: Principal, *, referential: str, job: str
) -> CareerWish:
    """Stop following a job: the wish is ended (kept in the person's history)."""
    ended = datetime.now(UTC)
    return _change(
        uow_factory, actor, referential, job, "souhait retiré", lambda w: replace(w, ended_at=ended)
    )


def share_wish(
    uow_factory: UowFactory, actor: Principal, *, referential: str, job: str, shared: bool
) -> CareerWish:
    """Share a followed job with one's manager, or stop sharing it."""
    what = "souhait partagé" if shared else "souhait non partagé"
    return _change(uow_factory, actor, referential, job, what, lambda w: replace(w, shared=shared))


def shared_wishes_of(
    uow_factory: UowFactory, actor: Principal, person_id: str
) -> list[FollowedJob]:
    """The jobs a person follows and shares: for their manager and HR (all of them for the
    person themself)."""
    with uow_factory() as uow:
        person = load_person(uow, person_id)
        subject = subject_of(uow, person)
        own = actor.person == person.id
        if not (own or actor.is_hr or manages(actor, subject)):
            raise AccessDenied(
                "accès refusé : les souhaits d'évolution sont partagés avec le manager "
                "et les RH seulement"
            )
        wishes = [w for w in uow.careers.wishes_of(person.id) if own or w.shared]
        out = []
        for wish in wishes:
            title, known = _job_title(uow, wish.referential, wish.job)
            out.append(FollowedJob(wish, title, known))
        audit(uow, actor, "read", person.id, "souhaits d'évolution")
        uow.commit()
    return out


__all__ = [
    "CareerError",
    "CareerSpace",
    "FollowedJob",
    "Move",
    "Todo",
    "career_space",
    "follow_job",
    "my_todos",
    "share_wish",
    "shared_wishes_of",
    "stop_following",
]
