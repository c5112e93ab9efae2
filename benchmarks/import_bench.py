"""Import benchmark: documents per second and peak memory.

Scenarios (each in its own process, so that its peak memory is its own):
- parse-seeds:     parse the five real seeds, repeated (pure parsing, no database);
- import-seeds:    import the five seeds into a fresh database, repeated;
- import-generated: import N generated fiche-fonction sheets (one referential) in one command,
                   then import them again (nothing changes).

    python benchmarks/import_bench.py [--repeat 10] [--sheets 1000] [--database-url URL]

The seeds are read from $PARCOURS_SHARED_DIR/seeds (default ../shared beside the checkout).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def shared_dir() -> Path:
    return Path(os.environ.get("PARCOURS_SHARED_DIR", ROOT.parent / "shared")).resolve()


def seed_files() -> list[tuple[str, bytes]]:
    paths = sorted((shared_dir() / "seeds").glob("*.txt"))
    if not paths:
        raise SystemExit(f"no seeds in {shared_dir() / 'seeds'}")
    return [(p.name, p.read_bytes()) for p in paths]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def fresh_database_url(database_url: str | None, folder: str) -> str:
    """The URL of an empty database: a new SQLite file, or a new PostgreSQL schema (named
    parcours_bench_<pid>_*, dropped again by drop_own_schemas)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    if database_url is None:
        return f"sqlite:///{folder}/bench-{time.monotonic_ns()}.db"
    schema = f"parcours_bench_{os.getpid()}_{time.monotonic_ns()}"
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return (
        make_url(database_url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


def fresh_uow(database_url: str | None, folder: str) -> Any:
    """A unit-of-work factory on an empty database (see fresh_database_url)."""
    from parcours.bootstrap import build_uow_factory
    from parcours.settings import Settings

    return build_uow_factory(Settings(database_url=fresh_database_url(database_url, folder)))


def drop_own_schemas(database_url: str | None) -> None:
    """Drop the schemas this process made (fresh_uow names them after the process id), and
    only those: other benchmarks may be running on the same server."""
    if database_url is None:
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.begin() as connection:
        names = connection.scalars(
            text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :pattern"),
            {"pattern": f"parcours_bench_{os.getpid()}_%"},
        ).all()
        for name in names:
            connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
    engine.dispose()


def parse_seeds(repeat: int, _: str | None) -> dict[str, Any]:
    from parcours.ingest.pipeline import parse_document

    files = seed_files()
    per_doc: list[float] = []
    start = time.perf_counter()
    for _round in range(repeat):
        for name, data in files:
            t0 = time.perf_counter()
            parse_document(data, name)
            per_doc.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    return {
        "documents": len(per_doc),
        "docs_per_s": len(per_doc) / total,
        "ms_p50": 1000 * percentile(per_doc, 0.5),
        "ms_p95": 1000 * percentile(per_doc, 0.95),
        "peak_rss_mib": peak_rss_mib(),
    }


def import_seeds(repeat: int, database_url: str | None) -> dict[str, Any]:
    from parcours.services.imports import import_documents

    files = seed_files()
    rounds: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for _round in range(repeat):
            uow = fresh_uow(database_url, folder)
            t0 = time.perf_counter()
            report = import_documents(uow, files)
            rounds.append(time.perf_counter() - t0)
            assert report.ok and len(report.versions) == 4
    return {
        "documents": len(files) * repeat,
        "docs_per_s": len(files) / statistics.median(rounds),
        "round_s_p50": statistics.median(rounds),
        "round_s_max": max(rounds),
        "peak_rss_mib": peak_rss_mib(),
    }


def import_generated(sheets: int, database_url: str | None) -> dict[str, Any]:
    from benchmarks.generate import generate
    from parcours.services.imports import import_documents

    files = generate(sheets)
    with tempfile.TemporaryDirectory() as folder:
        uow = fresh_uow(database_url, folder)
        t0 = time.perf_counter()
        report = import_documents(uow, files)
        first = time.perf_counter() - t0
        assert report.ok, report.failed[:3]
        (version,) = report.versions
        t0 = time.perf_counter()
        again = import_documents(uow, files)
        second = time.perf_counter() - t0
        assert not again.versions
    return {
        "documents": sheets,
        "jobs_in_referential": len(version.diff.jobs.added),
        "docs_per_s": sheets / first,
        "import_s": first,
        "reimport_unchanged_s": second,
        "peak_rss_mib": peak_rss_mib(),
    }


def _child(
    fn: Callable[[int, str | None], dict[str, Any]], n: int, url: str | None, queue: Any
) -> None:
    try:
        queue.put(fn(n, url))
    finally:
        drop_own_schemas(url)


def run(fn: Callable[[int, str | None], dict[str, Any]], n: int, url: str | None) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(fn, n, url, queue))
    process.start()
    result: dict[str, Any] = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--sheets", type=int, default=1000)
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
    for name, fn, n in (
        ("parse-seeds", parse_seeds, args.repeat),
        ("import-seeds", import_seeds, args.repeat),
        (f"import-generated-{args.sheets}", import_generated, args.sheets),
    ):
        result = run(fn, n, args.database_url)
        figures = ", ".join(
            f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items()
        )
        print(f"{name}: {figures}", flush=True)


if __name__ == "__main__":
    main()
