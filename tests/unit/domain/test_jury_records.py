"""Jury evaluations and records as plain data (JSON), and how scores are written in reasons."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from parcours.domain.jury import (
    CompetencyEvaluation,
    JuryError,
    Outcome,
    evaluate,
    evaluation_from_dict,
    evaluation_to_dict,
    evaluations_from_data,
    percent,
    record_from_dict,
    record_to_dict,
)
from tests.unit.domain.test_jury import CERT, all_met, evaluations


@given(evaluations())
def test_records_and_evaluations_round_trip_through_json(
    given_evaluations: list[CompetencyEvaluation],
) -> None:
    record = evaluate(CERT, "cand", given_evaluations)
    assert record_from_dict(json.loads(json.dumps(record_to_dict(record)))) == record
    data = json.loads(json.dumps([evaluation_to_dict(e) for e in given_evaluations]))
    assert evaluations_from_data(data) == given_evaluations


def test_the_record_as_data_says_what_the_jury_decided() -> None:
    data = record_to_dict(evaluate(CERT, "cand", all_met(CERT, 0.59)))
    assert data["validated_blocks"] == ["B1"] and data["partial_blocks"] == ["B1"]
    assert data["title_granted"] is False
    blocks = data["blocks"]
    assert isinstance(blocks, list) and [b["code"] for b in blocks] == ["B1", "B2", "B3"]


@pytest.mark.parametrize(
    "bad",
    [
        "C1",
        {"criteria": ["met"]},
        {"code": "C1", "criteria": "met"},
        {"code": "C1", "criteria": ["yes"]},
        {"code": "C9", "criteria": ["met"], "questionnaire": "59 %"},
        {"code": "C9", "criteria": ["met"], "questionnaire": True},
    ],
)
def test_evaluations_that_are_not_data_are_refused(bad: object) -> None:
    with pytest.raises(JuryError):
        evaluation_from_dict(bad)


def test_evaluations_are_a_list_and_a_record_has_its_keys() -> None:
    with pytest.raises(JuryError):
        evaluations_from_data({"code": "C1"})
    with pytest.raises(JuryError):
        record_from_dict({"blocks": []})
    with pytest.raises(JuryError):
        record_from_dict({"certification": "x", "candidate": "c", "blocks": "B1"})
    assert evaluation_from_dict({"code": "C9", "criteria": [], "questionnaire": 1}) == (
        CompetencyEvaluation("C9", (), 1.0)
    )


@pytest.mark.parametrize(
    ("score", "below", "text"),
    [
        (0.59, 0.6, "59\u202f%"),
        (0.595, 0.6, "59,5\u202f%"),
        (0.5999, 0.6, "59,99\u202f%"),
        (0.6, None, "60\u202f%"),
        (0.0, 0.6, "0\u202f%"),
    ],
)
def test_a_score_under_the_threshold_never_reads_as_reaching_it(
    score: float, below: float | None, text: str
) -> None:
    assert percent(score, below) == text


def test_the_reason_of_a_score_just_under_the_threshold_is_exact() -> None:
    record = evaluate(CERT, "c", all_met(CERT, 0.595))
    c9 = next(d for b in record.blocks for d in b.competencies if d.code == "C9")
    assert c9.reasons == ("questionnaire : 59,5\u202f% < 60\u202f%",)
    not_met = evaluate(
        CERT,
        "c",
        [CompetencyEvaluation("C1", (Outcome.NOT_MET, Outcome.NOT_EVALUATED, Outcome.MET))],
    )
    assert not_met.blocks[0].competencies[0].reasons == (
        "critère 1 non atteint",
        "critère 2 non évalué",
    )
