"""Migrated databases for the store tests: a SQLite file, and a PostgreSQL schema.

Every test gets a database of its own state: nothing another test wrote is visible.

- SQLite: the migrations run once per process (pytest-xdist worker) into a template file,
  and each test gets a byte copy of it in ``tmp_path`` (milliseconds, where the migrations
  take about a second).
- PostgreSQL: each process migrates one uniquely named schema once (``search_path`` set per
  connection); before each test every table of it is emptied (``TRUNCATE ... RESTART
  IDENTITY``, the audit log's guard unlocked for that statement only), so each test starts
  from the freshly migrated state. A test that changed the schema itself (the migration tests
  go down and up again) is detected by a fingerprint of the schema's catalogue (objects by
  identifier, columns, the Alembic revision) and the schema is rebuilt from scratch for the
  next test. The schema is dropped when the process ends.

The server is ``PARCOURS_TEST_POSTGRES_URL`` (default: the local ``test`` database).
When it cannot be reached the PostgreSQL tests are skipped with the reason, except
under ``CI=true``, where that is a failure.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from parcours.store.db import create_engine_for, migrate
from parcours.store.uow import make_session_factory
from tests import corpus

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


# --- SQLite: one migrated template file per process, copied for each database -------------

_SQLITE_TEMPLATE: Path | None = None


def sqlite_template() -> Path:
    """A SQLite file migrated to the head revision, made once per process."""
    global _SQLITE_TEMPLATE
    if _SQLITE_TEMPLATE is None:
        folder = Path(tempfile.mkdtemp(prefix="parcours-template-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "template.db"
        engine = create_engine_for(f"sqlite:///{path}")
        try:
            migrate(engine)
        finally:
            engine.dispose()
        # Everything in the main file (no -wal beside it), so that a byte copy is complete.
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        _SQLITE_TEMPLATE = path
    return _SQLITE_TEMPLATE


def copy_migrated_sqlite(path: Path) -> None:
    """A freshly migrated SQLite database at ``path`` (its folder created): a copy of the
    process's template, the same bytes ``migrate`` would have written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sqlite_template(), path)


def sqlite_engine(folder: Path) -> Generator[Engine, None, None]:
    path = folder / "store" / "parcours.db"
    copy_migrated_sqlite(path)
    engine = create_engine_for(f"sqlite:///{path}")
    try:
        yield engine
    finally:
        engine.dispose()


# --- PostgreSQL -----------------------------------------------------------------------------


def _schema_url(server_url: str, schema: str) -> str:
    url = make_url(server_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def postgres_engine(server_url: str) -> Generator[Engine, None, None]:
    """A schema of its own, migrated, dropped afterwards (for module-scoped databases)."""
    schema = f"parcours_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine_for(_schema_url(server_url, schema))
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# Everything a test could change in the schema's structure, by identifier: a table or index
# dropped and made again (the migration tests) gets a new oid and changes the fingerprint.
_FINGERPRINT = """
SELECT md5(coalesce(string_agg(item, ',' ORDER BY item), '')) FROM (
  SELECT concat_ws(':', 'c', c.oid, c.relname, c.relkind) AS item
    FROM pg_class c WHERE c.relnamespace = to_regnamespace(:schema)
  UNION ALL
  SELECT concat_ws(':', 'a', a.attrelid, a.attname, a.atttypid, a.atttypmod, a.attnum,
                   a.attisdropped, a.attnotnull, a.atthasdef)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
   WHERE c.relnamespace = to_regnamespace(:schema) AND a.attnum > 0
  UNION ALL
  SELECT concat_ws(':', 'k', k.oid) FROM pg_constraint k
   WHERE k.connamespace = to_regnamespace(:schema)
  UNION ALL
  SELECT concat_ws(':', 't', t.oid, t.tgenabled) FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = to_regnamespace(:schema)
  UNION ALL
  SELECT concat_ws(':', 'p', p.oid) FROM pg_proc p
   WHERE p.pronamespace = to_regnamespace(:schema)
  UNION ALL
  SELECT concat_ws(':', 'd', d.oid) FROM pg_attrdef d
    JOIN pg_class c ON c.oid = d.adrelid WHERE c.relnamespace = to_regnamespace(:schema)
) AS catalogue
"""


_FOREIGN_KEYS = """
SELECT child.relname, parent.relname FROM pg_constraint k
  JOIN pg_class child ON child.oid = k.conrelid JOIN pg_class parent ON parent.oid = k.confrelid
 WHERE k.contype = 'f' AND k.connamespace = to_regnamespace(:schema)
"""


def _children_first(tables: list[str], edges: list[tuple[str, str]]) -> list[str]:
    """The tables in an order where each comes before the tables it references."""
    referenced_by: dict[str, set[str]] = {t: set() for t in tables}
    for child, parent in edges:
        if child != parent:
            referenced_by[parent].add(child)
    ordered: list[str] = []
    placed: set[str] = set()

    def place(table: str, path: frozenset[str]) -> None:
        if table in placed or table in path:
            return
        for child in sorted(referenced_by[table]):
            place(child, path | {table})
        placed.add(table)
        ordered.append(table)

    for table in tables:
        place(table, frozenset())
    return ordered


class PostgresSchema:
    """One migrated schema for the tests of a process, brought back to its freshly migrated
    state before each test: the tables a test filled are emptied (DELETE: a TRUNCATE of every
    table costs a second, new files for each table and index), the sequences it used are set
    back, and the rows the migrations wrote (the audit chain's head) are written again."""

    def __init__(self, server_url: str) -> None:
        self.schema = f"parcours_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.url = _schema_url(server_url, self.schema)
        self.admin = create_engine(server_url)
        self.fingerprint = ""
        self.tables: list[str] = []  # quoted, children first
        self.probe = ""
        self.migrated_rows: list[tuple[str, str, list[dict[str, Any]]]] = []
        self.migrated_sequences: dict[str, tuple[int, bool]] = {}
        self.clean = False
        self._build()

    def _build(self) -> None:
        with self.admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        engine = create_engine_for(self.url)
        try:
            migrate(engine)
        finally:
            engine.dispose()
        quoted = f'"{self.schema}"'
        with self.admin.connect() as connection:
            names = list(
                connection.execute(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = :schema "
                        "AND tablename <> 'alembic_version' ORDER BY tablename"
                    ),
                    {"schema": self.schema},
                ).scalars()
            )
            edges = [
                (child, parent)
                for child, parent in connection.execute(
                    text(_FOREIGN_KEYS), {"schema": self.schema}
                ).all()
            ]
            self.tables = [f'{quoted}."{t}"' for t in _children_first(names, edges)]
            self.migrated_rows = []
            for table in self.tables:
                rows = [
                    dict(r) for r in connection.execute(text(f"SELECT * FROM {table}")).mappings()
                ]
                if rows:
                    columns = ", ".join(f'"{c}"' for c in rows[0])
                    values = ", ".join(f":{c}" for c in rows[0])
                    insert = f"INSERT INTO {table} ({columns}) VALUES ({values})"
                    self.migrated_rows.append((table, insert, rows))
            self.migrated_sequences = {
                name: (int(value), True)
                for name, value in connection.execute(
                    text(
                        "SELECT sequencename, last_value FROM pg_sequences "
                        "WHERE schemaname = :schema AND last_value IS NOT NULL"
                    ),
                    {"schema": self.schema},
                ).all()
            }
        filled = " UNION ALL ".join(
            f"SELECT {i} WHERE EXISTS (SELECT 1 FROM {t})" for i, t in enumerate(self.tables)
        )
        self.probe = filled
        self.fingerprint = self._fingerprint()
        self.clean = True

    def _fingerprint(self) -> str:
        with self.admin.connect() as connection:
            found = connection.execute(text(_FINGERPRINT), {"schema": self.schema}).scalar()
            revisions = connection.execute(
                text(f'SELECT version_num FROM "{self.schema}".alembic_version')
            ).scalars()
            return f"{found}:{sorted(revisions)}"

    def fresh(self) -> str:
        """The schema's URL, holding the freshly migrated state and nothing else."""
        if self.clean:
            self.clean = False
            return self.url
        try:
            unchanged = self._fingerprint() == self.fingerprint
        except SQLAlchemyError:
            unchanged = False
        if not unchanged:
            self._build()
            self.clean = False
            return self.url
        with self.admin.begin() as connection:
            filled = set(connection.execute(text(self.probe)).scalars())
            used = connection.execute(
                text(
                    "SELECT sequencename, start_value, last_value FROM pg_sequences "
                    "WHERE schemaname = :schema AND last_value IS NOT NULL"
                ),
                {"schema": self.schema},
            ).all()
            connection.execute(text("SET LOCAL lock_timeout = '60s'"))
            # The audit log's guard lets a deletion through only when unlocked (0009).
            connection.execute(text("SET LOCAL parcours.audit_unlocked = 'on'"))
            for i, table in enumerate(self.tables):
                if i in filled:
                    connection.execute(text(f"DELETE FROM {table}"))
            for name, start, last in used:
                position = self.migrated_sequences.get(name, (int(start), False))
                if position != (int(last), True):
                    connection.execute(
                        text("SELECT setval(:sequence, :value, :called)"),
                        {
                            "sequence": f'{quoted_name(self.schema)}."{name}"',
                            "value": position[0],
                            "called": position[1],
                        },
                    )
            for _table, insert, rows in self.migrated_rows:
                connection.execute(text(insert), rows)
        return self.url

    def drop(self) -> None:
        with self.admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
        self.admin.dispose()


def quoted_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@pytest.fixture(scope="session")
def postgres_schema(postgres_server: str) -> Iterator[PostgresSchema]:
    schema = PostgresSchema(postgres_server)
    yield schema
    schema.drop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A freshly migrated database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield from sqlite_engine(tmp_path)
        return
    schema: PostgresSchema = request.getfixturevalue("postgres_schema")
    engine = create_engine_for(schema.fresh())
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


# --- The reference corpus (tests/corpus.py): the seeds, ROME 4.0 and ESCO, built once a run ---


@dataclass(frozen=True)
class CorpusCopy:
    """A database of the test's own holding a copy of the reference corpus."""

    engine: Engine
    build: corpus.Build


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def reference_corpus(
    request: pytest.FixtureRequest, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CorpusCopy]:
    """The reference corpus, once on SQLite and once on PostgreSQL, in a copy of the test's own."""
    root = corpus.run_root(tmp_path_factory)
    if request.param == "sqlite":
        path = tmp_path / "store" / "corpus.db"
        build = corpus.sqlite_copy(root, path)
        engine = create_engine_for(f"sqlite:///{path}")
        try:
            yield CorpusCopy(engine, build)
        finally:
            engine.dispose()
        return
    server: str = request.getfixturevalue("postgres_server")
    with corpus.postgres_copy(root, server) as (url, build):
        engine = create_engine_for(url)
        try:
            yield CorpusCopy(engine, build)
        finally:
            engine.dispose()
