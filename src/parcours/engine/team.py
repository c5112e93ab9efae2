"""Team skills matrix: people x competencies levels, coverage, single points of failure, and the
capacity of a contact centre's request themes. Pure and vectorised (numpy): no store, no access
rule (the service applies those).

The grid holds two ``(people, competencies)`` arrays of small integers:

- ``levels``: the level that counts now (``domain.people.current_levels``), 0 when not assessed;
- ``expected``: the level the person's job expects, 0 when the job does not require it.

Each column also has a *reference* level, the bar of the group for that competency: the highest
level any job of the group expects (or, for a competency no job of the group requires, the bar
given by the caller, e.g. the highest level a request theme asks). A person *holds* a
competency when they are assessed at or above their bar: their job's expected level when it
requires the competency, else the column's reference level.

Request themes: a theme needs several competencies, each at a level; a person can *take* the
theme when they meet all of them. A theme is in alert when fewer people can take it than its
``min_advisors``. The recommendation looks for the (person, competency) pairs where one training
would unlock the most themes: a person who meets every competency of a theme but one is one
training away from it; training them on that competency (to the highest level those themes ask)
unlocks every such theme at once. The best pair is the one that unlocks the most themes in
alert, then the most themes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat

import numpy as np
import numpy.typing as npt

LevelArray = npt.NDArray[np.int8]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Cell statuses (``TeamGrid.status``), compared with the person's bar.
NOT_ASSESSED = 0  # required by the job, never assessed
BELOW = 1
AT = 2
ABOVE = 3
NOT_REQUIRED = 4  # the job does not require it (the level, if any, is still shown)
STATUS_NAMES: tuple[str, ...] = ("not-assessed", "below", "at", "above", "not-required")


@dataclass(frozen=True, slots=True)
class ThemeSpec:
    """A request theme for the computation: the competencies it needs, at which level each."""

    name: str
    requirements: tuple[tuple[str, int], ...]
    min_advisors: int = 2
    share: float | None = None


@dataclass(frozen=True, slots=True)
class TeamGrid:
    people: tuple[str, ...]
    competencies: tuple[str, ...]
    levels: LevelArray  # (people, competencies), 0 = not assessed
    expected: LevelArray  # (people, competencies), 0 = not required by the person's job
    reference: LevelArray  # (competencies,), the group's bar for each competency

    @property
    def size(self) -> int:
        return len(self.people)

    def column(self, competency: str) -> int:
        return self.competencies.index(competency)

    def threshold(self) -> LevelArray:
        """Each person's bar for each competency."""
        out: LevelArray = np.where(
            self.expected > 0, self.expected, self.reference[None, :]
        ).astype(np.int8)
        return out

    def holders_mask(self) -> BoolArray:
        mask: BoolArray = (self.levels > 0) & (self.levels >= self.threshold())
        return mask

    def status(self) -> LevelArray:
        """One status per cell (NOT_ASSESSED, BELOW, AT, ABOVE, NOT_REQUIRED)."""
        lv, ex = self.levels, self.expected
        out = np.full(lv.shape, NOT_REQUIRED, dtype=np.int8)
        required = ex > 0
        out[required & (lv == 0)] = NOT_ASSESSED
        assessed = required & (lv > 0)
        out[assessed & (lv < ex)] = BELOW
        out[assessed & (lv == ex)] = AT
        out[assessed & (lv > ex)] = ABOVE
        return out


def build_grid(
    people: Sequence[str],
    competencies: Sequence[str],
    levels: Mapping[str, Mapping[str, int]],
    person_jobs: Sequence[str | None],
    job_levels: Mapping[str, Mapping[str, int]],
    *,
    fallback: Mapping[str, int] | None = None,
) -> TeamGrid:
    """The grid from each person's current levels and the expected levels of each job.

    ``person_jobs[i]`` is the job of ``people[i]`` (a key of ``job_levels``, None when unknown);
    ``fallback`` gives the reference level of columns no job of the group requires (default 1:
    any assessed level counts).
    """
    column_of = {c: j for j, c in enumerate(competencies)}
    n_people, n_comp = len(people), len(competencies)
    # Flattened in C (chain, map) rather than cell by cell: a million levels in a few tens of ms.
    held = [levels.get(person) or {} for person in people]
    counts = np.fromiter(map(len, held), dtype=np.int64, count=n_people)
    total = int(counts.sum())
    keys = list(chain.from_iterable(held))
    cols = np.fromiter(map(column_of.get, keys, repeat(-1, total)), dtype=np.int64, count=total)
    vals = np.fromiter(chain.from_iterable(h.values() for h in held), dtype=np.int8, count=total)
    rows = np.repeat(np.arange(n_people, dtype=np.int64), counts)
    known = cols >= 0
    grid_levels = np.zeros((n_people, n_comp), dtype=np.int8)
    grid_levels[rows[known], cols[known]] = vals[known]

    jobs = sorted({j for j in person_jobs if j is not None})
    job_index = {job: k + 1 for k, job in enumerate(jobs)}  # row 0: no job, nothing expected
    per_job = np.zeros((len(jobs) + 1, n_comp), dtype=np.int8)
    for job, k in job_index.items():
        for competency, level in job_levels.get(job, {}).items():
            j = column_of.get(competency)
            if j is not None:
                per_job[k, j] = level
    index = np.fromiter(
        (job_index.get(j, 0) if j is not None else 0 for j in person_jobs),
        dtype=np.int64,
        count=n_people,
    )
    expected = per_job[index]
    reference = expected.max(axis=0) if n_people else np.zeros(n_comp, dtype=np.int8)
    if fallback is not None:
        for competency, level in fallback.items():
            j = column_of.get(competency)
            if j is not None and reference[j] == 0:
                reference[j] = level
    reference = np.where(reference > 0, reference, 1).astype(np.int8)
    return TeamGrid(tuple(people), tuple(competencies), grid_levels, expected, reference)


@dataclass(frozen=True, slots=True)
class Coverage:
    """One competency across the group."""

    competency: str
    reference: int  # the group's bar
    needed: int  # people whose job requires it
    holders: int  # people at or above their bar
    assessed: int  # people assessed on it at all
    share: float  # holders / group size (0 for an empty group)
    holder_rows: tuple[int, ...]  # the holders' row numbers in the grid


def coverage(grid: TeamGrid, *, name_up_to: int = 3) -> list[Coverage]:
    """Coverage of every column; the holders' rows are kept only where they are few (at most
    ``name_up_to``: the single points of failure to name), to keep large groups light."""
    holders = grid.holders_mask()
    counts = holders.sum(axis=0)
    needed = (grid.expected > 0).sum(axis=0)
    assessed = (grid.levels > 0).sum(axis=0)
    size = grid.size
    out = []
    for j, competency in enumerate(grid.competencies):
        rows = (
            tuple(int(r) for r in np.flatnonzero(holders[:, j])) if counts[j] <= name_up_to else ()
        )
        out.append(
            Coverage(
                competency=competency,
                reference=int(grid.reference[j]),
                needed=int(needed[j]),
                holders=int(counts[j]),
                assessed=int(assessed[j]),
                share=float(counts[j]) / size if size else 0.0,
                holder_rows=rows,
            )
        )
    return out


def single_points_of_failure(
    items: Sequence[Coverage], *, below: int = 2, required_only: bool = True
) -> list[Coverage]:
    """The competencies held by fewer than ``below`` people (one holder: a single point of
    failure; none: a gap), scarcest first. Only those some job of the group requires, unless
    ``required_only`` is False."""
    chosen = [c for c in items if c.holders < below and (c.needed > 0 or not required_only)]
    return sorted(chosen, key=lambda c: (c.holders, -c.needed, c.competency))


def bottlenecks(items: Sequence[Coverage]) -> list[Coverage]:
    """Every required competency, the least covered first (holders against people needing it)."""
    required = [c for c in items if c.needed > 0]
    return sorted(required, key=lambda c: (c.holders / c.needed, c.holders, c.competency))


@dataclass(frozen=True, slots=True)
class ThemeCapacity:
    theme: ThemeSpec
    capable: int  # people who meet every competency of the theme
    capable_rows: tuple[int, ...]
    alert: bool  # capable < min_advisors
    one_short: dict[str, int] = field(default_factory=dict)  # competency -> people missing only it


@dataclass(frozen=True, slots=True)
class Recommendation:
    """Train one more person on ``competency`` up to ``level``: ``themes`` become theirs."""

    competency: str
    level: int
    themes: tuple[str, ...]  # the themes the training would unlock for each candidate
    alerts: tuple[str, ...]  # those of them in alert
    candidates: tuple[int, ...]  # rows of the people for whom it unlocks exactly that


def _theme_columns(grid: TeamGrid, theme: ThemeSpec) -> tuple[IntArray, LevelArray, BoolArray]:
    """Column indexes, levels asked, and whether each requirement has a column at all."""
    known = np.array([c in grid.competencies for c, _ in theme.requirements], dtype=bool)
    cols = np.array(
        [
            grid.competencies.index(c) if c in grid.competencies else 0
            for c, _ in theme.requirements
        ],
        dtype=np.int64,
    )
    asked = np.array([lvl for _, lvl in theme.requirements], dtype=np.int8)
    return cols, asked, known


def _meets(grid: TeamGrid, theme: ThemeSpec) -> BoolArray:
    """(people, requirements): whether each person meets each requirement of the theme."""
    cols, asked, known = _theme_columns(grid, theme)
    if not len(cols):
        return np.ones((grid.size, 0), dtype=bool)
    met: BoolArray = (grid.levels[:, cols] >= asked[None, :]) & known[None, :]
    return met


def theme_capacity(grid: TeamGrid, themes: Sequence[ThemeSpec]) -> list[ThemeCapacity]:
    out = []
    for theme in themes:
        met = _meets(grid, theme)
        capable = met.all(axis=1)
        missing = (~met).sum(axis=1)
        one = missing == 1
        one_short: dict[str, int] = {}
        if one.any():
            failing = np.argmin(met[one], axis=1)  # the first False: the one unmet requirement
            counts = np.bincount(failing, minlength=len(theme.requirements))
            one_short = {theme.requirements[k][0]: int(n) for k, n in enumerate(counts) if n > 0}
        n_capable = int(capable.sum())
        out.append(
            ThemeCapacity(
                theme=theme,
                capable=n_capable,
                capable_rows=tuple(int(r) for r in np.flatnonzero(capable)),
                alert=n_capable < theme.min_advisors,
                one_short=dict(sorted(one_short.items(), key=lambda kv: (-kv[1], kv[0]))),
            )
        )
    return out


def recommend_training(
    grid: TeamGrid, themes: Sequence[ThemeSpec], capacities: Sequence[ThemeCapacity]
) -> Recommendation | None:
    """The single (competency, level) training that unlocks the most themes for one person:
    alert themes first, then all themes; None when nobody is one competency short of a theme."""
    n_comp = len(grid.competencies)
    gain = np.zeros((grid.size, n_comp), dtype=np.int32)
    gain_alert = np.zeros((grid.size, n_comp), dtype=np.int32)
    target = np.zeros((grid.size, n_comp), dtype=np.int8)
    short_lists: list[tuple[int, IntArray, IntArray]] = []  # theme, rows, columns
    for t, (theme, capacity) in enumerate(zip(themes, capacities, strict=True)):
        met = _meets(grid, theme)
        if not met.shape[1]:
            continue
        cols, asked, known = _theme_columns(grid, theme)
        one = np.flatnonzero((~met).sum(axis=1) == 1)
        if not len(one):
            continue
        failing = np.argmin(met[one], axis=1)
        usable = known[failing]  # a requirement without a column cannot be trained here
        rows, req = one[usable], failing[usable]
        columns = cols[req]
        np.add.at(gain, (rows, columns), 1)
        if capacity.alert:
            np.add.at(gain_alert, (rows, columns), 1)
        np.maximum.at(target, (rows, columns), asked[req])
        short_lists.append((t, rows, columns))
    if not gain.any():
        return None
    score = gain_alert.astype(np.int64) * (len(themes) + 1) + gain
    best = int(np.argmax(score))
    row, col = divmod(best, n_comp)
    level = int(target[row, col])

    def unlocks(r: int) -> list[int]:
        return [t for t, rows, columns in short_lists if ((rows == r) & (columns == col)).any()]

    unlocked = unlocks(row)
    same = np.flatnonzero((score[:, col] == score[row, col]) & (target[:, col] == level))
    # An equal score may come from other themes: a candidate is someone this training opens
    # the very same themes to, so that the advice's themes hold for each of them.
    candidates = tuple(int(r) for r in same if unlocks(int(r)) == unlocked)
    return Recommendation(
        competency=grid.competencies[col],
        level=level,
        themes=tuple(themes[t].name for t in unlocked),
        alerts=tuple(themes[t].name for t in unlocked if capacities[t].alert),
        candidates=candidates,
    )
