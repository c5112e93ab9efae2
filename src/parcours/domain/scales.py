"""One rating scale per kind of competency, each with its anchors (documented in docs/scales.md).

Every scale gives a level on the common proficiency scale (1 notions ... 4 expertise, the one
jobs state their expectations on), from the measure that suits the kind:

- savoir (knowledge) is checked by a questionnaire: the share of good answers (0 to 1) gives the
  level by thresholds; 60 % is the pass mark the certification referential uses;
- savoir-faire (know-how) is rated on observable performance anchors: the rater picks the anchor
  that describes what was seen;
- savoir-être (behaviour) is rated by how often each behavioural indicator (the referential's
  "Je ..." sentences) is seen, from "jamais" to "toujours"; the mean frequency gives the level.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parcours.domain.competency import CompetencyKind
from parcours.domain.people import PeopleError


@dataclass(frozen=True, slots=True)
class Anchor:
    level: int
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Scale:
    code: str
    kind: CompetencyKind
    title: str
    measure: str  # what the rater gives
    anchors: tuple[Anchor, ...]

    def anchor(self, level: int) -> Anchor:
        for a in self.anchors:
            if a.level == level:
                return a
        raise PeopleError(f"niveau {level} absent de l'échelle « {self.title} »")


KNOWLEDGE = Scale(
    code="qcm",
    kind=CompetencyKind.SAVOIR,
    title="Connaissances vérifiées par questionnaire",
    measure="part de bonnes réponses au questionnaire (0 à 100 %)",
    anchors=(
        Anchor(1, "notions", "moins de 40 % de bonnes réponses"),
        Anchor(2, "pratique", "de 40 % à moins de 60 %"),
        Anchor(3, "maîtrise", "de 60 % (seuil de réussite) à moins de 85 %"),
        Anchor(4, "expertise", "85 % et plus"),
    ),
)
KNOWLEDGE_THRESHOLDS: tuple[tuple[float, int], ...] = ((0.85, 4), (0.60, 3), (0.40, 2))

PERFORMANCE = Scale(
    code="performance",
    kind=CompetencyKind.SAVOIR_FAIRE,
    title="Performance observée en situation de travail",
    measure="le repère qui décrit ce qui a été observé",
    anchors=(
        Anchor(1, "notions", "réalise la tâche avec l'aide d'un pair ou d'une procédure pas à pas"),
        Anchor(2, "pratique", "réalise seul les cas courants ; sollicite de l'aide sur les autres"),
        Anchor(3, "maîtrise", "réalise seul les cas courants et complexes, dans les délais"),
        Anchor(4, "expertise", "traite les cas inédits, forme les autres, améliore la pratique"),
    ),
)

FREQUENCIES: dict[int, str] = {
    0: "jamais",
    1: "rarement",
    2: "parfois",
    3: "souvent",
    4: "toujours",
}

BEHAVIOUR = Scale(
    code="frequence",
    kind=CompetencyKind.SAVOIR_ETRE,
    title="Fréquence des comportements observés",
    measure="pour chaque indicateur « Je … » : jamais, rarement, parfois, souvent, toujours",
    anchors=(
        Anchor(1, "notions", "comportements rarement observés (moyenne inférieure à 1,5)"),
        Anchor(2, "pratique", "parfois observés (de 1,5 à moins de 2,5)"),
        Anchor(3, "maîtrise", "souvent observés (de 2,5 à moins de 3,5)"),
        Anchor(4, "expertise", "toujours observés (3,5 et plus), y compris sous pression"),
    ),
)

SCALES: dict[str, Scale] = {s.code: s for s in (KNOWLEDGE, PERFORMANCE, BEHAVIOUR)}
SCALE_OF_KIND: dict[CompetencyKind, Scale] = {s.kind: s for s in SCALES.values()}


def scale_for(kind: CompetencyKind) -> Scale:
    return SCALE_OF_KIND[kind]


def level_from_score(share: float) -> int:
    """A questionnaire share of good answers (0 to 1) -> level."""
    if not 0.0 <= share <= 1.0:
        raise PeopleError(f"score de questionnaire hors de 0 à 100 % : {share:.0%}")
    for threshold, level in KNOWLEDGE_THRESHOLDS:
        if share >= threshold:
            return level
    return 1


def level_from_frequencies(frequencies: Sequence[int]) -> tuple[int, float]:
    """Frequencies (0 jamais ... 4 toujours), one per indicator -> (level, mean frequency)."""
    if not frequencies:
        raise PeopleError("aucune fréquence donnée pour les indicateurs")
    for f in frequencies:
        if f not in FREQUENCIES:
            raise PeopleError(f"fréquence invalide : {f} (attendu : 0 à 4)")
    mean = sum(frequencies) / len(frequencies)
    if mean >= 3.5:
        return 4, mean
    if mean >= 2.5:
        return 3, mean
    if mean >= 1.5:
        return 2, mean
    return 1, mean


def level_from_anchor(level: int) -> int:
    PERFORMANCE.anchor(level)  # raises on a level outside the anchors
    return level


def rate(kind: CompetencyKind, measure: float | Sequence[int]) -> tuple[int, float | None]:
    """The level for a measure on the scale of ``kind``, and the raw value to keep."""
    if kind is CompetencyKind.SAVOIR:
        if not isinstance(measure, int | float):
            raise PeopleError("un savoir se note par un score de questionnaire (0 à 1)")
        return level_from_score(float(measure)), float(measure)
    if kind is CompetencyKind.SAVOIR_ETRE:
        if isinstance(measure, int | float):
            raise PeopleError("un savoir-être se note par une fréquence par indicateur")
        level, mean = level_from_frequencies(measure)
        return level, mean
    if not isinstance(measure, int):
        raise PeopleError("un savoir-faire se note par un repère de performance (1 à 4)")
    return level_from_anchor(measure), None
