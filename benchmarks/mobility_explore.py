"""More candidate terms and representations for the mobility score, tried on the development set.

Same protocol as ``benchmarks/mobility_priors.py``: every candidate is a jobs x jobs block (or a
group of blocks) computed from the fiches alone, never from the moves, added to the learned
lexical terms of ``benchmarks/mobility_learn.py`` and cross-validated by source fiche (5 folds,
seed 0, weights fitted by the same coordinate ascent on the other folds' sources).

Candidates (``--only`` picks groups by name prefix):

- ``lsa_*``: latent semantic analysis, the cosine of two fiches in the truncated SVD of a
  TF-IDF matrix (``lsa_texts_K``: the sheets' words; ``lsa_comp_K``: the competency vectors;
  ``lsa_both_K``: both side by side), K latent dimensions;
- ``f_*``: fielded texts, one TF-IDF cosine per field of the sheet (titles and alternative
  titles, purpose, the purpose's "Peut ..." sentences, savoir labels, savoir-faire labels,
  environment (sectors, conditions), workplace (structures), access conditions); ``texts_bm25``
  and ``texts_bigrams``: the whole sheet with BM25 weights, or with word pairs added;
- ``comp_*``: the competency cosine restricted to one kind (savoir, savoir-faire) or to the
  essential items, and asymmetric ones (``opt_to_ess``: the source's optional items against the
  target's essential ones; ``peut_to_text``: the source's "Peut ..." sentences against the
  target's whole sheet);
- ``soft_*``: soft competency matching: for each competency of the source the best cosine of
  its label (word TF-IDF, or character 4-grams) with the target's labels, averaged with the
  competency weights (``_st``), the reverse direction (``_ts``) and their mean;
- ``nl_*``: non-linear transforms of the existing terms (square roots, squares, products);
- ``prior_*``: target-generality priors read from the fiche (number of alternative titles,
  of competencies, length of the text, share of savoirs);
- ``colz_*``, ``colrank_*``, ``mutual_base``, ``density_*``, ``mean_base`` (group ``hubness``):
  hubness reduction from the fiches, each target's column as z-scores or percentile ranks over
  the sources, mutual proximity, CSLS-like density of the target (negative weights allowed with
  ``--signed``);
- ``*_up``, ``peut_*`` (group ``roles``): roles read in the purpose rather than the title (the
  target's core sentences supervise, train or sell and the source's do not; or the source's
  "Peut ..." sentences name the role the target's core carries);
- ``--optimisers``: other optimisers over the engine's terms alone (random restarts and a finer grid
  of the coordinate ascent; a listwise softmax loss fitted by L-BFGS).

Blocks are cached as .npy files in ``--cache`` (default /tmp/parcours_explore).

    python benchmarks/mobility_explore.py [--groups lsa,fields,...] [--only PREFIX,...]
        [--signed] [--optimisers] [--combine TERM,... --seeds 0 1 2] [--cache DIR]

``--combine`` re-runs the named terms (one by one, then together) over several fold seeds and
prints each one's recall@10 gain over the engine's terms with a bootstrap (over sources)
standard error. The "alone" lines are skipped for flags and priors: ``DevSet.ranks`` counts
only strictly better candidates, so a block of ties ranks every move first.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

if TYPE_CHECKING:  # the modules themselves, as mypy finds them in the package
    from benchmarks import mobility_learn as ml
    from benchmarks import mobility_priors as mp
else:  # run as a script: the sibling modules, on the path above
    import mobility_learn as ml
    import mobility_priors as mp

from parcours.domain.competency import CompetencyKind, Importance  # noqa: E402
from parcours.domain.job import Job  # noqa: E402
from parcours.engine.similarity import TERMS  # noqa: E402
from parcours.engine.texts import _grams, _tfidf, _words  # noqa: E402
from parcours.engine.vectors import l2_normalise  # noqa: E402

Block = npt.NDArray[np.float32]
Rows = npt.NDArray[np.int64]
Fitter = Callable[[ml.DevSet, Rows, list[str]], dict[str, float]]
LEXICAL = [t for t in TERMS if t not in ml.PRIORS and t != "semantic"]
PEUT = re.compile(r"^\s*peut\b", re.IGNORECASE)


# --- helpers ---------------------------------------------------------------------------------


def cosines(matrix: sp.csr_matrix | np.ndarray) -> Block:
    """Cosines of the rows of ``matrix`` (rows L2-normalised here), jobs x jobs float32."""
    if sp.issparse(matrix):
        unit = l2_normalise(sp.csr_matrix(matrix, dtype=np.float64))
        out = (unit @ unit.T).toarray()
    else:
        dense = np.asarray(matrix, dtype=np.float64)
        unit = dense / np.maximum(np.linalg.norm(dense, axis=1, keepdims=True), 1e-12)
        out = unit @ unit.T
    block: Block = out.astype(np.float32)
    return block


def columns(values: npt.NDArray[np.floating], n: int) -> Block:
    """A prior of the target only, scaled to [0, 1]: the same value down each column."""
    v = np.asarray(values, dtype=np.float64)
    v = (v - v.min()) / max(float(np.ptp(v)), 1e-12)
    return np.broadcast_to(v[None, :].astype(np.float32), (n, n)).copy()


def field_tfidf(texts: Sequence[Sequence[str]]) -> sp.csr_matrix:
    """Jobs x words of the given texts per job, sublinear tf x smooth idf (engine/texts.py)."""
    return _tfidf([[w for text in job for w in _words(text)] for job in texts])


def bm25(texts: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> sp.csr_matrix:
    """Jobs x words, BM25 weights (saturated tf, length-normalised, idf), rows L2-normalised."""
    rows = [[w for text in job for w in _words(text)] for job in texts]
    vocab: dict[str, int] = {}
    r: list[int] = []
    c: list[int] = []
    for i, row in enumerate(rows):
        for w in row:
            r.append(i)
            c.append(vocab.setdefault(w, len(vocab)))
    counts = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(rows), len(vocab)))
    counts.sum_duplicates()
    length = np.asarray(counts.sum(axis=1)).ravel()
    df = np.diff(sp.csc_matrix(counts).indptr)
    n = len(rows)
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
    coo = counts.tocoo()
    norm = k1 * (1 - b + b * length[coo.row] / length.mean())
    data = coo.data * (k1 + 1) / (coo.data + norm) * idf[coo.col]
    return sp.csr_matrix((data, (coo.row, coo.col)), shape=counts.shape)


class Fiches:
    """What the fiches say, per job, in the model's row order."""

    def __init__(self, dev: ml.DevSet) -> None:
        self.dev = dev
        self.jobs: list[Job] = [dev.model.job(i) for i in range(dev.n)]
        self.comps = dev.model.referential.competencies
        self.cols = dev.model.vectors.competency_index

    def labels(self, job: Job, keep: Callable[..., bool] = lambda req, comp: True) -> list[str]:
        out = []
        for req in job.requirements:
            comp = self.comps.get(req.competency)
            if comp is not None and keep(req, comp):
                out.append(comp.label)
        return out

    def masked(self, keep: Callable[..., bool]) -> sp.csr_matrix:
        """The competency weights (idf x importance) of the requirements ``keep`` accepts."""
        r: list[int] = []
        c: list[int] = []
        for i, job in enumerate(self.jobs):
            for req in job.requirements:
                comp = self.comps.get(req.competency)
                if comp is not None and keep(req, comp):
                    r.append(i)
                    c.append(self.cols[req.competency])
        mask = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=self.dev.model.vectors.weights.shape)
        mask.data[:] = 1.0
        return sp.csr_matrix(self.dev.model.vectors.weights.multiply(mask.astype(bool)))


# --- candidates ------------------------------------------------------------------------------


def lsa(matrix: sp.csr_matrix | np.ndarray, k: int) -> Block:
    dense = matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix)
    u, s, _ = np.linalg.svd(dense, full_matrices=False)
    return cosines(u[:, :k] * s[:k])


def cand_lsa(f: Fiches) -> dict[str, dict[str, Block]]:
    model = f.dev.model
    texts = model.texts
    assert texts is not None  # the development set's model reads the fiches' texts
    comp = model.vectors.unit
    both = sp.hstack([texts, comp]).tocsr()
    out: dict[str, dict[str, Block]] = {}
    for k in (50, 100, 200, 300):
        out[f"lsa_texts_{k}"] = {f"lsa_texts_{k}": lsa(texts, k)}
    for k in (100, 200):
        out[f"lsa_comp_{k}"] = {f"lsa_comp_{k}": lsa(comp, k)}
        out[f"lsa_both_{k}"] = {f"lsa_both_{k}": lsa(both, k)}
    return out


def _peut(job: Job) -> list[str]:
    return [p for p in job.purpose if PEUT.match(p)]


def _core(job: Job) -> list[str]:
    return [p for p in job.purpose if not PEUT.match(p)]


def _kind(kind: CompetencyKind) -> Callable[..., bool]:
    return lambda req, comp: comp.kind == kind


def _essential(req: object, comp: object) -> bool:
    return getattr(req, "importance", None) == Importance.ESSENTIAL


def _optional(req: object, comp: object) -> bool:
    return getattr(req, "importance", None) != Importance.ESSENTIAL


def cand_fields(f: Fiches) -> dict[str, dict[str, Block]]:
    jobs = f.jobs
    fields_: dict[str, list[list[str]]] = {
        "f_titles": [[j.title, *j.alt_titles] for j in jobs],
        "f_purpose": [list(j.purpose) for j in jobs],
        "f_core": [_core(j) for j in jobs],
        "f_savoir": [f.labels(j, _kind(CompetencyKind.SAVOIR)) for j in jobs],
        "f_savoir_faire": [f.labels(j, _kind(CompetencyKind.SAVOIR_FAIRE)) for j in jobs],
        "f_environment": [[j.environment or ""] for j in jobs],
        "f_workplace": [[j.workplace or ""] for j in jobs],
        "f_access": [list(j.access_conditions) for j in jobs],
    }
    out = {name: {name: cosines(field_tfidf(texts))} for name, texts in fields_.items()}
    out["f_env_work"] = {
        "f_environment": out["f_environment"]["f_environment"],
        "f_workplace": out["f_workplace"]["f_workplace"],
    }
    out["f_all"] = {name: block for group in list(out.values()) for name, block in group.items()}
    whole = [
        [j.title, *j.alt_titles, *j.purpose, *f.labels(j)] for j in jobs
    ]  # the text term's fields (ROME v3 has no activities)
    out["texts_bm25"] = {"texts_bm25": cosines(bm25(whole))}
    with_env = [
        [*w, j.environment or "", j.workplace or ""] for w, j in zip(whole, jobs, strict=True)
    ]
    out["texts_with_env"] = {"texts_with_env": cosines(field_tfidf(with_env))}

    def bigrams(texts: list[str]) -> list[str]:
        pairs: list[str] = []
        for text in texts:
            words = _words(text)
            pairs.extend(f"{a}_{b}" for a, b in itertools.pairwise(words))
        return pairs

    rows = [
        [w for t in job for w in _words(t)] + bigrams(job) for job in whole
    ]  # words and word pairs
    out["texts_bigrams"] = {"texts_bigrams": cosines(_tfidf(rows))}
    return out


def cand_comp(f: Fiches) -> dict[str, dict[str, Block]]:
    out: dict[str, dict[str, Block]] = {}
    savoir = f.masked(_kind(CompetencyKind.SAVOIR))
    faire = f.masked(_kind(CompetencyKind.SAVOIR_FAIRE))
    ess = f.masked(_essential)
    opt = f.masked(_optional)
    out["comp_savoir"] = {"comp_savoir": cosines(savoir)}
    out["comp_faire"] = {"comp_faire": cosines(faire)}
    out["comp_kinds"] = {**out["comp_savoir"], **out["comp_faire"]}
    out["comp_essential"] = {"comp_essential": cosines(ess)}
    ue, uo = l2_normalise(ess), l2_normalise(opt)
    out["opt_to_ess"] = {"opt_to_ess": (uo @ ue.T).toarray().astype(np.float32)}
    out["ess_to_opt"] = {"ess_to_opt": (ue @ uo.T).toarray().astype(np.float32)}
    presence = f.dev.model.vectors.presence
    out["comp_binary"] = {"comp_binary": cosines(presence)}
    idf = f.dev.model.vectors.idf
    out["comp_idf2"] = {
        "comp_idf2": cosines(sp.csr_matrix(f.dev.model.vectors.weights @ sp.diags(idf)))
    }
    # the source's "Peut ..." sentences against the target's core texts and whole sheet
    peut = [_peut(j) for j in f.jobs]
    core = [[j.title, *j.alt_titles, *_core(j), *f.labels(j)] for j in f.jobs]
    joint = field_tfidf([*peut, *core])
    n = f.dev.n
    a, b = l2_normalise(joint[:n]), l2_normalise(joint[n:])
    out["peut_to_text"] = {"peut_to_text": (a @ b.T).toarray().astype(np.float32)}
    return out


def soft_match(f: Fiches, label_matrix: sp.csr_matrix, power: float = 1.0) -> Block:
    """soft[s, t] = sum over the source's competencies c of w(s, c) x max over the target's
    competencies d of sim(c, d)^power, divided by sum of w(s, c); sim the labels' cosine."""
    vectors = f.dev.model.vectors
    weights = vectors.weights.tocsr()
    labels = l2_normalise(label_matrix)  # competencies x features
    n, ncomp = weights.shape
    held = [weights.indices[weights.indptr[i] : weights.indptr[i + 1]] for i in range(n)]
    width = max(len(h) for h in held)
    pad = np.full((n, width), ncomp, dtype=np.int64)  # column ncomp: an all-zero padding
    for i, h in enumerate(held):
        pad[i, : len(h)] = h
    used = np.unique(weights.indices)
    used_labels = labels[used]
    where = np.full(ncomp + 1, len(used), dtype=np.int64)
    where[used] = np.arange(len(used))
    pad_used = where[pad]
    out = np.zeros((n, n), dtype=np.float32)
    for s in range(n):
        mine = held[s]
        sims = (labels[mine] @ used_labels.T).toarray().astype(np.float32)
        sims = np.hstack([sims, np.zeros((len(mine), 1), dtype=np.float32)])
        if power != 1.0:
            sims = sims**power
        best = sims[:, pad_used].max(axis=2)  # source comps x targets
        w = weights.data[weights.indptr[s] : weights.indptr[s + 1]].astype(np.float32)
        out[s] = w @ best / max(float(w.sum()), 1e-12)
    return out


def label_vectors(f: Fiches, chars: bool) -> sp.csr_matrix:
    keys = f.dev.model.vectors.competencies
    labels = [f.comps[k].label if k in f.comps else k for k in keys]
    if chars:
        return _tfidf([[g for g in _grams(label, 4)] for label in labels])
    return _tfidf([list(_words(label)) for label in labels])


def cand_soft(f: Fiches) -> dict[str, dict[str, Block]]:
    out: dict[str, dict[str, Block]] = {}
    variants = (
        ("soft_words", False, 1.0),
        ("soft_words_sq", False, 2.0),
        ("soft_chars", True, 1.0),
    )
    for name, chars, power in variants:

        def compute(c: bool = chars, p: float = power) -> Block:
            return soft_match(f, label_vectors(f, c), p)

        st = cached(name, compute)
        ts = np.ascontiguousarray(st.T)
        out[f"{name}_st"] = {f"{name}_st": st}
        out[f"{name}_ts"] = {f"{name}_ts": ts}
        out[f"{name}_mean"] = {f"{name}_mean": (st + ts) / np.float32(2)}
        out[f"{name}_both"] = {f"{name}_st": st, f"{name}_ts": ts}
    return out


def cand_nonlinear(f: Fiches) -> dict[str, dict[str, Block]]:
    b = f.dev.blocks
    out: dict[str, dict[str, Block]] = {}
    for t in ("competencies", "texts", "titles", "title_chars"):
        out[f"nl_sqrt_{t}"] = {f"sqrt_{t}": np.sqrt(np.maximum(b[t], 0))}
        out[f"nl_sq_{t}"] = {f"sq_{t}": b[t] ** 2}
    out["nl_comp_x_texts"] = {"comp_x_texts": b["competencies"] * b["texts"]}
    out["nl_comp_x_filiere"] = {"comp_x_filiere": b["competencies"] * b["filiere"]}
    out["nl_texts_x_filiere"] = {"texts_x_filiere": b["texts"] * b["filiere"]}
    out["nl_texts_x_family"] = {"texts_x_family": b["texts"] * b["family"]}
    out["nl_comp_x_family"] = {"comp_x_family": b["competencies"] * b["family"]}
    out["nl_titles_x_texts"] = {"titles_x_texts": b["titles"] * b["texts"]}
    out["nl_texts_x_up"] = {"texts_x_up": b["texts"] * b["education_up"]}
    out["nl_max_comp_texts"] = {"max_comp_texts": np.maximum(b["competencies"], b["texts"])}
    return out


SUPERVISES = re.compile(
    r"\b(encadr\w*|coordonn\w*|dirig\w*|supervis\w*|manag\w*|pilot\w*|"
    r"anim\w* (?:une|des|d'une|l'|les) equipes?|organis\w* (?:l'activite|le travail))",
)
TRAINS = re.compile(r"\b(form\w* (?:des|les) |transmet\w*|enseign\w*|tutor\w*)")
SELLS = re.compile(r"\b(commercialis\w*|prospect\w*|negoci\w*|vend\w*)")


def cand_roles(f: Fiches) -> dict[str, dict[str, Block]]:
    """Roles read in the purpose (not the title): the target's core sentences supervise, train
    or sell, the source's do not (``*_up``); or the source's "Peut ..." sentences name that
    role and the target's core ones carry it (``peut_*``)."""
    from parcours.engine.normalise import fold

    out: dict[str, dict[str, Block]] = {}
    core = [fold(" ".join(_core(j))) for j in f.jobs]
    peut = [fold(" ".join(_peut(j))) for j in f.jobs]
    ups: dict[str, Block] = {}
    for name, pattern in (("supervise", SUPERVISES), ("train", TRAINS), ("sell", SELLS)):
        has = np.array([1.0 if pattern.search(t) else 0.0 for t in core])
        may = np.array([1.0 if pattern.search(t) else 0.0 for t in peut])
        print(f"    {name}: {int(has.sum())} core, {int(may.sum())} 'peut'")
        ups[f"{name}_up"] = ((1 - has)[:, None] * has[None, :]).astype(np.float32)
        out[f"{name}_up"] = {f"{name}_up": ups[f"{name}_up"]}
        block = ((may * (1 - has))[:, None] * has[None, :]).astype(np.float32)
        out[f"peut_{name}"] = {f"peut_{name}": block}
    out["roles_up_all"] = ups
    return out


def cand_priors(f: Fiches) -> dict[str, dict[str, Block]]:
    n = f.dev.n
    jobs = f.jobs
    alt = np.log1p([len(j.alt_titles) for j in jobs])
    comps = np.log1p([len(j.requirements) for j in jobs])
    length = np.log1p([sum(len(_words(t)) for t in (*j.purpose, *f.labels(j))) for j in jobs])
    savoir = np.array(
        [
            np.mean([c.kind == CompetencyKind.SAVOIR for c in map(f.comps.get, ks) if c] or [False])
            for ks in ([r.competency for r in j.requirements] for j in jobs)
        ]
    )
    peut = np.log1p([len(_peut(j)) for j in jobs])
    out = {
        "prior_alt_titles": {"prior_alt_titles": columns(alt, n)},
        "prior_competencies": {"prior_competencies": columns(comps, n)},
        "prior_length": {"prior_length": columns(length, n)},
        "prior_savoir_share": {"prior_savoir_share": columns(savoir, n)},
        "prior_peut": {"prior_peut": columns(peut, n)},
    }
    # relative: the target has more competencies / alternative titles than the source
    more = comps[None, :] - comps[:, None]
    out["prior_more_comps"] = {"prior_more_comps": (more / np.ptp(more)).astype(np.float32)}
    out["prior_all"] = {k: v for g in list(out.values()) for k, v in g.items()}
    return out


def _colz(block: Block) -> Block:
    """Each target's column as z-scores over the sources (the diagonal left out), / 10."""
    return mp.zscores(block, axis=0)


def _colrank(block: Block) -> Block:
    """The source's place in the target's column, as a percentile (1: the target's closest)."""
    values = block.astype(np.float64).copy()
    np.fill_diagonal(values, -np.inf)
    n = values.shape[0]
    order = np.argsort(-values, axis=0)
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.broadcast_to(np.arange(n)[:, None], (n, n)), axis=0)
    percentile: Block = (1.0 - rank / (n - 1)).astype(np.float32)
    return percentile


def _density(block: Block, k: int = 10) -> npt.NDArray[np.float64]:
    """Mean of each job's k largest similarities with the others (CSLS's r)."""
    values = block.astype(np.float64).copy()
    np.fill_diagonal(values, -np.inf)
    density: npt.NDArray[np.float64] = np.sort(values, axis=1)[:, -k:].mean(axis=1)
    return density


def cand_hubness(f: Fiches) -> dict[str, dict[str, Block]]:
    """Hubness reduction from the fiches: per-target (column) normalisation and CSLS-like
    density priors (tried with negative weights allowed)."""
    b = f.dev.blocks
    n = f.dev.n
    sims = ("competencies", "texts", "titles", "title_chars")
    out: dict[str, dict[str, Block]] = {}
    for t in ("competencies", "texts"):
        out[f"colz_{t}"] = {f"colz_{t}": _colz(b[t])}
        out[f"colrank_{t}"] = {f"colrank_{t}": _colrank(b[t])}
    out["colz_all"] = {f"colz_{t}": _colz(b[t]) for t in sims}
    out["colrank_all"] = {f"colrank_{t}": _colrank(b[t]) for t in sims}
    base = b["competencies"] + b["texts"]
    out["colrank_base"] = {"colrank_base": _colrank(base)}
    out["mutual_base"] = {"mutual_base": _colrank(base) * _colrank(base.T).T}
    for t in ("competencies", "texts"):
        out[f"density_{t}"] = {f"density_{t}": columns(_density(b[t]), n)}
    out["density_base"] = {"density_base": columns(_density(base), n)}
    out["mean_base"] = {"mean_base": columns(base.mean(axis=0), n)}
    return out


GROUPS: dict[str, Callable[[Fiches], dict[str, dict[str, Block]]]] = {
    "hubness": cand_hubness,
    "roles": cand_roles,
    "lsa": cand_lsa,
    "fields": cand_fields,
    "comp": cand_comp,
    "soft": cand_soft,
    "nonlinear": cand_nonlinear,
    "priors": cand_priors,
}

# --- optimisers --------------------------------------------------------------------------------

_CACHE = Path("/tmp/parcours_explore")


def cached(name: str, compute: Callable[[], Block]) -> Block:
    path = _CACHE / f"{name}.npy"
    if path.is_file():
        kept: Block = np.load(path)  # written below, float32
        return kept
    start = time.perf_counter()
    block = np.asarray(compute(), dtype=np.float32)
    _CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, block)
    print(f"  computed {name} in {time.perf_counter() - start:.1f} s", flush=True)
    return block


def fit_signed(dev: ml.DevSet, rows: Rows, terms: list[str]) -> dict[str, float]:
    """``ml.fit``, the candidate terms (those not in ``LEXICAL``) allowed negative weights."""
    weights = {t: (1.0 if t in ("competencies", "texts") else 0.0) for t in terms}

    def values(term: str) -> tuple[float, ...]:
        signed = term == "education_down" or term not in LEXICAL
        return ml.GRID + (ml.NEGATIVE if signed else ())

    return ml.ascend(ml.objective_on(dev, rows), weights, terms, values)[0]


def fit_restarts(
    dev: ml.DevSet, rows: Rows, terms: list[str], restarts: int = 6
) -> dict[str, float]:
    """The coordinate ascent from several starts (the usual one, then random grid points) on
    a finer grid; the best fit on the training rows is kept."""
    grid = tuple(sorted({*ml.GRID, 0.01, 0.03, 0.07, 0.15, 0.4, 0.65, 1.0, 1.5, 3.0}))
    rng = np.random.default_rng(1)

    def values(term: str) -> tuple[float, ...]:
        return grid + (ml.NEGATIVE if term == "education_down" else ())

    best_w: dict[str, float] = {}
    best = (-1.0, -1.0)
    for start in range(restarts):
        if start == 0:
            w = {t: (1.0 if t in ("competencies", "texts") else 0.0) for t in terms}
        else:
            w = {t: float(rng.choice(ml.GRID)) for t in terms}
            w["education_down"] = -abs(w.get("education_down", 0.0))
        w, score = ml.ascend(ml.objective_on(dev, rows), w, terms, values, rounds=6)
        if score > best:
            best, best_w = score, w
    return best_w


def fit_softmax(
    dev: ml.DevSet, rows: Rows, terms: list[str], l2: float = 1e-3, shortlist: int = 0
) -> dict[str, float]:
    """Weights minimising the listwise softmax loss of the training moves (-log of the target's
    share of exp(score) over the source's candidates), L2-regularised, by L-BFGS. With
    ``shortlist`` the candidates are the source's ``shortlist`` best by competencies + texts
    (and the moves' targets): the loss then looks at the top of the list only."""
    pos = np.full(dev.n, -1)
    pos[rows] = np.arange(len(rows))
    mask = pos[dev.source] >= 0
    src, tgt = pos[dev.source[mask]], dev.target[mask]
    count = np.bincount(src, minlength=len(rows)).astype(np.float64)
    x = np.stack([dev.blocks[t][rows].astype(np.float64) for t in terms])  # F x R x n
    x[:, np.arange(len(rows)), rows] = 0.0
    diag = np.zeros((len(rows), dev.n), dtype=bool)
    diag[np.arange(len(rows)), rows] = True
    if shortlist:
        base = (dev.blocks["competencies"] + dev.blocks["texts"])[rows]
        base[np.arange(len(rows)), rows] = -np.inf
        cut = -np.sort(-base, axis=1)[:, shortlist - 1 : shortlist]
        diag |= base < cut
        diag[src, tgt] = False
    moves = len(src)
    own = x[:, src, tgt].sum(axis=1)  # F

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = np.tensordot(w, x, axes=1)
        s[diag] = -np.inf
        top = s.max(axis=1, keepdims=True)
        e = np.exp(s - top)
        z = e.sum(axis=1, keepdims=True)
        p = e / z
        lse = (np.log(z) + top).ravel()
        value = (count @ lse - (w @ own)) / moves + l2 * (w @ w)
        expected = np.einsum("frn,rn->fr", x, p) @ count
        grad = (expected - own) / moves + 2 * l2 * w
        return float(value), grad

    w0 = np.array([1.0 if t in ("competencies", "texts") else 0.0 for t in terms])
    res = minimize(loss, w0, jac=True, method="L-BFGS-B")
    return dict(zip(terms, (float(v) for v in res.x), strict=True))


def cross_validate(
    dev: ml.DevSet, terms: list[str], fitter: Fitter = ml.fit, folds: int = 5, seed: int = 0
) -> dict[str, float]:
    """``ml.cross_validate`` with another fitter (same folds), quiet."""
    rank = cv_ranks(dev, terms, fitter, folds, seed)
    return ml.summary(rank, dev.kind)


def cv_ranks(
    dev: ml.DevSet, terms: list[str], fitter: Fitter = ml.fit, folds: int = 5, seed: int = 0
) -> np.ndarray:
    """The cross-validated rank of every move, in ``dev``'s order of the moves."""
    rng = np.random.default_rng(seed)
    sources = np.unique(dev.source)
    rng.shuffle(sources)
    parts = np.array_split(sources, folds)
    out = np.zeros(len(dev.source), dtype=np.int64)
    for i, test in enumerate(parts):
        train = np.concatenate([p for j, p in enumerate(parts) if j != i])
        weights = fitter(dev, np.sort(train), terms)
        rows = np.sort(test)
        mask, rank = dev.ranks(dev.scores(weights, rows), rows)
        out[mask] = rank
    return out


def paired(dev: ml.DevSet, base: np.ndarray, other: np.ndarray, draws: int = 2000) -> str:
    """Recall@10 gain over ``base`` and its standard error, bootstrapping the sources."""
    gain = (other <= ml.K).astype(np.float64) - (base <= ml.K)
    sources = np.unique(dev.source)
    per = np.bincount(np.searchsorted(sources, dev.source), weights=gain, minlength=len(sources))
    count = np.bincount(np.searchsorted(sources, dev.source), minlength=len(sources))
    rng = np.random.default_rng(0)
    pick = rng.integers(0, len(sources), size=(draws, len(sources)))
    boot = per[pick].sum(axis=1) / count[pick].sum(axis=1)
    return f"gain {gain.mean():+.4f} (bootstrap s.e. {boot.std():.4f})"


def main() -> None:
    global _CACHE
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="comma-separated candidate name prefixes")
    parser.add_argument("--groups", default=",".join(GROUPS), help="candidate groups to build")
    parser.add_argument("--optimisers", action="store_true", help="also try other optimisers")
    parser.add_argument("--cache", type=Path, default=_CACHE)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0], help="fold seeds")
    parser.add_argument("--signed", action="store_true", help="also fit with signed weights")
    parser.add_argument("--combine", default="", help="extra terms to try together (a,b,c)")
    args = parser.parse_args()
    _CACHE = args.cache
    start = time.perf_counter()
    dev = ml.DevSet(ml.load_rome_v3(), None, None)
    fiches = Fiches(dev)
    print(f"ROME v3: {dev.n} fiches, {len(dev.source)} moves ({time.perf_counter() - start:.0f} s)")
    print(ml.line("learned (engine terms)", cross_validate(dev, LEXICAL)), flush=True)
    prefixes = [p for p in args.only.split(",") if p]
    every: dict[str, Block] = {}
    for group in (g for g in args.groups.split(",") if g):
        tick = time.perf_counter()
        built = GROUPS[group](fiches)
        for name, blocks in built.items():
            every.update(blocks)
            if prefixes and not any(name.startswith(p) for p in prefixes):
                continue
            dev.blocks.update(blocks)
            for term, block in blocks.items():
                if len(np.unique(block[0])) < dev.n // 4:
                    continue  # a prior or a flag: ties make "alone" meaningless (ranked first)
                alone = dev.figures(dev.scores({term: 1.0}, np.arange(dev.n)), np.arange(dev.n))
                print(f"    {term} alone: R@10 {alone['recall@10']:.3f} MRR {alone['mrr']:.3f}")
            got = cross_validate(dev, [*LEXICAL, *blocks])
            print(ml.line(f"+ {name}", got), flush=True)
            if args.signed:
                got = cross_validate(dev, [*LEXICAL, *blocks], fit_signed)
                print(ml.line(f"+ {name} (signed)", got), flush=True)
        print(f"  ({group}: {time.perf_counter() - tick:.0f} s)", flush=True)
    if args.combine:
        extra = [t for t in args.combine.split(",") if t]
        dev.blocks.update({t: every[t] for t in extra})
        sets = [[t] for t in extra] + ([extra] if len(extra) > 1 else [])
        for seed in args.seeds:
            base = cv_ranks(dev, LEXICAL, seed=seed)
            print(ml.line(f"seed {seed}: learned", ml.summary(base, dev.kind)))
            for terms in sets:
                ranks = cv_ranks(dev, [*LEXICAL, *terms], seed=seed)
                print(ml.line(f"seed {seed}: + {'+'.join(terms)}", ml.summary(ranks, dev.kind)))
                print(f"    {paired(dev, base, ranks)}", flush=True)
    if args.optimisers:
        print(ml.line("opt restarts+fine grid", cross_validate(dev, LEXICAL, fit_restarts)))
        for l2 in (1e-4, 1e-3, 1e-2):

            def soft(d: ml.DevSet, r: Rows, t: list[str], l2: float = l2) -> dict[str, float]:
                return fit_softmax(d, r, t, l2)

            print(ml.line(f"opt softmax l2={l2}", cross_validate(dev, LEXICAL, soft)))
        for short in (30, 60):

            def top(d: ml.DevSet, r: Rows, t: list[str], short: int = short) -> dict[str, float]:
                return fit_softmax(d, r, t, 1e-4, short)

            print(ml.line(f"opt softmax top {short}", cross_validate(dev, LEXICAL, top)))
            extra = ["soft_words_sq_mean", "colz_texts", "texts_with_env", "lsa_both_200"]
            if all(t in dev.blocks for t in extra):
                got = cross_validate(dev, [*LEXICAL, *extra], top)
                print(ml.line(f"opt softmax top {short}, + 4 candidates", got), flush=True)
    print(f"total {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
