"""Candidate terms the mobility score does not have, tried on the development set.

Each candidate is a jobs x jobs block computed from the fiches alone (never from the moves),
added to the learned lexical terms of ``benchmarks/mobility_learn.py`` and cross-validated the
same way (5 folds by source fiche, weights fitted on the other folds' sources). A candidate is
worth a term of the engine only if it lifts recall@10 beyond the folds' noise (about 0.01 here).

Candidates: target priors (``hub``: how often a fiche is among the others' 10 best targets;
``central``: its mean competency cosine with all fiches), asymmetric competency overlaps
(``coverage``: the share of the target's competency weight the source holds; ``transfer``: the
share of the source's weight the target uses), ``to_supervision`` (an operational title towards a
supervising or training one: responsable, chef, directeur, manager, superviseur, formateur,
coordinateur, animateur), and propagation over the score's own neighbours (``two_hop_K``: two
steps of the row-normalised top-K graph; ``reverse_K``: the source's score among the target's
top K; ``transpose``: the score of the reverse move), generic roles read from the target's title
(``role_to``: a training, sales, management or advice title, one term each; ``role_up``: the same
from a source without that role), ``spread`` (how many families share the target's
competencies: generic fiches such as training or sales are wanted from every domain), and
per-source rescaling of the four similarity terms (``zscore``: each term's z-score within the
source's row; ``rank``: 1/sqrt(rank) within the row), added beside the raw terms.

Before the candidates it prints where the misses are: recall@10 of the moves towards the 15 most
frequent targets (about a sixth of the moves) against the others.

    python benchmarks/mobility_priors.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

if TYPE_CHECKING:  # the module itself, as mypy finds it in the package
    from benchmarks import mobility_learn as ml
else:  # run as a script: the sibling module, on the path above
    import mobility_learn as ml

from parcours.engine.similarity import TERMS  # noqa: E402

Block = npt.NDArray[np.float32]
SUPERVISING = re.compile(
    r"\b(responsable|chef|directeur|directrice|manager|superviseur|encadrant|coordinat|"
    r"formateur|formatrice|animat)",
    re.IGNORECASE,
)


def _columns(values: npt.NDArray[np.floating], n: int) -> Block:
    """A prior of the target only: the same value down each column."""
    return np.broadcast_to(values[None, :].astype(np.float32), (n, n)).copy()


def _top(scores: npt.NDArray[np.float64], k: int) -> npt.NDArray[np.float64]:
    out = np.zeros_like(scores)
    idx = np.argsort(-scores, axis=1)[:, :k]
    np.put_along_axis(out, idx, np.take_along_axis(scores, idx, axis=1), axis=1)
    return out


ROLES = {
    "training": r"\b(formation|formateur|formatrice|enseignement|enseignant|professeur|"
    r"instructeur|moniteur|monitrice|trainer|teacher|instructor)",
    "sales": r"\b(commercial|commerciale|commerciaux|vente|vendeur|vendeuse|sales)",
    "management": r"\b(direction|directeur|directrice|management|manager|responsable|chef|"
    r"encadrement|superviseur|supervision|coordinat\w*|director|head)",
    "advice": r"\b(conseil|conseiller|conseillère|consultant|expert|expertise|advisor)",
}
SIMILARITIES = ("competencies", "texts", "titles", "title_chars")


def zscores(block: Block, axis: int = 1) -> Block:
    """Each source's row (``axis`` 1; each target's column with 0) as z-scores, the diagonal
    left out, / 10."""
    values = block.astype(np.float64)
    others = values.copy()
    np.fill_diagonal(others, np.nan)
    mean = np.nanmean(others, axis=axis, keepdims=True)
    spread = np.nanstd(others, axis=axis, keepdims=True)
    scores: Block = ((values - mean) / np.maximum(spread, 1e-9) / 10).astype(np.float32)
    return scores


def _row_ranks(block: Block) -> Block:
    n = block.shape[0]
    values = block.astype(np.float64)
    np.fill_diagonal(values, -np.inf)
    order = np.argsort(-values, axis=1)
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.broadcast_to(np.arange(n), (n, n)), axis=1)
    return (1.0 / np.sqrt(1 + rank)).astype(np.float32)


def _spread(dev: ml.DevSet) -> npt.NDArray[np.float64]:
    """For each fiche, the mean entropy over families of the fiches holding its competencies."""
    model = dev.model
    family = model.hierarchy["family"]
    held = (model.vectors.presence > 0).astype(np.float32).tocsr()
    labels = np.zeros((dev.n, int(family.max()) + 1), dtype=np.float32)
    labels[np.arange(dev.n), family] = 1.0
    counts = np.asarray(held.T @ labels)  # competencies x families
    share = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -np.where(share > 0, share * np.log(share), 0.0).sum(axis=1)
    per_job = np.asarray(held @ entropy).ravel() / np.maximum(
        np.asarray(held.sum(axis=1)).ravel(), 1
    )
    spread: npt.NDArray[np.float64] = (per_job - per_job.min()) / max(float(np.ptp(per_job)), 1e-9)
    return spread


def groups(dev: ml.DevSet) -> dict[str, dict[str, Block]]:
    """The candidates made of several blocks, tried together."""
    n = dev.n
    titles = [dev.model.job(i).title for i in range(n)]
    to: dict[str, Block] = {}
    up: dict[str, Block] = {}
    for role, pattern in ROLES.items():
        has = np.array([1.0 if re.search(pattern, t, re.I) else 0.0 for t in titles])
        to[f"to_{role}"] = _columns(has, n)
        up[f"up_{role}"] = ((1 - has)[:, None] * has[None, :]).astype(np.float32)
    return {
        "role_to": to,
        "role_up": up,
        "spread": {"spread": _columns(_spread(dev), n)},
        "zscore": {f"{t}_z": zscores(dev.blocks[t]) for t in SIMILARITIES},
        "rank": {f"{t}_rank": _row_ranks(dev.blocks[t]) for t in SIMILARITIES},
    }


def misses(dev: ml.DevSet, lexical: list[str]) -> None:
    """Recall@10 of the learned terms towards the most frequent targets and the others."""
    rows = np.arange(dev.n)
    _, rank = dev.ranks(dev.scores(ml.final_weights(dev, lexical), rows), rows)
    frequent = np.argsort(-np.bincount(dev.target, minlength=dev.n))[:15]
    towards = np.isin(dev.target, frequent)
    print(
        f"moves towards the 15 most frequent targets: {towards.mean():.1%}, "
        f"recall@10 {(rank[towards] <= ml.K).mean():.3f}; "
        f"other moves recall@10 {(rank[~towards] <= ml.K).mean():.3f}"
    )


def candidates(dev: ml.DevSet, lexical: list[str]) -> dict[str, Block]:
    n = dev.n
    model = dev.model
    scores = dev.scores(ml.final_weights(dev, lexical), np.arange(n)).astype(np.float64)
    scores = np.maximum(np.where(np.isinf(scores), 0.0, scores), 0.0)
    out: dict[str, Block] = {}
    indegree = np.bincount(np.argsort(-scores, axis=1)[:, :10].ravel(), minlength=n)
    out["hub"] = _columns(np.log1p(indegree) / np.log1p(indegree.max()), n)
    central = dev.blocks["competencies"].mean(axis=0)
    out["central"] = _columns((central - central.min()) / np.ptp(central), n)
    presence, weights = model.vectors.presence, model.vectors.weights
    total = np.asarray(weights.sum(axis=1)).ravel()
    held = (presence @ weights.T).toarray()  # source's presence x target's weights
    out["coverage"] = (held / np.maximum(total[None, :], 1e-9)).astype(np.float32)
    used = (weights @ presence.T).toarray()  # source's weights x target's presence
    out["transfer"] = (used / np.maximum(total[:, None], 1e-9)).astype(np.float32)
    titles = [model.job(i).title for i in range(n)]
    sup = np.array([1.0 if SUPERVISING.search(t) else 0.0 for t in titles], dtype=np.float32)
    out["to_supervision"] = ((1 - sup)[:, None] * sup[None, :]).astype(np.float32)
    for k in (10, 20):
        top = _top(scores, k)
        step = top / np.maximum(top.sum(axis=1, keepdims=True), 1e-9)
        two = step @ step
        np.fill_diagonal(two, 0)
        out[f"two_hop_{k}"] = (two / max(two.max(), 1e-9)).astype(np.float32)
        out[f"reverse_{k}"] = (top.T / max(top.max(), 1e-9)).astype(np.float32)
    out["transpose"] = (scores.T / max(scores.max(), 1e-9)).astype(np.float32)
    return out


def main() -> None:
    start = time.perf_counter()
    dev = ml.DevSet(ml.load_rome_v3(), None, None)
    lexical = [t for t in TERMS if t not in ml.PRIORS and t != "semantic"]
    print(f"ROME v3: {dev.n} fiches, {len(dev.source)} moves ({time.perf_counter() - start:.0f} s)")
    misses(dev, lexical)
    print(ml.line("appris (termes du moteur)", ml.cross_validate(dev, lexical, 5, 0)))
    tried = {name: {name: block} for name, block in candidates(dev, lexical).items()}
    for name, blocks in {**tried, **groups(dev)}.items():
        dev.blocks.update(blocks)
        terms = [*lexical, *blocks]
        print(ml.line(f"+ {name}", ml.cross_validate(dev, terms, 5, 0)), flush=True)


if __name__ == "__main__":
    main()
