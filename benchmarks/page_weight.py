"""Weight and time of pages of a running server: bytes sent and wall time per request.

    python benchmarks/page_weight.py --base-url http://127.0.0.1:8765 [--runs 20]
        [--page /comparer --page /referentiels/rome-4-0-v460/postes/c1206 ...]
        [--versus http://127.0.0.1:8766]   (a second server, asked in turn: A B A B ...)

Start the server(s) first (``parcours serve --port P --database-url URL``) on the database to
measure: the seeds, ROME 4.0 and ESCO imported give the large lists of jobs. The first request
of each page is a warm-up and not counted; percentiles are over the others.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
import urllib.request

PAGES = (
    "/comparer",
    "/referentiels/rome-4-0-v460/postes/c1206",
    "/parcours?referential=rome-4-0-v460",
    "/comparer?a=rome-4-0-v460:c1206&b=rome-4-0-v460:m1203",
)


def fetch(url: str) -> tuple[int, float]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:  # our own server
        size = len(response.read())
    return size, time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(bases: list[str], page: str, runs: int) -> list[tuple[int, list[float]]]:
    """Per server: the page's size and the wall times of ``runs`` requests, servers in turn."""
    sizes = [fetch(base + page)[0] for base in bases]  # warm-up
    times: list[list[float]] = [[] for _ in bases]
    for _ in range(runs):
        for i, base in enumerate(bases):
            size, seconds = fetch(base + page)
            sizes[i] = size
            times[i].append(seconds)
    return list(zip(sizes, times, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--versus", help="a second server, asked in turn")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--page", action="append", help="a page to ask for (repeatable)")
    args = parser.parse_args()
    bases = [args.base_url.rstrip("/")] + ([args.versus.rstrip("/")] if args.versus else [])
    print(f"{time.strftime('%Y-%m-%d %H:%M')} · {platform.machine()} · runs {args.runs}")
    for page in args.page or PAGES:
        results = measure(bases, page, args.runs)
        for label, (size, times) in zip("AB", results, strict=False):
            print(
                f"{label} {page:58} {size:>10,} B  p50 {statistics.median(times) * 1000:7.1f} ms"
                f"  p90 {percentile(times, 0.9) * 1000:7.1f} ms"
            )
        if len(results) == 2:
            (size_a, times_a), (size_b, times_b) = results
            ratio = statistics.median(a / b for a, b in zip(times_a, times_b, strict=True))
            print(f"  A/B: bytes {size_a / size_b:.3f}, time (median of pair ratios) {ratio:.2f}")


if __name__ == "__main__":
    main()
