"""Jury rules on the real RNCP referential (seed 003) and their properties."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from parcours.domain.certification import Certification
from parcours.domain.jury import (
    CompetencyEvaluation,
    JuryError,
    Outcome,
    evaluate,
    thresholds,
)
from parcours.ingest.pipeline import parse_document
from tests.conftest import seed_path

_path = seed_path("003")
(CERT,) = parse_document(_path.read_bytes(), _path.name).parts[0].certifications.values()


def all_met(cert: Certification, score: float = 1.0) -> list[CompetencyEvaluation]:
    limits = thresholds(cert)
    return [
        CompetencyEvaluation(
            c.code,
            tuple(Outcome.MET for _ in c.criteria),
            score if c.code in limits else None,
        )
        for b in cert.blocks
        for c in b.competencies
    ]


def test_everything_met_grants_the_title() -> None:
    record = evaluate(CERT, "cand-1", all_met(CERT))
    assert record.title_granted and record.validated_blocks == ("B1", "B2", "B3")
    assert record.partial_blocks == ()


def test_the_60_percent_threshold_is_inclusive() -> None:
    assert thresholds(CERT) == {"C9": 0.6, "C20": 0.6, "C21": 0.6, "C22": 0.6}
    assert evaluate(CERT, "c", all_met(CERT, 0.6)).title_granted
    low = evaluate(CERT, "c", all_met(CERT, 0.59))
    assert not low.title_granted
    assert low.validated_blocks == ("B1",)  # C9 is in B2; C20–C22 in B3
    assert low.partial_blocks == ("B1",)
    c9 = next(d for b in low.blocks for d in b.competencies if d.code == "C9")
    assert c9.reasons == ("questionnaire : 59\u202f% < 60\u202f%",)


def test_one_unmet_criterion_fails_its_whole_block_only() -> None:
    evaluations = all_met(CERT)
    c14 = next(i for i, e in enumerate(evaluations) if e.code == "C14")
    e = evaluations[c14]
    evaluations[c14] = CompetencyEvaluation(e.code, (Outcome.NOT_MET, *e.criteria[1:]))
    record = evaluate(CERT, "c", evaluations)
    assert record.validated_blocks == ("B1", "B3")
    assert not record.title_granted and record.partial_blocks == ("B1", "B3")


def test_a_missing_evaluation_or_questionnaire_is_not_a_validation() -> None:
    evaluations = [e for e in all_met(CERT) if e.code != "C1"]
    record = evaluate(CERT, "c", evaluations)
    assert not record.blocks[0].validated
    assert record.blocks[0].competencies[0].reasons == ("compétence non évaluée",)
    no_score = [CompetencyEvaluation(e.code, e.criteria, None) for e in all_met(CERT)]
    assert not evaluate(CERT, "c", no_score).title_granted


@pytest.mark.parametrize(
    "bad",
    [
        [CompetencyEvaluation("C99", ())],
        [CompetencyEvaluation("C1", (Outcome.MET,))],  # C1 has three criteria
        [CompetencyEvaluation("C9", (Outcome.MET,) * 4, 1.5)],
        all_met(CERT)[:1] * 2,
    ],
)
def test_evaluations_that_do_not_fit_are_refused(bad: list[CompetencyEvaluation]) -> None:
    with pytest.raises(JuryError):
        evaluate(CERT, "c", bad)


outcomes = st.sampled_from(list(Outcome))


@st.composite
def evaluations(draw: st.DrawFn) -> list[CompetencyEvaluation]:
    limits = thresholds(CERT)
    out = []
    for block in CERT.blocks:
        for comp in block.competencies:
            if draw(st.integers(0, 9)) == 0:
                continue  # about one competency in ten left unevaluated
            score = draw(st.none() | st.floats(0, 1)) if comp.code in limits else None
            criteria = tuple(draw(outcomes) for _ in comp.criteria)
            out.append(CompetencyEvaluation(comp.code, criteria, score))
    return out


@given(evaluations())
def test_blocks_validate_whole_and_the_title_needs_every_block(
    given_evaluations: list[CompetencyEvaluation],
) -> None:
    record = evaluate(CERT, "c", given_evaluations)
    for block in record.blocks:
        assert block.validated == all(d.validated for d in block.competencies)
    assert record.title_granted == all(b.validated for b in record.blocks)
    assert set(record.partial_blocks) <= set(record.validated_blocks)
    assert not (record.title_granted and record.partial_blocks)


@given(evaluations(), st.data())
def test_meeting_one_more_criterion_never_loses_a_block(
    given_evaluations: list[CompetencyEvaluation], data: st.DataObject
) -> None:
    assume(given_evaluations)
    before = evaluate(CERT, "c", given_evaluations)
    index = data.draw(st.integers(0, len(given_evaluations) - 1))
    e = given_evaluations[index]
    if e.criteria:
        position = data.draw(st.integers(0, len(e.criteria) - 1))
        criteria = list(e.criteria)
        criteria[position] = Outcome.MET
        changed = list(given_evaluations)
        changed[index] = CompetencyEvaluation(e.code, tuple(criteria), e.questionnaire)
        after = evaluate(CERT, "c", changed)
        assert set(before.validated_blocks) <= set(after.validated_blocks)
