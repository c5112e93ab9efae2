"""Competency linking: quality on the gold set of the seeds, and speed at taxonomy scale.

Scenarios (each in its own process, so that its peak memory is its own):
- gold:  precision / recall table per threshold on tests/gold/competency_links.py (the four
         referentials of the five seeds, every pair, as ``propose_links`` runs them), with
         the share of true links typed with the expected SKOS relation, and the job pairs;
- rome:  each seed referential against ROME 4.0 (33,620 competencies, 1,584 jobs), cold
         (first analysis of the ROME items) then warm;
- esco:  ROME's 33,620 competencies against ESCO's 13,485 French skills (labels and
         alternative labels): 453 million pairs, of which blocking scores a few per item.

    python benchmarks/linking_eval.py [gold] [rome] [esco]

The seeds and the external data are read from $PARCOURS_SHARED_DIR (default ../shared).
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import os
import platform
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

THRESHOLDS = (0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70)


def shared_dir() -> Path:
    return Path(os.environ.get("PARCOURS_SHARED_DIR", ROOT.parent / "shared")).resolve()


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Counting:
    """Counts the pairs the scorer sees (blocking's output)."""

    def __init__(self) -> None:
        from parcours.engine import linking

        self.calls = 0
        self.original = linking.Scorer.score
        counter = self

        def score(self: Any, a: Any, b: Any) -> Any:
            counter.calls += 1
            return counter.original(self, a, b)

        linking.Scorer.score = score  # type: ignore[method-assign]


def rome_referential() -> Any:
    from parcours.ingest.pipeline import parse_bundle

    folder = shared_dir() / "data" / "external" / "rome-v460"
    files = {p.name: p.read_bytes() for p in folder.glob("*.csv")}
    (part,) = parse_bundle("rome-v460", files).parts
    return part


def gold() -> dict[str, Any]:
    from tests.gold.competency_links import (
        JOB_NEGATIVES,
        JOB_POSITIVES,
        NEGATIVES,
        POSITIVES,
        evaluate,
        seed_candidates,
        seed_referentials,
    )

    from parcours.engine.linking import DEFAULT_THRESHOLD

    refs = seed_referentials(shared_dir() / "seeds")
    start = time.perf_counter()
    candidates = seed_candidates(refs, threshold=min(THRESHOLDS))
    elapsed = time.perf_counter() - start
    rows = []
    for threshold in sorted({*THRESHOLDS, DEFAULT_THRESHOLD}):
        e = evaluate(refs, candidates, threshold)
        same, typed = e.relation_agreement
        reading = e.found_by_origin.get("reading", (0, 0))
        rows.append(
            {
                "threshold": threshold,
                "default": threshold == DEFAULT_THRESHOLD,
                "proposed": e.proposed,
                "tp": e.true_positives,
                "fp": e.false_positives,
                "unjudged": e.unjudged,
                "precision": e.precision,
                "precision_lb": e.precision_lower_bound,
                "recall": e.recall,
                "recall_reading": reading[0] / reading[1] if reading[1] else 1.0,
                "f1": e.f1,
                "relation": same / typed if typed else 1.0,
                "missed": e.missed_pairs if threshold == DEFAULT_THRESHOLD else [],
            }
        )
    jobs = seed_candidates(refs, threshold=min(THRESHOLDS), jobs=True)
    job_eval = evaluate(
        refs,
        jobs,
        DEFAULT_THRESHOLD,
        positives=JOB_POSITIVES,
        negatives=JOB_NEGATIVES,
        maybe=[],
        jobs=True,
    )
    return {
        "rows": rows,
        "positives": len(POSITIVES),
        "negatives": len(NEGATIVES),
        "seconds": elapsed,
        "jobs": (job_eval.true_positives, len(JOB_POSITIVES), job_eval.false_positives),
        "job_proposals": job_eval.proposed,
        "peak_mib": peak_rss_mib(),
    }


def rome() -> dict[str, Any]:
    from tests.gold.competency_links import seed_referentials

    from parcours.engine.linking import competency_items, job_items, propose

    counter = Counting()
    start = time.perf_counter()
    rome_ref = rome_referential()
    parse = time.perf_counter() - start
    refs = seed_referentials(shared_dir() / "seeds")
    targets = competency_items(rome_ref)
    job_targets = job_items(rome_ref)
    rows = []
    for kind in ("competency", "job"):
        # The first referential pays for the analysis of the ROME items (cached after).
        order = [*refs, next(iter(refs))]
        for i, alias in enumerate(order):
            ref = refs[alias]
            if kind == "competency":
                sources, against = competency_items(ref), targets
            else:
                sources, against = job_items(ref, with_sheet_only=False), job_targets
            counter.calls = 0
            start = time.perf_counter()
            found = propose(sources, against)
            rows.append(
                {
                    "kind": kind,
                    "round": "cold" if i == 0 else "warm",
                    "referential": alias,
                    "sources": len(sources),
                    "targets": len(against),
                    "scored": counter.calls,
                    "proposed": len(found),
                    "seconds": time.perf_counter() - start,
                }
            )
    return {"parse_seconds": parse, "rows": rows, "peak_mib": peak_rss_mib()}


def esco_items() -> list[Any]:
    from parcours.engine.linking import LinkItem

    path = shared_dir() / "data" / "external" / "esco-v1.0-fr" / "skills_fr.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            LinkItem(
                referential="ESCO",
                key=row["conceptUri"].rsplit("/", 1)[-1],
                label=row["preferredLabel"],
                kind="savoir" if row["skillType"] == "knowledge" else "savoir-faire",
                alt_labels=tuple(a for a in row["altLabels"].splitlines() if a.strip()),
            )
            for row in csv.DictReader(handle)
        ]


def esco() -> dict[str, Any]:
    from parcours.engine.linking import competency_items, propose

    counter = Counting()
    rome_ref = rome_referential()
    sources = competency_items(rome_ref)
    targets = esco_items()
    start = time.perf_counter()
    found = propose(sources, targets)
    elapsed = time.perf_counter() - start
    examples = [
        (c.source.label, c.target.label, c.score, c.relation.value)
        for c in found
        if c.source.label in {"Faire preuve d'autonomie", "Gestion de la relation client (CRM)"}
    ][:4]
    return {
        "sources": len(sources),
        "targets": len(targets),
        "scored": counter.calls,
        "proposed": len(found),
        "seconds": elapsed,
        "examples": examples,
        "peak_mib": peak_rss_mib(),
    }


def in_process(target: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_call, (target.__name__,))


def _call(name: str) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    result: dict[str, Any] = SCENARIOS[name]()
    return result


SCENARIOS: dict[str, Callable[[], dict[str, Any]]] = {"gold": gold, "rome": rome, "esco": esco}


def print_gold(r: dict[str, Any]) -> None:
    print(
        f"\n## gold — {r['positives']} positive and {r['negatives']} negative pairs, "
        f"all pairs of the 4 seed referentials scored in {r['seconds']:.2f} s"
    )
    print(
        "\n| threshold | proposed | TP | FP | unjudged | precision | precision (lower bound) "
        "| recall | recall (reading) | F1 | relation as expected |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in r["rows"]:
        mark = " (default)" if row["default"] else ""
        print(
            f"| {row['threshold']:.2f}{mark} | {row['proposed']} | {row['tp']} | {row['fp']} "
            f"| {row['unjudged']} | {row['precision']:.3f} | {row['precision_lb']:.3f} "
            f"| {row['recall']:.3f} | {row['recall_reading']:.3f} | {row['f1']:.3f} "
            f"| {row['relation']:.2f} |"
        )
    default = next(row for row in r["rows"] if row["default"])
    print(f"\nmissed at the default threshold: {'; '.join(default['missed'])}")
    tp, total, fp = r["jobs"]
    print(
        f"jobs on the seeds: {tp} of {total} gold pairs found, {fp} false, "
        f"{r['job_proposals']} job links proposed; peak RSS {r['peak_mib']:.0f} MiB"
    )


def print_rome(r: dict[str, Any]) -> None:
    print(f"\n## rome — ROME export parsed in {r['parse_seconds']:.1f} s")
    print("\n| kind | round | referential | sources | targets | pairs scored | proposed | s |")
    print("|---|---|---|---|---|---|---|---|")
    for row in r["rows"]:
        print(
            f"| {row['kind']} | {row['round']} | {row['referential']} | {row['sources']} "
            f"| {row['targets']:,} | {row['scored']:,} | {row['proposed']} "
            f"| {row['seconds']:.2f} |"
        )
    print(f"\npeak RSS {r['peak_mib']:.0f} MiB")


def print_esco(r: dict[str, Any]) -> None:
    pairs = r["sources"] * r["targets"]
    print(
        f"\n## esco — {r['sources']:,} ROME competencies x {r['targets']:,} ESCO skills "
        f"({pairs:,} pairs): {r['scored']:,} scored ({r['scored'] / pairs:.5%}), "
        f"{r['proposed']:,} proposed, {r['seconds']:.1f} s, peak RSS {r['peak_mib']:.0f} MiB"
    )
    for example in r["examples"]:
        print(f"- {example[0]} / {example[1]}: {example[2]:.2f} {example[3]}")


PRINTERS = {"gold": print_gold, "rome": print_rome, "esco": print_esco}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenarios", nargs="*", help=f"among {', '.join(SCENARIOS)} (all)")
    args = parser.parse_args()
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    print(
        f"# linking — {time.strftime('%Y-%m-%d')}, {platform.machine()}, "
        f"{os.cpu_count()} cpu, Python {platform.python_version()}"
    )
    for name in args.scenarios or list(SCENARIOS):
        PRINTERS[name](in_process(SCENARIOS[name]))


if __name__ == "__main__":
    main()
