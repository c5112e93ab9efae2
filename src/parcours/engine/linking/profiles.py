"""Profiles: an item's labels and text stems, and the IDF vocabulary of both sides."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from parcours.engine.linking.items import LinkItem
from parcours.engine.linking.words import (
    _COORDINATION,
    _GENERIC,
    _line_stems,
    _trigrams,
    label_stems,
)
from parcours.engine.normalise import (
    fold,
    label_key,
    split_grade,
    tokens,
)


@dataclass(slots=True)
class Label:
    text: str
    key: str
    stems: tuple[str, ...]
    stem_set: frozenset[str]
    conjuncts: tuple[frozenset[str], ...]  # "Analyse et synthèse": {analys}, {synthes}
    alternative: bool
    _trigrams: frozenset[str] | None = None

    @property
    def trigrams(self) -> frozenset[str]:
        """Character trigrams of the stems, computed when a pair first needs them."""
        if self._trigrams is None:
            self._trigrams = _trigrams(self.stems)
        return self._trigrams


@dataclass(slots=True)
class Profile:
    item: LinkItem
    labels: list[Label]
    text_counts: Counter[str]
    vector: dict[str, float] = field(default_factory=dict)
    norm: float = 0.0
    # Jobs: the stems of what the job is (its titles and purpose), and of its titles.
    lead: frozenset[str] = frozenset()
    title_stems: frozenset[str] = frozenset()


def _label(text: str, *, alternative: bool) -> Label | None:
    title, _grade = split_grade(text)
    stems = tuple(label_stems(title))
    if not stems:
        return None
    pieces = _COORDINATION.split(fold(title))
    conjuncts = (
        tuple(frozenset(c) for c in (label_stems(p) for p in pieces) if c)
        if len(pieces) > 1
        else ()
    )
    return Label(
        text=text,
        key=label_key(title) if "/" in title or "(" in title else "-".join(tokens(title)),
        stems=stems,
        stem_set=frozenset(stems),
        conjuncts=conjuncts,
        alternative=alternative,
    )


def _profile(item: LinkItem) -> Profile:
    labels, counts = _analyse(item)
    if item.kind != "job":
        return Profile(item=item, labels=labels, text_counts=counts)
    titles = frozenset(s for lab in labels for s in lab.stem_set)
    return Profile(item, labels, counts, lead=_lead(item), title_stems=titles)


@lru_cache(maxsize=65536)
def _lead(item: LinkItem) -> frozenset[str]:
    stems = {s for lab in _analyse(item)[0] for s in lab.stems}
    for line in item.lead:
        stems.update(_line_stems(line))
    return frozenset(stems)


@lru_cache(maxsize=65536)
def _analyse(item: LinkItem) -> tuple[list[Label], Counter[str]]:
    """Labels and text stems of an item; cached, since ROME's 33,000 items take seconds and
    one proposal run may pair a referential with several others. Never mutated."""
    labels = [
        lab
        for lab in [
            _label(item.label, alternative=False),
            *(_label(a, alternative=True) for a in item.alt_labels),
        ]
        if lab is not None
    ]
    counts: Counter[str] = Counter()
    for lab in labels:
        counts.update({s: 2 for s in lab.stems})  # label words count twice in the text
    for line in (*item.text, *item.context, *item.skills):
        counts.update(_line_stems(line))
    return labels, counts


class Vocabulary:
    """Document frequencies over every item of both sides, and the IDF weights they give."""

    def __init__(self, profiles: Iterable[Profile]) -> None:
        self.df: Counter[str] = Counter()
        self.size = 0
        for profile in profiles:
            self.size += 1
            self.df.update(profile.text_counts.keys())
        self._idf: dict[str, float] = {}
        self._weights: dict[frozenset[str], float] = {}

    @property
    def specific_weight(self) -> float:
        """The weight of a specialty: a word found in one item in a hundred and a common one
        (one and a half times the IDF of the first)."""
        return 1.5 * math.log(1.0 + (self.size + 1) / (0.01 * self.size + 1))

    def idf(self, stem_: str) -> float:
        value = self._idf.get(stem_)
        if value is None:
            value = math.log(1.0 + (self.size + 1) / (self.df.get(stem_, 0) + 1))
            self._idf[stem_] = value
        return value

    def weight(self, stems: frozenset[str]) -> float:
        """IDF weight of a set of stems; generic heads count a third."""
        value = self._weights.get(stems)
        if value is None:
            value = sum(self.idf(s) * (0.35 if s in _GENERIC else 1.0) for s in stems)
            self._weights[stems] = value
        return value

    def vectorise(self, profile: Profile) -> None:
        vector = {s: (1.0 + math.log(n)) * self.idf(s) for s, n in profile.text_counts.items()}
        profile.vector = vector
        profile.norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0


def _cosine(a: Profile, b: Profile) -> float:
    small, large = (a, b) if len(a.vector) <= len(b.vector) else (b, a)
    dot = sum(v * large.vector.get(s, 0.0) for s, v in small.vector.items())
    return dot / (a.norm * b.norm)


def _coverage(a: Profile, b: Profile, vocab: Vocabulary) -> float:
    """How much of the shorter text (IDF-weighted) the longer one holds; 0 for short texts.

    Texts of the same length are measured both ways and the larger share kept, so that the
    score does not depend on which side an item is on.
    """
    if len(a.text_counts) == len(b.text_counts):
        return max(_covered(a, b, vocab), _covered(b, a, vocab))
    small, large = (a, b) if len(a.text_counts) < len(b.text_counts) else (b, a)
    return _covered(small, large, vocab)


def _covered(small: Profile, large: Profile, vocab: Vocabulary) -> float:
    if len(small.text_counts) < 5:
        return 0.0
    total = sum(vocab.idf(s) for s in small.text_counts)
    shared = sum(vocab.idf(s) for s in small.text_counts if s in large.text_counts)
    return shared / total if total else 0.0
