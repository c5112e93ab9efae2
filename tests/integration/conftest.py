"""Migrated databases for the store tests: a SQLite file, and a PostgreSQL schema.

Every test gets its own database: a fresh SQLite file in ``tmp_path``, or a fresh,
uniquely named schema on the PostgreSQL server (``search_path`` set per connection),
dropped afterwards. Schemas are cheaper than databases and safe under pytest-xdist.

The server is ``PARCOURS_TEST_POSTGRES_URL`` (default: the local ``test`` database).
When it cannot be reached the PostgreSQL tests are skipped with the reason, except
under ``CI=true``, where that is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from parcours.store.db import create_engine_for, migrate
from parcours.store.uow import make_session_factory

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_url() -> str:
    return os.environ.get("PARCOURS_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The server's URL once it answered; skips (fails under CI=true) when it does not."""
    url = postgres_url()
    engine = create_engine(url, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        shown = make_url(url).render_as_string(hide_password=True)
        reason = f"PostgreSQL not reachable at {shown}: {exc.__class__.__name__}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    finally:
        engine.dispose()
    return url


def sqlite_engine(folder: Path) -> Iterator[Engine]:
    # A sub-folder that does not exist yet: create_engine_for must create it.
    engine = create_engine_for(f"sqlite:///{folder / 'store' / 'parcours.db'}")
    migrate(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def postgres_engine(server_url: str) -> Iterator[Engine]:
    schema = f"parcours_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(server_url).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = create_engine_for(url.render_as_string(hide_password=False))
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A freshly migrated database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield from sqlite_engine(tmp_path)
    else:
        yield from postgres_engine(request.getfixturevalue("postgres_server"))


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)
