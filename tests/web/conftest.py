"""A seeded database for the web tests: the bundled sample and the five real documents.

Read-only tests share one SQLite file per session (``seeded``); tests that import get a
fresh database of their own (``fresh``). Tests of people, accounts and roles share one database
per module holding the sample and the people cast (``cast_site``). The unit of work carries the
draft store. The browser fixtures (``server``, ``browser``, ``page``) come from browser.py.

No database is migrated here: each starts as a copy of the migrated template of
tests/integration/conftest.py, or of a database this process already filled with the same
documents (``make_site``), so that the sample and the seeds are imported once per process.
"""

from __future__ import annotations

import atexit
import hashlib
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services import auth
from parcours.services.auth import SYSTEM
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.settings import Settings
from parcours.store.db import create_engine_for
from parcours.store.uow import SqlUnitOfWork, make_session_factory
from parcours.web.app import create_app
from tests.conftest import seed_path
from tests.integration.conftest import (
    copy_migrated_sqlite,
    engine,
    postgres_schema,
    postgres_server,
    session_factory,
)
from tests.people_cast import PASSWORD, login, populate
from tests.web.browser import browser, chromium, page, server

__all__ = [
    "browser",
    "chromium",
    "engine",
    "page",
    "postgres_schema",
    "postgres_server",
    "server",
    "session_factory",
]

SEEDS = ("000", "001", "002", "003", "004")


def seed_files(*prefixes: str) -> list[tuple[str, bytes]]:
    return [(seed_path(p).name, seed_path(p).read_bytes()) for p in prefixes or SEEDS]


def drafting_factory(factory: sessionmaker[Session]) -> UowFactory:
    def make() -> UnitOfWork:
        return SqlUnitOfWork(factory)

    return make


@dataclass
class Site:
    """A database, its unit-of-work factory and an app on it."""

    url: str
    engine: Engine
    uow: UowFactory
    client: TestClient

    def referential_id(self, prefix: str) -> str:
        ids: list[str] = [r["id"] for r in self.client.get("/api/v1/referentials").json()]
        return next(i for i in ids if i.startswith(prefix))


# The databases made by make_site in this process, by what they hold: a site asking for the
# same documents (and the same cast) again gets a byte copy instead of importing them again.
_MADE: dict[str, Path] = {}
_MADE_DIR: Path | None = None


def _content_key(files: list[tuple[str, bytes]], cast: bool) -> str:
    digest = hashlib.sha256(b"cast" if cast else b"plain")
    for name, data in files:
        digest.update(hashlib.sha256(name.encode()).digest())
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def _remember(key: str, path: Path) -> None:
    global _MADE_DIR
    if _MADE_DIR is None:
        _MADE_DIR = Path(tempfile.mkdtemp(prefix="parcours-sites-"))
        atexit.register(shutil.rmtree, _MADE_DIR, True)
    kept = _MADE_DIR / f"{key}.db"
    # The backup API: a consistent copy of the database, its write-ahead log included.
    source, target = sqlite3.connect(path), sqlite3.connect(kept)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    _MADE[key] = kept


def make_site(path: Path, files: list[tuple[str, bytes]], *, cast: bool = False) -> Site:
    """A SQLite database at ``path`` holding these documents, imported (and the people cast of
    tests/people_cast.py with ``cast``), and an app on it. The first site of a process with
    given contents imports them; the next ones start from a copy of its database."""
    key = _content_key(files, cast) if files or cast else None
    made = _MADE.get(key) if key else None
    if made is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(made, path)
    else:
        copy_migrated_sqlite(path)
    site = site_on(path)
    if key and made is None:
        if files:
            report = import_documents(site.uow, files)
            assert report.ok, [f.error for f in report.failed]
        if cast:
            populate(site.uow)
        _remember(key, path)
    return site


def site_on(path: Path) -> Site:
    """An app on the SQLite database at ``path``, as it is."""
    url = f"sqlite:///{path}"
    db = create_engine_for(url)
    uow = drafting_factory(make_session_factory(db))
    client = TestClient(create_app(Settings.from_environment(database_url=url), uow))
    return Site(url, db, uow, client)


def make_cast_site(path: Path, *seeds: str) -> Site:
    """A site holding the bundled sample, these seed documents (none by default) and the people
    cast of tests/people_cast.py, its accounts included."""
    files = [(SAMPLE_NAME, sample_bytes()), *(seed_files(*seeds) if seeds else [])]
    return make_site(path, files, cast=True)


# An HR account any site can get (``ensure_hr``): the tests of the catalogue administration
# (imports, link review) act as it.
HR_LOGIN = "rh.tests"


def ensure_hr(site: Site) -> str:
    """The HR test account on this site, made the first time it is asked for: its login."""
    with site.uow() as uow:
        exists = uow.accounts.get(HR_LOGIN) is not None
    if not exists:
        auth.create_account(site.uow, SYSTEM, login=HR_LOGIN, roles=["hr"], password=PASSWORD)
    return HR_LOGIN


def hr_bearer(site: Site) -> dict[str, str]:
    """Headers of an API call as the HR test account (a bearer token: no CSRF token needed)."""
    token = auth.create_api_token(site.uow, SYSTEM, ensure_hr(site), "tests", days=1)
    return {"Authorization": f"Bearer {token}"}


def sign_in_hr(site: Site) -> str:
    """Sign the site's client in as the HR test account; returns the CSRF token for forms."""
    return login(site.client, ensure_hr(site))


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    site = make_site(
        tmp_path_factory.mktemp("web") / "seeded.db",
        [(SAMPLE_NAME, sample_bytes()), *seed_files()],
    )
    yield site
    site.engine.dispose()


@pytest.fixture
def client(seeded: Site) -> TestClient:
    seeded.client.cookies.clear()
    return seeded.client


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Site]:
    """A database holding only the bundled sample: for tests that import."""
    site = make_site(tmp_path / "fresh.db", [(SAMPLE_NAME, sample_bytes())])
    yield site
    site.engine.dispose()


@pytest.fixture(scope="module")
def cast_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The sample and the people cast, shared by the tests of one module."""
    site = make_cast_site(tmp_path_factory.mktemp("cast") / "cast.db")
    yield site
    site.engine.dispose()


@pytest.fixture
def cast_client(cast_site: Site) -> TestClient:
    cast_site.client.cookies.clear()
    return cast_site.client
