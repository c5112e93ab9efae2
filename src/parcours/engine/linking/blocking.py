"""Blocking: the targets worth scoring for a source, from an inverted index of the targets."""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from parcours.engine.linking.items import Linked, LinkItem
from parcours.engine.linking.profiles import Profile, Vocabulary
from parcours.engine.linking.settings import ProposalSettings
from parcours.engine.linking.titles import _title_in_lead
from parcours.engine.linking.words import _GENERIC


@dataclass(slots=True)
class Index:
    """Inverted index of the target side.

    ``labels``: label stem -> items whose title (or an alternative title) has it;
    ``label_weight``: each item's largest label weight; ``texts``: text stem -> (item,
    normalised TF-IDF weight).
    """

    labels: dict[str, list[int]]
    label_weight: list[float]
    texts: dict[str, list[tuple[int, float]]]


def _build_index(profiles: Sequence[Profile], vocab: Vocabulary) -> Index:
    labels: dict[str, list[int]] = defaultdict(list)
    texts: dict[str, list[tuple[int, float]]] = defaultdict(list)
    weights: list[float] = []
    for i, profile in enumerate(profiles):
        seen: set[str] = set()
        for lab in profile.labels:
            seen |= lab.stem_set
        for s in seen:
            labels[s].append(i)
        weights.append(max((vocab.weight(lab.stem_set) for lab in profile.labels), default=1.0))
        for s, v in profile.vector.items():
            texts[s].append((i, v / profile.norm))
    return Index(dict(labels), weights, dict(texts))


def _candidates(
    source: Profile, index: Index, vocab: Vocabulary, settings: ProposalSettings
) -> set[int]:
    """Targets worth scoring for ``source`` (blocking): the best ranked of those sharing a
    label stem (shared IDF weight over the geometric mean of both label weights), and the
    best text matches (sparse TF-IDF dot product). Stems or words shared by more than
    ``max_postings`` targets are skipped when the source has others: they separate nothing.
    """
    stems: set[str] = set()
    for lab in source.labels:
        stems |= lab.stem_set
    shared: dict[int, float] = defaultdict(float)
    for s in stems:
        posting = index.labels.get(s)
        if not posting or (len(posting) > settings.max_postings and len(stems) > 1):
            continue
        weight = vocab.weight(frozenset((s,)))
        for i in posting:
            shared[i] += weight
    found: set[int] = set()
    if shared:
        mine = vocab.weight(frozenset(stems)) or 1.0
        best = heapq.nlargest(
            settings.label_top,
            shared.items(),
            key=lambda kv: kv[1] / math.sqrt(mine * (index.label_weight[kv[0]] or 1.0)),
        )
        found.update(i for i, _ in best)
    dots: dict[int, float] = defaultdict(float)
    for s, v in source.vector.items():
        text_posting = index.texts.get(s)
        if not text_posting or len(text_posting) > settings.max_postings:
            continue
        weight = v / source.norm
        for i, w in text_posting:
            dots[i] += weight * w
    if dots:
        best_text = heapq.nlargest(settings.text_top, dots.items(), key=lambda kv: kv[1])
        found.update(i for i, d in best_text if d >= settings.text_min)
    return found


def _lead_candidates(
    source: Profile,
    index: Index,
    targets: Sequence[Profile],
    vocab: Vocabulary,
    settings: ProposalSettings,
) -> set[int]:
    """Targets whose specialty is named in what the source job is (its purpose, its family):
    "Négocie et s'assure du recouvrement de la dette" finds "Chargé de recouvrement"."""
    hits: dict[int, float] = defaultdict(float)
    for s in source.lead - _GENERIC - source.title_stems:
        posting = index.labels.get(s)
        if posting and len(posting) <= settings.max_postings:
            weight = vocab.idf(s)
            for i in posting:
                hits[i] += weight
    # The targets naming the most of the purpose first (cheap), then the exact measure.
    first = heapq.nlargest(4 * settings.lead_top, hits.items(), key=lambda kv: kv[1])
    ranked = heapq.nlargest(
        settings.lead_top,
        ((_title_in_lead(targets[i].labels, source, vocab), i) for i, _ in first),
    )
    return {i for value, i in ranked if value > 0}


def _requirement_index(items: Sequence[LinkItem]) -> dict[tuple[str, str], list[int]]:
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for key in set(item.requirements):
            index[(item.referential, key)].append(i)
    return dict(index)


def _sharing_requirements(
    item: LinkItem,
    index: Mapping[tuple[str, str], list[int]],
    linked: Linked,
    top: int,
) -> set[int]:
    """Jobs needing competencies linked to the ones ``item`` needs, the most shared first."""
    counts: Counter[int] = Counter()
    for key in set(item.requirements):
        for other in linked.get((item.referential, key), frozenset()):
            counts.update(index.get(other, ()))
    return {i for i, _ in counts.most_common(top)}
