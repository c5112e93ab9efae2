"""The people API (issue 5, point 1): list, profile, history, rating, scales — and the rules:
who may read whom, who may record which source, CSRF on cookie calls, 401 without an account."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services import auth
from parcours.services.auth import SYSTEM
from tests.people_cast import ADVISOR, CAST, api_login, form_token, populate
from tests.web.conftest import Site, make_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    s = make_site(tmp_path_factory.mktemp("people") / "people.db", [(SAMPLE_NAME, sample_bytes())])
    populate(s.uow)
    yield s
    s.engine.dispose()


@pytest.fixture
def client(site: Site) -> TestClient:
    site.client.cookies.clear()
    return site.client


def test_anonymous_calls_get_401(client: TestClient) -> None:
    for path in ("/api/v1/people", "/api/v1/people/n-1", "/api/v1/people/n-1/assessments"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.headers["content-type"].startswith("application/problem+json")
    # With a valid (anonymous) CSRF token the write is still refused: no account.
    response = client.post(
        "/api/v1/people/n-1/assessments",
        json={"competency": "outils-crm", "source": "self", "score": 0.5},
        headers={"X-CSRF-Token": form_token(client)},
    )
    assert response.status_code == 401


def test_hr_lists_everyone_with_paging_and_filters(client: TestClient) -> None:
    api_login(client, CAST.hr)
    page = client.get("/api/v1/people", params={"limit": 5}).json()
    assert page["total"] == 11 and len(page["items"]) == 5
    advisors = client.get("/api/v1/people", params={"job": ADVISOR, "team": "agence-nord"})
    assert [p["id"] for p in advisors.json()["items"]] == [f"n-{i}" for i in range(1, 7)]
    response = client.get("/api/v1/people")
    assert response.headers["cache-control"] == "no-store"


def test_a_manager_sees_their_team_not_another(client: TestClient) -> None:
    api_login(client, CAST.manager)
    ids = [p["id"] for p in client.get("/api/v1/people").json()["items"]]
    assert "n-1" in ids and "s-1" not in ids
    assert client.get("/api/v1/people/n-1").status_code == 200
    assert client.get("/api/v1/people/s-1").status_code == 403
    assert client.get("/api/v1/people/s-1/assessments").status_code == 403
    assert client.get("/api/v1/people", params={"team": "crc-sud"}).status_code == 403


def test_an_employee_reads_themselves_not_a_colleague(client: TestClient) -> None:
    api_login(client, CAST.employee)
    profile = client.get("/api/v1/people/n-1").json()
    assert profile["person"]["id"] == "n-1"
    assert profile["can_rate_as"] == ["self"]
    lines = {line["competency"]: line for line in profile["lines"]}
    assert lines["ecoute-active"]["expected"] == 3
    assert lines["ecoute-active"]["current"]["source"] == "manager"
    assert len(lines["ecoute-active"]["indicators"]) == 2
    assert lines["produits-bancaires"]["latest"]["self"]["raw"] == 0.5
    assert client.get("/api/v1/people/n-2").status_code == 403
    assert client.get("/api/v1/people/n-2/assessments").status_code == 403
    assert [p["id"] for p in client.get("/api/v1/people").json()["items"]] == ["n-1"]


def test_rating_needs_the_csrf_header_with_a_cookie(client: TestClient) -> None:
    headers = api_login(client, CAST.employee)
    body = {"competency": "outils-crm", "source": "self", "score": 0.7}
    assert client.post("/api/v1/people/n-1/assessments", json=body).status_code == 403
    forged = {"X-CSRF-Token": "forged"}
    assert (
        client.post("/api/v1/people/n-1/assessments", json=body, headers=forged).status_code == 403
    )
    history = client.get("/api/v1/people/n-1/assessments", params={"competency": "outils-crm"})
    assert history.json() == []
    response = client.post("/api/v1/people/n-1/assessments", json=body, headers=headers)
    assert response.status_code == 201, response.text
    assert response.json()["level"] == 3 and response.json()["scale"] == "qcm"


def test_each_source_is_refused_to_who_may_not_give_it(client: TestClient) -> None:
    body = {"competency": "conduite-d-entretien", "anchor": 3}
    headers = api_login(client, CAST.employee)
    manager_rating = {**body, "source": "manager"}
    response = client.post("/api/v1/people/n-1/assessments", json=manager_rating, headers=headers)
    assert response.status_code == 403
    headers = api_login(client, CAST.manager)
    self_rating = {**body, "source": "self"}
    response = client.post("/api/v1/people/n-1/assessments", json=self_rating, headers=headers)
    assert response.status_code == 403
    response = client.post("/api/v1/people/s-1/assessments", json=manager_rating, headers=headers)
    assert response.status_code == 403
    response = client.post("/api/v1/people/n-1/assessments", json=manager_rating, headers=headers)
    assert response.status_code == 201
    history = client.get(
        "/api/v1/people/n-1/assessments", params={"competency": "conduite-d-entretien"}
    ).json()
    assert [(a["source"], a["level"], a["assessor"]) for a in history] == [
        ("manager", 3, CAST.manager)
    ]


def test_a_measure_that_does_not_fit_the_kind_is_a_400(client: TestClient) -> None:
    headers = api_login(client, CAST.employee)
    cases = [
        {"competency": "ecoute-active", "source": "self", "frequencies": [3]},
        {"competency": "ecoute-active", "source": "self", "anchor": 3},
        {"competency": "outils-crm", "source": "self", "frequencies": [1, 2]},
    ]
    for body in cases:
        response = client.post("/api/v1/people/n-1/assessments", json=body, headers=headers)
        assert response.status_code == 400, body
    response = client.post(
        "/api/v1/people/n-1/assessments",
        json={"competency": "outils-crm", "source": "self", "score": 7},
        headers=headers,
    )
    assert response.status_code == 422
    response = client.post(
        "/api/v1/people/n-1/assessments",
        json={"competency": "ecoute-active", "source": "self", "frequencies": [4, 3]},
        headers=headers,
    )
    assert response.status_code == 201 and response.json()["raw"] == 3.5


def test_a_bearer_token_needs_no_csrf_and_obeys_the_same_rules(
    client: TestClient, site: Site
) -> None:
    token = auth.create_api_token(site.uow, SYSTEM, CAST.outsider, "tests", days=1)
    bearer = {"Authorization": f"Bearer {token}"}
    body = {"competency": "vente-a-distance", "source": "self", "anchor": 2}
    response = client.post("/api/v1/people/s-1/assessments", json=body, headers=bearer)
    assert response.status_code == 201
    assert client.get("/api/v1/people/n-1", headers=bearer).status_code == 403


def test_scales_are_public_and_documented(client: TestClient) -> None:
    scales = client.get("/api/v1/scales").json()
    assert [s["kind"] for s in scales["scales"]] == ["savoir", "savoir-faire", "savoir-etre"]
    assert all(len(s["anchors"]) == 4 for s in scales["scales"])
    assert scales["frequencies"]["0"] == "jamais" and scales["frequencies"]["4"] == "toujours"
    assert scales["source_precedence"] == ["jury", "manager", "import", "self"]
    document = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/people", "/api/v1/people/{person}", "/api/v1/scales"):
        assert path in document["paths"]
    assert "AssessmentIn" in document["components"]["schemas"]
