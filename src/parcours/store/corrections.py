"""HR's corrections (table correction) and the documents' text lines (table document_line)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from parcours.domain.corrections import CorrectedField, Correction, FactKind
from parcours.domain.errors import NotFoundError
from parcours.store.bulk import insert_many
from parcours.store.models import utcnow
from parcours.store.models_corrections import CorrectionRow, DocumentLineRow
from parcours.store.snapshot import table_of

# Rows per INSERT and keys per IN (...) list: far below SQLite's and PostgreSQL's limits.
CHUNK = 500


def _correction(row: CorrectionRow) -> Correction:
    return Correction(
        referential=row.referential,
        fact=FactKind(row.fact),
        key=row.key,
        field=CorrectedField(row.field),
        value=row.value,
        competency=row.competency,
        original=row.original,
        author=row.author,
        at=row.created_at,
        id=row.id,
        withdrawn_at=row.withdrawn_at,
        withdrawn_by=row.withdrawn_by,
    )


class CorrectionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, correction: Correction) -> Correction:
        row = CorrectionRow(
            referential=correction.referential,
            fact=correction.fact.value,
            key=correction.key,
            competency=correction.competency,
            field=correction.field.value,
            original=correction.original,
            value=correction.value,
            author=correction.author,
            created_at=correction.at or utcnow(),
        )
        self.session.add(row)
        self.session.flush()
        return _correction(row)

    def get(self, correction_id: int) -> Correction | None:
        row = self.session.get(CorrectionRow, correction_id)
        return _correction(row) if row is not None else None

    def withdraw(self, correction_id: int, *, by: str, at: datetime) -> Correction:
        row = self.session.get(CorrectionRow, correction_id)
        if row is None:
            raise NotFoundError(f"aucune correction n° {correction_id}")
        row.withdrawn_at = at
        row.withdrawn_by = by
        self.session.flush()
        return _correction(row)

    def list(self, referential: str | None = None, *, active: bool = False) -> list[Correction]:
        query = select(CorrectionRow)
        if referential is not None:
            query = query.where(CorrectionRow.referential == referential)
        if active:
            query = query.where(CorrectionRow.withdrawn_at.is_(None))
        rows = self.session.scalars(query.order_by(CorrectionRow.id))
        return [_correction(r) for r in rows]


class DocumentTextRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def has_text(self, sha256: str) -> bool:
        query = select(exists().where(DocumentLineRow.sha256 == sha256))
        return bool(self.session.scalar(query))

    def add_text(self, sha256: str, lines: Sequence[str]) -> None:
        if not lines or self.has_text(sha256):
            return
        rows = [
            {"sha256": sha256, "number": number, "text": text}
            for number, text in enumerate(lines, start=1)
        ]
        insert_many(self.session, table_of(DocumentLineRow), rows)
        self.session.flush()

    def lines(self, wanted: Mapping[str, Collection[int]]) -> dict[tuple[str, int], str]:
        out: dict[tuple[str, int], str] = {}
        for sha256, numbers in wanted.items():
            ordered = sorted(set(numbers))
            for start in range(0, len(ordered), CHUNK):
                query = select(DocumentLineRow.number, DocumentLineRow.text).where(
                    DocumentLineRow.sha256 == sha256,
                    DocumentLineRow.number.in_(ordered[start : start + CHUNK]),
                )
                for number, text in self.session.execute(query).all():
                    out[(sha256, number)] = text
        return out
