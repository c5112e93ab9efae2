"""`parcours teams` on SQLite and PostgreSQL (the team rules: tests/unit/services/test_teams.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from parcours.cli import app
from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services import auth
from parcours.services.auth import SYSTEM
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork
from parcours.store.uow import SqlUnitOfWork
from tests.people_cast import CAST, SAMPLE, populate
from tests.teams_cast import GOOD_CSV as GOOD_CSV
from tests.teams_cast import World, world_on
from tests.teams_cast import extra_assessments as extra_assessments

runner = CliRunner()


@pytest.fixture
def world(session_factory: sessionmaker[Session]) -> World:
    def make() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    report = import_documents(make, [(SAMPLE_NAME, sample_bytes())])
    assert report.ok
    populate(make)
    return world_on(make)


# --- the command line ---------------------------------------------------------------------


def run(world: World, login: str, *args: str) -> tuple[int, str]:
    with world.uow() as uow:
        url = uow.session.get_bind().url.render_as_string(hide_password=False)  # type: ignore[attr-defined]
    token = auth.create_api_token(world.uow, SYSTEM, login, "cli", days=1)
    result = runner.invoke(app, ["teams", *args, "--token", token, "--database-url", url])
    return result.exit_code, result.output


def test_command_line(world: World, tmp_path: Path) -> None:
    code, output = run(world, CAST.manager, "list")
    assert code == 0 and "agence-nord" in output and "crc-sud" not in output
    code, output = run(world, CAST.employee, "list")
    assert code == 1 and "accès refusé" in output
    code, output = run(world, CAST.manager, "matrix", "crc-sud")
    assert code == 1 and "accès refusé" in output

    themes_file = tmp_path / "themes.csv"
    themes_file.write_text(GOOD_CSV + "X;astrologie;2;1\n", "utf-8")
    code, output = run(world, CAST.hr, "themes-import", str(themes_file), "--referential", SAMPLE)
    assert code == 1 and "ligne 5" in output and "astrologie" in output
    themes_file.write_text(GOOD_CSV, "utf-8")
    code, output = run(world, CAST.hr, "themes-import", str(themes_file), "--referential", SAMPLE)
    assert code == 0 and "2 thèmes créés" in output
    code, output = run(world, CAST.manager, "themes", "--referential", SAMPLE)
    assert code == 0 and "Succession" in output

    code, output = run(world, CAST.manager, "matrix", "agence-nord", "--format", "json")
    assert code == 0, output
    data = json.loads(output)
    assert data["shown"] and len(data["rows"]) == 6
    assert {t["name"] for t in data["themes"]} == {"Crédit", "Succession"}
    code, output = run(world, CAST.other_manager, "matrix", "crc-sud", "--format", "csv")
    assert code == 0 and output.splitlines()[0] == "compétence;requise_pour;titulaires;part"
    assert "s-1" not in output and "Conseiller Sud" not in output
    code, output = run(world, CAST.hr, "matrix", "crc-sud", "--format", "csv")
    assert code == 0 and output.splitlines()[1].startswith("s-1;Conseiller Sud 1;")
    code, output = run(world, CAST.manager, "matrix", "agence-nord")
    assert code == 0 and "Conseiller Nord 3" in output and "Thème Crédit" in output
    code, output = run(world, CAST.manager, "matrix", "agence-nord", "--format", "xml")
    assert code == 1
