"""How close two jobs are, and how natural a move from one to the other: one score, a weighted
sum of terms (``TERMS``), each explained with its share.

    score(a -> b) =   w_competencies x cos(a, b)       competency vectors (idf x importance x level)
                    + w_texts        x text_cos(a, b)  words of the whole sheets (texts.py)
                    + w_titles       x title_cos(a, b) title words (alternative titles x 0.5)
                    + w_title_chars  x char_cos(a, b)  character 4-grams of titles and purpose
                    + w_semantic     x sem(a, b)       sentence-encoder cosine of title and
                                                       purpose, rescaled (semantic.py)
                    + w_metier / w_filiere / w_family  1 when both share that level
                    + w_grade        x grade(a -> b)   ``GRADE_STEP_SCORES`` of the step
                    + w_education_up / w_education_down x entry-level step up / down (/8)

The weights are learned from declared moves (``benchmarks/mobility_learn.py``: ROME v3's 4,009
typed moves, cross-validated by source fiche; the grade weight on the study's 15 moves) and
shipped in ``engine/data/mobility_weights.json``; ``SimilarityWeights()`` holds the first
engine's hand-set weights, the fallback. The model holds weights over features only, nothing
keyed on a job, a code or a title, so it applies as is to a referential it has never seen and to
one that declares no move.

The score is asymmetric through the grade and entry-level terms: a step up is a progression, a
step down a penalty (even where no grade is given, when the access conditions say the entry
level). ``ScoreParts.terms`` lists each term's value, weight, contribution and share of the
score (the shares add up to 1); ``progression`` types the move (évolution) against lateral
(proche).

Every term is computed for a block of source jobs against all jobs at once (products of
sparse matrices with their frequent columns made dense, numpy broadcasting for the categorical
terms); no Python loop runs per pair.

Grades are put in order per scale: bank grades such as "II.3" < "III.1" < "IV.A" (from
``Job.grade``), classification letters such as "I/J" < "J/K" (``Job.classification``), numeric
levels (``Job.level``) and, in referentials that grade their jobs, the seniority that title
words suggest (``SENIORITY_WORDS``: junior < senior < expert < superviseur < chef <
directeur). A step is a move between two consecutive values present in the referential; two
jobs are compared on the first scale both have.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from parcours.domain.job import Job
from parcours.domain.referential import Referential
from parcours.engine.normalise import strip_gender, tokens
from parcours.engine.texts import char_vectors, entry_level, text_vectors
from parcours.engine.vectors import (
    Block,
    CompetencyResolver,
    Csr,
    FloatArray,
    IntArray,
    JobVectors,
    SplitProduct,
    build_job_vectors,
    l2_normalise,
    row_dot,
    smooth_idf,
    split_product,
)

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
_BANK_GRADE = re.compile(r"^\s*(IV|V|I{1,3})\s*[.\-]\s*([0-9]|[A-Z])\s*$", re.IGNORECASE)
_CLASSIFICATION = re.compile(r"^\s*([A-Z])(?:\s*/\s*([A-Z]))?\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*(?:niveau\s*)?([0-9]+)\s*$", re.IGNORECASE)

# Words carrying no meaning in a job title, left out of the title vectors.
TITLE_STOP_WORDS = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou", "par"}
    | {"pour", "sur", "un", "une", "the", "of", "and"}
)

# Score of a move by its grade step (target minus source); steps beyond the table use its ends.
GRADE_STEP_SCORES: dict[int, float] = {
    -2: -1.0,  # two steps down or more
    -1: -0.5,
    0: 0.8,
    1: 1.0,  # one step up: the natural promotion
    2: 0.4,
    3: 0.0,
    4: -0.3,  # a jump of four steps or more
}

# Hierarchy proximity by the closest level two jobs share.
HIERARCHY_SCORES = {"metier": 1.0, "filiere": 0.6, "family": 0.3}


def parse_grade(grade: str | None) -> float | None:
    """A bank grade ("II.3", "III.1", "IV.A") as a number that sorts like the grades."""
    if not grade:
        return None
    match = _BANK_GRADE.match(grade)
    if match is None:
        return None
    major = _ROMAN[match.group(1).upper()]
    minor = match.group(2).upper()
    step = int(minor) if minor.isdigit() else ord(minor) - ord("A") + 1
    return major * 100.0 + step


def parse_classification(value: str | None) -> float | None:
    """A classification letter or span ("H", "I/J", "J/K") as a number (mean of the letters)."""
    if not value:
        return None
    match = _CLASSIFICATION.match(value)
    if match is None:
        return None
    letters = [g.upper() for g in match.groups() if g]
    return sum(ord(c) - ord("A") + 1 for c in letters) / len(letters)


def parse_level(value: str | None) -> float | None:
    """A numeric level ("6", "niveau 6") as a number."""
    if not value:
        return None
    match = _NUMBER.match(value)
    return float(match.group(1)) if match else None


def dense_steps(values: Sequence[float | None]) -> FloatArray:
    """The dense rank (0, 1, 2...) of each value among the distinct values; NaN when None."""
    known = sorted({v for v in values if v is not None})
    rank = {v: float(i) for i, v in enumerate(known)}
    return np.array([np.nan if v is None else rank[v] for v in values], dtype=np.float64)


# Seniority read from title words, the last scale, used only in referentials that grade their
# jobs (a career ladder; not in a taxonomy of occupations such as ROME): the highest word wins.
SENIORITY_WORDS: dict[str, int] = {
    "apprenti": 1,
    "stagiaire": 1,
    "debutant": 1,
    "junior": 1,
    "assistant": 1,
    "confirme": 2,
    "senior": 3,
    "expert": 4,
    "superviseur": 5,
    "animateur": 5,
    "coordinateur": 5,
    "chef": 6,
    "manager": 6,
    "responsable": 6,
    "directeur": 7,
}


def title_seniority(title: str) -> float | None:
    """The seniority a title's words suggest ("Conseiller junior" 1, "Chef d'équipe" 6)."""
    found = [SENIORITY_WORDS[w] for w in tokens(strip_gender(title)) if w in SENIORITY_WORDS]
    return float(max(found)) if found else None


def grade_scales(jobs: Sequence[Job], *, seniority_from_titles: bool | None = None) -> FloatArray:
    """Jobs x 4 steps on the grade, classification, level and title-seniority scales (NaN when
    unknown). ``seniority_from_titles`` defaults to "some job has a grade or classification"."""
    if not jobs:
        return np.zeros((0, 4))
    scales = [
        dense_steps([parse_grade(j.grade) for j in jobs]),
        dense_steps([parse_classification(j.classification) for j in jobs]),
        dense_steps([parse_level(j.level) for j in jobs]),
    ]
    if seniority_from_titles is None:
        seniority_from_titles = bool(np.isfinite(scales[0]).any() or np.isfinite(scales[1]).any())
    seniority: list[float | None] = [None] * len(jobs)
    if seniority_from_titles:
        seniority = [title_seniority(j.title) for j in jobs]
    scales.append(dense_steps(seniority))
    return np.column_stack(scales)


UNKNOWN_STEP = -32768  # int16 code of "no step known"


def grade_codes(scales: FloatArray) -> npt.NDArray[np.int16]:
    """The steps of ``grade_scales`` as int16 (``UNKNOWN_STEP`` for NaN), without the scales
    no job uses."""
    used = [s for s in range(scales.shape[1]) if not np.isnan(scales[:, s]).all()]
    picked = scales[:, used]
    return np.where(np.isnan(picked), UNKNOWN_STEP, np.nan_to_num(picked)).astype(np.int16)


def grade_step_codes(codes: npt.NDArray[np.int16], rows: IntArray) -> npt.NDArray[np.int16]:
    """Steps from each job of ``rows`` to every job on the first scale both know, int16
    (``UNKNOWN_STEP`` where none)."""
    out = np.full((len(rows), codes.shape[0]), UNKNOWN_STEP, dtype=np.int16)
    for s in range(codes.shape[1]):
        a = codes[rows, s][:, None]
        b = codes[None, :, s]
        fill = (a != UNKNOWN_STEP) & (b != UNKNOWN_STEP) & (out == UNKNOWN_STEP)
        with np.errstate(over="ignore"):
            np.copyto(out, b - a, where=fill)
    return out


def grade_step_matrix(scales: FloatArray, rows: IntArray) -> FloatArray:
    """Steps from each job of ``rows`` to every job, on the first scale both know (NaN: none)."""
    steps = grade_step_codes(grade_codes(scales), rows)
    return np.where(steps == UNKNOWN_STEP, np.nan, steps.astype(np.float64))


_LOW, _HIGH = min(GRADE_STEP_SCORES), max(GRADE_STEP_SCORES)
# GRADE_STEP_SCORES from _LOW to _HIGH, then 0 for an unknown step.
_STEP_TABLE = np.array(
    [GRADE_STEP_SCORES[s] for s in range(_LOW, _HIGH + 1)] + [0.0], dtype=np.float32
)


def grade_code_scores(steps: npt.NDArray[np.int16]) -> Block:
    """``GRADE_STEP_SCORES`` of int16 steps (0 where unknown), float32."""
    index = np.clip(steps, _LOW, _HIGH).astype(np.int16) - _LOW
    index[steps == UNKNOWN_STEP] = len(_STEP_TABLE) - 1
    return _STEP_TABLE[index]


def grade_step_scores(steps: FloatArray) -> FloatArray:
    """``GRADE_STEP_SCORES`` applied to a matrix of steps (0 where the step is unknown)."""
    codes = np.where(np.isnan(steps), UNKNOWN_STEP, np.nan_to_num(steps).round())
    return grade_code_scores(codes.astype(np.int16)).astype(np.float64)


def title_words(job: Job) -> tuple[set[str], set[str]]:
    """(words of the title, words of the alternative titles only), folded and singular."""

    def words(text: str) -> set[str]:
        return {w for w in tokens(strip_gender(text)) if w not in TITLE_STOP_WORDS and len(w) > 1}

    title = words(job.title)
    alt: set[str] = set()
    for alt_title in job.alt_titles:
        alt |= words(alt_title)
    return title, alt - title


def build_title_vectors(jobs: Sequence[Job], alt_weight: float = 0.5) -> Csr:
    """Jobs x title words, tf-idf (1 for a title word, ``alt_weight`` for a word found only in
    alternative titles), L2-normalised rows."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, job in enumerate(jobs):
        title, alt = title_words(job)
        for words, weight in ((title, 1.0), (alt, alt_weight)):
            for word in sorted(words):
                rows.append(i)
                cols.append(vocabulary.setdefault(word, len(vocabulary)))
                vals.append(weight)
    shape = (len(jobs), len(vocabulary))
    col_array = np.asarray(cols, dtype=np.int64)
    idf = smooth_idf(np.bincount(col_array, minlength=shape[1]), len(jobs))
    data = np.asarray(vals, dtype=np.float64) * idf[col_array] if vals else np.zeros(0)
    matrix = sp.csr_matrix((data, (np.asarray(rows, dtype=np.int64), col_array)), shape=shape)
    return l2_normalise(matrix)


def category_codes(values: Sequence[str | None]) -> IntArray:
    """Integer codes of categorical values (-1 for None), equal codes for equal values."""
    codes: dict[str, int] = {}
    return np.array(
        [-1 if not v else codes.setdefault(v.strip().lower(), len(codes)) for v in values],
        dtype=np.int64,
    )


# The terms of the score, in the order the explanations list them.
TERMS: tuple[str, ...] = (
    "competencies",
    "texts",
    "titles",
    "title_chars",
    "semantic",
    "metier",
    "filiere",
    "family",
    "grade",
    "education_up",
    "education_down",
)

# What each term means, in French, for the explanations ("même filière : 12 %").
TERM_LABELS: dict[str, str] = {
    "competencies": "compétences partagées",
    "texts": "missions et activités décrites avec les mêmes mots",
    "titles": "intitulés proches",
    "title_chars": "vocabulaire des intitulés et de la finalité",
    "semantic": "fiches de sens proche (encodeur de phrases)",
    "metier": "même métier",
    "filiere": "même filière (domaine professionnel)",
    "family": "même famille (grand domaine)",
    "grade": "pas de grade",
    "education_up": "progression du niveau d'accès",
    "education_down": "baisse du niveau d'accès : pénalité",
}

WEIGHTS_FILE = Path(__file__).parent / "data" / "mobility_weights.json"


@dataclass(frozen=True, slots=True)
class SimilarityWeights:
    """The weight of each term of the score (see the module docstring and ``TERMS``).

    The shipped weights are learned from declared moves (``benchmarks/mobility_learn.py``,
    written to ``engine/data/mobility_weights.json``); ``learned()`` reads them. The defaults
    of the fields are the hand-set weights of the first engine, kept as the fallback.
    """

    competencies: float = 0.6
    texts: float = 0.0
    titles: float = 0.1
    title_chars: float = 0.0
    metier: float = 0.08  # the three add up: same métier 0.2, same filière only 0.12
    filiere: float = 0.06
    family: float = 0.06
    grade: float = 0.1
    education_up: float = 0.0
    education_down: float = 0.0
    semantic: float = 0.0
    alt_title_weight: float = 0.5
    # The encoder's cosines of two job texts sit between ~0.7 and 1: below this floor a pair
    # counts 0, above it the cosine is stretched to [0, 1] (a share that means something).
    semantic_floor: float = 0.75

    def of(self, term: str) -> float:
        return float(getattr(self, term))

    @classmethod
    def learned(cls, *, semantic: bool = False) -> SimilarityWeights:
        """The weights shipped with the package (the hand-set ones if the file is absent):
        those learned with the semantic channel when its vectors are there, else those
        learned without it (the lexical fallback)."""
        return _learned_weights(semantic)


@lru_cache(maxsize=2)
def _learned_weights(semantic: bool) -> SimilarityWeights:
    if not WEIGHTS_FILE.is_file():
        return SimilarityWeights()
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    known = {f.name for f in fields(SimilarityWeights)}
    chosen = data.get("weights_semantic") if semantic else None
    values = chosen or data["weights"]
    return SimilarityWeights(**{k: float(v) for k, v in values.items() if k in known})


@dataclass(frozen=True, slots=True)
class ScoreTerm:
    """One term of a pair's score: its raw value, its weight, what it adds, its share."""

    name: str
    label: str
    value: float
    weight: float
    contribution: float
    share: float  # contribution / total score (negative for a penalty)


@dataclass(frozen=True, slots=True)
class ScoreParts:
    """The terms of one pair's score; ``total`` is the sum of their contributions."""

    competencies: float
    titles: float
    hierarchy: float
    grade: float
    grade_step: int | None
    total: float
    terms: tuple[ScoreTerm, ...] = ()
    progression: bool = False  # a step up (grade, seniority or entry level), else lateral


@runtime_checkable
class Prefetching(Protocol):
    """Jobs read on demand that can read several at once (``SimilarityModel.prefetch``)."""

    def prefetch(self, keys: Sequence[str]) -> None: ...


@dataclass(slots=True)
class SimilarityModel:
    """Everything needed to score jobs against jobs in one referential version."""

    referential: Referential
    vectors: JobVectors
    titles: Csr
    hierarchy: dict[str, IntArray]
    scales: FloatArray
    weights: SimilarityWeights = field(default_factory=SimilarityWeights)
    texts: Csr | None = None  # jobs x words of the whole sheet (``engine/texts.py``)
    chars: Csr | None = None  # jobs x character n-grams of titles and purpose
    education: FloatArray | None = None  # entry level per job (NaN when unknown)
    # jobs x dimensions, unit rows: the sentence encoder's vectors (``engine/semantic.py``)
    semantic: FloatArray | None = None
    title_product: SplitProduct = field(init=False)
    text_product: SplitProduct | None = field(init=False, default=None)
    char_product: SplitProduct | None = field(init=False, default=None)
    grade_codes: npt.NDArray[np.int16] = field(init=False)
    _resolver: CompetencyResolver | None = field(default=None, init=False)
    # Derived data other modules compute once per model (e.g. the trainings' competencies).
    cache: dict[str, Any] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.title_product = split_product(self.titles)
        if self.texts is not None:
            self.text_product = split_product(self.texts)
        if self.chars is not None:
            self.char_product = split_product(self.chars)
        self.grade_codes = grade_codes(self.scales)

    @property
    def resolver(self) -> CompetencyResolver:
        """Finds the referential's competencies by key or label (built once)."""
        if self._resolver is None:
            self._resolver = CompetencyResolver(self.referential)
        return self._resolver

    @property
    def size(self) -> int:
        return len(self.vectors.jobs)

    def job(self, row: int) -> Job:
        return self.referential.jobs[self.vectors.jobs[row]]

    def prefetch(self, rows: Sequence[int]) -> None:
        """Tell the referential's jobs that these rows are about to be asked for: jobs read on
        demand (a packed model's) read them in one go instead of one by one."""
        jobs = self.referential.jobs
        if isinstance(jobs, Prefetching):
            jobs.prefetch([self.vectors.jobs[row] for row in rows])

    # Blocks are float32 (rows x jobs): half the memory traffic of float64 in batch runs.

    def competency_block(self, rows: IntArray) -> Block:
        return self.vectors.cosines(self.vectors.unit[rows])

    def title_block(self, rows: IntArray) -> Block:
        return self.title_product.dot(self.titles[rows])

    def text_block(self, rows: IntArray) -> Block:
        if self.texts is None or self.text_product is None:
            return np.zeros((len(rows), self.size), dtype=np.float32)
        return self.text_product.dot(self.texts[rows])

    def char_block(self, rows: IntArray) -> Block:
        if self.chars is None or self.char_product is None:
            return np.zeros((len(rows), self.size), dtype=np.float32)
        return self.char_product.dot(self.chars[rows])

    def semantic_block(self, rows: IntArray) -> Block:
        """The encoder's cosines, rescaled above ``semantic_floor`` (0 without vectors)."""
        if self.semantic is None:
            return np.zeros((len(rows), self.size), dtype=np.float32)
        return stretched(self.semantic[rows] @ self.semantic.T, self.weights.semantic_floor)

    def same_block(self, level: str, rows: IntArray) -> Block:
        """1 where the target shares the source's métier (filière, family), else 0."""
        codes = self.hierarchy[level]
        same = (codes[rows][:, None] == codes[None, :]) & (codes[rows][:, None] >= 0)
        out: Block = same.astype(np.float32)
        return out

    def hierarchy_block(self, rows: IntArray) -> Block:
        """The closest level two jobs share, as ``HIERARCHY_SCORES`` (for the explanations)."""
        out = np.zeros((len(rows), self.size), dtype=np.float32)
        for level, score in HIERARCHY_SCORES.items():
            if (self.hierarchy[level] < 0).all():
                continue
            np.maximum(out, np.float32(score) * self.same_block(level, rows), out=out)
        return out

    def grade_block(self, rows: IntArray) -> Block:
        return grade_code_scores(grade_step_codes(self.grade_codes, rows))

    def education_blocks(self, rows: IntArray) -> tuple[Block, Block]:
        """(levels up, levels down) from each source's entry level to each target's, over the
        scale's 8 steps (0 when either is unknown)."""
        if self.education is None:
            zero = np.zeros((len(rows), self.size), dtype=np.float32)
            return zero, zero
        level = self.education.astype(np.float32)
        step = np.nan_to_num(level[None, :] - level[rows][:, None], nan=0.0) / np.float32(8)
        up: Block = np.maximum(step, 0).astype(np.float32)
        down: Block = np.maximum(-step, 0).astype(np.float32)
        return up, down

    def term_block(self, term: str, rows: IntArray) -> Block:
        """One term's raw values for the jobs ``rows`` against every job."""
        if term == "competencies":
            return self.competency_block(rows)
        if term == "texts":
            return self.text_block(rows)
        if term == "titles":
            return self.title_block(rows)
        if term == "title_chars":
            return self.char_block(rows)
        if term == "semantic":
            return self.semantic_block(rows)
        if term in ("metier", "filiere", "family"):
            return self.same_block(term, rows)
        if term == "grade":
            if not self.grade_codes.shape[1]:
                return np.zeros((len(rows), self.size), dtype=np.float32)
            return self.grade_block(rows)
        up, down = self.education_blocks(rows)
        return up if term == "education_up" else down

    def structure_block(self, rows: IntArray) -> Block:
        """The weighted terms that do not depend on competencies (texts, titles, hierarchy,
        grade, entry level): what a person's score takes from their current job."""
        rows = np.asarray(rows, dtype=np.int64)
        out = np.zeros((len(rows), self.size), dtype=np.float32)
        for term in TERMS[1:]:
            weight = self.weights.of(term)
            if weight:
                out += np.float32(weight) * self.term_block(term, rows)
        return out

    def block(self, rows: IntArray) -> Block:
        """Scores of the jobs ``rows`` (sources) against every job (targets), float32."""
        rows = np.asarray(rows, dtype=np.int64)
        out = self.structure_block(rows)
        out += np.float32(self.weights.competencies) * self.competency_block(rows)
        return out

    def parts(self, source: int, target: int) -> ScoreParts:
        """The terms of one pair, to explain a score: every term's value, weight and share."""
        rows = np.array([source], dtype=np.int64)
        step: int | None = None
        for a, b in zip(
            self.grade_codes[source].tolist(), self.grade_codes[target].tolist(), strict=True
        ):
            if a != UNKNOWN_STEP and b != UNKNOWN_STEP:
                step = b - a
                break
        values = self._pair_values(source, target, step)
        contributions = {t: self.weights.of(t) * v for t, v in values.items()}
        total = sum(contributions.values())
        terms = tuple(
            ScoreTerm(
                t,
                TERM_LABELS[t],
                round(values[t], 4),
                self.weights.of(t),
                round(contributions[t], 4),
                round(contributions[t] / total, 4) if total else 0.0,
            )
            for t in TERMS
            if contributions[t]
        )
        hier = float(self.hierarchy_block(rows)[0, target])
        progression = (step is not None and step > 0) or values["education_up"] > 0
        return ScoreParts(
            values["competencies"],
            values["titles"],
            hier,
            values["grade"],
            step,
            total,
            terms,
            progression,
        )

    def _pair_values(self, source: int, target: int, step: int | None) -> dict[str, float]:
        """Every term's raw value for one pair, without computing whole rows."""
        values = {
            "competencies": row_dot(self.vectors.unit, source, self.vectors.unit, target),
            "texts": row_dot(self.texts, source, self.texts, target)
            if self.texts is not None
            else 0.0,
            "titles": row_dot(self.titles, source, self.titles, target),
            "title_chars": (
                row_dot(self.chars, source, self.chars, target) if self.chars is not None else 0.0
            ),
            "semantic": self._semantic_value(source, target),
            "grade": 0.0 if step is None else GRADE_STEP_SCORES[min(max(step, _LOW), _HIGH)],
            "education_up": 0.0,
            "education_down": 0.0,
        }
        for level in ("metier", "filiere", "family"):
            codes = self.hierarchy[level]
            values[level] = float(codes[source] >= 0 and codes[source] == codes[target])
        if self.education is not None:
            delta = float(self.education[target] - self.education[source])
            if np.isfinite(delta):
                values["education_up"] = max(delta, 0.0) / 8
                values["education_down"] = max(-delta, 0.0) / 8
        return values

    def _semantic_value(self, source: int, target: int) -> float:
        if self.semantic is None:
            return 0.0
        cosine = self.semantic[source] @ self.semantic[target]  # one pair, not a row
        return float(stretched(np.asarray(cosine), self.weights.semantic_floor))

    def top_k(
        self,
        k: int,
        *,
        chunk: int = 1024,
        sources: IntArray | None = None,
        workers: int = 1,
    ) -> tuple[IntArray, FloatArray]:
        """For every source job (all by default) its ``k`` best targets (itself excluded),
        best first: (targets, scores), both sources x k. Computed by blocks of ``chunk``
        sources (a dense block of chunk x jobs scores, then argpartition), on ``workers``
        threads (numpy, BLAS and scipy's sparse products release the GIL)."""
        src = np.arange(self.size, dtype=np.int64) if sources is None else sources
        k = max(0, min(k, self.size - 1))
        targets = np.zeros((len(src), k), dtype=np.int64)
        scores = np.zeros((len(src), k), dtype=np.float32)

        def work(start: int, stop: int) -> None:
            rows = src[start:stop]
            block = self.block(rows)
            block[np.arange(len(rows)), rows] = -np.inf
            targets[start:stop], scores[start:stop] = top_k_rows(block, k)

        run_chunks(work, len(src), chunk, workers)
        return targets, scores


def stretched(cosines: FloatArray, floor: float) -> Block:
    """Cosines below ``floor`` count 0, those above are stretched to [0, 1]."""
    low = np.float32(floor)
    out: Block = np.clip((cosines - low) / (np.float32(1) - low), 0, 1).astype(
        np.float32, copy=False
    )
    return out


def run_chunks(work: Callable[[int, int], None], total: int, chunk: int, workers: int) -> None:
    """``work(start, stop)`` over ``range(total)`` cut in chunks, on ``workers`` threads."""
    ranges = [(start, min(start + chunk, total)) for start in range(0, total, max(chunk, 1))]
    if workers <= 1 or len(ranges) <= 1:
        for start, stop in ranges:
            work(start, stop)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(work, start, stop) for start, stop in ranges]:
            future.result()


def top_k_rows(block: FloatArray, k: int) -> tuple[IntArray, FloatArray]:
    """The ``k`` largest entries of each row, best first (equal scores: lower column first;
    which of equal scores at the k-th place is kept is unspecified)."""
    n = block.shape[1]
    if k <= 0 or n == 0:
        empty = np.zeros((block.shape[0], 0), dtype=block.dtype)
        return empty.astype(np.int64), empty
    k = min(k, n)
    part = np.argpartition(block, n - k, axis=1)[:, n - k :]
    values = np.take_along_axis(block, part, axis=1)
    order = np.lexsort((part, -values), axis=1)
    idx = np.take_along_axis(part, order, axis=1)
    return idx.astype(np.int64), np.take_along_axis(values, order, axis=1)


def expand_partial(vectors: JobVectors, partial: Sequence[tuple[str, str, float]]) -> JobVectors:
    """The vectors with each requirement spread over its partial neighbours.

    ``partial`` holds (competency, competency, weight) for broader / narrower / related links:
    a job requiring one of the two gets ``weight`` x that requirement's weight on the other
    too (both ways), before the rows are normalised. Cosines then count a partial match for
    that share; ``weights`` and ``presence`` (what a job really requires) are unchanged.
    """
    index = vectors.competency_index
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for a, b, weight in partial:
        if a in index and b in index and a != b:
            rows += [index[a], index[b]]
            cols += [index[b], index[a]]
            vals += [weight, weight]
    if not rows:
        return vectors
    n = len(vectors.competencies)
    spread = sp.identity(n, format="csr") + sp.csr_matrix((vals, (rows, cols)), shape=(n, n))
    unit = l2_normalise(sp.csr_matrix(vectors.weights @ spread))
    return replace(vectors, unit=unit, unit_t=sp.csr_matrix(unit.T), product=split_product(unit))


def build_similarity_model(
    referential: Referential,
    weights: SimilarityWeights | None = None,
    partial: Sequence[tuple[str, str, float]] = (),
    semantic: FloatArray | None = None,
) -> SimilarityModel:
    """The similarity model of a referential version (vectors, texts, title words, hierarchy,
    grades, entry levels, and the encoder's vectors of its jobs in ``referential.jobs``
    order when given); ``partial`` links count as in ``expand_partial``. The weights are the
    learned ones unless given (learned with or without the semantic channel, as it is there
    or not)."""
    weights = weights or SimilarityWeights.learned(semantic=semantic is not None)
    jobs = list(referential.jobs.values())
    levels = [entry_level(j) for j in jobs]
    return SimilarityModel(
        referential=referential,
        vectors=expand_partial(build_job_vectors(referential), partial),
        titles=build_title_vectors(jobs, weights.alt_title_weight),
        hierarchy={
            "metier": category_codes([j.metier for j in jobs]),
            "filiere": category_codes([j.filiere for j in jobs]),
            "family": category_codes([j.family for j in jobs]),
        },
        scales=grade_scales(jobs),
        weights=weights,
        texts=text_vectors(referential, jobs) if weights.texts else None,
        chars=char_vectors(jobs) if weights.title_chars else None,
        education=np.array([np.nan if v is None else v for v in levels], dtype=np.float64)
        if any(v is not None for v in levels)
        else None,
        semantic=_checked_semantic(semantic, len(jobs)) if weights.semantic else None,
    )


def _checked_semantic(semantic: FloatArray | None, jobs: int) -> FloatArray | None:
    if semantic is None:
        return None
    if semantic.ndim != 2 or semantic.shape[0] != jobs:
        raise ValueError(f"semantic vectors: {semantic.shape} for {jobs} jobs")
    return np.ascontiguousarray(semantic, dtype=np.float32)
