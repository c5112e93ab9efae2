"""Jobs as weighted competency vectors (a jobs x competencies sparse matrix).

The weight of competency c in job j is

    importance(j, c) x idf(c) x level_factor(j, c)

- importance: essential 1.0, optional 0.5, indicative 0.25 (``IMPORTANCE_WEIGHTS``);
- idf(c) = ln((1 + N) / (1 + df(c))) + 1, with N the number of jobs that have requirements
  and df(c) the number of them that require c: a competency every job asks for weighs 1,
  a rare one up to 1 + ln((1 + N) / 2);
- level_factor = 0.5 + 0.25 x level for a known level (1 -> 0.75, 2 -> 1.0, 3 -> 1.25,
  4 -> 1.5) and 1.0 when the level is unknown (as level 2).

``weights`` keeps these raw weights (what a missing competency "costs"); ``unit`` is the same
matrix with L2-normalised rows, so that ``unit @ unit.T`` is the cosine of two jobs. A person's
profile becomes a row on the same columns (idf x level factor of the person's level).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from parcours.domain.competency import Importance
from parcours.domain.referential import Referential
from parcours.engine.normalise import fold, label_key

FloatArray = npt.NDArray[np.floating[Any]]
IntArray = npt.NDArray[np.int64]
Block = npt.NDArray[np.float32]
Csr = sp.csr_matrix

IMPORTANCE_WEIGHTS: dict[Importance, float] = {
    Importance.ESSENTIAL: 1.0,
    Importance.OPTIONAL: 0.5,
    Importance.INDICATIVE: 0.25,
}


def level_factor(level: int | None) -> float:
    """How much an expected (or held) level scales a competency's weight."""
    return 1.0 if level is None else 0.5 + 0.25 * level


def level_factors(levels: npt.NDArray[np.generic]) -> FloatArray:
    """``level_factor`` over an array where 0 means "unknown"."""
    values = np.asarray(levels, dtype=np.float64)
    return np.where(values > 0, 0.5 + 0.25 * values, 1.0)


def smooth_idf(document_frequency: npt.NDArray[np.generic], documents: int) -> FloatArray:
    df = np.asarray(document_frequency, dtype=np.float64)
    return np.log((1.0 + documents) / (1.0 + df)) + 1.0


def row_items(matrix: Csr, row: int) -> dict[int, float]:
    """Column -> value of one row of a CSR matrix (no scipy row slicing: fast for one row)."""
    start, end = int(matrix.indptr[row]), int(matrix.indptr[row + 1])
    return dict(
        zip(matrix.indices[start:end].tolist(), matrix.data[start:end].tolist(), strict=True)
    )


def row_dot(left: Csr, i: int, right: Csr, j: int) -> float:
    """The dot product of row i of ``left`` and row j of ``right``."""
    a, b = row_items(left, i), row_items(right, j)
    if len(a) > len(b):
        a, b = b, a
    return float(sum(v * b[c] for c, v in a.items() if c in b))


def l2_normalise(matrix: Csr) -> Csr:
    """The rows of ``matrix`` scaled to unit length (empty rows stay empty)."""
    matrix = sp.csr_matrix(matrix, dtype=np.float64)
    n = matrix.shape[0]
    row_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(matrix.indptr))
    norms = np.sqrt(np.bincount(row_of, weights=matrix.data**2, minlength=n))
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.csr_matrix(
        (matrix.data * scale[row_of], matrix.indices.copy(), matrix.indptr.copy()),
        shape=matrix.shape,
    )


@dataclass(frozen=True, slots=True)
class _SplitParts:
    dense_slot: IntArray  # column -> slot in the dense block, -1 for sparse columns
    dense_t: npt.NDArray[np.float32]  # dense columns x rows
    sparse_t: Csr  # columns x rows, the dense columns' rows emptied


class SplitProduct:
    """The right-hand side of ``left @ matrix.T`` for many left rows, ready to multiply fast.

    Frequent columns (used by at least ``DENSE_SHARE`` of the rows, at most ``MAX_DENSE``)
    carry most of the work of a sparse product and make its result dense: they are kept as a
    dense float32 block multiplied with BLAS. The other columns stay sparse (a sparse product
    whose result is sparse), added into the dense result. The result is the same as
    ``(left @ matrix.T).toarray()`` up to float32 rounding.

    The split is made at the first product, not when the model is read: a command that only
    walks a packed model's graph or explains a few pairs never pays for it (four splits were
    a tenth of a second of every cold `parcours path` on ROME 4.0). Two threads splitting at
    once make the same parts; one is kept.
    """

    __slots__ = ("_matrix", "_parts")

    def __init__(self, matrix: Csr) -> None:
        self._matrix = matrix
        self._parts: _SplitParts | None = None

    @property
    def rows(self) -> int:
        return int(self._matrix.shape[0])

    def _split(self) -> _SplitParts:
        parts = self._parts
        if parts is None:
            parts = self._parts = _split(self._matrix)
        return parts

    def dot(self, left: Csr) -> Block:
        """``left @ matrix.T`` as a dense float32 array (left: n x columns, CSR)."""
        parts = self._split()
        left = sp.csr_matrix(left)
        n = left.shape[0]
        counts = np.diff(left.indptr)
        row_of = np.repeat(np.arange(n, dtype=np.int64), counts)
        slots = parts.dense_slot[left.indices]
        in_dense = slots >= 0
        out: Block
        if parts.dense_t.shape[0]:
            dense_left = np.zeros((n, parts.dense_t.shape[0]), dtype=np.float32)
            dense_left[row_of[in_dense], slots[in_dense]] = left.data[in_dense]
            out = dense_left @ parts.dense_t
        else:
            out = np.zeros((n, self.rows), dtype=np.float32)
        if not in_dense.all():
            rest = sp.csr_matrix(left @ parts.sparse_t)
            rest_rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(rest.indptr))
            out[rest_rows, rest.indices] += rest.data.astype(np.float32)
        return out


DENSE_SHARE = 0.01
MAX_DENSE = 1024


def split_product(matrix: Csr) -> SplitProduct:
    """The ``SplitProduct`` of ``matrix`` (rows x columns), split at its first product."""
    return SplitProduct(sp.csr_matrix(matrix))


def _split(matrix: Csr) -> _SplitParts:
    n_rows, n_cols = matrix.shape
    df = np.bincount(matrix.indices, minlength=n_cols)
    threshold = max(2.0, DENSE_SHARE * n_rows)
    frequent = np.flatnonzero(df >= threshold)
    if len(frequent) > MAX_DENSE:
        frequent = frequent[np.argsort(-df[frequent], kind="stable")[:MAX_DENSE]]
    frequent = np.sort(frequent)
    slot = np.full(n_cols, -1, dtype=np.int64)
    slot[frequent] = np.arange(len(frequent))
    transposed = sp.csr_matrix(matrix.T)
    dense_t = np.asarray(transposed[frequent].toarray(), dtype=np.float32)
    keep = np.ones(n_cols)
    keep[frequent] = 0.0
    sparse_t = sp.csr_matrix(sp.diags(keep) @ transposed)
    sparse_t.eliminate_zeros()
    return _SplitParts(slot, dense_t, sparse_t)


@dataclass(frozen=True, slots=True)
class JobVectors:
    """The competency vectors of every job of one referential version.

    Rows follow ``jobs`` (job keys, in the referential's order), columns ``competencies``.
    ``levels`` holds the expected levels (0 when unknown), ``presence`` a 1 per requirement.
    """

    jobs: tuple[str, ...]
    competencies: tuple[str, ...]
    job_index: Mapping[str, int]
    competency_index: Mapping[str, int]
    idf: FloatArray
    importance: Csr
    levels: Csr
    presence: Csr
    weights: Csr
    unit: Csr
    unit_t: Csr  # ``unit`` transposed (competencies x jobs), CSR: profile @ unit_t is fast
    product: SplitProduct  # ``unit``, ready for fast products against many rows

    def cosines(self, left: Csr) -> Block:
        """Cosines of L2-normalised rows (jobs' or people's) with every job, dense float32."""
        return self.product.dot(left)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.jobs), len(self.competencies)

    def requirement_weights(self, row: int) -> dict[int, float]:
        """Column -> raw weight of the requirements of job ``row``."""
        return row_items(self.weights, row)

    def required_levels(self, row: int) -> dict[int, int | None]:
        """Column -> expected level (None when unknown) of the requirements of job ``row``."""
        levels = row_items(self.levels, row)
        return {c: (int(levels.get(c, 0)) or None) for c in row_items(self.presence, row)}

    def profile_row(self, levels: Mapping[str, int | None]) -> Csr:
        """A profile (competency key -> held level) as a 1 x competencies row of held levels
        (an unknown level counts as 2, whose factor is the neutral 1.0). Competencies unknown
        to the referential are ignored."""
        cols = [self.competency_index[k] for k in levels if k in self.competency_index]
        vals = [levels[k] or 2 for k in levels if k in self.competency_index]
        return sp.csr_matrix(
            (
                np.asarray(vals, dtype=np.float64),
                (np.zeros(len(cols), dtype=np.int64), np.asarray(cols, dtype=np.int64)),
            ),
            shape=(1, len(self.competencies)),
        )

    def profile_weights(self, held_levels: Csr) -> Csr:
        """Profiles (people x competencies, value = held level 1-4, see ``profile_row``) as
        weighted rows: idf x level factor, L2-normalised (the people-side ``unit``)."""
        matrix = sp.csr_matrix(held_levels, dtype=np.float64, copy=True)
        matrix.data = level_factors(matrix.data) * self.idf[matrix.indices]
        return l2_normalise(matrix)


def build_job_vectors(
    referential: Referential,
    *,
    importance_weights: Mapping[Importance, float] | None = None,
) -> JobVectors:
    """The jobs x competencies matrices of a referential (one pass over its requirements)."""
    weights_by_importance = dict(importance_weights or IMPORTANCE_WEIGHTS)
    jobs = tuple(referential.jobs)
    competencies: list[str] = list(referential.competencies)
    competency_index = {key: i for i, key in enumerate(competencies)}
    rows: list[int] = []
    cols: list[int] = []
    importance: list[float] = []
    levels: list[int] = []
    for i, job in enumerate(referential.jobs.values()):
        seen: dict[int, int] = {}
        for req in job.requirements:
            col = competency_index.get(req.competency)
            if col is None:  # a requirement naming a competency the referential lacks
                col = len(competencies)
                competencies.append(req.competency)
                competency_index[req.competency] = col
            weight = weights_by_importance.get(req.importance, 1.0)
            if col in seen:  # the same competency twice: keep the stronger requirement
                k = seen[col]
                importance[k] = max(importance[k], weight)
                levels[k] = max(levels[k], req.level or 0)
                continue
            seen[col] = len(rows)
            rows.append(i)
            cols.append(col)
            importance.append(weight)
            levels.append(req.level or 0)
    return vectors_from_triplets(
        jobs,
        tuple(competencies),
        np.asarray(rows, dtype=np.int64),
        np.asarray(cols, dtype=np.int64),
        np.asarray(importance, dtype=np.float64),
        np.asarray(levels, dtype=np.int64),
    )


def vectors_from_triplets(
    jobs: Sequence[str],
    competencies: Sequence[str],
    rows: IntArray,
    cols: IntArray,
    importance: FloatArray,
    levels: IntArray,
) -> JobVectors:
    """The matrices from requirement triplets (job row, competency column, importance, level);
    ``levels`` uses 0 for unknown. The bank-scale benchmark builds its jobs this way."""
    shape = (len(jobs), len(competencies))
    with_requirements = len(np.unique(rows))
    df = np.bincount(cols, minlength=shape[1]) if len(cols) else np.zeros(shape[1])
    idf = smooth_idf(df, with_requirements)
    imp = sp.csr_matrix((importance, (rows, cols)), shape=shape)
    lvl = sp.csr_matrix((levels.astype(np.float64), (rows, cols)), shape=shape)
    presence = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    weight_values = importance * idf[cols] * level_factors(levels)
    weights = sp.csr_matrix((weight_values, (rows, cols)), shape=shape)
    for matrix in (imp, lvl, presence, weights):
        matrix.sort_indices()
    unit = l2_normalise(weights)
    return JobVectors(
        jobs=tuple(jobs),
        competencies=tuple(competencies),
        job_index={key: i for i, key in enumerate(jobs)},
        competency_index={key: i for i, key in enumerate(competencies)},
        idf=idf,
        importance=imp,
        levels=lvl,
        presence=presence,
        weights=weights,
        unit=unit,
        unit_t=sp.csr_matrix(unit.T),
        product=split_product(unit),
    )


def jaccard_rows(presence: Csr, rows: IntArray) -> FloatArray:
    """Plain Jaccard of competency sets between ``rows`` and every job (the baseline)."""
    inter = np.asarray((presence[rows] @ presence.T).toarray(), dtype=np.float64)
    sizes = np.asarray(presence.sum(axis=1), dtype=np.float64).ravel()
    union = sizes[rows][:, None] + sizes[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


class CompetencyResolver:
    """Finds a referential's competency from a key or a label as a person would write it:
    the exact key, the normalised label key, or the folded label."""

    def __init__(self, referential: Referential) -> None:
        self._keys = set(referential.competencies)
        self._by_label_key: dict[str, str] = {}
        self._by_fold: dict[str, str] = {}
        for key, comp in referential.competencies.items():
            self._by_label_key.setdefault(label_key(comp.label), key)
            self._by_label_key.setdefault(key, key)
            self._by_fold.setdefault(fold(comp.label), key)

    def resolve(self, name: str) -> str | None:
        if name in self._keys:
            return name
        return self._by_label_key.get(label_key(name)) or self._by_fold.get(fold(name))

    def resolve_all(self, names: Iterable[str]) -> tuple[dict[str, str], list[str]]:
        """(name -> key for the names found, names not found)."""
        found: dict[str, str] = {}
        unknown: list[str] = []
        for name in names:
            key = self.resolve(name)
            if key is None:
                unknown.append(name)
            else:
                found[name] = key
        return found, unknown
