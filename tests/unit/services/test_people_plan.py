"""The training plan's order, durations and remaining gaps, and the rating measures (pure)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from parcours.domain.competency import CompetencyKind
from parcours.domain.durations import format_hours, parse_duration
from parcours.domain.mobility import MobilityKind
from parcours.domain.people import Assessment, PeopleError, Person, Source
from parcours.engine.gaps import Gap, GapItem, GapStatus, TrainingOption
from parcours.engine.paths import CareerPath, PathStep
from parcours.services.development import build_plan
from parcours.services.mobility import GapReport, JobRef
from parcours.services.people import build_profile, measure_for
from tests.unit.domain.factories import referential


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("3 jours", 21.0),
        ("1 jour", 7.0),
        ("2 j", 14.0),
        ("14 h", 14.0),
        ("14 heures", 14.0),
        ("1,5 jour", 10.5),
        ("2 jours et 3 h", 17.0),
        ("1 semaine", 35.0),
        ("30 min", 0.5),
        ("une demi-journée", 3.5),
        ("2 demi-journées", 7.0),
        ("3 JOURS", 21.0),
    ],
)
def test_durations_are_read_in_hours(text: str, hours: float) -> None:
    assert parse_duration(text) == pytest.approx(hours)


@pytest.mark.parametrize("text", [None, "", "à définir", "selon besoin", "3 mois"])
def test_unreadable_durations_are_none(text: str | None) -> None:
    assert parse_duration(text) is None


def test_hours_are_shown_in_days_and_hours() -> None:
    assert format_hours(21.0) == "3 jours (21 h)"
    assert format_hours(3.5) == "0,5 jour (3,5 h)"
    assert format_hours(0.0) == "0 jour (0 h)"


def _item(key: str, weight: float, status: GapStatus, held: int | None = None) -> GapItem:
    return GapItem(key, key.upper(), weight, 3, held, status)


def _option(
    key: str, closes: tuple[str, ...], weight: float, duration: str | None, move: bool = False
) -> TrainingOption:
    return TrainingOption(key, f"Formation {key}", duration, closes, weight, move)


def _ref(key: str) -> JobRef:
    return JobRef("R", 1, key, key.title(), None, None)


def _report(target: str, items: list[GapItem], options: list[TrainingOption]) -> GapReport:
    by = {s: tuple(i for i in items if i.status is s) for s in GapStatus}
    gap = Gap(
        target=target,
        target_title=target.title(),
        covered=by[GapStatus.COVERED],
        under_level=by[GapStatus.UNDER_LEVEL],
        missing=by[GapStatus.MISSING],
        coverage=50.0,
        trainings=tuple(options),
    )
    return GapReport(target=_ref(target), gap=gap, source=_ref("depart"), person="p-1")


ITEMS = [
    _item("a", 3.0, GapStatus.MISSING),
    _item("b", 2.0, GapStatus.MISSING),
    _item("c", 1.5, GapStatus.UNDER_LEVEL, held=2),
    _item("d", 1.0, GapStatus.MISSING),
    _item("ok", 2.0, GapStatus.COVERED, held=3),
]


def test_essential_gaps_come_first_then_the_heaviest() -> None:
    # The set cover put "t-opt" first (it closes more weight), but it only closes optional
    # competencies: the training closing the essential one comes first in the plan.
    options = [
        _option("t-opt", ("a", "b"), 0.6, "3 jours"),
        _option("t-ess", ("c",), 0.2, "14 h"),
    ]
    plan = build_plan(_report("cible", ITEMS, options), essential=frozenset({"c"}))
    assert [t.key for t in plan.trainings] == ["t-ess", "t-opt"]
    assert [t.rank for t in plan.trainings] == [1, 2]
    assert [t.essential for t in plan.trainings] == [True, False]
    assert plan.total_hours == 35.0
    assert plan.total == "5 jours (35 h)"
    assert plan.unknown_durations == 0
    # "d" is missing and no training closes it; the covered competency is not a gap.
    assert [i.key for i in plan.remaining] == ["d"]
    assert [c.key for c in plan.trainings[1].closes] == ["a", "b"]


def test_within_a_group_a_training_declared_for_the_move_comes_first() -> None:
    options = [
        _option("t-big", ("a", "b"), 0.6, "2 j"),
        _option("t-move", ("d",), 0.1, None, move=True),
    ]
    plan = build_plan(_report("cible", ITEMS, options), essential=frozenset({"a", "d"}))
    assert [t.key for t in plan.trainings] == ["t-move", "t-big"]
    assert plan.trainings[0].for_this_move
    assert plan.unknown_durations == 1
    assert plan.total_hours == 14.0  # the unreadable duration is counted apart
    assert [i.key for i in plan.remaining] == ["c"]


def _path(*jobs: str) -> CareerPath:
    steps = tuple(
        PathStep(a, b, b.title(), 0.1, 0.9, True, (MobilityKind.VERTICAL,), 1, None)  # type: ignore[arg-type]
        for a, b in pairwise(jobs)
    )
    return CareerPath(steps, 0.2)


def test_a_path_adds_the_trainings_of_its_steps_each_once() -> None:
    step = _report(
        "etape",
        [_item("a", 3.0, GapStatus.MISSING), _item("e", 1.0, GapStatus.MISSING)],
        [_option("t-shared", ("a",), 0.7, "1 jour"), _option("t-step", ("e",), 0.3, "7 h")],
    )
    target = _report("cible", ITEMS, [_option("t-shared", ("a", "b"), 0.6, "1 jour")])
    plan = build_plan(
        target,
        essential=frozenset({"a"}),
        path=_path("depart", "etape", "cible"),
        steps=[(step, frozenset({"e"}))],
    )
    keys = [t.key for t in plan.trainings]
    assert keys == ["t-shared", "t-step"]  # t-shared once, though both jobs call for it
    shared = plan.trainings[0]
    assert [c.key for c in shared.closes] == ["a", "b"]
    assert shared.prepares == ("etape", "cible")
    assert plan.total_hours == 14.0
    assert not plan.adjacent
    assert [s.target for s in plan.path] == ["etape", "cible"]
    assert [i.key for i in plan.remaining] == ["d", "c"]


def test_a_one_step_path_is_adjacent_and_no_training_leaves_every_gap() -> None:
    plan = build_plan(_report("cible", ITEMS, []), frozenset(), _path("depart", "cible"))
    assert plan.adjacent
    assert plan.trainings == ()
    assert plan.total_hours == 0.0
    assert [i.key for i in plan.remaining] == ["a", "b", "d", "c"]


def test_each_kind_takes_its_own_measure_only() -> None:
    assert measure_for(CompetencyKind.SAVOIR, score=0.7) == 0.7
    assert measure_for(CompetencyKind.SAVOIR_FAIRE, anchor=3) == 3
    assert measure_for(CompetencyKind.SAVOIR_ETRE, frequencies=[3, 4], indicators=2) == [3, 4]
    assert measure_for(CompetencyKind.SAVOIR_ETRE, frequencies=[3], indicators=0) == [3]
    with pytest.raises(PeopleError, match="repère de performance"):
        measure_for(CompetencyKind.SAVOIR_FAIRE, score=0.7)
    with pytest.raises(PeopleError, match="score de questionnaire"):
        measure_for(CompetencyKind.SAVOIR, anchor=3)
    with pytest.raises(PeopleError, match="et par cela seul"):
        measure_for(CompetencyKind.SAVOIR, score=0.5, anchor=3)
    with pytest.raises(PeopleError, match="2 fréquences données pour 3 indicateurs"):
        measure_for(CompetencyKind.SAVOIR_ETRE, frequencies=[3, 4], indicators=3)
    with pytest.raises(PeopleError, match="fréquence"):
        measure_for(CompetencyKind.SAVOIR_ETRE)


def test_profile_lines_carry_indicators_and_keep_the_whole_history() -> None:
    ref = referential()
    person = Person("p-1", ref.name, "conseiller--ii-1")
    history = [
        Assessment("p-1", "ecoute", 2, Source.SELF, date(2025, 1, 1), "frequence"),
        Assessment("p-1", "ecoute", 3, Source.MANAGER, date(2025, 2, 1), "frequence"),
        Assessment("p-1", "ecoute", 4, Source.SELF, date(2025, 3, 1), "frequence"),
    ]
    profile = build_profile(person, ref, history)
    line = next(x for x in profile.lines if x.competency == "ecoute")
    assert line.indicators == ("Je reformule",)
    assert line.current is not None and line.current.level == 3  # the manager prevails
    assert line.latest[Source.SELF].level == 4
    assert len(line.history) == 3
    assert profile.as_profile().levels()["ecoute"] == 3


def test_durations_have_one_reading_the_domain_s() -> None:
    from parcours.domain import durations

    assert parse_duration is durations.parse_duration
    assert format_hours is durations.format_hours
