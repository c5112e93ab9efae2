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
top K; ``transpose``: the score of the reverse move).

    python benchmarks/mobility_priors.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import mobility_learn as ml  # noqa: E402

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
    print(ml.line("appris (termes du moteur)", ml.cross_validate(dev, lexical, 5, 0)))
    for name, block in candidates(dev, lexical).items():
        dev.blocks[name] = block
        print(ml.line(f"+ {name}", ml.cross_validate(dev, [*lexical, name], 5, 0)), flush=True)


if __name__ == "__main__":
    main()
