"""The web app serves the current database: pages, JSON API, problem details."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from parcours.bootstrap import build_uow_factory
from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services.imports import import_documents
from parcours.settings import Settings
from parcours.web.app import create_app


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'web.db'}")
    uow = build_uow_factory(settings)
    import_documents(uow, [(SAMPLE_NAME, sample_bytes())])
    return TestClient(create_app(settings, uow))


def test_home_lists_referentials_and_searches(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "Banque Exemple" in page.text
    assert '<html lang="fr">' in page.text
    found = client.get("/", params={"q": "recouvrement"})
    assert "Gestionnaire recouvrement amiable" in found.text


def test_job_page_and_api(client: TestClient) -> None:
    page = client.get("/referentiels/Banque Exemple/postes/conseiller-a-distance--ii-1")
    assert page.status_code == 200
    assert "Écoute active" in page.text and "Conseiller à distance confirmé" in page.text
    refs = client.get("/api/v1/referentials").json()
    assert refs[0]["name"] == "Banque Exemple" and refs[0]["jobs"] == 9
    job = client.get("/api/v1/referentials/Banque Exemple/jobs/conseiller-a-distance--ii-1").json()
    assert job["grade"] == "II.1" and len(job["competencies"]) == 6 and len(job["mobilities"]) == 2
    assert client.get("/api/v1/jobs", params={"q": "contentieux"}).json()[0]["id"] == (
        "charge-de-contentieux--iii-1"
    )
    assert client.get("/api/v1/export").json()["format"] == "parcours/1"
    assert "/api/v1/jobs" in client.get("/api/v1/openapi.json").json()["paths"]


def test_unknown_job_is_a_problem_document(client: TestClient) -> None:
    response = client.get("/api/v1/referentials/Banque Exemple/jobs/nope")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "aucun poste" in response.json()["detail"]
