"""Contact-centre request themes (table request_theme)."""

from __future__ import annotations

from sqlalchemy.orm import Session


class ThemeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
