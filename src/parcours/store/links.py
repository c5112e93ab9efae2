"""The link repository: proposed links, their evidence, HR decisions."""

from __future__ import annotations

from sqlalchemy.orm import Session


class LinkRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
