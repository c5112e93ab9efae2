"""Search benchmark: latency of the search service (p50/p95), and the time to build the index.

Scenarios (each in its own process):
- seeds:     the five real seeds imported into a fresh database, then a set of queries (words,
             several words, accents, plurals, typos, no match), repeated;
- generated: one generated referential of a bank's size (default 5,000 jobs with 3 alternative
             titles and 10 activities each, 20,000 competencies with a definition, 3 indicators
             and 3 details, 50 certifications), its texts real ROME labels and sentences read
             from the shared folder and recombined at random; stored, indexed (timed), then
             queries of each sort: the 5 commonest terms, 5 rare words (2 to 5 documents), two
             words, the rare words with a typo, no match.

Latency is the whole service call (`parcours.services.search.search`, limit 20 per kind): unit of
work, vocabulary look-ups, typo candidates, full-text match, ranking, highlights. The process
CPU time of the calls is given too (``cpu_ms``): it includes SQLite's work (in-process) but not
PostgreSQL's.

    python benchmarks/search_bench.py [--repeat 20] [--jobs 5000] [--competencies 20000]
                                      [--database-url postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import DOMAINS, QUALIFIERS  # noqa: E402
from benchmarks.import_bench import (  # noqa: E402
    fresh_uow,
    peak_rss_mib,
    percentile,
    run,
    seed_files,
    shared_dir,
)

SEED_QUERIES = [
    "recouvrement",
    "recouvrment",
    "CHARGÉE de clientèle",
    "charge clientele",
    "risques",
    "conseilller",
    "orientation client",
    "relation client à distance",
    "crédits immobiliers",
    "gestion des risques",
    "feedback",
    "zzzzzz",
]


def latencies(call: Callable[[], Any], repeat: int, cpu: list[float] | None = None) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls; their process CPU seconds go to ``cpu`` (the
    database work of SQLite is in-process: on a busy machine, CPU time is the steadier figure)."""
    out: list[float] = []
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        call()
        out.append(time.perf_counter() - t0)
        if cpu is not None:
            cpu.append(time.process_time() - c0)
    return out


def summary(values: list[float], prefix: str = "") -> dict[str, float]:
    return {
        f"{prefix}ms_p50": 1000 * statistics.median(values),
        f"{prefix}ms_p95": 1000 * percentile(values, 0.95),
    }


def seeds(repeat: int, database_url: str | None) -> dict[str, Any]:
    from parcours.services.imports import import_documents
    from parcours.services.search import search

    with tempfile.TemporaryDirectory() as folder:
        uow = fresh_uow(database_url, folder)
        import_documents(uow, seed_files())
        search(uow, "warm up")  # loads the lemmatiser's dictionary once
        values: list[float] = []
        cpu: list[float] = []
        for query in SEED_QUERIES:
            values += latencies(functools.partial(search, uow, query), repeat, cpu)
        with uow() as unit:
            documents = unit.search.document_count()
    return {
        "documents": documents,
        "queries": len(values),
        **summary(values),
        **summary(cpu, "cpu_"),
    }


def rome_labels() -> dict[str, list[str]]:
    """Real French labels to build texts from, read from the ROME export in the shared folder:
    job titles (appellations), competencies, knowledge (savoirs), sentences of the fiches."""
    import csv

    folder = shared_dir() / "data" / "external" / "rome-v460"
    columns = {
        "titles": ("unix_referentiel_appellation_v460_utf8.csv", "libelle_appellation_long"),
        "competencies": ("unix_referentiel_competence_v460_utf8.csv", "libelle_competence"),
        "savoirs": ("unix_referentiel_savoir_v460_utf8.csv", "libelle_savoir"),
        "sentences": ("unix_texte_v460_utf8.csv", "libelle_texte"),
    }
    out: dict[str, list[str]] = {}
    for name, (filename, column) in columns.items():
        path = folder / filename
        if not path.is_file():
            raise SystemExit(f"missing {path} (set PARCOURS_SHARED_DIR)")
        with path.open(encoding="utf-8", newline="") as handle:
            out[name] = sorted({row[column] for row in csv.DictReader(handle) if row[column]})
    return out


def bank_referential(jobs: int, competencies: int, seed: int = 11) -> Any:
    """A referential of ``jobs`` jobs and ``competencies`` competencies whose texts are real
    ROME labels recombined at random (so the vocabulary is real French, at a realistic size)."""
    from parcours.domain.certification import Block, Certification, CertificationCompetency
    from parcours.domain.competency import Competency, CompetencyKind
    from parcours.domain.job import Activity, Job
    from parcours.domain.referential import Referential
    from parcours.engine.normalise import job_key, label_key

    rng = random.Random(seed)
    labels = rome_labels()
    titles, skills = labels["titles"], labels["competencies"]
    savoirs, sentences = labels["savoirs"], labels["sentences"]
    grades = ["II.1", "II.2", "II.3", "III.1", "III.2", "IV.A"]
    ref = Referential(name="Banque générée", organisation="Banque générée")
    while len(ref.jobs) < jobs:
        title, grade = rng.choice(titles), rng.choice(grades)
        key = job_key(title, grade)
        ref.jobs[key] = Job(
            key,
            title,
            grade,
            alt_titles=rng.sample(titles, 3),
            activities=[Activity(text) for text in rng.sample(sentences, 10)],
        )
    kinds = list(CompetencyKind)
    while len(ref.competencies) < competencies:
        label = rng.choice(skills if rng.random() < 0.6 else savoirs)
        if rng.random() < 0.5:
            label = f"{label} ({rng.choice(DOMAINS).lower()})"
        key = label_key(label)
        ref.competencies[key] = Competency(
            key,
            label,
            rng.choice(kinds),
            definition=rng.choice(sentences),
            indicators=rng.sample(skills, 3),
            details=rng.sample(savoirs, 3),
        )
    for number in range(50):
        title = f"Certification {rng.choice(DOMAINS).lower()} {rng.choice(QUALIFIERS).lower()}"
        key = f"{label_key(title)}-{number}"
        blocks = [
            Block(
                f"B{b}",
                rng.choice(savoirs),
                [
                    CertificationCompetency(f"C{b}{c}", text)
                    for c, text in enumerate(rng.sample(skills, 5))
                ],
            )
            for b in range(4)
        ]
        ref.certifications[key] = Certification(key, title, blocks=blocks)
    return ref


def generated(
    repeat: int, database_url: str | None, sizes: tuple[int, int] = (5000, 20000)
) -> dict[str, Any]:
    from parcours.engine.search import document_frequencies, index_documents
    from parcours.services.search import reindex_referential, search

    jobs, competencies = sizes
    ref = bank_referential(jobs, competencies)
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as folder:
        uow = fresh_uow(database_url, folder)
        with uow() as unit:
            ref.version = unit.referentials.add_version(ref, parts=[])
            unit.commit()
        t0 = time.perf_counter()
        with uow() as unit:
            reindex_referential(unit, name=ref.name, referential=ref)
            unit.commit()
        reindex_s = time.perf_counter() - t0
        with uow() as unit:
            documents = unit.search.document_count()
        frequencies = document_frequencies(index_documents(ref))
        rare = sorted(
            t for t, n in frequencies.items() if 2 <= n <= 5 and len(t) >= 7 and t.isalpha()
        )
        rare = rng.sample(rare, 5)
        common = sorted(frequencies, key=lambda t: -frequencies[t])[:5]
        queries = {
            "common-word": common,
            "rare-word": rare,
            "two-words": ["gestion clientèle", "analyse des risques", "conseiller crédit"],
            "typo": [w[:3] + w[4:] for w in rare],  # one letter dropped
            "no-match": ["zzzzzz", "qwxqwx"],
        }
        figures: dict[str, Any] = {
            "documents": documents,
            "vocabulary": len(frequencies),
            "reindex_s": reindex_s,
            "common": "/".join(common),
        }
        every: list[float] = []
        cpu: list[float] = []
        for name, group in queries.items():
            values: list[float] = []
            for query in group:
                values += latencies(functools.partial(search, uow, query), repeat, cpu)
            every += values
            figures |= {f"{name}_{k}": v for k, v in summary(values).items()}
        figures |= {f"all_{k}": v for k, v in summary(every).items()}
        figures |= {f"all_{k}": v for k, v in summary(cpu, "cpu_").items()}
        figures["peak_rss_mib"] = peak_rss_mib()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=5000)
    parser.add_argument("--competencies", type=int, default=20000)
    parser.add_argument(
        "--database-url",
        default=None,
        help="PostgreSQL server URL (work happens in throw-away schemas); "
        "default: fresh SQLite files",
    )
    args = parser.parse_args()
    store = "postgresql" if args.database_url else "sqlite"
    print(
        f"# {time.strftime('%Y-%m-%d')} {platform.node()} {platform.machine()} "
        f"{os.cpu_count()} cpu, Python {platform.python_version()}, store={store}"
    )
    sizes = (args.jobs, args.competencies)
    scenarios = (
        ("seeds", seeds),
        (
            f"generated-{args.jobs}-jobs-{args.competencies}-competencies",
            functools.partial(generated, sizes=sizes),
        ),
    )
    for name, fn in scenarios:
        # import_bench.run: one process per scenario (its own peak memory), schemas dropped.
        result = run(fn, args.repeat, args.database_url)
        figures = ", ".join(
            f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items()
        )
        print(f"{name}: {figures}", flush=True)


if __name__ == "__main__":
    main()
