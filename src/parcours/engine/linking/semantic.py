"""The optional semantic plug-in: an encoder's cosines as extra candidates and a blend."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from parcours.domain.links import Evidence, LinkRelation, Signal
from parcours.engine.linking.items import Candidate, LinkItem
from parcours.engine.linking.profiles import Profile
from parcours.engine.linking.settings import CLOSE_AT

if TYPE_CHECKING:  # numpy is imported only when an encoder is used
    from parcours.engine.semantic import Encoder


def item_text(item: LinkItem) -> str:
    """The text an encoder sees: the label, alternative labels, then the first text lines."""
    return ". ".join([item.label, *item.alt_labels, *item.text[:3]])


@dataclass(slots=True)
class Semantic:
    """Cosines from an encoder: extra candidates (nearest neighbours) and a blended score."""

    similarity: Callable[[int, int], float]
    neighbours_of: list[set[int]]
    weight: float

    def neighbours(self, source: int) -> set[int]:
        return self.neighbours_of[source]

    def blend(self, candidate: Candidate, si: int, ti: int) -> Candidate:
        cos = max(0.0, min(1.0, self.similarity(si, ti)))
        score = (1 - self.weight) * candidate.score + self.weight * cos
        evidence = (
            *candidate.evidence,
            Evidence(Signal.SEMANTIC, round(cos, 3), "encodeur sémantique"),
        )
        relation = candidate.relation
        if relation is LinkRelation.RELATED and score >= CLOSE_AT:
            relation = LinkRelation.CLOSE
        return Candidate(candidate.source, candidate.target, round(score, 4), relation, evidence)


def _semantic(
    encoder: Encoder,
    sources: Sequence[Profile],
    targets: Sequence[Profile],
    weight: float,
    top: int = 5,
) -> Semantic:
    import numpy as np
    import numpy.typing as npt

    def matrix(profiles: Sequence[Profile]) -> npt.NDArray[np.float32]:
        vectors = np.asarray(
            encoder.encode([item_text(p.item) for p in profiles]), dtype=np.float32
        )
        if vectors.ndim != 2 or len(vectors) != len(profiles):
            raise ValueError("the encoder must return one vector per text")
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        normalised: npt.NDArray[np.float32] = vectors / norms
        return normalised

    src, tgt = matrix(sources), matrix(targets)
    neighbours: list[set[int]] = []
    chunk = 512
    k = min(top, len(targets))
    for start in range(0, len(sources), chunk):
        sims = src[start : start + chunk] @ tgt.T
        if k:
            best = np.argpartition(-sims, k - 1, axis=1)[:, :k]
            neighbours.extend({int(i) for i in row} for row in best)
        else:
            neighbours.extend(set() for _ in range(len(sims)))

    def similarity(si: int, ti: int) -> float:
        return float(src[si] @ tgt[ti])

    return Semantic(similarity, neighbours, weight)
