"""Packed mobility models (table mobility_model), one per referential."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session

from parcours.store.models_mobility import MobilityModelRow


def _of(
    referential: str, version: int, created_at: datetime, signature: str
) -> tuple[ColumnElement[bool], ...]:
    return (
        MobilityModelRow.referential == referential,
        MobilityModelRow.version == version,
        MobilityModelRow.version_created_at == created_at,
        MobilityModelRow.signature == signature,
    )


class MobilityModelRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def packed(
        self, referential: str, version: int, created_at: datetime, signature: str
    ) -> bytes | None:
        row = self.session.execute(
            select(MobilityModelRow.payload).where(
                *_of(referential, version, created_at, signature)
            )
        ).first()
        return None if row is None else bytes(row[0])

    def holds(self, referential: str, version: int, created_at: datetime, signature: str) -> bool:
        found = select(MobilityModelRow.referential).where(
            *_of(referential, version, created_at, signature)
        )
        return self.session.execute(found.limit(1)).first() is not None

    def keep(
        self, referential: str, version: int, created_at: datetime, signature: str, payload: bytes
    ) -> None:
        # One row per referential: the model of an older version or engine is of no use.
        self.session.execute(
            delete(MobilityModelRow).where(MobilityModelRow.referential == referential)
        )
        self.session.add(
            MobilityModelRow(
                referential=referential,
                version=version,
                version_created_at=created_at,
                signature=signature,
                payload=payload,
            )
        )
        self.session.flush()
