"""Validation errors speak French on the pages and the API (English with ``?lang=en``), issue 13."""

from __future__ import annotations

from fastapi.testclient import TestClient

from parcours.web import validation_fr
from parcours.web.i18n import translator


def test_a_page_missing_a_parameter_says_so_in_french(client: TestClient) -> None:
    response = client.get("/referentiels/banque-exemple/postes/x/ecart")
    assert response.status_code == 422
    assert "cible (paramètre de l&#39;adresse) : valeur obligatoire" in response.text
    assert "Field required" not in response.text


def test_the_api_lists_french_errors(client: TestClient) -> None:
    response = client.get("/api/v1/jobs?per_page=0&page=x")
    assert response.status_code == 422
    problem = response.json()
    assert problem["title"] == "Requête invalide"
    messages = {tuple(e["loc"]): e["msg"] for e in problem["errors"]}
    assert messages[("query", "per_page")] == "doit être supérieur ou égal à 1"
    assert messages[("query", "page")] == "nombre entier attendu"
    detail = "per_page (paramètre de l'adresse) : doit être supérieur ou égal à 1"
    assert detail in problem["detail"]
    assert {e["type"] for e in problem["errors"]} == {"greater_than_equal", "int_parsing"}


def test_english_on_request(client: TestClient) -> None:
    problem = client.get("/api/v1/jobs?per_page=0&lang=en").json()
    assert problem["detail"] == "per_page (query parameter) : must be greater than or equal to 1"
    client.get("/?lang=fr")


def test_every_message_has_an_english_translation() -> None:
    english = translator("en")
    for template in {*validation_fr.MESSAGES.values(), *validation_fr.PLACES.values()}:
        assert english(template) != template or template == "cookie", template
    assert (
        validation_fr.message(
            {"type": "literal_error", "ctx": {"expected": "'json' or 'csv'"}}, english
        )
        == "unknown value: allowed values 'json' or 'csv'"
    )


def test_unknown_types_keep_pydantic_message() -> None:
    french = translator("fr")
    assert validation_fr.message({"type": "novel", "msg": "Something"}, french) == "Something"
    assert (
        validation_fr.message(
            {"type": "literal_error", "msg": "", "ctx": {"expected": "'json' or 'csv'"}}, french
        )
        == "valeur inconnue : valeurs permises « json » ou « csv »"
    )
