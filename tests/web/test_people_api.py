"""The people API (issue 5, point 1): list, profile, history, rating, scales — and the rules:
who may read whom, who may record which source, CSRF on cookie calls, 401 without an account."""

from __future__ import annotations

from fastapi.testclient import TestClient

from parcours.services import auth
from parcours.services.auth import SYSTEM
from tests.people_cast import ADVISOR, CAST, api_login, form_token
from tests.web.conftest import Site


def test_anonymous_calls_get_401(cast_client: TestClient) -> None:
    for path in ("/api/v1/people", "/api/v1/people/n-1", "/api/v1/people/n-1/assessments"):
        response = cast_client.get(path)
        assert response.status_code == 401, path
        assert response.headers["content-type"].startswith("application/problem+json")
    # With a valid (anonymous) CSRF token the write is still refused: no account.
    response = cast_client.post(
        "/api/v1/people/n-1/assessments",
        json={"competency": "outils-crm", "source": "self", "score": 0.5},
        headers={"X-CSRF-Token": form_token(cast_client)},
    )
    assert response.status_code == 401


def test_hr_lists_everyone_with_paging_and_filters(cast_client: TestClient) -> None:
    api_login(cast_client, CAST.hr)
    page = cast_client.get("/api/v1/people", params={"limit": 5}).json()
    assert page["total"] == 11 and len(page["items"]) == 5
    advisors = cast_client.get("/api/v1/people", params={"job": ADVISOR, "team": "agence-nord"})
    assert [p["id"] for p in advisors.json()["items"]] == [f"n-{i}" for i in range(1, 7)]
    response = cast_client.get("/api/v1/people")
    assert response.headers["cache-control"] == "no-store"


def test_a_manager_sees_their_team_not_another(cast_client: TestClient) -> None:
    api_login(cast_client, CAST.manager)
    ids = [p["id"] for p in cast_client.get("/api/v1/people").json()["items"]]
    assert "n-1" in ids and "s-1" not in ids
    assert cast_client.get("/api/v1/people/n-1").status_code == 200
    assert cast_client.get("/api/v1/people/s-1").status_code == 403
    assert cast_client.get("/api/v1/people/s-1/assessments").status_code == 403
    assert cast_client.get("/api/v1/people", params={"team": "crc-sud"}).status_code == 403


def test_an_employee_reads_themselves_not_a_colleague(cast_client: TestClient) -> None:
    api_login(cast_client, CAST.employee)
    profile = cast_client.get("/api/v1/people/n-1").json()
    assert profile["person"]["id"] == "n-1"
    assert profile["can_rate_as"] == ["self"]
    lines = {line["competency"]: line for line in profile["lines"]}
    assert lines["ecoute-active"]["expected"] == 3
    assert lines["ecoute-active"]["current"]["source"] == "manager"
    assert len(lines["ecoute-active"]["indicators"]) == 2
    assert lines["produits-bancaires"]["latest"]["self"]["raw"] == 0.5
    assert cast_client.get("/api/v1/people/n-2").status_code == 403
    assert cast_client.get("/api/v1/people/n-2/assessments").status_code == 403
    assert [p["id"] for p in cast_client.get("/api/v1/people").json()["items"]] == ["n-1"]


def test_rating_needs_the_csrf_header_with_a_cookie(cast_client: TestClient) -> None:
    headers = api_login(cast_client, CAST.employee)
    body = {"competency": "outils-crm", "source": "self", "score": 0.7}
    assert cast_client.post("/api/v1/people/n-1/assessments", json=body).status_code == 403
    forged = {"X-CSRF-Token": "forged"}
    assert (
        cast_client.post("/api/v1/people/n-1/assessments", json=body, headers=forged).status_code
        == 403
    )
    history = cast_client.get("/api/v1/people/n-1/assessments", params={"competency": "outils-crm"})
    assert history.json() == []
    response = cast_client.post("/api/v1/people/n-1/assessments", json=body, headers=headers)
    assert response.status_code == 201, response.text
    assert response.json()["level"] == 3 and response.json()["scale"] == "qcm"


def test_each_source_is_refused_to_who_may_not_give_it(cast_client: TestClient) -> None:
    body = {"competency": "conduite-d-entretien", "anchor": 3}
    headers = api_login(cast_client, CAST.employee)
    manager_rating = {**body, "source": "manager"}
    response = cast_client.post(
        "/api/v1/people/n-1/assessments", json=manager_rating, headers=headers
    )
    assert response.status_code == 403
    headers = api_login(cast_client, CAST.manager)
    self_rating = {**body, "source": "self"}
    response = cast_client.post("/api/v1/people/n-1/assessments", json=self_rating, headers=headers)
    assert response.status_code == 403
    response = cast_client.post(
        "/api/v1/people/s-1/assessments", json=manager_rating, headers=headers
    )
    assert response.status_code == 403
    response = cast_client.post(
        "/api/v1/people/n-1/assessments", json=manager_rating, headers=headers
    )
    assert response.status_code == 201
    history = cast_client.get(
        "/api/v1/people/n-1/assessments", params={"competency": "conduite-d-entretien"}
    ).json()
    assert [(a["source"], a["level"], a["assessor"]) for a in history] == [
        ("manager", 3, CAST.manager)
    ]


def test_a_measure_that_does_not_fit_the_kind_is_a_400(cast_client: TestClient) -> None:
    headers = api_login(cast_client, CAST.employee)
    cases = [
        {"competency": "ecoute-active", "source": "self", "frequencies": [3]},
        {"competency": "ecoute-active", "source": "self", "anchor": 3},
        {"competency": "outils-crm", "source": "self", "frequencies": [1, 2]},
    ]
    for body in cases:
        response = cast_client.post("/api/v1/people/n-1/assessments", json=body, headers=headers)
        assert response.status_code == 400, body
    response = cast_client.post(
        "/api/v1/people/n-1/assessments",
        json={"competency": "outils-crm", "source": "self", "score": 7},
        headers=headers,
    )
    assert response.status_code == 422
    response = cast_client.post(
        "/api/v1/people/n-1/assessments",
        json={"competency": "ecoute-active", "source": "self", "frequencies": [4, 3]},
        headers=headers,
    )
    assert response.status_code == 201 and response.json()["raw"] == 3.5


def test_a_bearer_token_needs_no_csrf_and_obeys_the_same_rules(
    cast_client: TestClient, cast_site: Site
) -> None:
    token = auth.create_api_token(cast_site.uow, SYSTEM, CAST.outsider, "tests", days=1)
    bearer = {"Authorization": f"Bearer {token}"}
    body = {"competency": "vente-a-distance", "source": "self", "anchor": 2}
    response = cast_client.post("/api/v1/people/s-1/assessments", json=body, headers=bearer)
    assert response.status_code == 201
    assert cast_client.get("/api/v1/people/n-1", headers=bearer).status_code == 403


def test_scales_are_public_and_documented(cast_client: TestClient) -> None:
    scales = cast_client.get("/api/v1/scales").json()
    assert [s["kind"] for s in scales["scales"]] == ["savoir", "savoir-faire", "savoir-etre"]
    assert all(len(s["anchors"]) == 4 for s in scales["scales"])
    assert scales["frequencies"]["0"] == "jamais" and scales["frequencies"]["4"] == "toujours"
    assert scales["source_precedence"] == ["jury", "manager", "import", "self"]
    document = cast_client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/people", "/api/v1/people/{person}", "/api/v1/scales"):
        assert path in document["paths"]
    assert "AssessmentIn" in document["components"]["schemas"]
