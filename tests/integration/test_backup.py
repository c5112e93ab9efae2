"""`parcours backup` / `parcours restore` (issue 12, « Operations »): a restore into an empty
database exports byte-identical JSON and its audit chain verifies, on SQLite (online backup
API, taken while a connection is open) and PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from parcours.bootstrap import build_uow_factory
from parcours.cli import app as cli_app
from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services import auth, people
from parcours.services.access import principal_of
from parcours.services.auth import SYSTEM
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork
from parcours.settings import Settings
from parcours.store.uow import SqlUnitOfWork
from tests.conftest import seed_path
from tests.people_cast import CAST, populate

runner = CliRunner()


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _export(url: str) -> bytes:
    result = runner.invoke(
        cli_app, ["export", "--format", "json", "-o", "-", "--database-url", url]
    )
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.fixture
def empty_target(engine: Engine, tmp_path: Path) -> Iterator[str]:
    """An empty database of the same kind: a SQLite path, or a new PostgreSQL database."""
    if engine.dialect.name == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'parcours.db'}"
        return
    url = engine.url
    name = f"parcours_restore_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url.difference_update_query(["options"]), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_restored_backup_exports_the_same_json(
    engine: Engine, session_factory: sessionmaker[Session], empty_target: str, tmp_path: Path
) -> None:
    def uow() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    files = [(SAMPLE_NAME, sample_bytes()), (seed_path("001").name, seed_path("001").read_bytes())]
    assert import_documents(uow, files).ok
    populate(uow)
    with uow() as u:
        account = u.accounts.get(CAST.hr)
        assert account is not None
        hr = principal_of(u, account, "cli")
    people.person_profile(uow, hr, "n-1")  # an audit event or two
    source = _url(engine)
    before = _export(source)
    backup = tmp_path / "sauvegarde.bak"
    with engine.connect():  # the server still has the database open
        done = runner.invoke(cli_app, ["backup", str(backup), "--database-url", source])
    assert done.exit_code == 0, done.output
    assert backup.stat().st_size > 0
    again = runner.invoke(cli_app, ["backup", str(backup), "--database-url", source])
    assert again.exit_code == 2  # never overwrites
    restored = runner.invoke(cli_app, ["restore", str(backup), "--database-url", empty_target])
    assert restored.exit_code == 0, restored.output
    assert _export(empty_target) == before
    # The audit chain came along and still verifies; a restore over data is refused.
    restored_uow = build_uow_factory(Settings.from_environment(database_url=empty_target))
    target_token = ["--token", auth.create_api_token(restored_uow, SYSTEM, CAST.hr, "t")]
    verified = runner.invoke(
        cli_app, ["rgpd", "verify-audit", *target_token, "--database-url", empty_target]
    )
    assert verified.exit_code == 0 and "intègre" in verified.output, verified.output
    over = runner.invoke(cli_app, ["restore", str(backup), "--database-url", empty_target])
    assert over.exit_code == 2
