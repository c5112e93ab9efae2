"""The three rating scales: every anchor and every threshold, both sides of each boundary."""

from __future__ import annotations

import pytest

from parcours.domain.competency import PROFICIENCY_SCALE, CompetencyKind
from parcours.domain.people import PeopleError
from parcours.domain.scales import (
    BEHAVIOUR,
    FREQUENCIES,
    KNOWLEDGE,
    PERFORMANCE,
    SCALES,
    level_from_anchor,
    level_from_frequencies,
    level_from_score,
    rate,
    scale_for,
)


def test_one_scale_per_kind_each_with_one_anchor_per_level() -> None:
    assert {s.kind for s in SCALES.values()} == set(CompetencyKind)
    for kind in CompetencyKind:
        scale = scale_for(kind)
        assert [a.level for a in scale.anchors] == sorted(PROFICIENCY_SCALE)
        assert [a.label for a in scale.anchors] == [PROFICIENCY_SCALE[k] for k in (1, 2, 3, 4)]
        assert all(a.description for a in scale.anchors)
    assert scale_for(CompetencyKind.SAVOIR) is KNOWLEDGE
    assert scale_for(CompetencyKind.SAVOIR_FAIRE) is PERFORMANCE
    assert scale_for(CompetencyKind.SAVOIR_ETRE) is BEHAVIOUR


@pytest.mark.parametrize(
    ("share", "level"),
    [(0.0, 1), (0.399, 1), (0.40, 2), (0.599, 2), (0.60, 3), (0.849, 3), (0.85, 4), (1.0, 4)],
)
def test_questionnaire_share_thresholds(share: float, level: int) -> None:
    assert level_from_score(share) == level
    assert rate(CompetencyKind.SAVOIR, share) == (level, share)


@pytest.mark.parametrize("share", [-0.01, 1.01, 60.0])
def test_questionnaire_share_outside_0_1_is_refused(share: float) -> None:
    with pytest.raises(PeopleError, match="hors de 0 à 100 %"):
        level_from_score(share)


@pytest.mark.parametrize("anchor", [1, 2, 3, 4])
def test_performance_anchor_is_the_level(anchor: int) -> None:
    assert level_from_anchor(anchor) == anchor
    assert rate(CompetencyKind.SAVOIR_FAIRE, anchor) == (anchor, None)


@pytest.mark.parametrize("anchor", [0, 5, -1])
def test_performance_anchor_outside_the_scale_is_refused(anchor: int) -> None:
    with pytest.raises(PeopleError, match="absent de l'échelle"):
        rate(CompetencyKind.SAVOIR_FAIRE, anchor)


@pytest.mark.parametrize(
    ("frequencies", "level", "mean"),
    [
        ([0], 1, 0.0),
        ([1, 2], 2, 1.5),  # 1.5: the lower bound of level 2
        ([1, 1, 2], 1, 4 / 3),  # below 1.5
        ([2, 3], 3, 2.5),
        ([2, 2, 3], 2, 7 / 3),
        ([3, 4], 4, 3.5),
        ([3, 3, 4], 3, 10 / 3),
        ([4, 4, 4], 4, 4.0),
    ],
)
def test_frequency_mean_gives_the_level(frequencies: list[int], level: int, mean: float) -> None:
    got_level, got_mean = level_from_frequencies(frequencies)
    assert got_level == level and got_mean == pytest.approx(mean)
    assert rate(CompetencyKind.SAVOIR_ETRE, frequencies)[0] == level


def test_frequencies_are_checked() -> None:
    assert sorted(FREQUENCIES) == [0, 1, 2, 3, 4]
    with pytest.raises(PeopleError, match="aucune fréquence"):
        level_from_frequencies([])
    with pytest.raises(PeopleError, match="fréquence invalide : 5"):
        level_from_frequencies([3, 5])


def test_a_measure_of_the_wrong_kind_is_refused() -> None:
    with pytest.raises(PeopleError, match="score de questionnaire"):
        rate(CompetencyKind.SAVOIR, [3, 4])
    with pytest.raises(PeopleError, match="fréquence par indicateur"):
        rate(CompetencyKind.SAVOIR_ETRE, 3)
    with pytest.raises(PeopleError, match="repère de performance"):
        rate(CompetencyKind.SAVOIR_FAIRE, 0.7)
