"""Cold-process latency of the command line and of the web app's first request.

Each command runs as a new `parcours` process, as a person types it: interpreter start, imports,
opening (and checking the schema of) the database, the command's reads, printing. The web
scenario starts `parcours serve`, waits until /healthz answers, then times the first request of
each page asked for (a new server for each run), so what a first visitor waits is measured.

    python benchmarks/cli_latency.py --database-url sqlite:////tmp/rome4.db [--runs 7]
        [--job C1206] [--search banque] [--page /] [--page /referentiels/...]
        [--parcours PROGRAM]   (another build of the command, to compare: before / after)
        [--versus PROGRAM --versus-database-url URL]   (a second build timed in turn with the
            first, run by run, on its own copy of the database: the median of the pairs'
            ratios holds when the machine's speed drifts during the series)

Build the database once with ``parcours import ../shared/data/external/rome-v460 --database-url
URL`` (``PARCOURS_SEMANTIC=off`` skips the sentence encoder, irrelevant here). Percentiles are
over the runs after one warm-up (the file cache warm, as on a working machine); the load average
is printed before and after, since the figures are only comparable at similar loads.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARCOURS = [str(Path(sys.executable).with_name("parcours"))]


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return (
        f"p50 {statistics.median(ordered):6.3f} s  p90 {at(0.9):6.3f} s  "
        f"min {ordered[0]:6.3f} s  max {ordered[-1]:6.3f} s  (n={len(ordered)})"
    )


def time_command(args: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds (user + system) of ``runs`` cold processes (after one warm-up);
    fails on a non-zero exit. The CPU time moves less than the wall time on a busy machine."""
    wall: list[float] = []
    cpu: list[float] = []
    for run in range(runs + 1):
        before = os.times()
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True, check=False)
        elapsed = time.perf_counter() - start
        after = os.times()
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)} : exit {done.returncode}\n{done.stderr.decode()}")
        if run:
            wall.append(elapsed)
            cpu.append(
                after.children_user
                - before.children_user
                + after.children_system
                - before.children_system
            )
    return wall, cpu


def time_pairs(a: list[str], b: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall seconds of ``a`` and ``b`` run in turn (A B A B ...), ``runs`` pairs after one
    warm-up pair."""
    first: list[float] = []
    second: list[float] = []
    for _ in range(runs + 1):
        first.append(_timed(a))
        second.append(_timed(b))
    return first[1:], second[1:]


def _timed(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} : exit {done.returncode}\n{done.stderr.decode()}")
    return elapsed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def first_requests(url: str, pages: list[str], runs: int) -> dict[str, list[float]]:
    """For each run, a new server; the first request of each page, in order, is timed."""
    found: dict[str, list[float]] = {page: [] for page in pages}
    env = {**os.environ, "PARCOURS_PSEUDONYM_SALT": "mesure-des-latences-0123456789abcdef"}
    for run in range(runs + 1):
        port = free_port()
        server = subprocess.Popen(
            [*PARCOURS, "serve", "--port", str(port), "--database-url", url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=5).read()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("the server did not start") from None
                    time.sleep(0.05)
            for page in pages:
                start = time.perf_counter()
                with urllib.request.urlopen(base + page, timeout=300) as response:
                    response.read()
                if run:
                    found[page].append(time.perf_counter() - start)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--job", default="C1206")
    parser.add_argument("--target", default="M1203", help="the target of `path`")
    parser.add_argument("--search", default="banque")
    parser.add_argument("--page", action="append", help="web page to time (repeatable)")
    parser.add_argument("--no-web", action="store_true")
    parser.add_argument("--no-cli", action="store_true")
    parser.add_argument("--parcours", help="the program to run (default: this venv's parcours)")
    parser.add_argument("--versus", help="another build of parcours, timed in turn (B)")
    parser.add_argument("--versus-database-url", help="B's copy of the database")
    options = parser.parse_args()
    if options.parcours:
        PARCOURS[:] = [options.parcours]
    url = options.database_url
    print(
        f"{time.strftime('%Y-%m-%d %H:%M')} · {platform.machine()} · {os.cpu_count()} cores · "
        f"Python {platform.python_version()} · load {os.getloadavg()[0]:.2f} · {url}"
    )
    commands = {
        "--help": [*PARCOURS, "--help"],
        f"show {options.job}": [*PARCOURS, "show", options.job, "--database-url", url],
        f"jobs --search {options.search}": [
            *PARCOURS,
            "jobs",
            "--search",
            options.search,
            "--database-url",
            url,
        ],
        f"search {options.search}": [*PARCOURS, "search", options.search, "--database-url", url],
        f"mobility {options.job}": [*PARCOURS, "mobility", options.job, "--database-url", url],
        f"similar {options.job}": [*PARCOURS, "similar", options.job, "--database-url", url],
        f"path {options.job} {options.target}": [
            *PARCOURS,
            "path",
            options.job,
            options.target,
            "--database-url",
            url,
        ],
    }
    if options.versus:
        other_url = options.versus_database_url or url
        for label, args in {} if options.no_cli else commands.items():
            other = [options.versus, *(other_url if a == url else a for a in args[1:])]
            a, b = time_pairs(args, other, options.runs)
            ratios = [x / y for x, y in zip(a, b, strict=True)]
            print(
                f"{label:24s} A p50 {statistics.median(a):6.3f} s  B p50 "
                f"{statistics.median(b):6.3f} s  A/B p50 {statistics.median(ratios):5.2f} "
                f"(min {min(ratios):4.2f}, max {max(ratios):4.2f}, n={len(ratios)})",
                flush=True,
            )
        print(f"load after: {os.getloadavg()[0]:.2f}")
        return
    for label, args in {} if options.no_cli else commands.items():
        wall, cpu = time_command(args, options.runs)
        print(f"{label:24s} wall {percentiles(wall)}", flush=True)
        print(f"{'':24s} cpu  {percentiles(cpu)}", flush=True)
    if not options.no_web:
        pages = options.page or ["/", f"/?q={options.search}"]
        for page, values in first_requests(url, pages, options.runs).items():
            print(f"first GET {page:14s} {percentiles(values)}", flush=True)
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
