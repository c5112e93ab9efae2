"""The team matrix computations: grid, coverage, single points of failure, theme capacity."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.engine import team
from parcours.engine.team import ThemeSpec

COMPS = ("a", "b", "c", "d")


def _grid(levels: dict[str, dict[str, int]], jobs: dict[str, str | None]) -> team.TeamGrid:
    people = sorted(levels)
    job_levels = {"advisor": {"a": 3, "b": 2}, "expert": {"a": 3, "b": 3, "c": 4}}
    return team.build_grid(
        people, COMPS, levels, [jobs.get(p) for p in people], job_levels, fallback={"d": 2}
    )


def test_grid_holds_levels_expected_and_statuses() -> None:
    grid = _grid(
        {"p1": {"a": 3, "b": 1, "z": 4}, "p2": {"a": 4, "c": 4}, "p3": {}},
        {"p1": "advisor", "p2": "expert", "p3": None},
    )
    assert grid.levels.tolist() == [[3, 1, 0, 0], [4, 0, 4, 0], [0, 0, 0, 0]]
    assert grid.expected.tolist() == [[3, 2, 0, 0], [3, 3, 4, 0], [0, 0, 0, 0]]
    # the group's bar: the highest expected level, else the fallback, else 1
    assert grid.reference.tolist() == [3, 3, 4, 2]
    names = [[team.STATUS_NAMES[s] for s in row] for row in grid.status()]
    assert names[0] == ["at", "below", "not-required", "not-required"]
    assert names[1] == ["above", "not-assessed", "at", "not-required"]
    cover = {c.competency: c for c in team.coverage(grid)}
    assert (cover["a"].holders, cover["a"].needed, cover["a"].assessed) == (2, 2, 2)
    assert cover["b"].holders == 0 and cover["b"].needed == 2
    assert cover["c"].holders == 1 and cover["c"].holder_rows == (1,)
    assert cover["a"].share == 2 / 3


def test_single_points_of_failure_and_bottlenecks() -> None:
    grid = _grid(
        {"p1": {"a": 3, "b": 2}, "p2": {"a": 3, "c": 4}, "p3": {"a": 3}},
        {"p1": "advisor", "p2": "expert", "p3": "advisor"},
    )
    cover = team.coverage(grid)
    spof = team.single_points_of_failure(cover)
    assert [(c.competency, c.holders) for c in spof] == [("b", 1), ("c", 1)]
    # d is required by no job: left out unless asked
    assert "d" in [c.competency for c in team.single_points_of_failure(cover, required_only=False)]
    assert [c.competency for c in team.single_points_of_failure(cover, below=1)] == []
    assert next(c.competency for c in team.bottlenecks(cover)) == "b"  # 1 of 3 needing it


def test_theme_capacity_alert_one_short_and_recommendation() -> None:
    grid = _grid(
        {
            "p1": {"a": 3, "b": 3, "d": 2},
            "p2": {"a": 3, "b": 3},
            "p3": {"a": 3, "b": 1, "d": 2},
            "p4": {"a": 2},
        },
        {},
    )
    themes = [
        ThemeSpec("credit", (("a", 3), ("b", 3)), min_advisors=2),
        ThemeSpec("expat", (("a", 3), ("b", 2), ("d", 2)), min_advisors=2),
        ThemeSpec("rare", (("c", 2),), min_advisors=1),
    ]
    caps = team.theme_capacity(grid, themes)
    assert [(c.capable, c.alert) for c in caps] == [(2, False), (1, True), (0, True)]
    assert caps[0].capable_rows == (0, 1)
    assert caps[1].one_short == {"b": 1, "d": 1}  # p3 lacks b, p2 lacks d
    advice = team.recommend_training(grid, themes, caps)
    assert advice is not None
    # training p3 on b (to level 3) opens credit and expat; p2 on d opens expat only
    assert (advice.competency, advice.level) == ("b", 3)
    assert set(advice.themes) == {"credit", "expat"} and advice.alerts == ("expat",)
    assert advice.candidates == (2,)


def test_no_recommendation_when_nobody_is_one_competency_short() -> None:
    grid = _grid({"p1": {}}, {})
    themes = [ThemeSpec("t", (("a", 3), ("b", 3)))]
    assert team.recommend_training(grid, themes, team.theme_capacity(grid, themes)) is None


def test_a_theme_with_a_competency_outside_the_grid_is_taken_by_nobody() -> None:
    grid = _grid({"p1": {"a": 4}}, {})
    caps = team.theme_capacity(grid, [ThemeSpec("t", (("zz", 1),), min_advisors=1)])
    assert caps[0].capable == 0 and caps[0].alert


levels_st = st.dictionaries(
    st.sampled_from([f"p{i}" for i in range(12)]),
    st.dictionaries(st.sampled_from(COMPS), st.integers(1, 4), max_size=4),
    max_size=12,
)
jobs_st = st.dictionaries(
    st.sampled_from([f"p{i}" for i in range(12)]), st.sampled_from(["advisor", "expert", None])
)
theme_st = st.builds(
    ThemeSpec,
    st.text(min_size=1, max_size=5),
    st.lists(
        st.tuples(st.sampled_from(COMPS), st.integers(1, 4)), max_size=4, unique_by=lambda r: r[0]
    ).map(tuple),
    st.integers(1, 5),
)


@settings(max_examples=150, deadline=None)
@given(levels_st, jobs_st, st.lists(theme_st, max_size=4))
def test_properties(
    levels: dict[str, dict[str, int]], jobs: dict[str, str | None], themes: list[ThemeSpec]
) -> None:
    grid = _grid(levels, jobs)
    cover = team.coverage(grid)
    for c in cover:
        assert 0 <= c.holders <= c.assessed <= grid.size
        assert c.needed <= grid.size
        assert 0.0 <= c.share <= 1.0
    caps = team.theme_capacity(grid, themes)
    for theme, cap in zip(themes, caps, strict=True):
        assert 0 <= cap.capable <= grid.size
        assert cap.alert == (cap.capable < theme.min_advisors)
        assert sum(cap.one_short.values()) + cap.capable <= grid.size
        # a person at or above every level asked takes the theme (and only such people)
        for row, person in enumerate(grid.people):
            held = levels.get(person, {})
            meets = all(held.get(c, 0) >= lvl for c, lvl in theme.requirements)
            assert meets == (row in cap.capable_rows)
    advice = team.recommend_training(grid, themes, caps)
    if advice is not None:
        assert advice.themes and set(advice.alerts) <= set(advice.themes)
        assert advice.candidates
        # training a candidate really opens those themes to them
        for row in advice.candidates:
            col = grid.column(advice.competency)
            trained = grid.levels.copy()
            trained[row, col] = max(trained[row, col], advice.level)
            better = team.TeamGrid(
                grid.people, grid.competencies, trained, grid.expected, grid.reference
            )
            after = team.theme_capacity(better, themes)
            opened = {
                t.name
                for t, b, a in zip(themes, caps, after, strict=True)
                if row in a.capable_rows and row not in b.capable_rows
            }
            assert set(advice.themes) <= opened


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 30), st.integers(1, 6))
def test_a_person_with_every_level_at_4_takes_every_theme(n_people: int, n_themes: int) -> None:
    people = [f"p{i}" for i in range(n_people)] + ["star"]
    levels = {"star": dict.fromkeys(COMPS, 4)}
    grid = team.build_grid(people, COMPS, levels, [None] * len(people), {})
    themes = [ThemeSpec(f"t{i}", ((COMPS[i % 4], 1 + i % 4),)) for i in range(n_themes)]
    for cap in team.theme_capacity(grid, themes):
        assert cap.capable_rows == (len(people) - 1,)
    assert np.all(grid.reference == 1)
