"""The training catalogue in SQL (table catalogue_training, models_trainings.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from parcours.domain.training_catalogue import CatalogueTraining, DevelopedCompetency, Modality
from parcours.store.models_trainings import CatalogueTrainingRow


def _training(row: CatalogueTrainingRow) -> CatalogueTraining:
    return CatalogueTraining(
        key=row.key,
        title=row.title,
        duration=row.duration,
        hours=row.hours,
        modality=Modality(row.modality) if row.modality else None,
        provider=row.provider,
        competencies=tuple(
            DevelopedCompetency(str(c["competency"]), int(c["level"]) if c.get("level") else None)
            for c in row.competencies
        ),
        prerequisites=tuple(row.prerequisites),
        cost=row.cost,
        source=row.source,
        line=row.line,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def _content(training: CatalogueTraining) -> dict[str, Any]:
    return {
        "title": training.title,
        "duration": training.duration,
        "hours": training.hours,
        "modality": training.modality.value if training.modality else None,
        "provider": training.provider,
        "competencies": [
            {"competency": c.competency, "level": c.level} for c in training.competencies
        ],
        "prerequisites": list(training.prerequisites),
        "cost": training.cost,
    }


class TrainingCatalogueRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list_trainings(self) -> list[CatalogueTraining]:
        query = select(CatalogueTrainingRow).order_by(
            CatalogueTrainingRow.title, CatalogueTrainingRow.key
        )
        return [_training(r) for r in self.session.scalars(query)]

    def get_training(self, key: str) -> CatalogueTraining | None:
        row = self.session.scalars(
            select(CatalogueTrainingRow).where(CatalogueTrainingRow.key == key)
        ).first()
        return _training(row) if row is not None else None

    def save_trainings(self, trainings: Sequence[CatalogueTraining]) -> tuple[int, int, int]:
        held = {
            r.key: r
            for r in self.session.scalars(
                select(CatalogueTrainingRow).where(
                    CatalogueTrainingRow.key.in_([t.key for t in trainings])
                )
            )
        }
        created = updated = unchanged = 0
        for training in trainings:
            content = _content(training)
            row = held.get(training.key)
            if row is None:
                row = CatalogueTrainingRow(key=training.key, **content)
                self.session.add(row)
                held[training.key] = row
                created += 1
            elif all(getattr(row, name) == value for name, value in content.items()):
                unchanged += 1
                continue
            else:
                for name, value in content.items():
                    setattr(row, name, value)
                updated += 1
            row.source = training.source
            row.line = training.line
            row.updated_by = training.updated_by
            if training.updated_at is not None:
                row.updated_at = training.updated_at
        self.session.flush()
        return created, updated, unchanged

    def delete_training(self, key: str) -> bool:
        result = self.session.execute(
            delete(CatalogueTrainingRow).where(CatalogueTrainingRow.key == key)
        )
        return bool(getattr(result, "rowcount", 0))
