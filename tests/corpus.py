"""The reference corpus: the five seeds, ROME 4.0 and ESCO imported and La Banque Postale's job
links proposed, built once per test run and per database, and copied for each test using it.

Importing ROME 4.0 and ESCO takes about 30 s a database on the 2-core machine: the tests of
those imports, of the crosswalks and of the crosswalks page read what one build wrote instead
of importing them again each (they were five ROME and three ESCO imports). The first process
(pytest-xdist worker) needing a database's corpus builds it under a file lock in the run's
shared temporary folder while the others wait, then every test gets its own copy: a byte copy
of the SQLite file, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL. What the build did (the
import report, the command line's output, the proposals made) is kept beside it for the tests
that check the imports themselves. A failed build is kept too and reported by every test that
needs it, instead of being tried again.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import os
import pickle
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from parcours.cli import app
from parcours.domain.access import Principal, Role
from parcours.domain.links import LinkKind
from parcours.services import links
from parcours.services.imports import ImportReport, bundle_members, import_documents
from parcours.services.ports import UnitOfWork
from parcours.store.db import create_engine_for, migrate
from parcours.store.uow import SqlUnitOfWork, make_session_factory
from tests.conftest import seed_path
from tests.ingest.test_esco import esco_path
from tests.ingest.test_rome import FOLDER as ROME_FOLDER
from tests.ingest.test_rome import rome_files

SEEDS = ("000", "001", "002", "003", "004")
LBP = "La Banque Postale"
HR = Principal(account="rh", roles=frozenset({Role.HR}))
POSTGRES_PREFIX = "parcours_corpus_"


@dataclass(frozen=True)
class Build:
    """What building the corpus did, for the tests of the imports themselves."""

    report: ImportReport  # the seeds and ROME 4.0, imported together as one call
    esco_output: str  # `parcours import <ESCO folder>`
    proposed: int  # La Banque Postale's new job links
    propose_seconds: float


def run_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder every process of this run shares (the workers' folders are in it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def postgres_name(root: Path) -> str:
    """The name of the run's corpus database on the server (one run, one name)."""
    return POSTGRES_PREFIX + hashlib.sha256(str(root).encode()).hexdigest()[:12]


def _database_url(server_url: str, database: str) -> str:
    return make_url(server_url).set(database=database).render_as_string(hide_password=False)


@contextmanager
def _admin(server_url: str) -> Iterator[Engine]:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        yield admin
    finally:
        admin.dispose()


def _fill(url: str) -> Build:
    """Imports the corpus into the empty migrated database at ``url``."""
    engine = create_engine_for(url)
    try:
        session_factory = make_session_factory(engine)

        def uow() -> UnitOfWork:
            return SqlUnitOfWork(session_factory)

        seeds = [(seed_path(p).name, seed_path(p).read_bytes()) for p in SEEDS]
        rome = {name: rome_files()[name] for name in bundle_members(rome_files())}
        report = import_documents(uow, seeds, bundles=[(ROME_FOLDER, rome)])
        if not report.ok:
            raise AssertionError([f.error for f in report.failed])
        esco = CliRunner().invoke(app, ["import", str(esco_path()), "--database-url", url])
        if esco.exit_code != 0:
            raise AssertionError(esco.output)
        start = time.perf_counter()
        outcome = links.propose_links(uow, HR, source=LBP, kind=LinkKind.JOB)
        seconds = time.perf_counter() - start
        return Build(report, esco.output, outcome.total("new"), seconds)
    finally:
        engine.dispose()


def _build_sqlite(folder: Path) -> Build:
    # Imported here: tests/integration/conftest.py imports this module.
    from tests.integration.conftest import copy_migrated_sqlite

    path = folder / "corpus.db"
    copy_migrated_sqlite(path)
    build = _fill(f"sqlite:///{path}")
    gc.collect()  # the command line's engine (the ESCO import) and its pooled connection
    # Everything in the main file (no -wal beside it), so that a byte copy is complete.
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return build


def _build_postgres(server_url: str, database: str) -> Build:
    with _admin(server_url) as admin, admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    url = _database_url(server_url, database)
    engine = create_engine_for(url)
    try:
        migrate(engine)
    finally:
        engine.dispose()
    build = _fill(url)
    # A template must have no session open: the command line's engine (the ESCO import) may
    # keep its pooled connection until the garbage collector frees it.
    gc.collect()
    with _admin(server_url) as admin, admin.connect() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": database},
        )
    return build


def _built(folder: Path, make: Callable[[], Build]) -> Build:
    """The build kept in ``folder``, made by ``make`` under the folder's lock if none is."""
    folder.mkdir(parents=True, exist_ok=True)
    done, failed = folder / "build.pickle", folder / "failed.txt"
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists() and not failed.exists():
            try:
                build = make()
            except Exception as exc:
                failed.write_text(f"{exc.__class__.__name__}: {exc}", "utf-8")
                raise
            done.write_bytes(pickle.dumps(build))
    if failed.exists():
        pytest.fail(f"building the reference corpus failed: {failed.read_text('utf-8')}")
    loaded: Build = pickle.loads(done.read_bytes())
    return loaded


def sqlite_copy(root: Path, path: Path) -> Build:
    """A copy of the run's SQLite corpus at ``path`` (built first if no process has)."""
    folder = root / "corpus-sqlite"
    build = _built(folder, lambda: _build_sqlite(folder))
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(folder / "corpus.db", path)
    return build


@contextmanager
def postgres_copy(root: Path, server_url: str) -> Iterator[tuple[str, Build]]:
    """The URL of a database of its own holding a copy of the run's PostgreSQL corpus, dropped
    afterwards."""
    template = postgres_name(root)
    build = _built(root / "corpus-postgresql", lambda: _build_postgres(server_url, template))
    copy = f"{POSTGRES_PREFIX}copy_{uuid.uuid4().hex[:12]}"
    with _admin(server_url) as admin:
        with admin.connect() as connection:
            connection.execute(
                text(f'CREATE DATABASE "{copy}" TEMPLATE "{template}" STRATEGY FILE_COPY')
            )
        try:
            yield _database_url(server_url, copy), build
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)'))


def drop_postgres(root: Path, server_url: str) -> None:
    """Drops the run's PostgreSQL corpus, if one was built (at the end of the run)."""
    if not (root / "corpus-postgresql" / "build.pickle").exists():
        return
    with _admin(server_url) as admin, admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{postgres_name(root)}" WITH (FORCE)'))
