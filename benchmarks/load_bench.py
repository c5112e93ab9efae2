"""Load benchmark of the web app: 50 concurrent clients on loopback, bounded in count and time.

The app is served by uvicorn on 127.0.0.1 only (a child process), on a database holding the
bundled sample and the five real seeds. Each scenario sends ``--requests`` requests with
``--clients`` concurrent clients (httpx, asyncio), stopping early after ``--seconds``; it
prints the latency percentiles, the throughput and the error count (any status but 200).

    python benchmarks/load_bench.py [--clients 50] [--requests 2000] [--seconds 60]
                                    [--database-url URL] [--workers 1]

Scenarios: ``search`` (home page search), ``search-api`` (/api/v1/jobs?q=), ``job-sheet``
(the job sheet pages of every job with a sheet, in turn). The mobility pages come with the
engine. The seeds are read from $PARCOURS_SHARED_DIR/seeds (default ../shared).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"  # loopback only, whatever the options
SEARCHES = ("conseiller", "recouvrement amiable", "relation client", "credit", "analyse")


def shared_dir() -> Path:
    return Path(os.environ.get("PARCOURS_SHARED_DIR", ROOT.parent / "shared")).resolve()


def seed(database_url: str) -> list[str]:
    """Import the sample and the seeds; returns the job sheet URLs."""
    from parcours.bootstrap import build_uow_factory
    from parcours.demo import SAMPLE_NAME, sample_bytes
    from parcours.services import catalogue
    from parcours.services.imports import import_documents
    from parcours.settings import Settings
    from parcours.web.views import slug

    uow = build_uow_factory(Settings(database_url=database_url))
    files = [(p.name, p.read_bytes()) for p in sorted((shared_dir() / "seeds").glob("*.txt"))]
    if not files:
        raise SystemExit(f"no seeds in {shared_dir() / 'seeds'}")
    import_documents(uow, [(SAMPLE_NAME, sample_bytes()), *files])
    return [
        f"/referentiels/{slug(j.referential)}/postes/{j.key}"
        for j in catalogue.list_jobs(uow, with_sheet_only=True)
    ]


def serve(database_url: str, port: int) -> None:
    import uvicorn

    from parcours.settings import Settings
    from parcours.web.app import create_app

    app = create_app(Settings(database_url=database_url))
    uvicorn.run(
        app, host=HOST, port=port, log_level="warning", access_log=False, timeout_keep_alive=30
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def run(
    base: str, urls: list[str], clients: int, total: int, seconds: float
) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    errors: dict[str, int] = {}
    sent = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal sent
            while sent < total and time.monotonic() < deadline:
                url = urls[sent % len(urls)]
                sent += 1
                start = time.perf_counter()
                try:
                    response = await client.get(url)
                    if response.status_code != 200:
                        errors[str(response.status_code)] = (
                            errors.get(str(response.status_code), 0) + 1
                        )
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                latencies.append(time.perf_counter() - start)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "elapsed": elapsed,
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50": percentile(latencies, 0.50) * 1000,
        "p95": percentile(latencies, 0.95) * 1000,
        "max": max(latencies) * 1000,
        "mean": statistics.fmean(latencies) * 1000,
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000, help="per scenario")
    parser.add_argument("--seconds", type=float, default=60.0, help="per scenario, at most")
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="parcours-load-")
    url = args.database_url or f"sqlite:///{folder}/load.db"
    job_urls = seed(url)
    port = free_port()
    server = multiprocessing.get_context("spawn").Process(target=serve, args=(url, port))
    server.start()
    base = f"http://{HOST}:{port}"
    try:
        import httpx

        for _ in range(200):
            try:
                if httpx.get(base + "/api/v1/referentials", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise SystemExit("the app did not start")
        scenarios = {
            "search": [f"/?q={q}" for q in SEARCHES],
            "search-api": [f"/api/v1/jobs?q={q}" for q in SEARCHES],
            "job-sheet": job_urls,
            "mobility": [u + "/mobilite" for u in job_urls],
        }
        print(
            f"# {time.strftime('%Y-%m-%d')} — {platform.machine()} {os.cpu_count()} CPU, "
            f"Python {platform.python_version()}, {url.split(':', 1)[0]}, "
            f"{args.clients} clients, {args.requests} requests per scenario"
        )
        print("| scenario | requests | req/s | p50 ms | p95 ms | max ms | errors |")
        print("|---|---|---|---|---|---|---|")
        for name, urls in scenarios.items():
            asyncio.run(run(base, urls[:3], 5, 20, 10))  # warm-up
            r = asyncio.run(run(base, urls, args.clients, args.requests, args.seconds))
            errors = sum(r["errors"].values())
            print(
                f"| {name} | {r['requests']} | {r['rps']:.0f} | {r['p50']:.0f} | "
                f"{r['p95']:.0f} | {r['max']:.0f} | {errors} {r['errors'] or ''} |"
            )
    finally:
        server.terminate()
        server.join(10)


if __name__ == "__main__":
    main()
