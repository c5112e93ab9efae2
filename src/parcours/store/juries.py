"""Jury sessions, their members and candidates (tables jury, jury_candidate)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from parcours.services.ports.juries import Jury, JuryCandidate
from parcours.store.models_people import JuryCandidateRow, JuryRow


def _jury(row: JuryRow) -> Jury:
    return Jury(
        id=row.id,
        name=row.name,
        referential=row.referential,
        certification=row.certification,
        held_on=row.held_on,
        members=tuple(row.members or ()),
        status=row.status,
        created_by=row.created_by,
        created_at=row.created_at,
    )


def _candidate(row: JuryCandidateRow) -> JuryCandidate:
    return JuryCandidate(
        jury=row.jury,
        person=row.person,
        evaluations=list(row.evaluations or []),
        record=dict(row.record) if row.record is not None else None,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        comment=row.comment,
    )


class JuryRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def juries_of_member(self, login: str) -> frozenset[int]:
        # Members are a JSON list: filtered here rather than with dialect-specific JSON SQL;
        # open juries are few.
        rows = self.session.execute(select(JuryRow.id, JuryRow.members))
        return frozenset(jury for jury, members in rows if login in (members or []))

    def juries_of_candidate(self, person: str) -> frozenset[int]:
        query = select(JuryCandidateRow.jury).where(JuryCandidateRow.person == person)
        return frozenset(self.session.scalars(query))

    def create_jury(
        self,
        *,
        name: str,
        referential: str,
        certification: str,
        held_on: date,
        members: Iterable[str],
        created_by: str | None,
    ) -> Jury:
        row = JuryRow(
            name=name,
            referential=referential,
            certification=certification,
            held_on=held_on,
            status="open",
            members=list(dict.fromkeys(members)),
            created_by=created_by,
        )
        self.session.add(row)
        self.session.flush()
        return _jury(row)

    def get_jury(self, jury: int) -> Jury | None:
        row = self.session.get(JuryRow, jury)
        return _jury(row) if row is not None else None

    def list_juries(self, ids: Iterable[int] | None = None) -> list[Jury]:
        query = select(JuryRow).order_by(JuryRow.held_on.desc(), JuryRow.id.desc())
        if ids is not None:
            query = query.where(JuryRow.id.in_(list(ids)))
        return [_jury(row) for row in self.session.scalars(query)]

    def set_status(self, jury: int, status: str) -> None:
        row = self.session.get(JuryRow, jury)
        if row is not None:
            row.status = status
            self.session.flush()

    def add_candidate(self, jury: int, person: str) -> JuryCandidate:
        row = JuryCandidateRow(jury=jury, person=person, evaluations=[])
        self.session.add(row)
        self.session.flush()
        return _candidate(row)

    def get_candidate(self, jury: int, person: str) -> JuryCandidate | None:
        row = self.session.get(JuryCandidateRow, (jury, person))
        return _candidate(row) if row is not None else None

    def candidates(self, jury: int) -> list[JuryCandidate]:
        query = (
            select(JuryCandidateRow)
            .where(JuryCandidateRow.jury == jury)
            .order_by(JuryCandidateRow.person)
        )
        return [_candidate(row) for row in self.session.scalars(query)]

    def save_evaluation(
        self,
        jury: int,
        person: str,
        *,
        evaluations: list[dict[str, Any]],
        record: dict[str, Any],
        recorded_by: str,
        recorded_at: datetime,
        comment: str | None,
    ) -> JuryCandidate:
        row = self.session.get(JuryCandidateRow, (jury, person))
        if row is None:
            raise KeyError((jury, person))
        # JSON columns are replaced whole (never mutated in place: SQLAlchemy would not see it).
        row.evaluations = list(evaluations)
        row.record = dict(record)
        row.recorded_by = recorded_by
        row.recorded_at = recorded_at
        row.comment = comment
        self.session.flush()
        return _candidate(row)
