"""Persistence: versioned referential snapshots in SQLite or PostgreSQL.

Only the repository, the unit of work and the engine helpers are public; the ORM row
classes of ``parcours.store.models`` stay inside this package.
"""

from parcours.store.db import create_engine_for, migrate
from parcours.store.repository import (
    ImportLogEntry,
    ImportStatus,
    ReferentialRepository,
    ReferentialSummary,
    VersionInfo,
    VersionStatus,
)
from parcours.store.uow import SqlUnitOfWork, make_session_factory

__all__ = [
    "ImportLogEntry",
    "ImportStatus",
    "ReferentialRepository",
    "ReferentialSummary",
    "SqlUnitOfWork",
    "VersionInfo",
    "VersionStatus",
    "create_engine_for",
    "make_session_factory",
    "migrate",
]
