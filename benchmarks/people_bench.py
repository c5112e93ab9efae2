"""HRIS import benchmark: N people (default 250,000) and M assessments from CSV files.

The files are generated (seeded, deterministic) over the bundled sample referential: teams of
ten people whose first member leads them, the leads reporting to one director; display names,
leaving dates for 2 %; assessments on the competencies of each person's referential, half by
level, half by the measure of the competency's kind (QCM share, anchor, frequencies).

Each scenario runs in its own process (spawned), so that its peak memory is its own:
- people:          import the N-people file into a database holding only the sample referential,
                   then import it again (every person unchanged);
- assessments:     import the M-assessment file into that database, then again (all present).

    python benchmarks/people_bench.py [--people 250000] [--assessments 100000]
                                      [--database-url postgresql+psycopg://.../db]

Without --database-url: a fresh SQLite file. With it: a throw-away schema on that server
(named parcours_bench_<pid>_*, dropped at the end), as benchmarks/import_bench.py does.
"""

from __future__ import annotations

import argparse
import csv
import io
import multiprocessing
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.import_bench import (  # noqa: E402
    drop_own_schemas,
    fresh_database_url,
    peak_rss_mib,
)

SEED = 20261128
SALT = "bench-salt"


def current_rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def people_csv(count: int, seed: int = SEED) -> bytes:
    """N people in teams of ten (HR ids 100000...), as an HRIS would export them (;, UTF-8)."""
    rng = random.Random(seed)
    advisors = [
        "conseiller-a-distance--ii-1",
        "Conseiller à distance confirmé",
        "conseiller-clientele-particuliers--ii-3",
        "Gestionnaire recouvrement amiable",
        "analyste-credit--iii-1",
        "charge-de-contentieux--iii-1",
    ]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    header = ["Matricule", "Nom", "Référentiel", "Emploi", "Équipe", "Équipe nom", "Manager"]
    writer.writerow([*header, "Date de sortie"])
    director = 100000
    top = [director, "Direction générale", "Banque Exemple", "Directeur d'agence", "dir"]
    writer.writerow([*top, "Direction", "", ""])
    for index in range(1, count):
        hr_id = 100000 + index
        team = (index - 1) // 10
        lead = 100000 + 1 + team * 10
        is_lead = hr_id == lead
        job = "responsable-d-equipe-a-distance--iii-2" if is_lead else rng.choice(advisors)
        left = f"{rng.randint(1, 28):02d}/06/2027" if rng.random() < 0.02 else ""
        writer.writerow(
            [
                hr_id,
                f"Personne {hr_id}",
                "Banque Exemple",
                job,
                f"eq-{team:05d}",
                f"Équipe {team}",
                director if is_lead else lead,
                left,
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def assessments_csv(count: int, people: int, kinds: dict[str, str], seed: int = SEED) -> bytes:
    """M assessments: distinct (person, competency) pairs, half by level, half by measure."""
    rng = random.Random(seed + 1)
    keys = sorted(kinds)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",", lineterminator="\n")
    writer.writerow(["matricule", "competence", "niveau", "mesure", "source", "date", "preuve"])
    per_person = len(keys)
    sources = ["manager", "auto-évaluation", "jury", "import SIRH"]
    for index in range(count):
        person = 100000 + (index // per_person) % people
        key = keys[index % per_person]
        kind = kinds[key]
        level, measure = "", ""
        if rng.random() < 0.5:
            level = str(rng.randint(1, 4))
        elif kind == "savoir":
            measure = f"{rng.randint(0, 100)} %"
        elif kind == "savoir-faire":
            measure = str(rng.randint(1, 4))
        else:
            measure = ";".join(str(rng.randint(0, 4)) for _ in range(rng.randint(1, 4)))
        day = f"2026-{rng.randint(1, 9):02d}-{rng.randint(1, 28):02d}"
        evidence = "entretien annuel" if rng.random() < 0.3 else ""
        writer.writerow([person, key, level, measure, rng.choice(sources), day, evidence])
    return out.getvalue().encode("utf-8")


def _hr() -> Any:
    from parcours.domain.access import Principal, Role

    return Principal("bench.rh", frozenset({Role.HR}), channel="cli")


def _timed_import(uow: Any, data: bytes, name: str) -> tuple[Any, float]:
    from parcours.services.hris import import_hris

    t0 = time.perf_counter()
    report = import_hris(uow, _hr(), data, name, salt=SALT)
    return report, time.perf_counter() - t0


def scenario_people(url: str, path: str) -> dict[str, Any]:
    from parcours.bootstrap import build_uow_factory
    from parcours.demo import SAMPLE_NAME, sample_bytes
    from parcours.services.imports import import_documents
    from parcours.settings import Settings

    uow = build_uow_factory(Settings(database_url=url))
    assert import_documents(uow, [(SAMPLE_NAME, sample_bytes())]).ok
    data = Path(path).read_bytes()
    before = current_rss_mib()
    report, first = _timed_import(uow, data, "people.csv")
    assert report.ok and report.written, report.errors[:5]
    peak = peak_rss_mib()
    again, second = _timed_import(uow, data, "people.csv")
    assert again.ok and again.created == again.updated == 0, again.summary()
    return {
        "rows": report.rows,
        "created": report.created,
        "teams": report.teams_created,
        "import_s": first,
        "rows_per_s": report.rows / first,
        "reimport_unchanged_s": second,
        "reimport_rows_per_s": report.rows / second,
        "rss_before_mib": before,
        "peak_rss_mib": peak,
        "file_mib": len(data) / 2**20,
    }


def scenario_assessments(url: str, path: str) -> dict[str, Any]:
    from parcours.bootstrap import build_uow_factory
    from parcours.settings import Settings

    uow = build_uow_factory(Settings(database_url=url))
    data = Path(path).read_bytes()
    before = current_rss_mib()
    report, first = _timed_import(uow, data, "assessments.csv")
    assert report.ok and report.written, report.errors[:5]
    peak = peak_rss_mib()
    again, second = _timed_import(uow, data, "assessments.csv")
    assert again.ok and again.added == 0, again.summary()
    return {
        "rows": report.rows,
        "added": report.added,
        "import_s": first,
        "rows_per_s": report.rows / first,
        "reimport_unchanged_s": second,
        "rss_before_mib": before,
        "peak_rss_mib": peak,
        "file_mib": len(data) / 2**20,
    }


def _child(name: str, url: str, path: str, queue: Any) -> None:
    scenario = scenario_people if name == "people" else scenario_assessments
    queue.put(scenario(url, path))


def run(name: str, url: str, path: str) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(name, url, path, queue))
    process.start()
    result: dict[str, Any] = queue.get()
    process.join()
    return result


def sample_kinds() -> dict[str, str]:
    import json

    from parcours.demo import sample_bytes

    data = json.loads(sample_bytes())
    return {c["id"]: c["kind"] for c in data["competencies"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=250_000)
    parser.add_argument("--assessments", type=int, default=100_000)
    parser.add_argument(
        "--database-url",
        default=None,
        help="PostgreSQL server URL (work happens in a throw-away schema); default: SQLite",
    )
    args = parser.parse_args()
    store = "postgresql" if args.database_url else "sqlite"
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(
        f"# {time.strftime('%Y-%m-%d')} {platform.node()} {platform.machine()} "
        f"{os.cpu_count()} cpu, {memory:.0f} GiB RAM, Python {platform.python_version()}, "
        f"store={store}",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as folder:
        people_path = Path(folder) / "people.csv"
        people_path.write_bytes(people_csv(args.people))
        assessments_path = Path(folder) / "assessments.csv"
        assessments_path.write_bytes(assessments_csv(args.assessments, args.people, sample_kinds()))
        try:
            url = fresh_database_url(args.database_url, folder)
            for name, path in (("people", people_path), ("assessments", assessments_path)):
                result = run(name, url, str(path))
                figures = ", ".join(
                    f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}"
                    for k, v in result.items()
                )
                print(f"{name}: {figures}", flush=True)
        finally:
            drop_own_schemas(args.database_url)


if __name__ == "__main__":
    main()
