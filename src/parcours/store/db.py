"""Engines and schema migrations; nothing here runs at import time."""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


DEFAULT_BUSY_TIMEOUT = 5.0
# How long each engine's writers wait for the database (store/busy.py reads it).
BUSY_TIMEOUTS: weakref.WeakKeyDictionary[Engine, float] = weakref.WeakKeyDictionary()


def create_engine_for(url: str, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL, a busy timeout (how long a
    statement waits for another writer before "database is locked"), the audit log's guard
    functions and its parent folder created."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_pre_ping=True)
        BUSY_TIMEOUTS[engine] = busy_timeout
        return engine
    _create_parent_folder(parsed.database)
    engine = create_engine(url)
    BUSY_TIMEOUTS[engine] = busy_timeout
    milliseconds = max(1, int(busy_timeout * 1000))

    def configure(dbapi_connection: Any, record: Any) -> None:
        _configure_sqlite(dbapi_connection, record, milliseconds)

    event.listen(engine, "connect", configure)
    event.listen(engine, "checkin", _lock_audit)
    return engine


def _create_parent_folder(database: str | None) -> None:
    # In-memory databases and URI file names ("file:...?mode=ro") have no folder to create.
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(dbapi_connection: Any, record: Any, busy_milliseconds: int = 5000) -> None:
    # SQLite leaves foreign keys off per connection; WAL lets readers work beside one writer.
    # secure_delete: deleted and overwritten content is zeroed in the file, not left in free
    # pages (an erasure must not stay readable in the database file; docs/rgpd.md).
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_milliseconds)}")
    finally:
        cursor.close()
    # The audit log's triggers (migration 0009_operations) call parcours_audit_unlocked():
    # false unless store/audit.py unlocked this connection for an erasure or a purge. A
    # connection without these functions (another tool) cannot change the log at all.
    state = [0]

    def unlock(value: Any) -> int:
        state[0] = 1 if value else 0
        return state[0]

    dbapi_connection.create_function("parcours_audit_unlocked", 0, lambda: state[0])
    dbapi_connection.create_function("parcours_audit_unlock", 1, unlock)
    if record is not None:
        record.info["parcours_audit_unlock"] = unlock


def _lock_audit(_dbapi_connection: Any, record: Any) -> None:
    unlock = record.info.get("parcours_audit_unlock") if record is not None else None
    if unlock is not None:
        unlock(0)


def alembic_config() -> Config:
    """The Alembic configuration of the package, built in code (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def migrate(engine_or_url: Engine | str, *, pseudonym_salt: str | None = None) -> None:
    """Bring the database schema to the latest revision; running it again changes nothing.

    ``pseudonym_salt`` is for the data migrations that derive pseudonyms (0008: assessors
    stored by HR identifier); without it they read the ``PARCOURS_PSEUDONYM_SALT`` setting."""
    engine = create_engine_for(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    try:
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            if pseudonym_salt is not None:
                config.attributes["pseudonym_salt"] = pseudonym_salt
            command.upgrade(config, "head")
    finally:
        if isinstance(engine_or_url, str):
            engine.dispose()
