"""Team matrix benchmark: the time to build a group's skills matrix, p50/p95.

A generated group (default 5,000 people x 300 competencies, 12 jobs requiring 40 to 80
competencies each, each person assessed on about two thirds of the competencies, 20 request
themes of 2 to 6 competencies), then, repeated:

- engine:  ``engine.team``: the grid from the current levels, coverage, single points of failure,
           bottlenecks, theme capacity and the training recommendation;
- compose: the whole view the service returns after loading (``services.teams._compose``: the
           engine plus labels, one row object per person, names);
- current: ``domain.people.current_levels`` over one assessment per held level (the step between
           the store and the matrix), measured once per repeat as well.

Storage is not measured (one ``assessments_of_many`` query per 1,000 people).

    python benchmarks/team_bench.py [--people 5000] [--competencies 300] [--repeat 20]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from parcours.domain.competency import Competency, CompetencyKind, Requirement  # noqa: E402
from parcours.domain.job import Job  # noqa: E402
from parcours.domain.people import Assessment, Person, Source, current_levels  # noqa: E402
from parcours.domain.referential import Referential  # noqa: E402
from parcours.engine import team  # noqa: E402
from parcours.services.ports.themes import RequestTheme  # noqa: E402
from parcours.services.teams import _compose  # noqa: E402

REF = "Banque générée"


def generate(
    n_people: int, n_comp: int, seed: int = 5
) -> tuple[list[Person], Referential, dict[str, dict[str, int]], list[RequestTheme]]:
    rng = random.Random(seed)
    kinds = list(CompetencyKind)
    comps = {f"c{i}": Competency(f"c{i}", f"Compétence {i}", kinds[i % 3]) for i in range(n_comp)}
    keys = list(comps)
    jobs = {}
    for j in range(12):
        required = rng.sample(keys, rng.randint(40, min(80, n_comp)))
        jobs[f"job-{j}"] = Job(
            f"job-{j}",
            f"Poste {j}",
            requirements=[Requirement(c, level=rng.randint(1, 4)) for c in required],
        )
    ref = Referential(REF, jobs=jobs, competencies=comps)
    people = [
        Person(f"p{i}", REF, f"job-{rng.randrange(12)}", team=f"t{i % 50}", display_name=f"P {i}")
        for i in range(n_people)
    ]
    levels = {
        p.id: {c: rng.randint(1, 4) for c in rng.sample(keys, (2 * n_comp) // 3)} for p in people
    }
    themes = [
        RequestTheme(
            REF,
            f"Thème {t}",
            tuple((c, rng.randint(1, 3)) for c in rng.sample(keys, rng.randint(2, 6))),
            min_advisors=rng.randint(2, 40),
        )
        for t in range(20)
    ]
    return people, ref, levels, themes


def timed(func: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and process CPU milliseconds of each call."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--competencies", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    people, ref, levels, themes = generate(args.people, args.competencies)
    job_ids = [f"{p.referential}\x1f{p.job}" for p in people]
    job_levels = {
        f"{REF}\x1f{k}": {r.competency: r.level or 1 for r in j.requirements}
        for k, j in ref.jobs.items()
    }
    specs = [team.ThemeSpec(t.name, t.competencies, t.min_advisors) for t in themes]
    columns = list(dict.fromkeys(c for j in job_levels.values() for c in j))
    columns += [c for t in themes for c, _ in t.competencies if c not in columns]

    def engine_only() -> None:
        grid = team.build_grid([p.id for p in people], columns, levels, job_ids, job_levels)
        cover = team.coverage(grid)
        team.single_points_of_failure(cover)
        team.bottlenecks(cover)
        caps = team.theme_capacity(grid, specs)
        team.recommend_training(grid, specs, caps)

    def compose() -> None:
        _compose(people, {REF: ref}, levels, themes, [], None, "bench", True, 5, False, 2)

    history = {
        pid: [
            Assessment(pid, c, lvl, Source.MANAGER, date(2026, 1, 1), "x")
            for c, lvl in held.items()
        ]
        for pid, held in levels.items()
    }

    def current() -> None:
        for items in history.values():
            current_levels(items)

    n_cells = len(people) * len(columns)
    print(
        f"group: {len(people)} people x {len(columns)} competencies ({n_cells:,} cells), "
        f"{sum(len(v) for v in levels.values()):,} current levels, {len(themes)} themes"
    )
    for name, func in (("engine", engine_only), ("compose", compose), ("current", current)):
        func()  # warm-up
        values, cpu = timed(func, args.repeat)
        print(
            f"{name:8s} p50 {pct(values, 50):8.1f} ms   p95 {pct(values, 95):8.1f} ms   "
            f"mean {statistics.fmean(values):8.1f} ms   cpu p50 {pct(cpu, 50):8.1f} ms   "
            f"(n={len(values)})"
        )


if __name__ == "__main__":
    main()
