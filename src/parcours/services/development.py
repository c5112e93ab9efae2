"""A person's development towards a target job: the gap report and the training plan.

The gap is the engine's (``services.mobility.gap_for_profile``) on the person's profile: for each
competency the target job requires, covered, under level or missing, with its weight; and the
trainings of the referential that close part of it, chosen by a greedy set cover.

The training plan orders those trainings by what they close:

1. the trainings that close a gap on an *essential* competency of the target job come first,
   then the others (optional or indicative competencies only);
2. within each group, a training the referential declares for this very move (current job ->
   target) comes first, then the one closing the most gap weight, then the set-cover order;
3. a training is listed once, even when several steps of a career path would call for it.

The referential states no prerequisites between trainings, so none are inferred: every planned
training can start at once. Each training comes with its duration (as the referential words
it, and in hours when it can be read: ``parse_duration``), the competencies it closes, and the
plan gives the total duration and the gaps no training covers. When the target is not one move
away (the best career path has more than one step), the plan shows the path's steps.

Who may see it: the person, their manager and HR (not a jury member: a jury judges, it does not
plan a career). Every read is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from parcours.domain.access import AccessDenied, Principal, Subject, manages
from parcours.domain.durations import format_hours, parse_duration  # the domain's reading
from parcours.domain.errors import ParcoursError
from parcours.domain.people import Person
from parcours.domain.profile import Profile
from parcours.domain.referential import Referential
from parcours.engine.gaps import GapItem, GapStatus
from parcours.engine.paths import CareerPath
from parcours.services import mobility
from parcours.services.access import audit, load_person, subject_of
from parcours.services.mobility import GapReport, JobRef
from parcours.services.people import build_profile
from parcours.services.ports import UowFactory


@dataclass(frozen=True, slots=True)
class PlannedTraining:
    rank: int
    key: str
    title: str
    duration: str | None  # as the referential words it
    hours: float | None  # None when the duration cannot be read
    closes: tuple[GapItem, ...]  # the gap items it closes, heaviest first
    essential: bool  # closes a gap on an essential competency of the target
    for_this_move: bool  # the referential declares it for this move
    closes_weight: float  # share of the gap weight it closes (0-1), the most over its steps
    prepares: tuple[str, ...] = ()  # the jobs (path steps, then the target) it prepares for


@dataclass(frozen=True, slots=True)
class PathStep:
    source: str
    target: str
    title: str
    declared: bool


@dataclass(frozen=True, slots=True)
class TrainingPlan:
    person: str
    report: GapReport
    trainings: tuple[PlannedTraining, ...]
    total_hours: float
    unknown_durations: int  # trainings whose duration cannot be read (not in the total)
    remaining: tuple[GapItem, ...]  # open gaps no training closes
    essential: frozenset[str] = frozenset()  # essential competencies of the target
    path: tuple[PathStep, ...] = ()  # the best career path's steps (none: not computed/found)
    # The person's name, for the readers of the plan (the person, their manager, HR).
    person_name: str | None = None

    @property
    def adjacent(self) -> bool:
        """The target is one move away from the current job."""
        return len(self.path) == 1

    @property
    def target(self) -> JobRef:
        return self.report.target

    @property
    def described(self) -> bool:
        """The target describes competencies. A job named only as an evolution target has
        none: no gap can be measured, so neither a coverage nor a closed gap may be shown."""
        return bool(self.report.gap.items)

    @property
    def total(self) -> str:
        return format_hours(self.total_hours)


def build_plan(
    report: GapReport,
    essential: frozenset[str],
    path: CareerPath | None = None,
    steps: Sequence[tuple[GapReport, frozenset[str]]] = (),
) -> TrainingPlan:
    """The ordered training plan of a gap report (pure; the order is the module's).

    ``steps`` are the gap reports (with the essential competencies of their job) of the
    intermediate jobs of a career path: their trainings join the plan, each listed once."""
    pool: dict[str, _Pooled] = {}
    order = 0
    for position, (step_report, step_essential) in enumerate([*steps, (report, essential)]):
        gap = step_report.gap
        open_items = {i.key: i for i in gap.items if i.status is not GapStatus.COVERED}
        for option in gap.trainings:
            closes = [open_items[c] for c in option.closes if c in open_items]
            held = pool.get(option.key)
            if held is None:
                held = pool[option.key] = _Pooled(option.key, option.title, option.duration, order)
                order += 1
            held.add(
                closes,
                essential=any(c.key in step_essential for c in closes),
                position=position,
                job=step_report.target.key,
                for_this_move=option.for_this_move,
                weight=option.closes_weight,
            )
    ranked = sorted(pool.values(), key=lambda p: p.sort_key())
    trainings = tuple(p.planned(rank) for rank, p in enumerate(ranked, start=1))
    closed = {c.key for t in trainings for c in t.closes}
    gap = report.gap
    # Missing first, then under level, each heaviest first (the engine's order).
    remaining = tuple(i for i in gap.missing + gap.under_level if i.key not in closed)
    path_steps = (
        tuple(PathStep(s.source, s.target, s.title, s.declared) for s in path.steps)
        if path is not None
        else ()
    )
    return TrainingPlan(
        person=report.person or "",
        report=report,
        trainings=trainings,
        total_hours=round(sum(t.hours or 0.0 for t in trainings), 2),
        unknown_durations=sum(1 for t in trainings if t.hours is None),
        remaining=remaining,
        essential=essential,
        path=path_steps,
    )


@dataclass(slots=True)
class _Pooled:
    """A training while the plan is assembled, merged over the steps that call for it."""

    key: str
    title: str
    duration: str | None
    order: int  # first seen: the engine's set-cover order, steps first
    closes: dict[str, GapItem] = field(default_factory=dict)
    prepares: list[str] = field(default_factory=list)  # job keys of the steps, in path order
    essential: bool = False
    position: int = 1_000_000
    for_this_move: bool = False
    weight: float = 0.0

    def add(
        self,
        closes: list[GapItem],
        *,
        essential: bool,
        position: int,
        job: str,
        for_this_move: bool,
        weight: float,
    ) -> None:
        for item in closes:
            known = self.closes.get(item.key)
            if known is None or (item.required_level or 0) > (known.required_level or 0):
                self.closes[item.key] = item
        if job not in self.prepares:
            self.prepares.append(job)
        self.essential = self.essential or essential
        self.position = min(self.position, position)
        self.for_this_move = self.for_this_move or for_this_move
        self.weight = max(self.weight, weight)

    def sort_key(self) -> tuple[int, int, int, float, int]:
        return (
            0 if self.essential else 1,
            self.position,
            0 if self.for_this_move else 1,
            -self.weight,
            self.order,
        )

    def planned(self, rank: int) -> PlannedTraining:
        return PlannedTraining(
            rank=rank,
            key=self.key,
            title=self.title,
            duration=self.duration,
            hours=parse_duration(self.duration),
            closes=tuple(sorted(self.closes.values(), key=lambda i: (-i.weight, i.key))),
            essential=self.essential,
            for_this_move=self.for_this_move,
            closes_weight=self.weight,
            prepares=tuple(self.prepares),
        )


# --- use cases -----------------------------------------------------------------------------


def require_plan_reader(actor: Principal, subject: Subject) -> None:
    """The gap and plan of a person: the person, their manager, HR."""
    if not (actor.is_hr or actor.person == subject.person or manages(actor, subject)):
        raise AccessDenied(
            "accès refusé : le plan de développement est réservé à la personne, "
            "à son manager et aux RH"
        )


@dataclass(frozen=True, slots=True)
class _Loaded:
    person: Person
    referential: Referential = field(repr=False)
    profile: Profile = field(repr=False)
    report: GapReport = field(repr=False)


def _gap(
    uow_factory: UowFactory, actor: Principal, person_id: str, target: str, what: str
) -> _Loaded:
    with uow_factory() as uow:
        person = load_person(uow, person_id)
        require_plan_reader(actor, subject_of(uow, person))
        # The read is audited with the data it reads (the profile), before the engine runs.
        audit(uow, actor, "read", person.id, f"{what} vers {target}"[:500])
        if person.referential is None:
            raise ParcoursError("la personne n'est rattachée à aucun référentiel")
        referential = uow.referentials.get(person.referential)
        if referential is None:
            raise ParcoursError(f"référentiel inconnu : « {person.referential} »")
        history = uow.people.assessments_of(person.id)
        uow.commit()
    profile = build_profile(person, referential, history).as_profile()
    if person.job is not None and person.job not in referential.jobs:
        # A job the referential no longer has: read the profile without a current job.
        profile = Profile(person=profile.person, entries=profile.entries, job=None)
    report = mobility.gap_for_profile(
        uow_factory, profile=profile, target=target, referential=person.referential
    )
    return _Loaded(person, referential, profile, report)


def gap_report(uow_factory: UowFactory, actor: Principal, person_id: str, target: str) -> GapReport:
    """The person's gap for job ``target`` of their referential, and the trainings closing it."""
    return _gap(uow_factory, actor, person_id, target, "écart").report


def training_plan(
    uow_factory: UowFactory, actor: Principal, person_id: str, target: str
) -> TrainingPlan:
    """The person's ordered training plan towards job ``target`` (see the module docstring)."""
    loaded = _gap(uow_factory, actor, person_id, target, "plan de formation")
    report = loaded.report
    path: CareerPath | None = None
    if report.source is not None and report.source.key != report.target.key:
        # "referential:key" names both ends, which may lie in two documents of the map.
        paths = mobility.career_paths(
            uow_factory,
            source=f"{report.source.referential}:{report.source.key}",
            target=f"{report.target.referential}:{report.target.key}",
            k=1,
        )
        path = paths.paths[0] if paths.paths else None
    steps: list[tuple[GapReport, frozenset[str]]] = []
    if path is not None:
        profile = loaded.profile
        for step in path.steps[:-1]:  # the intermediate jobs, the target excluded
            step_report = mobility.gap_for_profile(
                uow_factory,
                profile=profile,
                target=f"{step.referential or report.target.referential}:{step.target}",
                referential=loaded.person.referential,
                reachable_steps=0,
            )
            steps.append((step_report, step_report.essential))
    essential = report.essential
    plan = build_plan(report, essential, path, steps)
    return replace(plan, person_name=loaded.person.display_name)
