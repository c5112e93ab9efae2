"""``--format json`` of the engine commands (mobility, similar, path, gap) on the real documents:
the output parses, carries the service's result field by field, and keeps the accents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from parcours.cli import app
from parcours.cli.common import plain
from parcours.services import mobility
from parcours.services.ports import UowFactory
from parcours.store.db import create_engine_for, migrate
from parcours.store.uow import SqlUnitOfWork, make_session_factory
from tests.conftest import seed_path

runner = CliRunner()
STUDY = "Observatoire des métiers de la banque"


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """La Banque Postale (000, 001) and the study (004), imported once for the module."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli-json') / 'parcours.db'}"
    result = runner.invoke(
        app, ["import", *(str(seed_path(p)) for p in ("000", "001", "004")), "--database-url", url]
    )
    assert result.exit_code == 0, result.output
    return url


def run_json(database_url: str, *args: str) -> Any:
    result = runner.invoke(app, [*args, "--format", "json", "--database-url", database_url])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.decode("utf-8") == result.stdout
    return json.loads(result.stdout)


def service(database_url: str) -> UowFactory:
    engine = create_engine_for(database_url)
    migrate(engine)
    factory = make_session_factory(engine)
    return lambda: SqlUnitOfWork(factory)


def test_mobility_as_json(database_url: str) -> None:
    data = run_json(database_url, "mobility", "Conseiller junior", "--top", "4")
    assert data["referential"].startswith(STUDY)  # accents as they are, not \u00e9
    assert data["source"]["key"] == "conseiller-junior"
    assert data["source"]["title"] == "Conseiller junior"
    first = data["items"][0]
    assert (first["rank"], first["target"], first["origin"]) == (1, "conseiller-senior", "declared")
    assert first["reasons"]["shared_count"] > 10 and 0 < first["score"] <= 1
    assert all(isinstance(c["label"], str) for c in first["reasons"]["shared"])
    assert len(data["items"]) == 4
    # every field of the service's result, whatever fields it has
    expected = mobility.recommend_for_job(service(database_url), job="Conseiller junior", k=4)
    assert data == plain(expected)
    table = runner.invoke(app, ["mobility", "Conseiller junior", "--database-url", database_url])
    assert table.exit_code == 0 and "Rang" in table.stdout  # the table, by default
    assert not table.stdout.lstrip().startswith("{")


def test_similar_as_json(database_url: str) -> None:
    data = run_json(database_url, "similar", "CHARGE DE CLIENTELE RISQUES II.3", "-k", "3")
    assert data["referential"] == "La Banque Postale"
    source = data["source"]
    assert (source["key"], source["title"], source["grade"]) == (
        "charge-de-clientele-risque--ii-3",
        "CHARGE DE CLIENTELE RISQUES",
        "II.3",
    )
    first = data["items"][0]
    assert (first["target"], first["origin"]) == ("gestionnaire-contentieux--ii-2", "computed")
    assert first["reasons"]["shared_count"] > 0
    scores = [item["score"] for item in data["items"]]
    assert scores == sorted(scores, reverse=True) and len(scores) == 3


def test_path_as_json(database_url: str) -> None:
    data = run_json(database_url, "path", "Conseiller junior", "Directeur de centre", "-k", "2")
    assert data["source"]["key"] == "conseiller-junior"
    assert [t["key"] for t in data["targets"]] == ["directeur-de-centre"]
    assert (data["max_steps"], data["allow_down"]) == (4, False)
    assert 1 <= len(data["paths"]) <= 2
    for found in data["paths"]:
        steps = found["steps"]
        assert steps[0]["source"] == "conseiller-junior"
        assert steps[-1]["target"] == "directeur-de-centre"
        assert all(isinstance(step["declared"], bool) for step in steps)
    costs = [found["cost"] for found in data["paths"]]
    assert costs == sorted(costs)


def test_gap_as_json(database_url: str, tmp_path: Path) -> None:
    data = run_json(database_url, "gap", "Conseiller junior", "Conseiller senior")
    assert data["source"]["key"] == "conseiller-junior"
    assert data["target"]["key"] == "conseiller-senior"
    gap = data["gap"]
    assert 65.0 < gap["coverage"] < 75.0
    assert len(gap["missing"]) == 9 and {i["status"] for i in gap["missing"]} == {"missing"}
    assert any(r["job"]["key"] == "conseiller-senior" for r in data["reachable"])

    profile = tmp_path / "profil.json"
    profile.write_text(
        json.dumps(
            {
                "person": "p-7",
                "job": "Conseiller junior",
                "levels": {"Sens du résultat": 3},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    data = run_json(database_url, "gap", str(profile), "Conseiller senior")
    assert data["person"] == "p-7"
    assert "Sens du résultat" in {i["label"] for i in data["gap"]["covered"]}
