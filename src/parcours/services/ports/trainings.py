"""What the training-catalogue use cases need from storage (store/trainings.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from parcours.domain.training_catalogue import CatalogueTraining


class TrainingCatalogueStore(Protocol):
    def list_trainings(self) -> list[CatalogueTraining]:
        """Every training of the catalogue, by title."""
        ...

    def get_training(self, key: str) -> CatalogueTraining | None: ...

    def save_trainings(self, trainings: Sequence[CatalogueTraining]) -> tuple[int, int, int]:
        """Insert or replace each training by key: (created, updated, unchanged). A training
        whose content is the same (its source, line and dates aside) is left as it is."""
        ...

    def delete_training(self, key: str) -> bool: ...
