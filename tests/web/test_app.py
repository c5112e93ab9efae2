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
def plain(tmp_path: Path) -> TestClient:
    """The app as ``parcours serve`` builds it: the default unit-of-work factory."""
    settings = Settings.from_environment(database_url=f"sqlite:///{tmp_path / 'web.db'}")
    uow = build_uow_factory(settings)
    import_documents(uow, [(SAMPLE_NAME, sample_bytes())])
    return TestClient(create_app(settings))


def test_home_lists_referentials_and_searches(plain: TestClient) -> None:
    page = plain.get("/")
    assert page.status_code == 200 and "Banque Exemple" in page.text
    assert '<html lang="fr">' in page.text
    found = plain.get("/", params={"q": "recouvrement"})
    assert "Gestionnaire <mark>recouvrement</mark> amiable" in found.text


def test_job_page_and_api(plain: TestClient) -> None:
    page = plain.get("/referentiels/Banque Exemple/postes/conseiller-a-distance--ii-1")
    assert page.status_code == 200
    assert "Écoute active" in page.text and "Conseiller à distance confirmé" in page.text
    refs = plain.get("/api/v1/referentials").json()
    assert refs[0]["name"] == "Banque Exemple" and refs[0]["jobs"] == 9
    job = plain.get("/api/v1/referentials/Banque Exemple/jobs/conseiller-a-distance--ii-1").json()
    assert job["grade"] == "II.1" and len(job["competencies"]) == 6 and len(job["mobilities"]) == 2
    assert plain.get("/api/v1/jobs", params={"q": "contentieux"}).json()[0]["id"] == (
        "charge-de-contentieux--iii-1"
    )
    assert plain.get("/api/v1/export").json()["format"] == "parcours/1"
    assert "/api/v1/jobs" in plain.get("/api/v1/openapi.json").json()["paths"]


def test_unknown_job_is_a_problem_document(plain: TestClient) -> None:
    response = plain.get("/api/v1/referentials/Banque Exemple/jobs/nope")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "aucun poste" in response.json()["detail"]


def test_default_factory_carries_drafts_or_says_why(plain: TestClient) -> None:
    """``parcours serve`` uses bootstrap's factory: the import pages need its draft store."""
    response = plain.get("/import")
    assert response.status_code == 200
