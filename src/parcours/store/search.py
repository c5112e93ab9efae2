"""The search index repository (SQLite FTS5, PostgreSQL full-text and trigrams)."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SearchRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
