"""Proposals: every side's items profiled, blocked, scored and kept."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from parcours.engine.linking.blocking import (
    _build_index,
    _candidates,
    _lead_candidates,
    _requirement_index,
    _sharing_requirements,
)
from parcours.engine.linking.items import Candidate, Linked, LinkItem
from parcours.engine.linking.profiles import Profile, Vocabulary, _cosine, _profile
from parcours.engine.linking.scoring import Scorer
from parcours.engine.linking.semantic import _semantic
from parcours.engine.linking.settings import ProposalSettings

if TYPE_CHECKING:  # numpy is imported only when an encoder is used
    from parcours.engine.semantic import Encoder


def propose(
    sources: Sequence[LinkItem],
    targets: Sequence[LinkItem],
    *,
    settings: ProposalSettings | None = None,
    linked: Linked | None = None,
    encoder: Encoder | None = None,
    corpus: Sequence[LinkItem] = (),
) -> list[Candidate]:
    """Scored candidate links from ``sources`` to ``targets`` at or above the threshold.

    ``linked`` (jobs only) maps a competency of either side to the competencies it is linked
    to, for the shared-competencies signal. ``corpus`` adds items to the document frequencies
    only (e.g. every referential when linking all pairs). Best first.
    """
    settings = settings or ProposalSettings()
    source_profiles = [_profile(i) for i in sources]
    target_profiles = [_profile(i) for i in targets]
    extra = [_profile(i) for i in corpus]
    vocab = Vocabulary([*source_profiles, *target_profiles, *extra])
    for profile in (*source_profiles, *target_profiles):
        vocab.vectorise(profile)
    if sources and targets and all(i.kind == "job" for i in (*sources, *targets)):
        return _propose_jobs(
            source_profiles, target_profiles, vocab, settings, linked=linked, encoder=encoder
        )
    index = _build_index(target_profiles, vocab)
    scorer = Scorer(vocab, linked)
    semantic = (
        _semantic(encoder, source_profiles, target_profiles, settings.semantic_weight)
        if encoder
        else None
    )
    by_requirement = _requirement_index(targets) if linked else {}

    out: list[Candidate] = []
    for si, source in enumerate(source_profiles):
        found = _candidates(source, index, vocab, settings)
        if semantic is not None:
            found |= semantic.neighbours(si)
        if linked:
            found |= _sharing_requirements(source.item, by_requirement, linked, settings.text_top)
        scored: list[Candidate] = []
        for ti in found:
            candidate = scorer.score(source, target_profiles[ti])
            if semantic is not None:
                candidate = semantic.blend(candidate, si, ti)
            if candidate.score >= settings.threshold:
                scored.append(candidate)
        scored.sort(key=lambda c: (-c.score, c.target.key))
        out.extend(scored[: settings.per_item])
    out.sort(key=lambda c: (-c.score, c.source.key, c.target.key))
    return out


def _propose_jobs(
    sources: Sequence[Profile],
    targets: Sequence[Profile],
    vocab: Vocabulary,
    settings: ProposalSettings,
    *,
    linked: Linked | None,
    encoder: Encoder | None,
) -> list[Candidate]:
    """Job links: candidates are sought from each job of the smaller side (and from the
    other side too when it is small), scored once per pair, and kept per job of the smaller
    side; against a large taxonomy, every job with a sheet keeps its best proposals."""
    large = max(len(sources), len(targets)) >= settings.keep_best_from
    # The titles of the smaller side lose the words the other side never uses: they would
    # lower every match of the title alike. (Not the other way round: a word of a target
    # unknown to the sources sets that target apart.)
    flipped = len(targets) < len(sources)
    known = (None, _words_of(sources)) if flipped else (_words_of(targets), None)
    scorer = Scorer(vocab, linked, known=known)
    semantic = _semantic(encoder, sources, targets, settings.semantic_weight) if encoder else None
    mine, theirs = (targets, sources) if flipped else (sources, targets)
    sides = [(mine, theirs, flipped)]
    if len(theirs) <= settings.keep_best_from:  # both sides small: seek both ways
        sides.append((theirs, mine, not flipped))
    found: list[dict[tuple[int, int], None]] = []  # per side: the pairs its items reach
    for these, those, reverse in sides:
        index = _build_index(those, vocab)
        by_requirement = _requirement_index([p.item for p in those]) if linked else {}
        reached: dict[tuple[int, int], None] = {}
        for i, profile in enumerate(these):
            near = _candidates(profile, index, vocab, settings)
            near |= _lead_candidates(profile, index, those, vocab, settings)
            if linked:
                near |= _sharing_requirements(
                    profile.item, by_requirement, linked, settings.text_top
                )
            if semantic is not None and not reverse:
                near |= semantic.neighbours(i)
            for j in sorted(near):
                reached[(j, i) if reverse else (i, j)] = None
        found.append(reached)
    # Texts are read against the best text match of the job of the smaller side.
    every = {pair for reached in found for pair in reached}
    scale: dict[int, float] = defaultdict(float)
    for pair in every:
        m = pair[1] if flipped else pair[0]
        scale[m] = max(scale[m], _cosine(sources[pair[0]], targets[pair[1]]))
    scored: dict[tuple[int, int], Candidate] = {}
    for pair in sorted(every):
        m = pair[1] if flipped else pair[0]
        relative = scale[m] if large else None
        candidate = scorer.score(sources[pair[0]], targets[pair[1]], relative or None)
        if semantic is not None:
            candidate = semantic.blend(candidate, *pair)
        scored[pair] = candidate
    kept: dict[tuple[int, int], Candidate] = {}
    for (these, those, reverse), reached in zip(sides, found, strict=True):
        fill = len(those) >= settings.keep_best_from
        per_item: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for pair in reached:
            per_item[pair[1] if reverse else pair[0]].append(pair)
        for i, pairs in per_item.items():
            ranked = sorted(
                pairs, key=lambda p: (-scored[p].score, scored[p].target.key, scored[p].source.key)
            )
            cut = max(settings.threshold, scored[ranked[0]].score - settings.job_margin)
            chosen = [p for p in ranked if scored[p].score >= cut][: settings.job_per_item]
            if fill and these[i].item.text and len(chosen) < settings.keep_best:
                best = [p for p in ranked if scored[p].score >= settings.floor]
                chosen = best[: settings.keep_best]
            kept.update((p, scored[p]) for p in chosen)
    out = list(kept.values())
    out.sort(key=lambda c: (-c.score, c.source.key, c.target.key))
    return out


def _words_of(profiles: Sequence[Profile]) -> frozenset[str]:
    out: set[str] = set()
    for profile in profiles:
        out.update(profile.text_counts)  # the labels' stems are counted in the text
    return frozenset(out)


def score_pair(first: LinkItem, second: LinkItem, *, corpus: Sequence[LinkItem] = ()) -> Candidate:
    """The score of one pair, with document frequencies from the pair and ``corpus``."""
    a, b = _profile(first), _profile(second)
    vocab = Vocabulary([a, b, *(_profile(i) for i in corpus)])
    vocab.vectorise(a)
    vocab.vectorise(b)
    return Scorer(vocab).score(a, b)
