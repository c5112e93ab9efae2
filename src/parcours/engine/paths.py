"""Career paths: the k best paths from a job to a job (or to any job of a group), on the
graph of declared and recommended moves.

The graph: from every job, an edge to each declared target and to its ``top_n`` most similar
jobs (computed). The cost of a step is

- ``similarity`` mode: 1 - score (the similarity of ``engine/similarity.py``), at least
  ``MIN_STEP_COST``;
- ``gap`` mode: the share of the target's competency weight the source job does not require
  (the weighted missing competencies), at least ``MIN_STEP_COST``;

and a declared step costs ``DECLARED_FACTOR`` times that (a move the documents vouch for). A
path's cost is the sum of its steps. A step that goes down the grade scale is left out unless
``allow_down``; a path has at most ``max_steps`` steps and never visits a job twice.

Search: best-first over partial paths ordered by cost + a lower bound of what remains
(``MIN_STEP_COST`` x the number of steps still needed, by a breadth-first search backwards
from the targets), so the first k complete paths popped are the k cheapest (an A* over loopless
paths, the bounded equivalent of Yen's algorithm for small k); ``max_expansions`` bounds the
work. No graph library is needed for a graph of this size (jobs x top_n edges).
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise

import numpy as np

from parcours.domain.cartography import LinkUse
from parcours.domain.mobility import MobilityKind
from parcours.engine.recommend import (
    BoolArray,
    Reasons,
    declared_matrix,
    explain,
    job_held,
    model_moves,
)
from parcours.engine.similarity import SimilarityModel, grade_step_matrix, top_k_rows
from parcours.engine.vectors import FloatArray, IntArray

MIN_STEP_COST = 0.05
DECLARED_FACTOR = 0.5


class CostMode(StrEnum):
    SIMILARITY = "similarity"
    GAP = "gap"


@dataclass(frozen=True, slots=True)
class MobilityGraph:
    """Moves in compressed-row form: the moves out of job i are ``indptr[i]:indptr[i + 1]`` of
    ``targets``, ``costs``, ``scores``, ``declared`` and ``steps`` (grade step, NaN unknown)."""

    model: SimilarityModel
    indptr: IntArray
    targets: IntArray
    costs: FloatArray
    scores: FloatArray
    declared: BoolArray
    steps: FloatArray
    mode: CostMode
    top_n: int
    # The moves into each job: (indptr, sources, steps), for the backward search.
    incoming: tuple[IntArray, IntArray, FloatArray] = field(init=False)

    def __post_init__(self) -> None:
        n = len(self.indptr) - 1
        sources = np.repeat(np.arange(n, dtype=np.int64), np.diff(self.indptr))
        order = np.argsort(self.targets, kind="stable")
        counts = np.bincount(self.targets, minlength=n)
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        object.__setattr__(self, "incoming", (indptr, sources[order], self.steps[order]))

    @property
    def size(self) -> int:
        return len(self.targets)

    def edges(self, row: int) -> slice:
        return slice(int(self.indptr[row]), int(self.indptr[row + 1]))


def missing_share(model: SimilarityModel, sources: IntArray, targets: IntArray) -> FloatArray:
    """For each (source, target) pair, the share of the target's competency weight that the
    source job does not require (0 when the target has no competencies)."""
    vectors = model.vectors
    totals = np.asarray(vectors.weights.sum(axis=1), dtype=np.float64).ravel()
    covered = np.asarray(
        vectors.weights[targets].multiply(vectors.presence[sources]).sum(axis=1), dtype=np.float64
    ).ravel()
    total = totals[targets]
    return np.divide(total - covered, total, out=np.zeros_like(total), where=total > 0)


def build_graph(
    model: SimilarityModel,
    *,
    top_n: int = 10,
    mode: CostMode = CostMode.SIMILARITY,
    chunk: int = 1024,
    sources: IntArray | None = None,
    cross_n: int = 3,
) -> MobilityGraph:
    """The mobility graph: declared moves plus each job's ``top_n`` computed ones (one pass
    over the jobs by blocks of ``chunk``: scores, top n, grade steps).

    ``sources`` gives each job's document (an integer per job, on the organisation's map):
    each job then also gets its ``cross_n`` best computed moves towards jobs of *other*
    documents (score above 0), since jobs of one document resemble each other by their
    titles, hierarchy and grades and would otherwise fill the top n, leaving the documents
    unconnected."""
    n = model.size
    top_n = max(0, min(top_n, n - 1))
    declared = declared_matrix(model)
    parts: list[tuple[IntArray, IntArray, FloatArray, FloatArray, BoolArray]] = []
    for start in range(0, n, chunk):
        rows = np.arange(start, min(start + chunk, n), dtype=np.int64)
        block = model.block(rows)
        known = declared[rows].toarray() > 0
        ranked = block.copy()
        ranked[np.arange(len(rows)), rows] = -np.inf
        top, _ = top_k_rows(ranked, top_n)
        keep = known.copy()
        np.put_along_axis(keep, top, True, axis=1)
        if sources is not None and cross_n > 0:
            other = np.where(sources[rows][:, None] != sources[None, :], ranked, -np.inf)
            cross, cross_scores = top_k_rows(other, min(cross_n, n))
            np.put_along_axis(keep, cross, cross_scores > 0, axis=1)
            keep |= known
        keep[np.arange(len(rows)), rows] = False
        local, dst = np.nonzero(keep)  # row-major: sorted by source, then target
        steps = grade_step_matrix(model.scales, rows)
        parts.append(
            (
                rows[local],
                dst.astype(np.int64),
                block[local, dst].astype(np.float64),
                steps[local, dst],
                known[local, dst],
            )
        )
    src = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
    dst = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.int64)
    scores = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0)
    steps = np.concatenate([p[3] for p in parts]) if parts else np.zeros(0)
    is_declared = np.concatenate([p[4] for p in parts]) if parts else np.zeros(0, bool)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(src, minlength=n))]).astype(np.int64)
    base = missing_share(model, src, dst) if mode is CostMode.GAP else 1.0 - scores
    costs = np.maximum(base, MIN_STEP_COST) * np.where(is_declared, DECLARED_FACTOR, 1.0)
    return MobilityGraph(
        model=model,
        indptr=indptr,
        targets=dst,
        costs=costs,
        scores=scores,
        declared=is_declared,
        steps=steps,
        mode=mode,
        top_n=top_n,
    )


@dataclass(frozen=True, slots=True)
class PathStep:
    """One move of a path, with the gap it asks to close."""

    source: str
    target: str
    title: str
    cost: float
    score: float
    declared: bool
    kinds: tuple[MobilityKind, ...]
    grade_step: int | None
    reasons: Reasons
    # On the organisation's map: the referentials of the two jobs (their keys are then the
    # keys there) and the links between documents the step relied on.
    source_referential: str | None = None
    referential: str | None = None
    links: tuple[LinkUse, ...] = ()


@dataclass(frozen=True, slots=True)
class CareerPath:
    steps: tuple[PathStep, ...]
    cost: float

    @property
    def jobs(self) -> tuple[str, ...]:
        return (self.steps[0].source, *(s.target for s in self.steps)) if self.steps else ()


def _allowed(step: float, allow_down: bool) -> bool:
    return allow_down or np.isnan(step) or step >= 0


def hops_to(
    graph: MobilityGraph, targets: Iterable[int], limit: int, allow_down: bool
) -> dict[int, int]:
    """Fewest steps from each job to the nearest target (only jobs within ``limit`` steps)."""
    indptr, sources, steps = graph.incoming
    dist: dict[int, int] = {}
    queue: deque[int] = deque()
    for t in targets:
        dist[t] = 0
        queue.append(t)
    while queue:
        node = queue.popleft()
        if dist[node] >= limit:
            continue
        lo, hi = int(indptr[node]), int(indptr[node + 1])
        for prev, step in zip(sources[lo:hi].tolist(), steps[lo:hi].tolist(), strict=True):
            if prev not in dist and _allowed(step, allow_down):
                dist[prev] = dist[node] + 1
                queue.append(prev)
    return dist


def k_best_paths(
    graph: MobilityGraph,
    source: int,
    targets: set[int],
    *,
    k: int = 3,
    max_steps: int = 4,
    allow_down: bool = False,
    max_expansions: int = 200_000,
) -> list[CareerPath]:
    """The ``k`` cheapest loopless paths of at most ``max_steps`` steps from ``source`` to any
    job of ``targets`` (cheapest first)."""
    targets = targets - {source}
    if not targets or k <= 0 or max_steps <= 0:
        return []
    hops = hops_to(graph, targets, max_steps, allow_down)
    if source not in hops:
        return []
    found: list[tuple[float, tuple[int, ...]]] = []
    counter = 0
    heap: list[tuple[float, float, int, tuple[int, ...]]] = [
        (MIN_STEP_COST * hops[source], 0.0, counter, (source,))
    ]
    expansions = 0
    while heap and len(found) < k and expansions < max_expansions:
        _, cost, _, path = heapq.heappop(heap)
        node = path[-1]
        if node in targets:
            found.append((cost, path))
            continue
        expansions += 1
        used = len(path) - 1
        out = graph.edges(node)
        for nxt, step_cost, step in zip(
            graph.targets[out].tolist(),
            graph.costs[out].tolist(),
            graph.steps[out].tolist(),
            strict=True,
        ):
            if nxt in path or not _allowed(step, allow_down):
                continue
            remaining = hops.get(nxt)
            if remaining is None or used + 1 + remaining > max_steps:
                continue
            counter += 1
            total = cost + step_cost
            heapq.heappush(heap, (total + MIN_STEP_COST * remaining, total, counter, (*path, nxt)))
    graph.model.prefetch(sorted({row for _cost, path in found for row in path}))
    return [_career_path(graph, path, cost) for cost, path in found]


def _career_path(graph: MobilityGraph, path: tuple[int, ...], cost: float) -> CareerPath:
    model = graph.model
    jobs = model.vectors.jobs
    declared = model_moves(model)
    steps: list[PathStep] = []
    for a, b in pairwise(path):
        out = graph.edges(a)
        at = out.start + int(np.searchsorted(graph.targets[out], b))
        kinds = declared.get(jobs[a], {}).get(jobs[b])
        step = graph.steps[at]
        steps.append(
            PathStep(
                source=jobs[a],
                target=jobs[b],
                title=model.job(b).title,
                cost=round(float(graph.costs[at]), 4),
                score=round(float(graph.scores[at]), 4),
                declared=kinds is not None,
                kinds=tuple(kinds or ()),
                grade_step=None if np.isnan(step) else round(float(step)),
                reasons=explain(model, b, job_held(model, a), source=a),
            )
        )
    return CareerPath(tuple(steps), round(cost, 4))


def reachable(
    graph: MobilityGraph, sources: Iterable[int], max_steps: int, *, allow_down: bool = False
) -> dict[int, int]:
    """Every job reachable from ``sources`` in at most ``max_steps`` moves -> fewest steps
    (the sources themselves are left out)."""
    start = set(sources)
    dist = dict.fromkeys(start, 0)
    queue: deque[int] = deque(start)
    while queue:
        node = queue.popleft()
        if dist[node] >= max_steps:
            continue
        out = graph.edges(node)
        for nxt, step in zip(graph.targets[out].tolist(), graph.steps[out].tolist(), strict=True):
            if nxt not in dist and _allowed(step, allow_down):
                dist[nxt] = dist[node] + 1
                queue.append(nxt)
    return {node: d for node, d in dist.items() if node not in start}
