"""The organisation's map: how long an answer takes once HR decided on a link.

Imports the five seeds (and, with --rome, the ROME 4.0 export as a reference taxonomy) into a
fresh database, proposes the competency links between the seeds, accepts the exact ones as a
scripted HR decision, then measures, each ``--repeat`` times:

- ``cold``:    the first mobility answer after a decision (accept or reject one link): the map is
               composed again (canonical competencies, merged jobs, moves) and its model built;
- ``warm``:    the same answer again (the map is cached);
- ``path``:    a career path across documents, after a decision;

and reports the median and 95th percentile of each, with the ratio cold / warm.

    python benchmarks/map_bench.py [--rome] [--database-url URL] [--repeat N]

Without --database-url the store is a fresh SQLite file; with it, a throw-away PostgreSQL schema.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy.engine import make_url  # noqa: E402

from benchmarks.rome_bench import database  # noqa: E402  a throw-away SQLite file or schema
from parcours.domain.access import Principal, Role  # noqa: E402
from parcours.domain.links import LinkKind, LinkRelation, LinkStatus  # noqa: E402
from parcours.services import links, mobility  # noqa: E402
from parcours.services.catalogue import list_referentials  # noqa: E402
from parcours.services.imports import import_documents  # noqa: E402
from parcours.services.ports import UowFactory  # noqa: E402
from parcours.services.ports.links import LinkQuery  # noqa: E402
from parcours.store.db import create_engine_for, migrate  # noqa: E402
from parcours.store.uow import SqlUnitOfWork, make_session_factory  # noqa: E402

HR = Principal("bench", frozenset({Role.HR}))
SOURCE = "CHARGE DE CLIENTELE RISQUES II.3"


def shared() -> Path:
    return Path(os.environ.get("PARCOURS_SHARED_DIR", ROOT.parent / "shared")).resolve()


def factory(url: str) -> UowFactory:
    engine = create_engine_for(url)
    migrate(engine)
    sessions = make_session_factory(engine)

    def make() -> SqlUnitOfWork:
        return SqlUnitOfWork(sessions)

    return make


def import_rome(uow: UowFactory) -> float:
    from parcours.services.imports import bundle_members

    folder = shared() / "data" / "external" / "rome-v460"
    members = bundle_members(p.name for p in folder.iterdir() if p.is_file())
    start = time.perf_counter()
    bundle = (folder.name, {name: (folder / name).read_bytes() for name in members})
    report = import_documents(uow, [], bundles=[bundle])
    assert report.ok, [f.error for f in report.failed]
    return time.perf_counter() - start


def seconds(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {1000 * statistics.median(ordered):7.1f} ms   p95 {1000 * p95:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--rome", action="store_true", help="import ROME 4.0 as a reference too")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    print(
        f"{platform.node()} {platform.machine()} {os.cpu_count()} CPU, "
        f"Python {sys.version.split()[0]}"
    )
    with database(args.database_url) as url:
        uow = factory(url)
        print(f"store: {make_url(url).get_backend_name()}")
        seeds = sorted((shared() / "seeds").glob("*.txt"))
        start = time.perf_counter()
        assert import_documents(uow, [(p.name, p.read_bytes()) for p in seeds]).ok
        print(f"seeds imported in {time.perf_counter() - start:.1f} s")
        if args.rome:
            print(f"ROME 4.0 imported in {import_rome(uow):.1f} s (a reference taxonomy)")
        start = time.perf_counter()
        names = [s.name for s in list_referentials(uow) if not s.name.startswith("ROME")]
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                links.propose_links(uow, HR, source=a, target=b)
        with uow() as work:
            exact = work.links.find(
                LinkQuery(
                    kind=LinkKind.COMPETENCY,
                    statuses=(LinkStatus.PROPOSED,),
                    relations=(LinkRelation.EXACT,),
                )
            )
        for link in exact:
            links.accept_link(uow, HR, link.id)
        print(
            f"links proposed, {len(exact)} exact ones accepted in "
            f"{time.perf_counter() - start:.1f} s"
        )
        toggled = exact[0]
        cold: list[float] = []
        warm: list[float] = []
        path: list[float] = []
        for i in range(args.repeat):
            if i % 2 == 0:
                links.reject_link(uow, HR, toggled.id)
            else:
                links.accept_link(uow, HR, toggled.id)
            cold.append(seconds(lambda: mobility.recommend_for_job(uow, job=SOURCE, k=10)))
            warm.append(seconds(lambda: mobility.recommend_for_job(uow, job=SOURCE, k=10)))
            path.append(
                seconds(
                    lambda: mobility.career_paths(
                        uow, source="Conseiller junior", target="Chargé de recouvrement amiable"
                    )
                )
            )
        print(f"cold answer after a decision: {percentiles(cold)}")
        print(f"warm answer (map cached):     {percentiles(warm)}")
        print(f"career path after a decision: {percentiles(path)}")
        print(f"cold / warm (medians): {statistics.median(cold) / statistics.median(warm):.1f}x")


if __name__ == "__main__":
    main()
