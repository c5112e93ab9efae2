"""Learn the weights of the mobility score from declared moves, cross-validated by source job.

Development set: ROME v3 (v344), its 532 fiches and 4,009 typed moves ("Proche" lateral,
"Evolution" progression), read from $PARCOURS_SHARED_DIR/data/external/rome-v344/csv (default
../shared beside the checkout). The moves are taken out of the referential before anything is
computed: the model sees the fiches only.

For every term of ``engine/similarity.py`` (``TERMS``) the script computes its block (fiches x
fiches) once, then:

1. cross-validation by source fiche: the sources are cut in ``--folds`` folds; for each fold the
   weights are fitted on the moves of the other folds' sources only (coordinate ascent on
   recall@10, MRR breaking ties, over a grid of weights) and scored on the fold's moves: a
   source is never fitted and scored at once;
2. the same figures for plain baselines computed on the same data: Jaccard of competency sets,
   TF-IDF cosine of the sheets' words, the competency cosine alone, and the first engine's
   hand-set weights;
3. the final weights, fitted on every source, scaled so that the positive weights add up to 1,
   written with the figures to ``src/parcours/engine/data/mobility_weights.json`` (``--write``).

Recall@10 counts a move (source, target) found when the target is among the source's 10 best
targets (the source itself excluded); MRR is the mean reciprocal rank of the targets. Both are
given overall and per type of move.

    python benchmarks/mobility_learn.py [--folds 5] [--seed 0] [--write]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from parcours.domain.merge import merge_parts  # noqa: E402
from parcours.domain.referential import Referential  # noqa: E402
from parcours.engine import semantic  # noqa: E402
from parcours.engine.similarity import (  # noqa: E402
    TERMS,
    WEIGHTS_FILE,
    SimilarityModel,
    SimilarityWeights,
    build_similarity_model,
)
from parcours.engine.vectors import jaccard_rows  # noqa: E402
from parcours.ingest.pipeline import parse_bundle  # noqa: E402
from parcours.services.imports import bundle_members  # noqa: E402

Array = npt.NDArray[np.float32]
K = 10
GRID = (0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2, 2.0)
NEGATIVE = (-0.02, -0.05, -0.1, -0.2, -0.5)
# Terms ROME cannot teach (no grades, no métier level): the grade weight is fitted on the
# study's 15 declared moves (seed 004, a career ladder with grades in its titles), the others
# fixed; métier keeps the first engine's hand-set weight, scaled like the learned ones.
PRIORS = ("grade", "metier")
GRADE_GRID = (0.0, 0.02, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5)
# The sentence encoder and the TF-IDF of the sheets are two readings of the same texts: fitted
# with one weight for both. Fitted apart on ROME v3 the encoder's weight is near 0, but recall
# stays within one standard error for weights up to the text term's (ROME's French sheets are
# what the lexical normaliser is built for): the tie keeps the encoder's reading for
# referentials the dev set does not resemble (another language, terse or generic sheets).
TIED = "texts+semantic"
SEMANTIC_FLOOR = 0.75


def shared() -> Path:
    return Path(os.environ.get("PARCOURS_SHARED_DIR", ROOT.parent / "shared")).resolve()


def load_rome_v3() -> Referential:
    folder = shared() / "data" / "external" / "rome-v344" / "csv"
    names = bundle_members(p.name for p in folder.iterdir() if p.is_file())
    draft = parse_bundle("rome-v344", {n: (folder / n).read_bytes() for n in names})
    return merge_parts(draft.parts[0].name, draft.parts)


class DevSet:
    """The fiches' term blocks and the moves, as arrays."""

    def __init__(
        self,
        referential: Referential,
        encoder: semantic.Encoder | None,
        cache: Path | None = None,
    ) -> None:
        moves = [(m.source, m.target, m.kind.value) for m in referential.mobilities]
        bare = replace(referential, mobilities=[])
        every = SimilarityWeights(**{t: 1.0 for t in TERMS}, semantic_floor=SEMANTIC_FLOOR)
        vectors = None
        if encoder is not None:
            vectors = self.encoded(bare, encoder, cache)
        self.model: SimilarityModel = build_similarity_model(bare, every, semantic=vectors)
        index = self.model.vectors.job_index
        rows = np.arange(self.model.size, dtype=np.int64)
        self.blocks: dict[str, Array] = {t: self.model.term_block(t, rows) for t in TERMS}
        self.blocks[TIED] = self.blocks["texts"] + self.blocks["semantic"]
        pairs = {(a, b): k for a, b, k in moves if a in index and b in index and a != b}
        self.source = np.array([index[a] for a, _ in pairs], dtype=np.int64)
        self.target = np.array([index[b] for _, b in pairs], dtype=np.int64)
        self.kind = np.array(list(pairs.values()))
        self.n = self.model.size

    @staticmethod
    def encoded(referential: Referential, encoder: semantic.Encoder, cache: Path | None) -> Array:
        """The unit vectors of the jobs' passages, from ``cache`` (.npz keyed by the texts'
        digests) when it holds them, else encoded (and written there)."""
        texts = [semantic.job_passage(j) for j in referential.jobs.values()]
        name = semantic.encoder_name(encoder)
        key = semantic.text_digest(name, "\x00".join(texts))
        if cache is not None and cache.is_file():
            saved = np.load(cache)
            if str(saved["key"]) == key:
                print(f"vectors of {len(texts)} job texts read from {cache}")
                kept: Array = saved["vectors"].astype(np.float32)
                return kept
        start = time.perf_counter()
        vectors = semantic.unit_rows(semantic.encode(encoder, texts))
        took = time.perf_counter() - start
        print(f"encoded {len(texts)} job texts in {took:.1f} s ({name})")
        if cache is not None:
            np.savez(cache, key=np.array(key), vectors=vectors)
        return vectors

    def ranks(self, scores: Array, rows: npt.NDArray[np.int64]) -> tuple[np.ndarray, np.ndarray]:
        """For the moves whose source is in ``rows``: (mask of those moves, rank of each)."""
        pos = np.full(self.n, -1)
        pos[rows] = np.arange(len(rows))
        mask = pos[self.source] >= 0
        block = scores[pos[self.source[mask]]]
        own = block[np.arange(mask.sum()), self.target[mask]]
        # rank = 1 + number of other candidates scoring strictly higher (the source excluded)
        better = (block > own[:, None]).sum(axis=1)
        self_better = scores[pos[self.source[mask]], self.source[mask]] > own
        return mask, 1 + better - self_better

    def scores(self, weights: dict[str, float], rows: npt.NDArray[np.int64]) -> Array:
        out = np.zeros((len(rows), self.n), dtype=np.float32)
        for term, weight in weights.items():
            if weight:
                out += np.float32(weight) * self.blocks[term][rows]
        out[np.arange(len(rows)), rows] = -np.inf
        return out

    def figures(self, scores: Array, rows: npt.NDArray[np.int64]) -> dict[str, float]:
        mask, rank = self.ranks(scores, rows)
        kinds = self.kind[mask]
        out = {"moves": float(mask.sum())}
        out["recall@10"] = float((rank <= K).mean()) if len(rank) else 0.0
        out["mrr"] = float((1.0 / rank).mean()) if len(rank) else 0.0
        for kind in ("horizontal", "vertical"):
            sel = kinds == kind
            out[f"recall@10 {kind}"] = float((rank[sel] <= K).mean()) if sel.any() else 0.0
            out[f"mrr {kind}"] = float((1.0 / rank[sel]).mean()) if sel.any() else 0.0
        return out


Objective = Callable[[dict[str, float]], tuple[float, float]]


def objective_on(dev: DevSet, rows: npt.NDArray[np.int64]) -> Objective:
    """Recall@10, then MRR, of the moves from ``rows`` under some weights."""

    def objective(w: dict[str, float]) -> tuple[float, float]:
        f = dev.figures(dev.scores(w, rows), rows)
        return f["recall@10"], f["mrr"]

    return objective


def ascend(
    objective: Objective,
    weights: dict[str, float],
    terms: list[str],
    values: Callable[[str], tuple[float, ...]],
    rounds: int = 4,
) -> tuple[dict[str, float], tuple[float, float]]:
    """Coordinate ascent from ``weights``: each term in turn takes the value of ``values(term)``
    that raises the objective most, until a round changes nothing (``rounds`` at most)."""
    best = objective(weights)
    for _ in range(rounds):
        improved = False
        for term in terms:
            for value in values(term):
                if value == weights[term]:
                    continue
                trial = {**weights, term: value}
                got = objective(trial)
                if got > best:
                    best, weights, improved = got, trial, True
        if not improved:
            break
    return weights, best


def fit(dev: DevSet, rows: npt.NDArray[np.int64], terms: list[str]) -> dict[str, float]:
    """Coordinate ascent on recall@10 (then MRR) of the moves from ``rows``."""
    weights = {t: (1.0 if t in ("competencies", "texts", TIED) else 0.0) for t in terms}

    def values(term: str) -> tuple[float, ...]:
        return GRID + (NEGATIVE if term == "education_down" else ())

    return ascend(objective_on(dev, rows), weights, terms, values)[0]


def load_study() -> Referential:
    from parcours.ingest.pipeline import parse_document

    (path,) = sorted((shared() / "seeds").glob("004_*"))
    draft = parse_document(path.read_bytes(), path.name)
    return merge_parts(draft.parts[0].name, draft.parts)


def fit_grade(weights: dict[str, float]) -> tuple[float, dict[float, float]]:
    """The grade weight that ranks the study's declared moves best (leave-one-out MRR, then
    recall@1), the other weights fixed; and the MRR of each weight tried."""
    from parcours.engine.evaluation import evaluate_model

    study = load_study()
    model = build_similarity_model(study, SimilarityWeights(**{t: 1.0 for t in TERMS}))
    tried: dict[float, tuple[float, float]] = {}
    # 15 moves of one ladder cannot outweigh 4,009: the grade may not weigh more than the
    # competencies.
    for grade in (g for g in GRADE_GRID if g <= weights["competencies"]):
        model.weights = SimilarityWeights(**{**weights, "grade": grade})
        ours = evaluate_model(model)[0]
        tried[grade] = (ours.mrr, ours.recall[1])
    # The smallest weight within 0.05 of the best MRR: 15 moves are few, prefer the lighter
    # prior that ranks them almost as well.
    top = max(v[0] for v in tried.values())
    best = min(g for g, v in tried.items() if v[0] >= top - 0.05)
    return best, {g: round(v[0], 3) for g, v in tried.items()}


def cross_validate(dev: DevSet, terms: list[str], folds: int, seed: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    sources = np.unique(dev.source)
    rng.shuffle(sources)
    parts = np.array_split(sources, folds)
    ranks: list[np.ndarray] = []
    kinds: list[np.ndarray] = []
    for i, test in enumerate(parts):
        train = np.concatenate([p for j, p in enumerate(parts) if j != i])
        weights = fit(dev, np.sort(train), terms)
        rows = np.sort(test)
        mask, rank = dev.ranks(dev.scores(weights, rows), rows)
        ranks.append(rank)
        kinds.append(dev.kind[mask])
        print(f"  fold {i + 1}: {json.dumps({k: round(v, 3) for k, v in weights.items() if v})}")
    return summary(np.concatenate(ranks), np.concatenate(kinds))


def summary(rank: np.ndarray, kinds: np.ndarray) -> dict[str, float]:
    out = {"moves": float(len(rank)), "recall@10": float((rank <= K).mean())}
    out["mrr"] = float((1.0 / rank).mean())
    for kind in ("horizontal", "vertical"):
        sel = kinds == kind
        out[f"recall@10 {kind}"] = float((rank[sel] <= K).mean())
        out[f"mrr {kind}"] = float((1.0 / rank[sel]).mean())
    return out


def baseline(dev: DevSet, name: str) -> dict[str, float]:
    rows = np.arange(dev.n, dtype=np.int64)
    if name == "Jaccard":
        scores = jaccard_rows(dev.model.vectors.presence, rows).astype(np.float32)
        scores[rows, rows] = -np.inf
    elif name == "TF-IDF (mots des fiches)":
        scores = dev.scores({"texts": 1.0}, rows)
    elif name == "cosinus des compétences":
        scores = dev.scores({"competencies": 1.0}, rows)
    elif name == "encodeur de phrases seul":
        scores = dev.scores({"semantic": 1.0}, rows)
    else:  # the first engine's hand-set weights
        first = SimilarityWeights()
        scores = dev.scores({t: first.of(t) for t in TERMS}, rows)
    return dev.figures(scores, rows)


def final_weights(dev: DevSet, terms: list[str]) -> dict[str, float]:
    """Fitted on every source, scaled so that the positive weights add up to 1 (a tied weight
    counted for each of its terms); métier and grade from the priors (``PRIORS``)."""
    final = fit(dev, np.arange(dev.n, dtype=np.int64), terms)
    if TIED in final:
        final["texts"] = final["semantic"] = final.pop(TIED)
    positive = sum(v for v in final.values() if v > 0) or 1.0
    first = SimilarityWeights()
    scaled = {t: round(v / positive, 4) for t, v in final.items()}
    if "semantic" in scaled:
        scaled["semantic_floor"] = SEMANTIC_FLOOR
    scaled["metier"] = round(first.metier / first.competencies * scaled["competencies"], 4)
    grade, tried = fit_grade(scaled)
    scaled["grade"] = grade
    print(f"grade weight fitted on the study's moves (leave-one-out MRR per weight): {tried}")
    return scaled


def line(name: str, f: dict[str, float]) -> str:
    return (
        f"{name:<34} {f['recall@10']:6.3f} {f['mrr']:6.3f}   "
        f"{f['recall@10 horizontal']:6.3f} {f['mrr horizontal']:6.3f}   "
        f"{f['recall@10 vertical']:6.3f} {f['mrr vertical']:6.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", action="store_true", help="write the learned weights")
    parser.add_argument(
        "--no-semantic", action="store_true", help="without the sentence encoder (lexical only)"
    )
    parser.add_argument(
        "--vectors-cache", type=Path, help="keep the encoder's vectors in this .npz file"
    )
    args = parser.parse_args()
    print(
        f"{platform.node()} {platform.machine()}, Python {sys.version.split()[0]}, {date.today()}"
    )
    start = time.perf_counter()
    encoder = None if args.no_semantic else semantic.default_encoder()
    dev = DevSet(load_rome_v3(), encoder, args.vectors_cache)
    print(f"ROME v3: {dev.n} fiches, {len(dev.source)} moves ({time.perf_counter() - start:.1f} s)")
    lexical = [t for t in TERMS if t not in PRIORS and t != "semantic"]
    print(f"cross-validation by source, {args.folds} folds (seed {args.seed}), lexical terms:")
    learned = cross_validate(dev, lexical, args.folds, args.seed)
    with_semantic: dict[str, float] | None = None
    tied = [TIED if t == "texts" else t for t in lexical]
    if encoder is not None:
        print("the same with the sentence encoder's term, weighted apart:")
        apart = cross_validate(dev, [*lexical, "semantic"], args.folds, args.seed)
        print("the same with the sentence encoder's term, tied to the text term:")
        with_semantic = cross_validate(dev, tied, args.folds, args.seed)
    header = (
        f"{'méthode':<34} {'R@10':>6} {'MRR':>6}   {'R@10 P':>6} {'MRR P':>6}   "
        f"{'R@10 E':>6} {'MRR E':>6}"
    )
    print(header + "    (P: proche, latérale ; E: évolution)")
    rows: dict[str, dict[str, float]] = {}
    for name in (
        "Jaccard",
        "TF-IDF (mots des fiches)",
        "cosinus des compétences",
        *(["encodeur de phrases seul"] if encoder is not None else []),
        "moteur initial",
    ):
        rows[name] = baseline(dev, name)
        print(line(name, rows[name]))
    rows["appris (validation croisée)"] = learned
    print(line("appris (validation croisée)", learned))
    if with_semantic is not None:
        rows["appris, encodeur à part (validation croisée)"] = apart
        print(line("appris, encodeur à part (val. croisée)", apart))
        rows["appris, encodeur lié aux textes (validation croisée)"] = with_semantic
        print(line("appris, encodeur lié (val. croisée)", with_semantic))
    scaled = final_weights(dev, lexical)
    print(f"weights (fitted on every source, positive ones summing to 1): {scaled}")
    scaled_semantic = final_weights(dev, tied) if encoder is not None else None
    if scaled_semantic is not None:
        print(f"weights with the encoder: {scaled_semantic}")
    if args.write:
        known = {f.name for f in fields(SimilarityWeights)}
        payload = {
            "about": (
                "Weights of the mobility score (engine/similarity.py), learned by "
                "benchmarks/mobility_learn.py on ROME v3 (v344) typed moves, cross-validated "
                "by source fiche. grade and metier are hand-set priors (no grade nor métier "
                "in the development set). weights: without the sentence encoder (the lexical "
                "fallback); weights_semantic: with it, its term tied to the text term's weight."
            ),
            "learned_on": str(date.today()),
            "weights": {k: v for k, v in scaled.items() if k in known},
            "weights_semantic": (
                {k: v for k, v in scaled_semantic.items() if k in known}
                if scaled_semantic is not None
                else None
            ),
            "development_set": {
                name: {k: round(v, 4) for k, v in f.items()} for name, f in rows.items()
            },
        }
        WEIGHTS_FILE.parent.mkdir(parents=True, exist_ok=True)
        WEIGHTS_FILE.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        print(f"written: {WEIGHTS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
