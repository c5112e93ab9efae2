"""Label matching: the score, evidence and relation of two labels."""

from __future__ import annotations

from dataclasses import dataclass

from parcours.domain.links import Evidence, LinkRelation, Signal
from parcours.engine.linking.profiles import Label, Profile, Vocabulary
from parcours.engine.linking.words import _GENERIC


@dataclass(slots=True)
class LabelMatch:
    value: float
    evidence: list[Evidence]
    relation: LinkRelation | None  # decided by the labels (exact, containment), else None
    alternative: bool


def _match_labels(
    a: Label, b: Label, vocab: Vocabulary, *, min_trigram: float = 0.55
) -> LabelMatch:
    evidence: list[Evidence] = []
    if a.key == b.key:
        evidence.append(Evidence(Signal.SAME_LABEL, 1.0, f"« {a.text} » = « {b.text} »"))
        return LabelMatch(1.0, evidence, LinkRelation.EXACT, a.alternative or b.alternative)
    if a.stems == b.stems:
        evidence.append(
            Evidence(
                Signal.SYNONYMS,
                0.92,
                f"mêmes mots une fois les synonymes appliqués : {' '.join(a.stems)}",
            )
        )
        return LabelMatch(0.92, evidence, LinkRelation.EXACT, a.alternative or b.alternative)
    if a.stem_set == b.stem_set:  # "Culture de gestion" / "Gestion des cultures"
        specific = vocab.weight(a.stem_set - _GENERIC) / vocab.weight(a.stem_set)
        value = 0.4 + 0.3 * specific
        evidence.append(
            Evidence(Signal.TOKEN_OVERLAP, round(value, 3), "mêmes mots, dans un autre ordre")
        )
        return LabelMatch(value, evidence, None, a.alternative or b.alternative)
    shared = a.stem_set & b.stem_set
    wa, wb, ws = vocab.weight(a.stem_set), vocab.weight(b.stem_set), vocab.weight(shared)
    overlap = ws / (wa + wb - ws) if shared else 0.0
    value = overlap
    relation: LinkRelation | None = None
    if shared:
        evidence.append(
            Evidence(
                Signal.TOKEN_OVERLAP,
                round(overlap, 3),
                "mots communs : " + ", ".join(sorted(shared)),
            )
        )
    small, large = (a, b) if wa <= wb else (b, a)
    if shared == small.stem_set:
        coverage = ws / max(wa, wb)
        generic = all(s in _GENERIC for s in small.stem_set)
        if generic:  # "Gestion" in "Culture de gestion": a weak hint
            contained = 0.15 + 0.4 * coverage
        elif small.stem_set in large.conjuncts:  # "Analyse" in "Analyse et synthèse"
            contained = 0.6 + 0.35 * coverage
            relation = LinkRelation.CLOSE
        else:  # "Conformité" in "Conformité déontologie": the longer one is narrower
            contained = 0.38 + 0.5 * coverage
            relation = LinkRelation.NARROWER if large is b else LinkRelation.BROADER
        value = max(value, contained)
        evidence.append(
            Evidence(
                Signal.CONTAINMENT,
                round(coverage, 3),
                f"« {small.text} » est contenu dans « {large.text} »",
            )
        )
    else:
        common = [c for c in a.conjuncts if c in b.conjuncts and not c <= _GENERIC]
        if common:  # "Analyse et discernement" and "Analyse et synthèse"
            part = max(common, key=vocab.weight)
            value = max(value, 0.5 + 0.3 * vocab.weight(part) / max(wa, wb))
            evidence.append(
                Evidence(
                    Signal.SHARED_LEMMA, 1.0, "même terme coordonné : " + " ".join(sorted(part))
                )
            )
        elif a.stems[0] == b.stems[0] and a.stems[0] not in _GENERIC:
            value = max(value, overlap + 0.12)
            evidence.append(Evidence(Signal.SHARED_LEMMA, 1.0, f"même mot de tête : {a.stems[0]}"))
    if relation is None and shared != small.stem_set:
        # Spelling variants and typos ("recouvrment"); not containment, measured above.
        inter = len(a.trigrams & b.trigrams)
        dice = 2 * inter / (len(a.trigrams) + len(b.trigrams))
        if dice >= min_trigram and dice * 0.85 > value:
            value = dice * 0.85
            evidence.append(
                Evidence(Signal.TRIGRAM, round(dice, 3), f"« {a.text} » ~ « {b.text} »")
            )
    return LabelMatch(min(value, 1.0), evidence, relation, a.alternative or b.alternative)


def _best_labels(a: Profile, b: Profile, vocab: Vocabulary) -> LabelMatch:
    """The best match over titles and alternative titles; a match through an alternative
    title counts a little less, and is at most "close"."""
    best = LabelMatch(0.0, [], None, False)
    for la in a.labels:
        for lb in b.labels:
            match = _match_labels(la, lb, vocab)
            if match.alternative:
                match.value *= 0.95
                if match.relation is LinkRelation.EXACT:
                    match.relation = LinkRelation.CLOSE
            if match.value > best.value:
                best = match
    return best
