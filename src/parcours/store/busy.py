"""A database busy with another writer: telling it apart, and the locks of long writers.

SQLite has one writer at a time: a statement waits ``busy_timeout`` (setting
``busy_timeout_seconds``) for the write lock, then fails with "database is locked". PostgreSQL
writers wait on row locks; two imports of the same referential would both write version N+1 and
the second would fail on the unique key. Both become ``BusyError`` (HTTP 503 with Retry-After,
exit code 2), and imports take ``exclusive`` first so a second one is told another is running.
"""

from __future__ import annotations

import time
import zlib

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from parcours.domain.errors import BusyError

# PostgreSQL SQLSTATEs of a busy database: lock_not_available, deadlock_detected,
# serialization_failure, query_canceled (statement or lock timeout).
BUSY_STATES = frozenset({"55P03", "40P01", "40001", "57014"})
POLL = 0.05


def is_busy(exc: DBAPIError) -> bool:
    original = exc.orig
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if state in BUSY_STATES:
        return True
    if isinstance(exc, OperationalError):
        message = str(original).lower()
        return "database is locked" in message or "database table is locked" in message
    return False


def busy_error(exc: DBAPIError | None = None) -> BusyError:
    return BusyError(
        "base de données occupée par une autre écriture (un import, une purge…) : rien n'a été "
        "enregistré, réessayez dans quelques secondes"
    )


def lock_key(name: str) -> int:
    """A stable 31-bit key for PostgreSQL's advisory locks (with the schema as the second key:
    two parcours databases in two schemas of one server do not block each other)."""
    return zlib.crc32(f"parcours:{name}".encode()) & 0x7FFFFFFF


def exclusive(session: Session, name: str, *, wait: float | None = None) -> None:
    """Take the lock ``name`` for the rest of the transaction, or BusyError after ``wait``
    seconds (default: the engine's busy timeout)."""
    from parcours.store.db import BUSY_TIMEOUTS, DEFAULT_BUSY_TIMEOUT

    bind = session.get_bind()
    if wait is None:
        engine = getattr(bind, "engine", bind)
        wait = BUSY_TIMEOUTS.get(engine, DEFAULT_BUSY_TIMEOUT)  # type: ignore[arg-type]
    dialect = bind.dialect.name
    if dialect == "postgresql":
        deadline = time.monotonic() + wait
        key = lock_key(name)
        query = text("SELECT pg_try_advisory_xact_lock(:k, hashtext(current_schema()))")
        while not session.scalar(query, {"k": key}):
            if time.monotonic() >= deadline:
                raise running(name)
            time.sleep(POLL)
        return
    if dialect == "sqlite":
        # A write takes SQLite's write lock at once (waiting busy_timeout for it): from here
        # on this transaction is the only writer until it ends.
        try:
            session.execute(text("DELETE FROM app_secret WHERE 0"))
        except OperationalError as exc:
            if is_busy(exc):
                raise running(name) from exc
            raise


def running(name: str) -> BusyError:
    what = "un autre import est en cours" if name == "import" else f"« {name} » est en cours"
    return BusyError(f"{what} : réessayez quand il sera terminé")
