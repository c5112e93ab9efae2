"""Recommendations for a job and for a person, batch forms, and the leave-one-out evaluation."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.domain.job import Job
from parcours.domain.mobility import MobilityKind, MobilityOrigin
from parcours.engine.evaluation import (
    dev_moves,
    evaluate_model,
    leave_one_out,
    random_baseline,
    rank_expectations,
)
from parcours.engine.recommend import (
    batch_for_jobs,
    batch_for_profiles,
    profile_scores,
    recommend_for_job,
    recommend_for_profile,
    similar_to_job,
)
from parcours.engine.similarity import SimilarityModel, build_similarity_model

from .test_vectors import bank


@pytest.fixture(scope="module")
def model() -> SimilarityModel:
    return build_similarity_model(bank())


def test_declared_moves_come_first_flagged_with_their_kind(model: SimilarityModel) -> None:
    recs = recommend_for_job(model, "conseiller-confirme--ii-3", k=3)
    first = recs[0]
    assert first.target == "responsable-d-agence--iii-2"
    assert first.declared and first.origin is MobilityOrigin.DECLARED
    assert first.kinds == (MobilityKind.VERTICAL,)
    assert [r.rank for r in recs] == [1, 2, 3]
    assert all(r.origin is MobilityOrigin.COMPUTED for r in recs[1:])
    assert "conseiller-confirme--ii-3" not in {r.target for r in recs}
    # The declared move is first although another job is more similar.
    assert max(r.score for r in recs[1:]) > first.score


def test_similar_jobs_rank_by_score_alone(model: SimilarityModel) -> None:
    recs = similar_to_job(model, "conseiller-confirme--ii-3", k=5)
    assert [r.score for r in recs] == sorted((r.score for r in recs), reverse=True)
    assert recs[0].target == "conseiller--ii-1"
    declared = [r for r in recs if r.declared]
    assert [r.target for r in declared] == ["responsable-d-agence--iii-2"]


def test_reasons_name_shared_and_missing_competencies(model: SimilarityModel) -> None:
    (rec,) = [
        r
        for r in recommend_for_job(model, "conseiller--ii-1", k=5)
        if r.target == "conseiller-confirme--ii-3"
    ]
    reasons = rec.reasons
    assert {c.key for c in reasons.shared} == {"ecoute", "vente", "reglementation"}
    assert [c.key for c in reasons.missing] == ["credit"]
    assert reasons.missing[0].label == "Crédit aux particuliers"
    assert reasons.missing[0].required_level == 2
    assert reasons.shared_count == 3 and reasons.missing_count == 1
    assert 0 < reasons.missing_share < 0.3
    assert reasons.same_metier and reasons.same_filiere and reasons.same_family
    assert reasons.grade_step == 2
    assert "conseiller" in reasons.title_words
    weights = [c.weight for c in reasons.shared]
    assert weights == sorted(weights, reverse=True)


def test_profile_recommendations_follow_the_competencies_held(model: SimilarityModel) -> None:
    recs = recommend_for_profile(model, {"credit": 3, "risque": 2}, k=2)
    assert recs[0].target == "analyste-credit--iii-1"
    assert recs[0].origin is MobilityOrigin.COMPUTED
    assert {c.key for c in recs[0].reasons.shared} == {"credit", "risque"}
    assert recs[0].reasons.shared[0].held_level in (2, 3)
    with_job = recommend_for_profile(
        model, {"ecoute": 2, "vente": 2}, k=3, current="conseiller--ii-1"
    )
    assert with_job[0].target == "conseiller-confirme--ii-3" and with_job[0].declared
    assert "conseiller--ii-1" not in {r.target for r in with_job}


def test_higher_levels_raise_the_score_of_jobs_that_expect_them(model: SimilarityModel) -> None:
    j = model.vectors.job_index
    low = profile_scores(model, {"credit": 1, "risque": 1, "vente": 4})
    high = profile_scores(model, {"credit": 4, "risque": 4, "vente": 1})
    assert high[j["analyste-credit--iii-1"]] > low[j["analyste-credit--iii-1"]]


def test_batch_for_jobs_matches_one_job_at_a_time(model: SimilarityModel) -> None:
    result = batch_for_jobs(model, 3, chunk=2, workers=2)
    for row, key in enumerate(model.vectors.jobs):
        single = recommend_for_job(model, key, k=3)
        batch_targets = [model.vectors.jobs[t] for t in result.targets[row]]
        assert batch_targets == [r.target for r in single]
        assert list(result.declared[row]) == [r.declared for r in single]
        assert np.allclose(result.scores[row], [r.score for r in single], atol=1e-4)


def test_batch_for_profiles_matches_one_person_at_a_time(model: SimilarityModel) -> None:
    vectors = model.vectors
    profiles = [
        ({"ecoute": 2, "vente": 3}, "conseiller--ii-1"),
        ({"credit": 4, "risque": 2, "reglementation": 3}, None),
        ({"management": 3, "ecoute": 1}, "responsable-d-agence--iii-2"),
        ({"recouvrement": 2}, "charge-de-recouvrement--ii-2"),
    ]
    rows, cols, vals = [], [], []
    for i, (levels, _) in enumerate(profiles):
        for key, level in levels.items():
            rows.append(i)
            cols.append(vectors.competency_index[key])
            vals.append(level)
    held = sp.csr_matrix((vals, (rows, cols)), shape=(len(profiles), len(vectors.competencies)))
    current = np.array([vectors.job_index[j] if j else -1 for _, j in profiles], dtype=np.int64)
    targets, scores = batch_for_profiles(model, held, current, 3, chunk=3, workers=2)
    for i, (levels, job) in enumerate(profiles):
        expected = profile_scores(model, levels, job)
        if job:
            expected[vectors.job_index[job]] = -np.inf
        assert np.allclose(scores[i], np.sort(expected)[::-1][:3], atol=1e-5)
        if job:
            assert vectors.job_index[job] not in targets[i]


def test_rank_expectations_break_ties_at_random() -> None:
    scores = np.array([0.9, 0.5, 0.5, 0.5, 0.1])
    recall, rr, candidates = rank_expectations(scores, 1, excluded=set(), cutoffs=(1, 2, 4))
    # One better candidate, two tied with the target: ranks 2, 3 or 4.
    assert candidates == 5
    assert recall == {1: 0.0, 2: pytest.approx(1 / 3), 4: 1.0}
    assert rr == pytest.approx((1 / 2 + 1 / 3 + 1 / 4) / 3)
    recall, _, candidates = rank_expectations(scores, 1, excluded={0}, cutoffs=(1,))
    assert candidates == 4 and recall[1] == pytest.approx(1 / 3)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 40))
def test_random_baseline_is_the_expected_value(n: int) -> None:
    from parcours.domain.mobility import Mobility
    from parcours.domain.referential import Referential

    from .test_vectors import _job

    ref = Referential("r")
    for i in range(n + 1):
        ref.jobs[f"j{i}"] = _job(f"j{i}", f"Poste {i}", None, None, [])
    ref.mobilities.append(Mobility("j0", "j1"))
    jobs = list(ref.jobs)
    metrics = random_baseline(ref, jobs, cutoffs=(1, 5, 10))
    assert metrics.moves == 1
    assert metrics.recall[1] == pytest.approx(1 / n)
    assert metrics.recall[5] == pytest.approx(min(5, n) / n)
    assert metrics.mrr == pytest.approx(sum(1 / r for r in range(1, n + 1)) / n)


def test_leave_one_out_hides_the_move_and_filters_other_declared_targets(
    model: SimilarityModel,
) -> None:
    ref = model.referential
    moves = dev_moves(ref)
    # The move to the directeur (no sheet) is not a development move.
    assert ("responsable-d-agence--iii-2", "directeur-regional--iv-a") not in moves
    assert len(moves) == 2
    ours, jaccard, chance = evaluate_model(model)
    assert ours.moves == jaccard.moves == chance.moves == 2
    assert ours.mrr >= chance.mrr
    constant = leave_one_out(
        ref, model.vectors.jobs, lambda rows: np.zeros((len(rows), model.size)), "zéro"
    )
    assert constant.mrr == pytest.approx(chance.mrr)


class _Counted(dict[str, Job]):
    """Jobs read on demand from ``source``: each read (one or several keys) is counted."""

    def __init__(self, source: dict[str, Job]) -> None:
        super().__init__()
        self.source = source
        self.reads: list[list[str]] = []

    def __missing__(self, key: str) -> Job:
        self.prefetch([key])
        return dict.__getitem__(self, key)

    def prefetch(self, keys: Sequence[str]) -> None:
        missing = [k for k in keys if not dict.__contains__(self, k)]
        if missing:
            self.reads.append(missing)
            self.update({k: self.source[k] for k in missing})


def test_jobs_read_on_demand_are_read_at_once_for_the_explanations() -> None:
    ref = bank()
    plain = recommend_for_job(build_similarity_model(ref), "conseiller-confirme--ii-3", k=4)
    model = build_similarity_model(ref)
    counted = _Counted(dict(ref.jobs))
    model.referential.jobs = counted
    assert recommend_for_job(model, "conseiller-confirme--ii-3", k=4) == plain
    # The source may be read alone first (what it holds); the four targets in one read.
    assert len(counted.reads) <= 2
    assert any({r.target for r in plain} <= set(read) for read in counted.reads)
