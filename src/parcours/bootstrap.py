"""Wiring: settings -> engine -> migrated schema -> unit-of-work factory.

The only place that knows both the store and the services; the CLI and the web app
call it once at start-up and then talk to the services only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from parcours.domain.errors import BusyError
from parcours.services import search
from parcours.services.ports import UnitOfWork
from parcours.settings import Settings
from parcours.store.busy import busy_error, is_busy
from parcours.store.db import create_engine_for, migrate
from parcours.store.uow import SqlUnitOfWork, make_session_factory

if TYPE_CHECKING:  # the import pipeline is not needed to open a database
    from parcours.services.ports import UowFactory


def build_uow_factory(settings: Settings) -> UowFactory:
    """Create the engine, bring the schema to the latest migration, return a UoW factory."""
    engine = create_engine_for(settings.database_url, busy_timeout=settings.busy_timeout_seconds)
    return prepare(engine, pseudonym_salt=settings.pseudonym_salt)


def prepare(engine: Engine, *, pseudonym_salt: str | None = None) -> UowFactory:
    """Migrate ``engine``'s database to the latest schema, index the referentials a migration
    from an old revision left unindexed, and return a UoW factory on it."""
    migrate(engine, pseudonym_salt=pseudonym_salt)
    session_factory = make_session_factory(engine)

    def factory() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    search.reindex_missing(factory)
    return factory


def busy_database(exc: DBAPIError) -> BusyError | None:
    """The ``BusyError`` a database exception stands for when another writer holds the lock
    (what an entry point answers with a 503), else None: the store's knowledge, told here so
    that the web layer needs no store import."""
    return busy_error(exc) if is_busy(exc) else None
