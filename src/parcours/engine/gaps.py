"""Gap analysis: what a person (or a job holder) has and lacks for a target job.

Each requirement of the target is

- covered: held, at the required level or above (or either level unknown);
- under-level: held below the required level;
- missing: not held.

Weighted coverage = sum over requirements of weight x credit / sum of weights, in percent,
with credit 1 for covered, held / required for under-level, 0 for missing, and the weight of
``engine/vectors.py`` (importance x idf x expected level factor).

Trainings that develop a missing or under-level competency are proposed: the study's
(``Referential.trainings``) and the bank's catalogue (``domain.training_catalogue``; a catalogue
training with the key of a study's training stands for it). They come in the order of a greedy
set cover weighted by duration: first the training closing the most remaining gap weight per
hour of training, then the next on what is left; a training declared for this very transition
(its ``transitions`` list the source and target jobs) comes first. A training whose duration
cannot be read costs the median of the others (a day when none can be read). A catalogue
training that reaches a level below the one required closes that share of the requirement
(level reached / level required), nothing when the person already holds that level.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from parcours.domain.durations import HOURS_PER_DAY, parse_duration
from parcours.domain.referential import Referential
from parcours.domain.training_catalogue import CatalogueTraining
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
    hours: float | None = None  # the duration in hours, when it can be read
    catalogue: CatalogueTraining | None = None  # the catalogue's entry, when it comes from it


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
    catalogue: Sequence[CatalogueTraining] = (),
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
        trainings=trainings_for(
            model, by_status, source=source, target=target, catalogue=catalogue
        ),
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


@dataclass(frozen=True, slots=True)
class _Candidate:
    key: str
    title: str
    duration: str | None
    hours: float | None
    develops: dict[str, int | None]  # open competency key -> level reached (None: enough)
    for_this_move: bool
    catalogue: CatalogueTraining | None


def _candidates(
    model: SimilarityModel,
    open_keys: Mapping[str, GapItem],
    catalogue: Sequence[CatalogueTraining],
    source: str | None,
    target: str,
) -> list[_Candidate]:
    referential = model.referential
    offered = {key: c for key, c in ((c.key, c) for c in catalogue)}
    found: list[_Candidate] = []
    for key, keys in training_competencies(model).items():
        if key in offered:
            continue  # the catalogue's entry stands for the study's training
        training = referential.trainings[key]
        develops: dict[str, int | None] = {k: None for k in keys if k in open_keys}
        if develops:
            found.append(
                _Candidate(
                    key,
                    training.title,
                    training.duration,
                    parse_duration(training.duration),
                    develops,
                    _serves(referential, key, source, target),
                    None,
                )
            )
    resolver = model.resolver
    for key, entry in offered.items():
        develops = {}
        for developed in entry.competencies:
            resolved = resolver.resolve(developed.competency)
            if resolved is not None and resolved in open_keys:
                known = develops.get(resolved, 0)
                develops[resolved] = (
                    None
                    if developed.level is None or known is None
                    else max(known, developed.level)
                )
        if develops:
            serves = key in referential.trainings and _serves(referential, key, source, target)
            found.append(
                _Candidate(key, entry.title, entry.duration, entry.hours, develops, serves, entry)
            )
    return found


def _share(item: GapItem, reached: int | None) -> float:
    """The share of ``item`` a training reaching level ``reached`` closes (see the module)."""
    required = item.required_level
    if reached is None or required is None or reached >= required:
        return 1.0
    if item.held_level is not None and item.held_level >= reached:
        return 0.0
    return reached / required


def trainings_for(
    model: SimilarityModel,
    by_status: Mapping[GapStatus, tuple[GapItem, ...]],
    *,
    source: str | None,
    target: str,
    catalogue: Sequence[CatalogueTraining] = (),
) -> tuple[TrainingOption, ...]:
    """The trainings that close part of the gap, in weighted greedy-cover order."""
    open_items = {
        i.key: i for s in (GapStatus.MISSING, GapStatus.UNDER_LEVEL) for i in by_status[s]
    }
    gap_weight = sum(i.weight for i in open_items.values())
    if not open_items or not (model.referential.trainings or catalogue):
        return ()
    candidates = _candidates(model, open_items, catalogue, source, target)
    known = sorted(c.hours for c in candidates if c.hours)
    default_hours = known[len(known) // 2] if known else HOURS_PER_DAY
    remaining = {k: i.weight for k, i in open_items.items()}
    shares = {
        c.key: {k: _share(open_items[k], level) for k, level in c.develops.items()}
        for c in candidates
    }
    chosen: list[TrainingOption] = []
    candidates.sort(key=lambda c: c.key)
    while candidates:
        gains = {
            c.key: sum(remaining[k] * share for k, share in shares[c.key].items())
            for c in candidates
        }
        # max() keeps the first of equals: ties go to the first key in order.
        best = max(
            candidates,
            key=lambda c: (c.for_this_move, gains[c.key] / (c.hours or default_hours)),
        )
        if gains[best.key] <= 1e-9:
            break
        closes = tuple(
            sorted(
                (k for k, share in shares[best.key].items() if share > 0),
                key=lambda k: (-open_items[k].weight, k),
            )
        )
        closed = sum(open_items[k].weight * shares[best.key][k] for k in closes)
        chosen.append(
            TrainingOption(
                key=best.key,
                title=best.title,
                duration=best.duration,
                closes=closes,
                closes_weight=round(closed / gap_weight, 4),
                for_this_move=best.for_this_move,
                hours=best.hours,
                catalogue=best.catalogue,
            )
        )
        for k in closes:
            remaining[k] *= 1.0 - shares[best.key][k]
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
