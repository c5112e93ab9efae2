"""Certification juries on SQLite and PostgreSQL: the command line end to end (the rules are
tested on the in-memory unit of work: tests/unit/services/test_juries.py; the helpers are in
tests/juries_cast.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from parcours.cli import app
from parcours.services import auth
from parcours.services.auth import SYSTEM
from parcours.store.uow import SqlUnitOfWork

# The helpers live in tests/juries_cast.py; the web tests know them from here.
from tests.juries_cast import CERT as CERT
from tests.juries_cast import OTHER_JURY as OTHER_JURY
from tests.juries_cast import REFERENTIAL as REFERENTIAL
from tests.juries_cast import evaluations as evaluations
from tests.juries_cast import setup_juries
from tests.people_cast import CAST

# --- the command line -----------------------------------------------------------------------

runner = CliRunner()


def test_the_command_line_runs_a_session_end_to_end(
    engine: Engine,
    session_factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    setup = setup_juries(lambda: SqlUnitOfWork(session_factory))
    url = engine.url.render_as_string(hide_password=False)
    hr = auth.create_api_token(setup.uow, SYSTEM, CAST.hr, "tests", days=1)
    member = auth.create_api_token(setup.uow, SYSTEM, CAST.jury, "tests", days=1)
    other = auth.create_api_token(setup.uow, SYSTEM, OTHER_JURY, "tests", days=1)

    def run(token: str | None, *args: str) -> tuple[int, str]:
        extra = ["--token", token] if token else []
        result = runner.invoke(app, ["juries", *args, *extra, "--database-url", url])
        return result.exit_code, result.output

    code, output = run(
        hr,
        "create",
        "--referential",
        REFERENTIAL,
        "--certification",
        CERT.title,
        "--date",
        "2026-09-01",
        "--member",
        CAST.jury,
    )
    assert code == 0 and "Jury 3 créé" in output, output
    assert run(hr, "add-candidate", "3", "n-5")[0] == 0
    assert run(member, "add-candidate", "3", "n-6")[0] == 1  # HR only
    code, output = run(member, "list")
    assert code == 0 and "2026-09-01" in output and "Session de juillet" not in output

    payload = {
        "comment": "C9 à repasser",
        "evaluations": [
            {
                "code": e.code,
                "criteria": [o.value for o in e.criteria],
                "questionnaire": e.questionnaire,
            }
            for e in evaluations(scores={"C9": 0.59})
        ],
    }
    file = tmp_path / "evaluations.json"
    file.write_text(json.dumps(payload), "utf-8")
    code, output = run(member, "evaluate", "3", "n-5", "--file", str(file))
    assert code == 0 and "Validation partielle : blocs B1, B3" in output, output
    code, output = run(other, "evaluate", "3", "n-5", "--file", str(file))
    assert code == 1 and "accès refusé" in output
    code, output = run(member, "record", "3", "n-5")
    assert code == 0 and "questionnaire : 59% (seuil 60%)" in output, output
    code, output = run(member, "record", "3", "n-5", "--format", "json")
    record = json.loads(output)
    assert record["partial_blocks"] == ["B1", "B3"] and record["comment"] == "C9 à repasser"
    code, output = run(member, "show", "3")
    assert code == 0 and "validation partielle" in output
    assert run(None, "list")[0] == 2  # no token

    file.write_text(json.dumps([{"code": "C1", "criteria": ["peut-être"]}]), "utf-8")
    code, output = run(member, "evaluate", "3", "n-5", "--file", str(file))
    assert code == 1 and "résultat inconnu" in output
    assert run(member, "close", "3")[0] == 1
    assert run(hr, "close", "3")[0] == 0
    file.write_text(json.dumps(payload), "utf-8")
    code, output = run(member, "evaluate", "3", "n-5", "--file", str(file))
    assert code == 1 and "clos" in output
