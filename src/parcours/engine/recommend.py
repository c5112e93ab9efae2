"""Where can a job holder or a person go next: the top-k reachable jobs, each with its reasons.

Ranking: the similarity score (``engine/similarity.py``) of every other job, plus
``DECLARED_BOOST`` for the moves a document declares from the source job, so that declared
mobilities always come first (flagged ``origin=declared``, with their kinds) and computed ones
fill the rest of the k places (``origin=computed``). The score shown is the similarity, without
the boost.

For a person, the competency term is the cosine between the person's profile (idf x level
factor of the levels held) and each job's vector; when the person's current job is known, the
title, hierarchy and grade terms and the declared moves of that job are added as for a job.

Batch forms run on whole matrices by blocks (``chunk`` sources at a time): a dense block of
scores, ``argpartition`` for the top k, no Python loop per pair.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from parcours.domain.cartography import LinkUse
from parcours.domain.mobility import MobilityKind, MobilityOrigin
from parcours.domain.referential import Referential
from parcours.engine.similarity import (
    HIERARCHY_SCORES,
    ScoreParts,
    SimilarityModel,
    run_chunks,
    title_words,
    top_k_rows,
)
from parcours.engine.vectors import Csr, FloatArray, IntArray

BoolArray = npt.NDArray[np.bool_]

# Added to the score of a declared move for ranking: larger than any similarity score.
DECLARED_BOOST = 10.0
# How many shared and missing competencies a reason lists.
REASON_ITEMS = 5


@dataclass(frozen=True, slots=True)
class WeightedCompetency:
    """A competency in a reason: its weight in the target job (importance x idf x level)."""

    key: str
    label: str
    weight: float
    required_level: int | None = None
    held_level: int | None = None


@dataclass(frozen=True, slots=True)
class Reasons:
    """Why a target is proposed."""

    shared: tuple[WeightedCompetency, ...]
    missing: tuple[WeightedCompetency, ...]
    shared_count: int
    missing_count: int
    missing_share: float  # share of the target's total competency weight that is missing
    grade_step: int | None
    same_metier: bool
    same_filiere: bool
    same_family: bool
    title_words: tuple[str, ...]
    parts: ScoreParts | None


@dataclass(frozen=True, slots=True)
class Recommendation:
    rank: int
    target: str
    title: str
    code: str | None
    score: float
    origin: MobilityOrigin
    kinds: tuple[MobilityKind, ...]
    reasons: Reasons
    # Filled on the organisation's map: the target's referential (``target`` is then its key
    # there), the links between documents the move relied on, and the reference taxonomy's
    # move it was offered from.
    referential: str | None = None
    links: tuple[LinkUse, ...] = ()
    via: str | None = None
    # "progression" (évolution: a step up in grade, seniority or entry level, or declared
    # vertical) or "laterale" (proche); None when no source job is known.
    move_type: str | None = None

    @property
    def declared(self) -> bool:
        return self.origin is MobilityOrigin.DECLARED


def declared_moves(referential: Referential) -> dict[str, dict[str, list[MobilityKind]]]:
    """Source -> target -> kinds of the moves the documents declare."""
    out: dict[str, dict[str, list[MobilityKind]]] = {}
    for move in referential.mobilities:
        if move.origin is not MobilityOrigin.DECLARED or move.source == move.target:
            continue
        kinds = out.setdefault(move.source, {}).setdefault(move.target, [])
        if move.kind not in kinds:
            kinds.append(move.kind)
    return out


def model_moves(model: SimilarityModel) -> dict[str, dict[str, list[MobilityKind]]]:
    """``declared_moves`` of the model's referential, computed once per model."""
    moves: dict[str, dict[str, list[MobilityKind]]] | None = model.cache.get("declared")
    if moves is None:
        moves = model.cache["declared"] = declared_moves(model.referential)
    return moves


def declared_matrix(model: SimilarityModel) -> Csr:
    """Jobs x jobs, 1 where a move is declared."""
    index = model.vectors.job_index
    pairs = [
        (index[s], index[t])
        for s, targets in model_moves(model).items()
        for t in targets
        if s in index and t in index
    ]
    n = model.size
    rows = np.array([p[0] for p in pairs], dtype=np.int64)
    cols = np.array([p[1] for p in pairs], dtype=np.int64)
    return sp.csr_matrix((np.ones(len(pairs)), (rows, cols)), shape=(n, n))


def _weighted(
    model: SimilarityModel,
    columns: Sequence[int],
    weights: Mapping[int, float],
    held: Mapping[int, int | None],
    required: Mapping[int, int | None],
) -> tuple[WeightedCompetency, ...]:
    comps = model.referential.competencies
    keys = model.vectors.competencies
    return tuple(
        WeightedCompetency(
            key=keys[col],
            label=comps[keys[col]].label if keys[col] in comps else keys[col],
            weight=round(weights[col], 4),
            required_level=required.get(col),
            held_level=held.get(col),
        )
        for col in columns
    )


def explain(
    model: SimilarityModel,
    target: int,
    held: Mapping[int, int | None],
    *,
    source: int | None = None,
    items: int = REASON_ITEMS,
) -> Reasons:
    """The reasons for proposing job ``target`` to someone holding the competency columns
    ``held`` (column -> level), coming from job ``source`` when known."""
    weights = model.vectors.requirement_weights(target)
    required = model.vectors.required_levels(target)
    shared = sorted((c for c in weights if c in held), key=lambda c: (-weights[c], c))
    missing = sorted((c for c in weights if c not in held), key=lambda c: (-weights[c], c))
    total = sum(weights.values())
    missing_weight = sum(weights[c] for c in missing)
    same = dict.fromkeys(HIERARCHY_SCORES, False)
    parts: ScoreParts | None = None
    words: tuple[str, ...] = ()
    step: int | None = None
    if source is not None:
        for level, codes in model.hierarchy.items():
            same[level] = bool(codes[source] >= 0 and codes[source] == codes[target])
        parts = model.parts(source, target)
        step = parts.grade_step
        a, a_alt = title_words(model.job(source))
        b, b_alt = title_words(model.job(target))
        words = tuple(sorted(a & b)) or tuple(sorted((a | a_alt) & (b | b_alt)))
    return Reasons(
        shared=_weighted(model, shared[:items], weights, held, required),
        missing=_weighted(model, missing[:items], weights, held, required),
        shared_count=len(shared),
        missing_count=len(missing),
        missing_share=round(missing_weight / total, 4) if total else 0.0,
        grade_step=step,
        same_metier=same["metier"],
        same_filiere=same["filiere"],
        same_family=same["family"],
        title_words=words,
        parts=parts,
    )


def job_held(model: SimilarityModel, row: int) -> dict[int, int | None]:
    """The competencies of job ``row`` as held levels (column -> expected level)."""
    return model.vectors.required_levels(row)


def _ranked(
    model: SimilarityModel,
    scores: FloatArray,
    declared: Mapping[str, list[MobilityKind]],
    exclude: set[int],
    k: int,
    *,
    boost: float = DECLARED_BOOST,
) -> list[tuple[int, float, list[MobilityKind] | None]]:
    index = model.vectors.job_index
    boosted = scores.copy()
    for target in declared:
        if target in index:
            boosted[index[target]] += boost
    for row in exclude:
        boosted[row] = -np.inf
    available = model.size - len(exclude)
    idx, _ = top_k_rows(boosted[None, :], min(k, max(available, 0)))
    jobs = model.vectors.jobs
    return [(int(i), float(scores[i]), declared.get(jobs[i])) for i in idx[0]]


def recommendations(
    model: SimilarityModel,
    ranked: list[tuple[int, float, list[MobilityKind] | None]],
    held: Mapping[int, int | None],
    source: int | None,
) -> list[Recommendation]:
    out: list[Recommendation] = []
    model.prefetch(
        [row for row, _score, _kinds in ranked] + ([source] if source is not None else [])
    )
    for rank, (row, score, kinds) in enumerate(ranked, start=1):
        job = model.job(row)
        reasons = explain(model, row, held, source=source)
        out.append(
            Recommendation(
                rank=rank,
                target=job.key,
                title=job.title,
                code=job.code,
                score=round(score, 4),
                origin=MobilityOrigin.DECLARED if kinds is not None else MobilityOrigin.COMPUTED,
                kinds=tuple(kinds or ()),
                reasons=reasons,
                move_type=move_type(reasons, kinds),
            )
        )
    return out


PROGRESSION = "progression"
LATERAL = "laterale"
MOVE_TYPE_LABELS = {PROGRESSION: "progression (évolution)", LATERAL: "latérale (proche)"}


def move_type(reasons: Reasons, kinds: Sequence[MobilityKind] | None) -> str | None:
    """Progression or lateral: the document's word for a declared move (vertical, horizontal),
    else the score's terms (a step up in grade, seniority or entry level is a progression)."""
    if kinds and MobilityKind.VERTICAL in kinds:
        return PROGRESSION
    if kinds and MobilityKind.HORIZONTAL in kinds:
        return LATERAL
    if reasons.parts is None:
        return None
    return PROGRESSION if reasons.parts.progression else LATERAL


def recommend_for_job(model: SimilarityModel, source: str, k: int = 10) -> list[Recommendation]:
    """The ``k`` best moves from job ``source`` (a key of the model's referential)."""
    row = model.vectors.job_index[source]
    scores = model.block(np.array([row], dtype=np.int64))[0]
    declared = model_moves(model).get(source, {})
    ranked = _ranked(model, scores, declared, {row}, k)
    return recommendations(model, ranked, job_held(model, row), row)


def similar_to_job(model: SimilarityModel, source: str, k: int = 10) -> list[Recommendation]:
    """The ``k`` jobs most similar to ``source`` by score alone (declared moves flagged, not
    put first)."""
    row = model.vectors.job_index[source]
    scores = model.block(np.array([row], dtype=np.int64))[0]
    declared = model_moves(model).get(source, {})
    ranked = _ranked(model, scores, declared, {row}, k, boost=0.0)
    return recommendations(model, ranked, job_held(model, row), row)


def profile_scores(
    model: SimilarityModel, levels: Mapping[str, int | None], current: str | None = None
) -> FloatArray:
    """Scores of every job for a person: competency cosine with the profile, plus the
    structure terms of the current job when known."""
    vectors = model.vectors
    person = vectors.profile_weights(vectors.profile_row(levels))
    scores = (
        model.weights.competencies
        * np.asarray((person @ vectors.unit_t).toarray(), dtype=np.float64).ravel()
    )
    if current is not None and current in vectors.job_index:
        row = np.array([vectors.job_index[current]], dtype=np.int64)
        scores = scores + model.structure_block(row)[0]
    return scores


def recommend_for_profile(
    model: SimilarityModel,
    levels: Mapping[str, int | None],
    k: int = 10,
    *,
    current: str | None = None,
) -> list[Recommendation]:
    """The ``k`` best jobs for a person holding ``levels`` (competency key -> level), from
    their current job when known (that job is then left out and its declared moves first)."""
    vectors = model.vectors
    scores = profile_scores(model, levels, current)
    source = vectors.job_index.get(current) if current else None
    declared = model_moves(model).get(current, {}) if current else {}
    exclude = {source} if source is not None else set()
    ranked = _ranked(model, scores, declared, exclude, k)
    held = {
        vectors.competency_index[c]: lvl
        for c, lvl in levels.items()
        if c in vectors.competency_index
    }
    return recommendations(model, ranked, held, source)


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Top-k targets of many sources: ``targets`` and ``scores`` are sources x k (best first);
    ``declared`` marks the declared moves."""

    sources: IntArray
    targets: IntArray
    scores: FloatArray
    declared: BoolArray


def batch_for_jobs(
    model: SimilarityModel, k: int, *, chunk: int = 1024, workers: int = 1
) -> BatchResult:
    """Every job's top ``k`` targets (declared moves first), by blocks of ``chunk`` jobs."""
    n = model.size
    k = max(0, min(k, n - 1))
    moves = declared_matrix(model)
    targets = np.zeros((n, k), dtype=np.int64)
    scores = np.zeros((n, k), dtype=np.float32)
    flags = np.zeros((n, k), dtype=bool)

    def work(start: int, stop: int) -> None:
        rows = np.arange(start, stop, dtype=np.int64)
        block = model.block(rows)
        known = moves[rows].toarray() > 0
        boosted = block + np.float32(DECLARED_BOOST) * known
        boosted[np.arange(len(rows)), rows] = -np.inf
        idx, _ = top_k_rows(boosted, k)
        targets[rows] = idx
        scores[rows] = np.take_along_axis(block, idx, axis=1)
        flags[rows] = np.take_along_axis(known, idx, axis=1)

    run_chunks(work, n, chunk, workers)
    return BatchResult(np.arange(n, dtype=np.int64), targets, scores, flags)


def batch_for_profiles(
    model: SimilarityModel,
    held_levels: Csr,
    current: IntArray,
    k: int,
    *,
    chunk: int = 4096,
    workers: int = 1,
) -> tuple[IntArray, FloatArray]:
    """The top ``k`` jobs of many people at once: (targets, scores), people x k, best first.

    ``held_levels`` is people x competencies (columns of the model, value = level held 1-4),
    ``current`` the row of each person's current job (-1 when unknown; that job is left out).
    People are taken in the order of their current job, ``chunk`` at a time: one product gives
    the competency cosines (frequent competencies dense, BLAS; rare ones sparse), the structure
    terms come from the few distinct current jobs of the chunk, then argpartition. Chunks run
    on ``workers`` threads. Declared moves are not boosted here.
    """
    vectors = model.vectors
    people = vectors.profile_weights(held_levels)
    n_people = people.shape[0]
    k = max(0, min(k, model.size - 1))
    targets = np.zeros((n_people, k), dtype=np.int64)
    scores = np.zeros((n_people, k), dtype=np.float32)
    order = np.argsort(current, kind="stable")
    weight = np.float32(model.weights.competencies)

    def work(start: int, stop: int) -> None:
        who = order[start:stop]
        block = vectors.cosines(people[who])
        block *= weight
        jobs = current[who]
        known = np.flatnonzero(jobs >= 0)
        if len(known):
            distinct, inverse = np.unique(jobs[known], return_inverse=True)
            structure = model.structure_block(distinct.astype(np.int64))
            block[known] += structure[inverse]
            block[known, jobs[known]] = -np.inf
        targets[who], scores[who] = top_k_rows(block, k)

    run_chunks(work, n_people, chunk, workers)
    return targets, scores
