"""Shared fixtures: where the real documents are, and how to read them.

The real documents live outside the repository, in the folder named by
``PARCOURS_SHARED_DIR`` (default: ``../shared`` beside the checkout).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Any, Protocol

import pytest
from sqlalchemy import Engine, event

from parcours.domain.draft import ImportDraft
from parcours.ingest.limits import DEFAULT_LIMITS, Limits

REPO_ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # A pseudonym key of the tests' own: `parcours serve` and `people import` refuse the public
    # key of the demo (tests/web/test_operations.py checks the refusal with the demo's key).
    os.environ.setdefault("PARCOURS_PSEUDONYM_SALT", "cle-des-tests-de-parcours-0123456789")
    # The sentence encoder reads ~100 tokens a job text in milliseconds each: the hundreds of
    # imports of the suite run the lexical engine, and tests/*/test_semantic*.py switch the
    # bundled encoder on where they test it.
    os.environ.setdefault("PARCOURS_SEMANTIC", "off")
    # Argon2id at its production cost (64 MiB, 3 passes) takes a quarter of a second per hash,
    # seconds on a loaded CI machine, and the tests create hundreds of accounts: they hash with a
    # cheap setting. The production parameters are checked by tests/unit/services/test_auth.py.
    from argon2 import PasswordHasher

    from parcours.services import auth

    auth.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    # Every commit of the tests' databases waits for no disk flush: a flush costs 3 to 4 ms on
    # the development machine, and the suite commits tens of thousands of times. Only the
    # connections the test processes open are concerned (a server started as a subprocess
    # keeps the product's settings); what a connection reads and writes is unchanged, only
    # the durability of the last commits after a crash of the machine, which no test checks.
    event.listen(Engine, "connect", _no_flush_at_commit)
    # Hundreds of tests import the same small documents (the sample, the five seeds) on both
    # databases: each is parsed once per process, and every import gets its own deep copy of
    # the draft. Parsing is pure (bytes, file name and limits in, draft out; a refusal is
    # raised again each time, never kept).
    from parcours.services import imports

    # The name imports.py calls, imported there from ingest.pipeline (not re-exported): it is
    # the one to replace for the imports to go through the cache.
    imports.parse_document = _parsed_once(imports.parse_document)  # type: ignore[attr-defined]


def pytest_sessionfinish(session: pytest.Session) -> None:
    # The reference corpus's PostgreSQL database (tests/corpus.py) is shared by the run's
    # workers: the process that started them drops it, once they are all done.
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    factory: pytest.TempPathFactory | None = getattr(session.config, "_tmp_path_factory", None)
    if factory is None:
        return
    from tests import corpus
    from tests.integration.conftest import postgres_url

    corpus.drop_postgres(factory.getbasetemp(), postgres_url())


# Above this size a document is parsed at each import: a deep copy of a large draft costs about
# as much as parsing it (ROME 4.0: 2 s to parse, 8 s to copy).
PARSED_ONCE_MAX_BYTES = 1024 * 1024


class Parse(Protocol):
    """``parse_document``'s signature, its default limits included."""

    def __call__(self, data: bytes, filename: str, limits: Limits = ...) -> ImportDraft: ...


def _parsed_once(parse: Parse) -> Parse:
    parsed: dict[tuple[str, str, Limits], ImportDraft] = {}

    @functools.wraps(parse)
    def parse_document(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> ImportDraft:
        if len(data) > PARSED_ONCE_MAX_BYTES:
            return parse(data, filename, limits)
        key = (filename, hashlib.sha256(data).hexdigest(), limits)
        if key not in parsed:
            draft = parse(data, filename, limits)
            parsed[key] = copy.deepcopy(draft)
            return draft
        return copy.deepcopy(parsed[key])

    return parse_document


def _no_flush_at_commit(dbapi_connection: Any, _record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous=OFF")
        return
    if getattr(dbapi_connection, "pgconn", None) is None:
        return  # not psycopg: left as it is
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        dbapi_connection.execute("SET synchronous_commit TO off")
    finally:
        dbapi_connection.autocommit = autocommit


def shared_dir() -> Path:
    return Path(os.environ.get("PARCOURS_SHARED_DIR", REPO_ROOT.parent / "shared")).resolve()


def seed_path(prefix: str) -> Path:
    """The seed document whose file name starts with ``prefix`` ("000" ... "004")."""
    matches = sorted((shared_dir() / "seeds").glob(f"{prefix}*"))
    if not matches:
        raise FileNotFoundError(f"no seed {prefix}* in {shared_dir() / 'seeds'}")
    return matches[0]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = shared_dir() / "seeds"
    if not path.is_dir():
        pytest.fail(f"the seed documents are missing: {path} (set PARCOURS_SHARED_DIR)")
    return path


@pytest.fixture(scope="session")
def all_seed_paths(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"))
