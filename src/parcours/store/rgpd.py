"""What the RGPD use cases need across every personal-data table: export, erasure, retention."""

from __future__ import annotations

from sqlalchemy.orm import Session


class RgpdRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
