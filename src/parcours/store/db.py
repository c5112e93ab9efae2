"""Engines and schema migrations; nothing here runs at import time."""

from __future__ import annotations

import ast
import re
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:  # Alembic is imported only when a migration has to run (see ``migrate``)
    from alembic.config import Config

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
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def migrate(engine_or_url: Engine | str, *, pseudonym_salt: str | None = None) -> None:
    """Bring the database schema to the latest revision; running it again changes nothing.

    ``pseudonym_salt`` is for the data migrations that derive pseudonyms (0008: assessors
    stored by HR identifier); without it they read the ``PARCOURS_PSEUDONYM_SALT`` setting.

    A database already at the head revision is left as it is without loading Alembic (a
    third of a second of imports and script parsing at every start of the command line)."""
    engine = create_engine_for(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    try:
        heads = script_heads()
        if heads and applied_revisions(engine) == heads:
            return
        from alembic import command

        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            if pseudonym_salt is not None:
                config.attributes["pseudonym_salt"] = pseudonym_salt
            command.upgrade(config, "head")
    finally:
        if isinstance(engine_or_url, str):
            engine.dispose()


def script_heads() -> set[str]:
    """The head revisions of the package's migrations, read from the scripts' text (their
    ``revision`` and ``down_revision`` assignments) without importing Alembic; empty when a
    script cannot be read that way (Alembic then decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        try:
            found = dict(_REVISION_LINE.findall(script.read_text("utf-8")))
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found["down_revision"])
        except (OSError, KeyError, SyntaxError, ValueError):
            return set()
        if not isinstance(revision, str):
            return set()
        revisions.add(revision)
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list):
            parents.update(str(d) for d in down)
    return revisions - parents


# ``revision: str = "0003_search"``, ``down_revision: ... = ("a", "b")`` at the start of a line.
_REVISION_LINE = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*(.+?)\s*(?:#.*)?$", re.M)


def applied_revisions(engine: Engine) -> set[str]:
    """The revisions recorded in the database's ``alembic_version`` (empty without one)."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:
        return set()
    return {str(row[0]) for row in rows}
