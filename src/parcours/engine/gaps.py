"""Gap analysis: what a person (or a job holder) has and lacks for a target job.

Each requirement of the target is

- covered: held, at the required level or above (or either level unknown);
- under-level: held below the required level;
- missing: not held.

Weighted coverage = sum over requirements of weight x credit / sum of weights, in percent,
with credit 1 for covered, held / required for under-level, 0 for missing, and the weight of
``engine/vectors.py`` (importance x idf x expected level factor).

Trainings (``Referential.trainings``) that develop a missing or under-level competency are
proposed, in the order of a greedy cover: first the training closing the most remaining gap
weight, then the next on what is left; a training declared for this very transition (its
``transitions`` list the source and target jobs) comes first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from parcours.domain.referential import Referential
from parcours.engine.similarity import SimilarityModel
from parcours.engine.vectors import CompetencyResolver


class GapStatus(StrEnum):
    COVERED = "covered"
    UNDER_LEVEL = "under_level"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class GapItem:
    key: str
    label: str
    weight: float
    required_level: int | None
    held_level: int | None
    status: GapStatus
    via: str | None = None  # held through a partial link: the competency held and the weight


@dataclass(frozen=True, slots=True)
class TrainingOption:
    key: str
    title: str
    duration: str | None
    closes: tuple[str, ...]  # competency keys of the gap it develops
    closes_weight: float  # share of the gap weight it closes (0-1)
    for_this_move: bool  # the training lists this very transition


@dataclass(frozen=True, slots=True)
class Gap:
    target: str
    target_title: str
    covered: tuple[GapItem, ...]
    under_level: tuple[GapItem, ...]
    missing: tuple[GapItem, ...]
    coverage: float  # weighted coverage, percent
    trainings: tuple[TrainingOption, ...]
    unknown: tuple[str, ...] = ()  # profile competencies the referential does not know

    @property
    def items(self) -> tuple[GapItem, ...]:
        return self.covered + self.under_level + self.missing


def _status(required: int | None, held: int | None) -> tuple[GapStatus, float]:
    if required is None or held is None or held >= required:
        return GapStatus.COVERED, 1.0
    return GapStatus.UNDER_LEVEL, held / required


def gap(
    model: SimilarityModel,
    held: Mapping[str, int | None],
    target: str,
    *,
    source: str | None = None,
    unknown: tuple[str, ...] = (),
    partial: Mapping[str, Sequence[tuple[str, float]]] | None = None,
) -> Gap:
    """The gap between ``held`` (competency key -> level held, None when unknown) and job
    ``target``; ``source`` is the current job when known (for trainings of that transition).

    ``partial`` maps a competency to its partial neighbours (broader, narrower or related
    links HR accepted) with their weight: a required competency not held but whose neighbour
    is held counts for that weight, as "under level", and names the neighbour (``via``)."""
    ref = model.referential
    vectors = model.vectors
    row = vectors.job_index[target]
    weights = vectors.requirement_weights(row)
    levels = vectors.required_levels(row)
    items: list[GapItem] = []
    total = 0.0
    credit = 0.0
    for col, weight in sorted(weights.items(), key=lambda item: (-item[1], item[0])):
        key = vectors.competencies[col]
        required = levels[col]
        label = ref.competencies[key].label if key in ref.competencies else key
        via: str | None = None
        held_level = held.get(key)
        if key in held:
            status, share = _status(required, held[key])
        else:
            status, share = GapStatus.MISSING, 0.0
            near = [(k, w) for k, w in (partial or {}).get(key, ()) if k in held]
            if near:
                other, share = max(near, key=lambda n: n[1])
                status, held_level = GapStatus.UNDER_LEVEL, held[other]
                name = ref.competencies[other].label if other in ref.competencies else other
                via = f"{name} ({round(share * 100)} %)"
        total += weight
        credit += weight * share
        items.append(GapItem(key, label, round(weight, 4), required, held_level, status, via))
    by_status = {s: tuple(i for i in items if i.status is s) for s in GapStatus}
    return Gap(
        target=target,
        target_title=ref.jobs[target].title,
        covered=by_status[GapStatus.COVERED],
        under_level=by_status[GapStatus.UNDER_LEVEL],
        missing=by_status[GapStatus.MISSING],
        coverage=round(100.0 * credit / total, 1) if total else 100.0,
        trainings=trainings_for(model, by_status, source=source, target=target),
        unknown=unknown,
    )


def training_competencies(model: SimilarityModel) -> dict[str, set[str]]:
    """Training key -> the competency keys it develops (names resolved; computed once)."""
    cached = model.cache.get("trainings")
    if cached is None:
        resolver = model.resolver
        cached = {
            key: set(resolver.resolve_all(training.competencies)[0].values())
            for key, training in model.referential.trainings.items()
        }
        model.cache["trainings"] = cached
    return cached


def trainings_for(
    model: SimilarityModel,
    by_status: Mapping[GapStatus, tuple[GapItem, ...]],
    *,
    source: str | None,
    target: str,
) -> tuple[TrainingOption, ...]:
    """The trainings that close part of the gap, greedy-cover order."""
    referential = model.referential
    open_items = {
        i.key: i.weight for s in (GapStatus.MISSING, GapStatus.UNDER_LEVEL) for i in by_status[s]
    }
    gap_weight = sum(open_items.values())
    if not referential.trainings or not open_items:
        return ()
    develops = {
        key: {k for k in keys if k in open_items}
        for key, keys in training_competencies(model).items()
    }
    remaining = dict(open_items)
    chosen: list[TrainingOption] = []
    candidates = sorted(k for k, v in develops.items() if v)
    while candidates:
        gains = {k: sum(remaining.get(c, 0.0) for c in develops[k]) for k in candidates}
        # max() keeps the first of equals: ties go to the first key in order.
        best = max(candidates, key=lambda k: (_serves(referential, k, source, target), gains[k]))
        if gains[best] <= 0:
            break
        training = referential.trainings[best]
        closes = tuple(sorted(develops[best], key=lambda c: (-open_items[c], c)))
        chosen.append(
            TrainingOption(
                key=best,
                title=training.title,
                duration=training.duration,
                closes=closes,
                closes_weight=round(sum(open_items[c] for c in closes) / gap_weight, 4),
                for_this_move=_serves(referential, best, source, target),
            )
        )
        for c in closes:
            remaining.pop(c, None)
        candidates.remove(best)
    return tuple(chosen)


def _serves(referential: Referential, training: str, source: str | None, target: str) -> bool:
    """Whether the training lists the move source -> target among its transitions."""
    return source is not None and (source, target) in {
        (a, b) for a, b in referential.trainings[training].transitions
    }


def resolve_profile(
    referential: Referential,
    levels: Mapping[str, int | None],
    resolver: CompetencyResolver | None = None,
) -> tuple[dict[str, int | None], tuple[str, ...]]:
    """A profile's competency names (keys or labels) as keys of the referential: (key ->
    level, names not found). Two names for one competency keep the higher level."""
    resolver = resolver or CompetencyResolver(referential)
    out: dict[str, int | None] = {}
    unknown: list[str] = []
    for name, level in levels.items():
        key = resolver.resolve(name)
        if key is None:
            unknown.append(name)
            continue
        known = out.get(key)
        out[key] = level if known is None else max(known, level or 0) or known
    return out, tuple(unknown)


def job_levels(referential: Referential, job: str) -> dict[str, int | None]:
    """A job's requirements as a profile: competency key -> expected level."""
    out: dict[str, int | None] = {}
    for req in referential.jobs[job].requirements:
        out[req.competency] = max(out.get(req.competency) or 0, req.level or 0) or None
    return out
