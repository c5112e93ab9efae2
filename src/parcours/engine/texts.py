"""What the job texts say, as vectors: words of the whole sheet, character n-grams of its
titles and purpose, and the entry level its access conditions ask for.

- ``text_vectors``: one row per job over the words (folded, singular, gender-free) of its title,
  alternative titles, purpose, activities and the labels of the competencies it requires;
  sublinear tf x smooth idf, L2-normalised. Two jobs described with the same words (not only
  the same competency items) are close: "Réaliser le recouvrement amiable" and "recouvrement
  de créances" meet on a word even when the items differ.
- ``char_vectors``: character 4-grams of the titles and purpose (word-boundary padded), the
  same weighting: robust to compound words, plural and spelling variants, and to languages the
  normaliser does not lemmatise.
- ``entry_level``: the lowest education level the access conditions name (French and English
  wording: CAP/BEP 3, bac 4, bac+2 5, bac+3/licence/bachelor 6, bac+4 7, bac+5/master/ingénieur
  8, doctorat 9; "sans diplôme" 1), or None. A move towards a job asking for a higher entry level
  is a progression; towards a lower one, a step down.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from parcours.domain.job import Job
from parcours.domain.referential import Referential
from parcours.engine.normalise import fold, tokens
from parcours.engine.vectors import Csr, l2_normalise, smooth_idf

# Words of three letters or fewer carry little (articles, "de", "des", "les") and are left out.
MIN_WORD = 3
CHAR_N = 4

_LEVELS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern), level)
    for pattern, level in (
        (r"\bsans (?:diplome|qualification)\b|\bno formal (?:education|credential)", 1),
        (r"\bcap\b|\bbep\b|\bhigh school\b|\bsecondary\b", 3),
        (r"\bbac\b(?!\s*\+)|\bbaccalaureat\b|\bbac pro\b|\bpost-secondary\b", 4),
        (r"bac\s*\+\s*2\b|\bbts\b|\bdut\b|\bdeust\b|\bassociate'?s? degree", 5),
        (r"bac\s*\+\s*3\b|\blicence\b|\bbut\b|\bbachelor'?s?\b", 6),
        (r"bac\s*\+\s*4\b|\bmaster 1\b|\bmaitrise\b", 7),
        (r"bac\s*\+\s*5\b|\bmaster\b|\bingenieur\b|\bgrande ecole\b|\bmba\b|\bmaster'?s degree", 8),
        (r"\bdoctorat\b|\bphd\b|\bdoctoral\b|bac\s*\+\s*8\b", 9),
    )
)


def entry_level(job: Job) -> float | None:
    """The lowest education level the job's access conditions name (None when none)."""
    text = fold(" ".join(job.access_conditions))
    if not text:
        return None
    found = [level for pattern, level in _LEVELS if pattern.search(text)]
    return float(min(found)) if found else None


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    """The content words of a text (cached: competency labels repeat across jobs). Folded and
    singular; gender forms are left as they are (they only add a near-duplicate word)."""
    return tuple(w for w in tokens(text) if len(w) > MIN_WORD - 1)


def _tfidf(rows: Sequence[Sequence[str]]) -> Csr:
    """Rows of terms (repeats count) as sublinear tf x smooth idf, L2-normalised rows; the
    vocabulary and the counts are computed by numpy, not per term in Python."""
    lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    flat = [term for row in rows for term in row]
    if not flat:
        return sp.csr_matrix((len(rows), 0), dtype=np.float64)
    vocabulary, cols = np.unique(np.asarray(flat, dtype=object).astype(str), return_inverse=True)
    row_of = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
    counts = sp.csr_matrix(
        (np.ones(len(flat)), (row_of, cols.astype(np.int64))),
        shape=(len(rows), len(vocabulary)),
    )
    counts.sum_duplicates()
    counts.data = 1.0 + np.log(counts.data)
    idf = smooth_idf(np.diff(sp.csc_matrix(counts).indptr), max(len(rows), 1))
    return l2_normalise(sp.csr_matrix(counts @ sp.diags(idf)))


def job_text(job: Job, label_of: Callable[[str], str | None]) -> Iterable[str]:
    """The texts of a job sheet: titles, purpose, activities, required competencies' labels."""
    yield job.title
    yield from job.alt_titles
    yield from job.purpose
    yield from (a.label for a in job.activities)
    for req in job.requirements:
        label = label_of(req.competency)
        if label:
            yield label


def text_vectors(referential: Referential, jobs: Sequence[Job]) -> Csr:
    """Jobs x words of their whole sheet (see the module docstring)."""
    comps = referential.competencies

    def label_of(key: str) -> str | None:
        comp = comps.get(key)
        return comp.label if comp is not None else None

    rows = [[w for text in job_text(job, label_of) for w in _words(text)] for job in jobs]
    return _tfidf(rows)


def char_vectors(jobs: Sequence[Job], n: int = CHAR_N) -> Csr:
    """Jobs x character n-grams of their titles and purpose (see the module docstring)."""
    rows = [
        [gram for text in (job.title, *job.alt_titles, *job.purpose) for gram in _grams(text, n)]
        for job in jobs
    ]
    return _tfidf(rows)


@lru_cache(maxsize=65536)
def _grams(text: str, n: int) -> tuple[str, ...]:
    out: list[str] = []
    for word in _words(text):
        padded = f" {word} "
        out.extend(padded[i : i + n] for i in range(max(len(padded) - n + 1, 1)))
    return tuple(out)
