"""`parcours people list|show|assess|history|plan|scales` on SQLite and PostgreSQL, acting as
the account of an API token, with the same rules as the API and the pages."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from parcours.cli import app
from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services import auth
from parcours.services.auth import SYSTEM
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.store.uow import SqlUnitOfWork
from tests.people_cast import CAST, CONFIRMED, populate

runner = CliRunner()


@pytest.fixture
def setup(
    engine: Engine, session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> tuple[str, UowFactory]:
    def make() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    assert import_documents(make, [(SAMPLE_NAME, sample_bytes())]).ok
    populate(make)
    return engine.url.render_as_string(hide_password=False), make


def run(url: str, uow: UowFactory, login: str | None, *args: str) -> tuple[int, str]:
    token = auth.create_api_token(uow, SYSTEM, login, "tests", days=1) if login else None
    options = ["--token", token] if token else []
    result = runner.invoke(app, [*args, *options, "--database-url", url], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def assess_n1_crm(url: str, uow: UowFactory, login: str, *options: str) -> tuple[int, str]:
    """`parcours people assess n-1 outils-crm OPTIONS` as ``login``."""
    return run(url, uow, login, "people", "assess", "n-1", "outils-crm", *options)


def test_people_commands_for_a_manager(setup: tuple[str, UowFactory]) -> None:
    url, uow = setup
    code, out = run(url, uow, CAST.manager, "people", "list")
    assert code == 0, out
    assert "n-6" in out and "s-1" not in out and "sur 7 personnes" in out
    code, out = run(
        url,
        uow,
        CAST.manager,
        "people",
        "assess",
        "n-1",
        "ecoute-active",
        "--source",
        "manager",
        "--frequencies",
        "4,4",
        "--evidence",
        "entretien observé",
        "--date",
        "2026-02-01",
    )
    assert code == 0, out
    assert "ecoute-active = 4 (expertise), manager, 2026-02-01" in out
    code, out = run(
        url, uow, CAST.manager, "people", "history", "n-1", "--competency", "ecoute-active"
    )
    assert code == 0 and "2 évaluations" in out and "entretien" in out
    code, out = run(url, uow, CAST.manager, "people", "show", "n-1")
    assert code == 0 and "ecoute-active" in out and "Conseiller Nord 1" in out
    code, out = run(
        url, uow, CAST.manager, "people", "plan", "n-1", "--target", CONFIRMED, "--format", "json"
    )
    assert code == 0, out
    plan = json.loads(out)
    assert [t["key"] for t in plan["trainings"]] == ["vente-a-distance-niveau-2"]
    assert plan["total_hours"] == 21.0
    code, out = run(url, uow, CAST.manager, "people", "plan", "n-1", "--target", CONFIRMED)
    assert code == 0 and "1. Vendre à distance (niveau 2) — 3 jours" in out
    assert "Total : 3 jours (21 h)" in out


def test_people_commands_obey_the_rules(setup: tuple[str, UowFactory]) -> None:
    url, uow = setup
    code, out = run(url, uow, None, "people", "list")
    assert code == 2 and "Authentification requise" in out
    code, out = run(url, uow, CAST.manager, "people", "show", "s-1")
    assert code == 1 and "accès refusé" in out
    code, out = run(url, uow, CAST.employee, "people", "show", "n-2")
    assert code == 1 and "accès refusé" in out
    code, out = assess_n1_crm(url, uow, CAST.manager, "--source", "self", "--score", "0.7")
    assert code == 1 and "accès refusé" in out
    code, out = assess_n1_crm(url, uow, CAST.employee, "--source", "manager", "--score", "0.7")
    assert code == 1 and "accès refusé" in out
    code, out = assess_n1_crm(url, uow, CAST.employee, "--source", "self", "--anchor", "3")
    assert code == 1 and "score de questionnaire" in out
    code, out = run(url, uow, CAST.colleague, "people", "plan", "n-1", "--target", CONFIRMED)
    assert code == 1 and "accès refusé" in out
    code, out = run(
        url, uow, CAST.employee, "people", "history", "n-1", "--competency", "outils-crm"
    )
    assert code == 0 and "0 évaluation" in out


def test_scales_command() -> None:
    result = runner.invoke(app, ["people", "scales"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for words in ("savoir-faire", "85 % et plus", "0 jamais", "jury > manager > import > self"):
        assert words in result.output
