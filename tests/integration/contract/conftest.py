"""The contract of each port, run on its in-memory store and on the SQL store.

``port_uow`` is a unit-of-work factory three times over: the fake of tests/unit/services (what
the service tests run on), SQLite and PostgreSQL (as tests/integration/conftest.py makes them).
A contract test writes through one unit of work, commits, and reads through another, so the
fake cannot drift from the store the services run on in production.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from parcours.services.ports import UnitOfWork, UowFactory
from parcours.store.db import create_engine_for
from parcours.store.uow import SqlUnitOfWork, make_session_factory
from tests.integration.conftest import PostgresSchema, sqlite_engine
from tests.unit.services.fakes import FakeStore, FakeUnitOfWork


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def port_uow(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[UowFactory]:
    if request.param == "memory":
        store = FakeStore()

        def fake() -> UnitOfWork:
            return FakeUnitOfWork(store)

        yield fake
        return
    # As tests/integration/conftest.py's ``engine``, which cannot be asked for one database.
    if request.param == "sqlite":
        engines = sqlite_engine(tmp_path)
        engine = next(engines)
    else:
        schema: PostgresSchema = request.getfixturevalue("postgres_schema")
        engine = create_engine_for(schema.fresh())
    factory = make_session_factory(engine)

    def sql() -> UnitOfWork:
        return SqlUnitOfWork(factory)

    yield sql
    engine.dispose()
