"""Career paths: k best loopless paths, bounded steps, no grade going down unless asked."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.domain.competency import Importance
from parcours.domain.mobility import Mobility
from parcours.domain.referential import Referential
from parcours.engine.paths import (
    DECLARED_FACTOR,
    MIN_STEP_COST,
    CostMode,
    MobilityGraph,
    build_graph,
    k_best_paths,
    reachable,
)
from parcours.engine.similarity import build_similarity_model

from .test_vectors import _job, bank


def _edges(graph: MobilityGraph, row: int) -> list[tuple[int, float, float]]:
    out = graph.edges(row)
    return list(
        zip(
            graph.targets[out].tolist(),
            graph.costs[out].tolist(),
            graph.steps[out].tolist(),
            strict=True,
        )
    )


def brute_force(
    graph: MobilityGraph, source: int, targets: set[int], max_steps: int, allow_down: bool
) -> list[float]:
    """Costs of every loopless path of at most max_steps steps, cheapest first."""
    costs: list[float] = []

    def walk(node: int, seen: tuple[int, ...], cost: float) -> None:
        if node in targets and node != source:
            costs.append(cost)
            return
        if len(seen) - 1 == max_steps:
            return
        for nxt, step_cost, step in _edges(graph, node):
            if nxt in seen or (not allow_down and not math.isnan(step) and step < 0):
                continue
            walk(nxt, (*seen, nxt), cost + step_cost)

    walk(source, (source,), 0.0)
    return sorted(costs)


def test_graph_holds_declared_moves_and_top_n_computed_ones() -> None:
    model = build_similarity_model(bank())
    graph = build_graph(model, top_n=2)
    j = model.vectors.job_index
    out = graph.edges(j["responsable-d-agence--iii-2"])
    targets = graph.targets[out].tolist()
    assert j["directeur-regional--iv-a"] in targets  # declared
    # the two best computed targets, plus the declared one (which may be among them)
    row = j["responsable-d-agence--iii-2"]
    best, _ = model.top_k(2, sources=np.array([row], dtype=np.int64))
    assert set(targets) == {*best[0].tolist(), j["directeur-regional--iv-a"]}
    declared = dict(zip(targets, graph.declared[out].tolist(), strict=True))
    assert declared[j["directeur-regional--iv-a"]] is True
    cost = dict(zip(targets, graph.costs[out].tolist(), strict=True))
    score = dict(zip(targets, graph.scores[out].tolist(), strict=True))
    d = j["directeur-regional--iv-a"]
    assert cost[d] == pytest.approx(max(1 - score[d], MIN_STEP_COST) * DECLARED_FACTOR)


def test_k_best_paths_are_cheapest_first_and_explained() -> None:
    model = build_similarity_model(bank())
    graph = build_graph(model, top_n=3)
    j = model.vectors.job_index
    paths = k_best_paths(
        graph, j["conseiller--ii-1"], {j["directeur-regional--iv-a"]}, k=3, max_steps=4
    )
    assert paths
    best = paths[0]
    assert best.jobs == (
        "conseiller--ii-1",
        "conseiller-confirme--ii-3",
        "responsable-d-agence--iii-2",
        "directeur-regional--iv-a",
    )
    assert all(step.declared for step in best.steps)
    assert [p.cost for p in paths] == sorted(p.cost for p in paths)
    assert best.cost == pytest.approx(sum(s.cost for s in best.steps), abs=1e-3)
    second_step = best.steps[1]
    assert {c.key for c in second_step.reasons.missing} == {"management", "pilotage"}
    assert second_step.grade_step is not None and second_step.grade_step > 0


def test_grade_never_goes_down_unless_asked() -> None:
    model = build_similarity_model(bank())
    graph = build_graph(model, top_n=5)
    j = model.vectors.job_index
    source, target = j["conseiller-confirme--ii-3"], j["conseiller--ii-1"]
    assert k_best_paths(graph, source, {target}, k=2, max_steps=3) == []
    down = k_best_paths(graph, source, {target}, k=2, max_steps=3, allow_down=True)
    assert down and down[0].jobs == ("conseiller-confirme--ii-3", "conseiller--ii-1")
    assert down[0].steps[0].grade_step == -2


def test_reachable_counts_fewest_steps() -> None:
    model = build_similarity_model(bank())
    graph = build_graph(model, top_n=1)
    j = model.vectors.job_index
    found = reachable(graph, [j["conseiller--ii-1"]], 2)
    assert found[j["conseiller-confirme--ii-3"]] == 1
    assert found[j["responsable-d-agence--iii-2"]] == 2
    assert j["conseiller--ii-1"] not in found
    assert j["directeur-regional--iv-a"] not in found  # three steps away


def random_referential(seed: int, n_jobs: int) -> Referential:
    rng = np.random.default_rng(seed)
    ref = Referential("aléatoire")
    comps = [f"c{i}" for i in range(12)]
    grades = ["II.1", "II.2", "II.3", "III.1"]
    for i in range(n_jobs):
        picked = rng.choice(len(comps), size=int(rng.integers(1, 6)), replace=False)
        ref.jobs[f"j{i}"] = _job(
            f"j{i}",
            f"Poste {i}",
            grades[int(rng.integers(len(grades)))] if rng.random() < 0.8 else None,
            None,
            [(comps[int(c)], Importance.ESSENTIAL, None) for c in picked],
        )
    for _ in range(n_jobs):
        a, b = rng.choice(n_jobs, size=2, replace=False)
        ref.mobilities.append(Mobility(f"j{a}", f"j{b}"))
    return ref


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 10_000),
    st.integers(3, 9),
    st.integers(1, 4),
    st.integers(1, 4),
    st.booleans(),
    st.sampled_from(list(CostMode)),
)
def test_search_finds_the_k_cheapest_loopless_paths(
    seed: int, n_jobs: int, k: int, max_steps: int, allow_down: bool, mode: CostMode
) -> None:
    model = build_similarity_model(random_referential(seed, n_jobs))
    graph = build_graph(model, top_n=2, mode=mode)
    source, target = 0, n_jobs - 1
    found = k_best_paths(graph, source, {target}, k=k, max_steps=max_steps, allow_down=allow_down)
    expected = brute_force(graph, source, {target}, max_steps, allow_down)[:k]
    assert [p.cost for p in found] == pytest.approx([round(c, 4) for c in expected], abs=1e-3)
    for path in found:
        assert len(path.steps) <= max_steps
        assert len(set(path.jobs)) == len(path.jobs)
        assert path.jobs[0] == "j0" and path.jobs[-1] == f"j{target}"
        if not allow_down:
            assert all(s.grade_step is None or s.grade_step >= 0 for s in path.steps)
