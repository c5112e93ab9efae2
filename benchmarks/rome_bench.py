"""ROME 4.0 benchmark: parse the export, import it into the store, import it again.

Scenarios (each in its own process, so that its peak memory is its own):
- parse:            parse the folder as one bundle (pure, no database): seconds, CSV
                    records per second, facts extracted;
- import-<store>:   import the bundle into an empty database through the import service,
                    with the time spent in each phase (parse, merge, diff, write, the
                    after-new-version hooks, commit), the rows stored and rows per second;
                    then import it again (nothing changes).

    python benchmarks/rome_bench.py [--rome-dir DIR] [--database-url URL] [--repeat N]

The export is read from $PARCOURS_SHARED_DIR/data/external/rome-v460 (default ../shared
beside the checkout). Without --database-url the store is a fresh SQLite file; with it,
the import runs on that PostgreSQL server in a throw-away schema (dropped afterwards),
after the SQLite run.
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rome_dir() -> Path:
    shared = Path(os.environ.get("PARCOURS_SHARED_DIR", ROOT.parent / "shared")).resolve()
    return shared / "data" / "external" / "rome-v460"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_bundle(folder: Path) -> tuple[str, dict[str, bytes]]:
    from parcours.services.imports import bundle_members

    members = bundle_members(p.name for p in folder.iterdir() if p.is_file())
    if not members:
        raise SystemExit(f"{folder} is not a ROME export")
    return folder.name, {name: (folder / name).read_bytes() for name in members}


def parse(folder: Path, repeat: int) -> dict[str, Any]:
    from parcours.ingest.pipeline import parse_bundle

    name, files = read_bundle(folder)
    records = sum(data.count(b"\n") for data in files.values()) - len(files)  # minus headers
    rounds: list[float] = []
    for _round in range(repeat):
        t0 = time.perf_counter()
        draft = parse_bundle(name, files)
        rounds.append(time.perf_counter() - t0)
    (part,) = draft.parts
    requirements = [r for job in part.jobs.values() for r in job.requirements]
    best = min(rounds)
    return {
        "files": len(files),
        "mib": sum(len(d) for d in files.values()) / 2**20,
        "parse_s_min": best,
        "parse_s_p50": statistics.median(rounds),
        "records_per_s": records / best,
        "jobs": len(part.jobs),
        "competencies": len(part.competencies),
        "requirements": len(requirements),
        "essential": sum(1 for r in requirements if r.importance.value == "essential"),
        "warnings": len(draft.warnings),
        "peak_rss_mib": peak_rss_mib(),
    }


@contextmanager
def phase_timer() -> Iterator[dict[str, float]]:
    """Time the phases of the import service by wrapping the functions it calls."""
    from parcours.services import imports, versions
    from parcours.store.repository import ReferentialRepository
    from parcours.store.uow import SqlUnitOfWork

    spent: defaultdict[str, float] = defaultdict(float)
    patched: list[tuple[Any, str, Any]] = [
        (imports, "parse_bundles", "parse"),
        (versions, "merge_parts", "merge"),
        (versions, "diff_referentials", "diff"),
        (versions, "after_new_version", "hooks"),
        (ReferentialRepository, "get_parts", "read parts"),
        (ReferentialRepository, "add_version", "write"),
        (SqlUnitOfWork, "commit", "commit"),
    ]
    saved = []
    for owner, attribute, label in patched:
        original = getattr(owner, attribute)
        saved.append((owner, attribute, original))
        setattr(owner, attribute, _timed(original, label, spent))
    try:
        yield spent
    finally:
        for owner, attribute, original in saved:
            setattr(owner, attribute, original)


def _timed(fn: Callable[..., Any], label: str, spent: dict[str, float]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - t0

    return wrapper


def stored_rows(url: str) -> int:
    from sqlalchemy import create_engine, func, inspect, select, table

    engine = create_engine(url)
    try:
        names = [n for n in inspect(engine).get_table_names() if n != "alembic_version"]
        with engine.connect() as connection:
            return sum(
                connection.scalar(select(func.count()).select_from(table(n))) or 0 for n in names
            )
    finally:
        engine.dispose()


@contextmanager
def database(server_url: str | None) -> Iterator[str]:
    """A URL on an empty database: a new SQLite file, or a new PostgreSQL schema."""
    if server_url is None:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/rome-bench.db"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"parcours_rome_bench_{os.getpid()}_{time.monotonic_ns()}"
    admin = create_engine(server_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(server_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def import_bundle(folder: Path, server_url: str | None) -> dict[str, Any]:
    from parcours.bootstrap import build_uow_factory
    from parcours.services.imports import import_documents
    from parcours.settings import Settings

    bundle = read_bundle(folder)
    with database(server_url) as url:
        uow = build_uow_factory(Settings(database_url=url))
        with phase_timer() as spent:
            t0 = time.perf_counter()
            report = import_documents(uow, [], bundles=[bundle])
            first = time.perf_counter() - t0
        assert report.ok and len(report.versions) == 1, report.failed
        peak_after_first = peak_rss_mib()
        rows = stored_rows(url)
        t0 = time.perf_counter()
        again = import_documents(uow, [], bundles=[bundle])
        second = time.perf_counter() - t0
        assert again.ok and not again.versions and again.files[0].status == "unchanged"
    return {
        "import_s": first,
        **{f"{label}_s": seconds for label, seconds in sorted(spent.items())},
        "rows_stored": rows,
        "rows_per_s": rows / first,
        "reimport_unchanged_s": second,
        "peak_rss_mib": peak_after_first,
    }


def _child(fn: Callable[..., dict[str, Any]], args: tuple[Any, ...], queue: Any) -> None:
    try:
        queue.put(fn(*args))
    except BaseException as exc:
        queue.put({"error": repr(exc)})
        raise


def run(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(fn, args, queue))
    process.start()
    result: dict[str, Any] = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rome-dir", type=Path, default=rome_dir())
    parser.add_argument("--repeat", type=int, default=3, help="parse rounds (default 3)")
    parser.add_argument(
        "--database-url",
        default=None,
        help="PostgreSQL server URL (work happens in a throw-away schema); "
        "the import is then measured on SQLite and on PostgreSQL",
    )
    args = parser.parse_args()
    print(
        f"# {time.strftime('%Y-%m-%d')} {platform.node()} {platform.machine()} "
        f"{os.cpu_count()} cpu, Python {platform.python_version()}, {args.rome_dir}"
    )
    scenarios: list[tuple[str, Callable[..., dict[str, Any]], tuple[Any, ...]]] = [
        ("parse", parse, (args.rome_dir, args.repeat)),
        ("import-sqlite", import_bundle, (args.rome_dir, None)),
    ]
    if args.database_url:
        scenarios.append(("import-postgresql", import_bundle, (args.rome_dir, args.database_url)))
    for name, fn, fn_args in scenarios:
        result = run(fn, *fn_args)
        figures = ", ".join(
            f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items()
        )
        print(f"{name}: {figures}", flush=True)


if __name__ == "__main__":
    main()
