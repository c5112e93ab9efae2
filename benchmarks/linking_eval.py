"""Competency linking: quality on the gold set of the seeds, and speed at taxonomy scale.

Scenarios (each in its own process, so that its peak memory is its own):
- gold:  precision / recall table per threshold on tests/gold/competency_links.py (the four
         referentials of the five seeds, every pair, as ``propose_links`` runs them), with
         the share of true links typed with the expected SKOS relation, and the job pairs;
- rome:  each seed referential against ROME 4.0 (33,620 competencies, 1,584 jobs), cold
         (first analysis of the ROME items) then warm;
- esco:  ROME's 33,620 competencies against ESCO's 13,485 French skills (labels and
         alternative labels): 453 million pairs, of which blocking scores a few per item;
- jobs:  job crosswalks on tests/gold/job_links.py: each seed referential's jobs (with and
         without a sheet, as ``propose_links`` takes them) against ROME 4.0's 1,584 fiches,
         precision / recall / precision of the first proposal / coverage of the jobs with a
         sheet, per threshold, with and without the competency links proposed first; the
         seeds' jobs against each other; the times (cold, then warm); and ESCO's occupations
         when the export is there.

    python benchmarks/linking_eval.py [gold] [rome] [esco] [jobs]

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

        def score(self: Any, a: Any, b: Any, *rest: Any) -> Any:
            counter.calls += 1
            return counter.original(self, a, b, *rest)

        linking.Scorer.score = score  # type: ignore[method-assign,assignment]


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


JOB_THRESHOLDS = (0.35, 0.40, 0.45, 0.50, 0.55, 0.60)


def _competency_links(ref: Any, rome_ref: Any) -> dict[tuple[str, str], frozenset[Any]]:
    """The competency links ``propose_links`` would find first (default threshold), both ways."""
    from parcours.engine.linking import competency_items, propose

    out: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for c in propose(competency_items(ref), competency_items(rome_ref)):
        a, b = (c.source.referential, c.source.key), (c.target.referential, c.target.key)
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in out.items()}


def _job_row(e: Any, **extra: Any) -> dict[str, Any]:
    same, typed = e.relation_agreement
    return {
        **extra,
        "proposed": e.proposed,
        "tp": e.true_positives,
        "fp": e.false_positives,
        "unjudged": e.unjudged,
        "precision": e.precision,
        "precision_lb": e.precision_lower_bound,
        "recall": e.recall,
        "p_at_1": e.precision_at_1,
        "first": (e.first_right, e.first_judged),
        "covered": (e.covered, e.sources),
        "relation": same / typed if typed else 1.0,
        "by_origin": e.found_by_origin,
        "fp_pairs": e.false_positive_pairs,
        "missed": e.missed_pairs,
    }


def jobs() -> dict[str, Any]:
    from tests.gold import job_links as gold
    from tests.gold.competency_links import seed_referentials

    from parcours.engine.linking import DEFAULT_THRESHOLD, ProposalSettings, job_items, propose

    counter = Counting()
    rome_ref = rome_referential()
    refs = seed_referentials(shared_dir() / "seeds")
    every = {**refs, gold.ROME: rome_ref}
    targets = job_items(rome_ref)
    sheets = {gold.resolve_end(every, end) for end in gold.SHEET_JOBS}

    def on_sheets(found: list[Any]) -> list[Any]:
        return [
            c
            for c in found
            if (c.source.referential, c.source.key) in sheets
            or (c.target.referential, c.target.key) in sheets
        ]

    # Times: every seed referential's jobs against ROME's fiches, the first run paying for
    # the analysis of the ROME items, then the first one again (warm).
    timings = []
    by_threshold: dict[float, list[Any]] = {t: [] for t in JOB_THRESHOLDS}
    order = [*refs, next(iter(refs))]
    for i, alias in enumerate(order):
        sources = job_items(refs[alias], with_sheet_only=False)
        counter.calls = 0
        start, cpu = time.perf_counter(), time.process_time()
        found = propose(sources, targets)
        timings.append(
            {
                "round": "cold" if i == 0 else "warm",
                "referential": alias,
                "sources": len(sources),
                "scored": counter.calls,
                "proposed": len(found),
                "seconds": time.perf_counter() - start,
                "cpu": time.process_time() - cpu,
            }
        )
        if i < len(refs):
            for threshold in JOB_THRESHOLDS:
                settings = ProposalSettings(threshold=threshold)
                by_threshold[threshold].extend(propose(sources, targets, settings=settings))

    def rome_eval(found: list[Any]) -> Any:
        return gold.evaluate(
            every,
            on_sheets(found),
            positives=gold.ROME_POSITIVES,
            negatives=gold.ROME_NEGATIVES,
            maybe=gold.ROME_MAYBE,
            sources=gold.SHEET_JOBS,
        )

    rows = [
        _job_row(rome_eval(found), threshold=t, default=t == DEFAULT_THRESHOLD)
        for t, found in by_threshold.items()
    ]
    # As ``parcours links propose --jobs`` runs: the competency links first, then the jobs.
    start = time.perf_counter()
    linked_found = []
    for ref in refs.values():
        linked = _competency_links(ref, rome_ref)
        linked_found.extend(propose(job_items(ref, with_sheet_only=False), targets, linked=linked))
    linked_seconds = time.perf_counter() - start
    with_links = _job_row(rome_eval(linked_found))
    title_only = gold.evaluate(
        every,
        by_threshold[DEFAULT_THRESHOLD],
        positives=[g for g in gold.ROME_POSITIVES if g.origin == "title"],
        negatives=[],
    )

    # The seeds' jobs against each other, every pair as ``propose_links`` runs them.
    by_name = {ref.name: ref for ref in refs.values()}
    names = sorted(by_name)
    seed_found = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            seed_found.extend(
                propose(
                    job_items(by_name[a], with_sheet_only=False),
                    job_items(by_name[b], with_sheet_only=False),
                )
            )
    seeds = _job_row(
        gold.evaluate(
            every,
            seed_found,
            positives=gold.SEED_POSITIVES,
            negatives=gold.SEED_NEGATIVES,
            maybe=gold.SEED_MAYBE,
        )
    )
    return {
        "positives": len(gold.ROME_POSITIVES),
        "negatives": len(gold.ROME_NEGATIVES),
        "maybe": len(gold.ROME_MAYBE),
        "seed_pairs": (len(gold.SEED_POSITIVES), len(gold.SEED_NEGATIVES)),
        "rows": rows,
        "with_links": with_links,
        "linked_seconds": linked_seconds,
        "title_only": (title_only.true_positives, title_only.positives),
        "seeds": seeds,
        "timings": timings,
        "esco": _esco_jobs(refs, targets),
        "peak_mib": peak_rss_mib(),
    }


def _esco_jobs(refs: dict[str, Any], rome_jobs: list[Any]) -> dict[str, Any] | None:
    """Each seed referential's jobs against ESCO's occupations (titles, alternative titles
    and ISCO groups: this export has no descriptions): time, coverage, a few examples; and
    ESCO's occupations against ROME's fiches (two taxonomies, as ``propose_links`` pairs
    every referential)."""
    folder = shared_dir() / "data" / "external" / "esco-v1.0-fr"
    if not folder.is_dir():
        return None
    from parcours.engine.linking import job_items, propose
    from parcours.ingest.pipeline import parse_bundle

    files = {p.name: p.read_bytes() for p in folder.glob("*.csv")}
    (esco_ref,) = parse_bundle(folder.name, files).parts
    targets = job_items(esco_ref)
    start = time.perf_counter()
    covered = total = 0
    examples: list[tuple[str, str, float]] = []
    for ref in refs.values():
        found = propose(job_items(ref, with_sheet_only=False), targets)
        for job in ref.jobs.values():
            if not job.has_sheet:
                continue
            mine = [
                c for c in found if c.source.key == job.key and c.source.referential == ref.name
            ]
            total += 1
            covered += bool(mine)
            if mine and len(examples) < 8:
                examples.append((job.title, mine[0].target.label, mine[0].score))
    seconds = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    across = propose(targets, rome_jobs)
    return {
        "occupations": len(targets),
        "seconds": seconds,
        "covered": (covered, total),
        "examples": examples,
        "rome": (len(across), time.perf_counter() - start, time.process_time() - cpu),
    }


def in_process(target: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_call, (target.__name__,))


def _call(name: str) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    result: dict[str, Any] = SCENARIOS[name]()
    return result


SCENARIOS: dict[str, Callable[[], dict[str, Any]]] = {
    "gold": gold,
    "rome": rome,
    "esco": esco,
    "jobs": jobs,
}


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


def _print_job_rows(rows: list[dict[str, Any]], label: str) -> None:
    print(
        f"\n| {label} | proposed | TP | FP | unjudged | precision | precision (lower bound) "
        "| recall | first proposal right | sheets covered | relation as expected |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        first, judged = row["first"]
        covered, sources = row["covered"]
        print(
            f"| {row['name']} | {row['proposed']} | {row['tp']} | {row['fp']} "
            f"| {row['unjudged']} | {row['precision']:.3f} | {row['precision_lb']:.3f} "
            f"| {row['recall']:.3f} | {row['p_at_1']:.3f} ({first}/{judged}) "
            f"| {covered}/{sources} | {row['relation']:.2f} |"
        )


def print_jobs(r: dict[str, Any]) -> None:
    print(
        f"\n## jobs — {r['positives']} positive, {r['negatives']} negative and {r['maybe']} "
        "unsure seed-job / ROME pairs; the 17 seed jobs with a sheet"
    )
    rows = []
    for row in r["rows"]:
        mark = " (default)" if row["default"] else ""
        rows.append({**row, "name": f"{row['threshold']:.2f}{mark}"})
    rows.append({**r["with_links"], "name": "0.45, competency links first"})
    _print_job_rows(rows, "threshold")
    default = next(row for row in r["rows"] if row["default"])
    print(f"\nfalse at the default threshold: {'; '.join(default['fp_pairs'])}")
    print(f"missed at the default threshold: {'; '.join(default['missed'])}")
    found, total = r["title_only"]
    print(f"jobs known by their title only: {found} of {total} gold pairs found")
    print(
        f"competency links first, then jobs, the four seed referentials against ROME: "
        f"{r['linked_seconds']:.1f} s"
    )
    positives, negatives = r["seed_pairs"]
    print(f"\nseed jobs against each other ({positives} positive, {negatives} negative pairs):")
    _print_job_rows([{**r["seeds"], "name": "0.45 (default)"}], "threshold")
    print(f"false: {'; '.join(r['seeds']['fp_pairs'])}")
    print(f"missed: {'; '.join(r['seeds']['missed'])}")
    print("\n| round | referential | jobs | pairs scored | proposed | s (wall) | s (CPU) |")
    print("|---|---|---|---|---|---|---|")
    for t in r["timings"]:
        print(
            f"| {t['round']} | {t['referential']} | {t['sources']} | {t['scored']:,} "
            f"| {t['proposed']} | {t['seconds']:.2f} | {t['cpu']:.2f} |"
        )
    esco_r = r["esco"]
    if esco_r:
        covered, total = esco_r["covered"]
        print(
            f"\nESCO: {esco_r['occupations']:,} occupations, the four seed referentials in "
            f"{esco_r['seconds']:.1f} s, {covered}/{total} jobs with a sheet get a proposal"
        )
        for title, label, score in esco_r["examples"]:
            print(f"- {title} → {label} ({score:.2f})")
        found, wall, cpu = esco_r["rome"]
        print(
            f"ESCO's occupations against ROME's fiches: {found:,} proposals in {wall:.1f} s "
            f"({cpu:.1f} s CPU)"
        )
    print(f"\npeak RSS {r['peak_mib']:.0f} MiB")


PRINTERS = {"gold": print_gold, "rome": print_rome, "esco": print_esco, "jobs": print_jobs}


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
