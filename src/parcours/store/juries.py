"""Jury sessions, their members and candidates (tables jury, jury_candidate)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from parcours.store.models_people import JuryCandidateRow, JuryRow


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
