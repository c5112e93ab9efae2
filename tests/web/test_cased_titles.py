"""La Banque Postale's titles in capitals are shown in ordinary French, the document's text kept
beside them (issue 13)."""

from __future__ import annotations

from fastapi.testclient import TestClient

SHEET = "/referentiels/la-banque-postale/postes/charge-de-clientele-risque--ii-3"


def test_the_sheet_shows_the_cased_title_and_the_source_text(client: TestClient) -> None:
    page = client.get(SHEET)
    assert page.status_code == 200
    assert '<h1>Chargé de clientèle risques <span class="grade">II.3</span></h1>' in page.text
    assert "<q>CHARGE DE CLIENTELE RISQUES</q>" in page.text
    assert "à vérifier" not in page.text.split("</h1>")[1].split("</p>")[0]


def test_the_map_and_the_api_keep_the_source_text(client: TestClient) -> None:
    page = client.get("/referentiels/la-banque-postale")
    assert "Chargé de clientèle risques" in page.text
    assert "CHARGE DE CLIENTELE RISQUES" not in page.text
    job = client.get("/api/v1/referentials/la-banque-postale/jobs/charge-de-clientele-risque--ii-3")
    assert job.json()["title"] == "CHARGE DE CLIENTELE RISQUES"
