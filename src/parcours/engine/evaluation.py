"""Quality of the recommendations, measured by leave-one-out on declared moves.

The development set is the declared mobilities between two jobs that both have a sheet
(``dev_moves``). For each such move A -> B, the move is hidden and the jobs are ranked from A;
the rank of B counts. The ranking is "filtered": the other declared targets of A are left out of
the candidates (they are known moves, not errors), as is A itself. Ties are broken at random in
expectation: a target tied with t other candidates behind g better ones has rank g + 1 ... g +
t + 1 with equal chances, and recall@k and the reciprocal rank are averaged over those ranks.

Reported: recall@1/5/10 and MRR, for the model, for plain Jaccard of competency sets, and for
the expected value of a random ranking (recall@k = min(k, n)/n, MRR = H(n)/n for n candidates).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from parcours.domain.referential import Referential
from parcours.engine.similarity import SimilarityModel
from parcours.engine.vectors import FloatArray, IntArray, jaccard_rows

CUTOFFS = (1, 5, 10)

Scorer = Callable[[IntArray], FloatArray]


@dataclass(frozen=True, slots=True)
class Metrics:
    """Leave-one-out figures of one ranking method over ``moves`` hidden moves."""

    method: str
    moves: int
    recall: dict[int, float]
    mrr: float

    def row(self) -> str:
        cells = " ".join(f"{self.recall[k]:7.3f}" for k in sorted(self.recall))
        return f"{self.method:<28} {self.moves:5d} {cells} {self.mrr:7.3f}"


def table_header(cutoffs: Sequence[int] = CUTOFFS) -> str:
    cells = " ".join(f"{'R@' + str(k):>7}" for k in cutoffs)
    return f"{'méthode':<28} {'moves':>5} {cells} {'MRR':>7}"


def dev_moves(referential: Referential) -> list[tuple[str, str]]:
    """Declared moves between two different jobs that both have a sheet, once each."""
    seen: dict[tuple[str, str], None] = {}
    for move in referential.mobilities:
        source = referential.jobs.get(move.source)
        target = referential.jobs.get(move.target)
        if source is None or target is None or move.source == move.target:
            continue
        if source.has_sheet and target.has_sheet and move.origin.value == "declared":
            seen.setdefault((move.source, move.target), None)
    return list(seen)


def _declared_targets(referential: Referential, index: dict[str, int]) -> dict[str, set[int]]:
    """Per source job, the indices of its declared targets."""
    known: dict[str, set[int]] = {}
    for move in referential.mobilities:
        if move.target in index:
            known.setdefault(move.source, set()).add(index[move.target])
    return known


def rank_expectations(
    scores: FloatArray, target: int, excluded: set[int], cutoffs: Sequence[int] = CUTOFFS
) -> tuple[dict[int, float], float, int]:
    """Expected recall@k and reciprocal rank of ``target`` among the candidates (every column
    not in ``excluded``), ties broken uniformly at random; and the number of candidates."""
    mask = np.ones(len(scores), dtype=bool)
    mask[list(excluded)] = False
    mask[target] = True
    candidates = scores[mask]
    value = scores[target]
    tolerance = 1e-12
    better = int(np.count_nonzero(candidates > value + tolerance))
    tied = int(np.count_nonzero(np.abs(candidates - value) <= tolerance)) - 1
    recall = {k: float(np.clip((k - better) / (tied + 1), 0.0, 1.0)) for k in cutoffs}
    ranks = np.arange(better + 1, better + tied + 2, dtype=np.float64)
    return recall, float(np.mean(1.0 / ranks)), int(mask.sum())


def leave_one_out(
    referential: Referential,
    jobs: Sequence[str],
    scorer: Scorer,
    method: str,
    *,
    moves: list[tuple[str, str]] | None = None,
    cutoffs: Sequence[int] = CUTOFFS,
) -> Metrics:
    """Hide each move, rank from its source with ``scorer`` (rows of scores against ``jobs``),
    and average recall@k and reciprocal rank of its target."""
    moves = dev_moves(referential) if moves is None else moves
    index = {key: i for i, key in enumerate(jobs)}
    known = _declared_targets(referential, index)
    if not moves:
        return Metrics(method, 0, dict.fromkeys(cutoffs, 0.0), 0.0)
    sources = np.array([index[s] for s, _ in moves], dtype=np.int64)
    scores = scorer(sources)
    recalls = {k: 0.0 for k in cutoffs}
    mrr = 0.0
    for row, (source, target) in enumerate(moves):
        t = index[target]
        excluded = (known.get(source, set()) - {t}) | {index[source]}
        recall, rr, _ = rank_expectations(scores[row], t, excluded, cutoffs)
        for k in cutoffs:
            recalls[k] += recall[k]
        mrr += rr
    n = len(moves)
    return Metrics(method, n, {k: v / n for k, v in recalls.items()}, mrr / n)


def random_baseline(
    referential: Referential,
    jobs: Sequence[str],
    *,
    moves: list[tuple[str, str]] | None = None,
    cutoffs: Sequence[int] = CUTOFFS,
) -> Metrics:
    """The expected figures of a uniformly random ranking of the same candidates."""

    def constant(rows: IntArray) -> FloatArray:
        return np.zeros((len(rows), len(jobs)))

    return leave_one_out(
        referential, jobs, constant, "hasard (espérance)", moves=moves, cutoffs=cutoffs
    )


def evaluate_model(
    model: SimilarityModel,
    *,
    moves: list[tuple[str, str]] | None = None,
    cutoffs: Sequence[int] = CUTOFFS,
) -> list[Metrics]:
    """The model, plain Jaccard and random, on the declared moves of the model's referential."""
    ref = model.referential
    jobs = model.vectors.jobs
    presence = model.vectors.presence
    return [
        leave_one_out(
            ref, jobs, model.block, "parcours (similarité)", moves=moves, cutoffs=cutoffs
        ),
        leave_one_out(
            ref,
            jobs,
            lambda rows: jaccard_rows(presence, rows),
            "Jaccard des compétences",
            moves=moves,
            cutoffs=cutoffs,
        ),
        random_baseline(ref, jobs, moves=moves, cutoffs=cutoffs),
    ]
