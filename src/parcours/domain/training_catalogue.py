"""The bank's training catalogue: the trainings HR offers, what each develops and to which level.

A catalogue training names the competencies it develops as HR words them (a key or a label of a
referential) with the level reached (1-4, or None when the catalogue does not say), its
prerequisites (free text, shown to whoever plans it), its duration (as worded, and in hours when
it can be read), modality, provider and cost. The study's trainings between jobs
(``Referential.trainings``) are part of the offer too: ``services.training_catalogue`` lists
both, and the gap analysis (``engine.gaps``) proposes from both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

LEVELS = (1, 2, 3, 4)


class Modality(StrEnum):
    ON_SITE = "presentiel"
    REMOTE = "distanciel"
    BLENDED = "mixte"
    E_LEARNING = "e-learning"


MODALITY_LABELS: dict[Modality, str] = {
    Modality.ON_SITE: "présentiel",
    Modality.REMOTE: "distanciel",
    Modality.BLENDED: "mixte",
    Modality.E_LEARNING: "e-learning",
}


@dataclass(frozen=True, slots=True)
class DevelopedCompetency:
    """A competency a training develops, named as the catalogue names it, and the level a
    trainee reaches (None: not said, taken as enough for any requirement)."""

    competency: str
    level: int | None = None


@dataclass(frozen=True, slots=True)
class CatalogueTraining:
    key: str
    title: str
    duration: str | None = None  # as worded ("3 jours", "14 h")
    hours: float | None = None  # the duration in hours, when it can be read
    modality: Modality | None = None
    provider: str | None = None
    competencies: tuple[DevelopedCompetency, ...] = ()
    prerequisites: tuple[str, ...] = ()
    cost: float | None = None  # euros, excluding tax, per trainee
    source: str | None = None  # the file it was imported from, or "saisie" (typed in the app)
    line: int | None = None  # its line in that file
    updated_at: datetime | None = None
    updated_by: str | None = None

    @property
    def modality_label(self) -> str | None:
        return MODALITY_LABELS[self.modality] if self.modality is not None else None
