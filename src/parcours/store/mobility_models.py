"""Packed mobility models (table mobility_model), one per referential."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Connection, delete, select
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
        connection = self.session.connection()
        if connection.dialect.name == "postgresql":
            if not self.holds(referential, version, created_at, signature):
                return None
            return _binary_payload(connection, referential, version, signature)
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


def _binary_payload(
    connection: Connection, referential: str, version: int, signature: str
) -> bytes | None:
    """The payload read in PostgreSQL's binary format: psycopg reads results as text by
    default, a bytea as hexadecimal twice its size (ROME 4.0's 20 MB model: 0.25 s, binary
    0.08 s). The row was found with its version's creation time just before (``holds``, in
    the same transaction); one row per referential, so its key, version and signature name it."""
    driver = connection.connection.driver_connection
    with driver.cursor(binary=True) as cursor:  # type: ignore[union-attr]
        cursor.execute(
            "SELECT payload FROM mobility_model"
            " WHERE referential = %s AND version = %s AND signature = %s",
            (referential, version, signature),
        )
        row = cursor.fetchone()
    return None if row is None else bytes(row[0])
