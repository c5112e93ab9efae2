"""Liveness and readiness for the load balancer and the orchestrator (``/healthz``,
``/readyz``): like bootstrap, the one place besides it that knows the store."""

from __future__ import annotations

from dataclasses import dataclass

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.orm import Session

from parcours.services.ports import UowFactory
from parcours.store.db import alembic_config


@dataclass(frozen=True, slots=True)
class Readiness:
    ready: bool
    database: str  # "ok" or the reason it cannot be reached
    revision: str | None  # the database's schema revision
    head: str | None  # the code's latest revision


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def readiness(uow_factory: UowFactory) -> Readiness:
    """The database answers and its schema is at the code's latest migration."""
    head = head_revision()
    try:
        with uow_factory() as uow:
            session: Session = uow.session  # type: ignore[attr-defined]
            session.execute(text("SELECT 1"))
            revision = session.scalar(text("SELECT version_num FROM alembic_version"))
    except Exception as exc:  # any failure to reach the database means "not ready"
        return Readiness(False, f"{type(exc).__name__}: {exc}"[:300], None, head)
    revision = str(revision) if revision is not None else None
    return Readiness(revision == head, "ok", revision, head)
