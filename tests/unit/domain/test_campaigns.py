"""The pure rules of campaigns: items, measures, the comparison, who rates whom."""

from __future__ import annotations

from datetime import date

import pytest

from parcours.domain.access import Principal, Role
from parcours.domain.campaigns import (
    CampaignItem,
    ComparisonLine,
    Measure,
    campaign_terms,
    check_measure,
    compare,
    concerns,
    evidence_text,
    frequencies_of,
    items_for,
    may_rate,
    parse_measure,
    side_of,
)
from parcours.domain.competency import Competency, CompetencyKind, Requirement
from parcours.domain.job import Job
from parcours.domain.people import Assessment, PeopleError, Person, Source
from parcours.domain.referential import Referential
from parcours.domain.scales import scale_for

DAY = date(2026, 3, 1)


def item(kind: CompetencyKind, *, indicators: int = 0, expected: int | None = 3) -> CampaignItem:
    return CampaignItem(
        competency=f"c-{kind.value}",
        label=f"Compétence {kind.value}",
        kind=kind,
        scale=scale_for(kind),
        expected=expected,
        indicators=tuple(f"Je fais {i}" for i in range(indicators)),
    )


def rating(
    source: Source, level: int, *, campaign: int | None = 1, key: str = "c-savoir-faire"
) -> Assessment:
    return Assessment("p", key, level, source, DAY, "skill", campaign=campaign)


def test_sides_are_self_and_manager_only() -> None:
    assert side_of(" Self ") is Source.SELF and side_of(Source.MANAGER) is Source.MANAGER
    for other in ("jury", "import", Source.JURY):
        with pytest.raises(PeopleError):
            side_of(other)


def test_items_follow_the_job_requirements_with_their_scales() -> None:
    ref = Referential("R")
    ref.competencies = {
        "ecoute": Competency("ecoute", "Écoute", CompetencyKind.SAVOIR_ETRE, indicators=["Je"]),
        "crm": Competency("crm", "Outils CRM", CompetencyKind.SAVOIR_FAIRE, indicators=["x"]),
    }
    needs = [Requirement("crm", level=2), Requirement("absente"), Requirement("ecoute")]
    ref.jobs = {"conseiller": Job("conseiller", "Conseiller", requirements=needs)}
    found = items_for(Person("p", "R", "conseiller"), ref)
    assert [(i.competency, i.expected) for i in found] == [("crm", 2), ("ecoute", None)]
    assert found[0].indicators == () and found[1].indicators == ("Je",)  # savoir-être only
    assert found[1].scale == scale_for(CompetencyKind.SAVOIR_ETRE)
    assert items_for(Person("p", "R", "inconnu"), ref) == []
    assert items_for(Person("p"), None) == []


def test_measures_are_read_per_kind() -> None:
    assert parse_measure(item(CompetencyKind.SAVOIR), "75 %") == 0.75
    assert parse_measure(item(CompetencyKind.SAVOIR), "0,5") == 0.5
    assert parse_measure(item(CompetencyKind.SAVOIR_FAIRE), " 3 ") == 3
    assert parse_measure(item(CompetencyKind.SAVOIR_ETRE), "souvent, 4") == [3, 4]
    for bad in ("", "beaucoup"):
        with pytest.raises(PeopleError):
            parse_measure(item(CompetencyKind.SAVOIR_FAIRE), bad)


def test_measures_must_have_the_shape_of_the_item() -> None:
    check_measure(item(CompetencyKind.SAVOIR_ETRE, indicators=2), [1, 2])
    check_measure(item(CompetencyKind.SAVOIR_FAIRE), 3.0)
    wrong: list[tuple[CampaignItem, Measure]] = [
        (item(CompetencyKind.SAVOIR), True),
        (item(CompetencyKind.SAVOIR_ETRE), 3),
        (item(CompetencyKind.SAVOIR_ETRE, indicators=2), [1]),
        (item(CompetencyKind.SAVOIR_FAIRE), 2.5),
    ]
    for it, measure in wrong:
        with pytest.raises(PeopleError):
            check_measure(it, measure)


def test_frequencies_go_into_the_evidence_and_come_back() -> None:
    behaviour = item(CompetencyKind.SAVOIR_ETRE, indicators=2)
    text = evidence_text("Revue 2026", behaviour, [3, 4])
    assert text == "campagne « Revue 2026 » ; fréquences : souvent, toujours"
    kept = Assessment("p", "c", 4, Source.SELF, DAY, "behaviour", evidence=text)
    assert frequencies_of(kept) == [3, 4]
    assert evidence_text("Revue", item(CompetencyKind.SAVOIR_FAIRE), 3) == "campagne « Revue »"
    assert frequencies_of(None) == [] and frequencies_of(rating(Source.SELF, 2)) == []


def test_the_comparison_keeps_the_latest_campaign_rating_of_each_visible_side() -> None:
    it = item(CompetencyKind.SAVOIR_FAIRE)
    history = [
        rating(Source.SELF, 1),
        rating(Source.SELF, 4),  # later: it counts
        rating(Source.MANAGER, 1, campaign=2),  # another campaign
        rating(Source.MANAGER, 2),
    ]
    (line,) = compare([it], history, 1)
    assert line.self_rating is history[1] and line.manager_rating is history[3]
    assert line.difference == -2 and line.disagreement and line.below_expected
    (hidden,) = compare([it], history, 1, shows_manager=False)
    assert hidden.manager_rating is None and hidden.difference is None
    assert hidden.reference is history[1] and not hidden.below_expected


def test_a_one_level_gap_is_no_disagreement() -> None:
    line = ComparisonLine(
        item(CompetencyKind.SAVOIR_FAIRE), rating(Source.SELF, 3), rating(Source.MANAGER, 2)
    )
    assert line.difference == -1 and not line.disagreement


def test_a_new_campaign_needs_a_name_dates_in_order_and_a_team() -> None:
    title, codes = campaign_terms("  Revue   2026 ", DAY, DAY, [" T1", "T2", "T1", " "])
    assert (title, codes) == ("Revue 2026", ["T1", "T2"])
    for name, ends, teams in [
        (" ", DAY, ["T1"]),
        ("R", date(2026, 1, 1), ["T1"]),
        ("R", DAY, [" "]),
    ]:
        with pytest.raises(PeopleError):
            campaign_terms(name, DAY, ends, teams)


def test_who_rates_whom_and_whom_a_campaign_concerns() -> None:
    person = Person("p-1", team="T1")
    employee = Principal("a-1", person="p-1")
    manager = Principal("a-2", frozenset({Role.MANAGER}), person="p-2", teams=frozenset({"T1"}))
    hr = Principal("a-3", frozenset({Role.HR}))
    assert may_rate(employee, person, Source.SELF) and not may_rate(
        employee, person, Source.MANAGER
    )
    assert may_rate(manager, person, Source.MANAGER) and not may_rate(manager, person, Source.SELF)
    assert not may_rate(manager, Person("p-2", team="T1"), Source.MANAGER)  # never themselves
    assert not may_rate(hr, person, Source.MANAGER)
    assert concerns(hr, ["T9"], None) and concerns(manager, ["T1"], None)
    assert concerns(employee, ["T1"], "T1") and not concerns(employee, ["T2"], "T1")
