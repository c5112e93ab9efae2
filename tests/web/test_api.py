"""The JSON API: every read route, pagination, filtering, ETags, problem documents."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from .conftest import Site

JOB = "/api/v1/referentials/banque-exemple/jobs/conseiller-a-distance--ii-1"


def test_referentials_and_versions(client: TestClient) -> None:
    refs = {r["id"]: r for r in client.get("/api/v1/referentials").json()}
    assert refs["la-banque-postale"]["name"] == "La Banque Postale"
    assert refs["banque-exemple"]["jobs"] == 9
    detail = client.get("/api/v1/referentials/banque-exemple").json()
    assert detail["versions"][0]["number"] == 1 and detail["versions"][0]["status"] == "published"
    by_name = client.get("/api/v1/referentials/Banque Exemple/versions").json()
    assert [v["number"] for v in by_name] == [1]


def test_jobs_are_paginated_with_link_headers(client: TestClient) -> None:
    first = client.get("/api/v1/jobs", params={"per_page": 10})
    total = int(first.headers["x-total-count"])
    assert total == len(client.get("/api/v1/jobs", params={"per_page": 200}).json()) > 100
    assert len(first.json()) == 10
    links = first.headers["link"]
    assert 'rel="next"' in links and 'rel="prev"' not in links and "page=2" in links
    pages = [
        client.get("/api/v1/jobs", params={"per_page": 10, "page": n}).json()
        for n in range(1, total // 10 + 2)
    ]
    ids = [(j["referential_id"], j["id"]) for page in pages for j in page]
    assert len(ids) == total == len(set(ids))
    last = client.get("/api/v1/jobs", params={"per_page": 10, "page": total // 10 + 1})
    assert 'rel="next"' not in last.headers["link"]


def test_jobs_filters(client: TestClient) -> None:
    filiere = "middle et back office banque et assurance"
    found = client.get("/api/v1/jobs", params={"filiere": filiere}).json()
    assert {j["id"] for j in found} == {
        "charge-de-clientele-risque--ii-3",
        "gestionnaire-contentieux--ii-2",
    }
    no_sheet = client.get(
        "/api/v1/referentials/la-banque-postale/jobs",
        params={"has_sheet": "false", "per_page": 200},
    ).json()
    assert no_sheet and not any(j["has_sheet"] for j in no_sheet)
    params = {"q": "recouvrement", "referential": "banque-exemple"}
    found = client.get("/api/v1/jobs", params=params)
    assert {j["id"] for j in found.json()} == {
        "gestionnaire-recouvrement-amiable--ii-2",
        "charge-de-contentieux--iii-1",  # "recouvrement" is in its activities
    }


def test_job_sheet_competencies_and_sources(client: TestClient) -> None:
    sheet = client.get(
        "/api/v1/referentials/la-banque-postale/jobs/charge-de-clientele-risque--ii-3"
    ).json()
    assert sheet["grade"] == "II.3" and sheet["referential"] == "la-banque-postale"
    assert sheet["sources"][0]["filename"].startswith("000_")
    assert all(p["line"] for a in sheet["activities"] for p in a["provenance"])
    assert {m["to"] for m in sheet["mobilities"]} >= {"assistant-credit--ii-3"}


def test_competencies_list_filter_and_detail(client: TestClient) -> None:
    comps = client.get(
        "/api/v1/referentials/banque-exemple/competencies", params={"per_page": 200}
    ).json()
    assert len(comps) == 16
    kinds = client.get(
        "/api/v1/referentials/banque-exemple/competencies", params={"kind": "savoir-etre"}
    ).json()
    assert kinds and all(c["kind"] == "savoir-etre" for c in kinds)
    found = client.get("/api/v1/referentials/banque-exemple/competencies", params={"q": "ecoute"})
    assert [c["id"] for c in found.json()] == ["ecoute-active"]
    detail = client.get("/api/v1/referentials/banque-exemple/competencies/ecoute-active").json()
    assert detail["label"] == "Écoute active"
    assert {"id": "conseiller-a-distance--ii-1", "level": 3} in [
        {"id": j["id"], "level": j["level"]} for j in detail["jobs"]
    ]


def test_certifications_and_matrices(client: TestClient, seeded: Site) -> None:
    cert_ref = seeded.referential_id("rncp")
    certs = client.get(f"/api/v1/referentials/{cert_ref}/certifications").json()
    assert len(certs) == 1 and certs[0]["blocks"] and certs[0]["rules"]
    study = seeded.referential_id("observatoire")
    matrices = client.get(f"/api/v1/referentials/{study}/matrices").json()
    assert sorted(m["item_kind"] for m in matrices) == ["activity", "competency"]
    assert all(len(r["cells"]) == len(m["columns"]) for m in matrices for r in m["rows"])


def test_map_by_version(client: TestClient) -> None:
    tree = client.get("/api/v1/referentials/banque-exemple/map", params={"version": 1}).json()
    assert tree["version"] == 1 and tree["count"] == 9
    families = {f["label"] for f in tree["families"]}
    assert "Relation client" in families
    missing = client.get("/api/v1/referentials/banque-exemple/map", params={"version": 7})
    assert missing.status_code == 404


def test_compare(client: TestClient) -> None:
    result = client.get(
        "/api/v1/compare",
        params={
            "a": "banque-exemple:conseiller-a-distance--ii-1",
            "b": "banque-exemple:conseiller-a-distance-confirme--ii-3",
        },
    ).json()
    shared = {c["id"]: (c["level_a"], c["level_b"]) for c in result["shared"]}
    assert shared["conduite-d-entretien"] == (2, 3)
    assert {c["id"] for c in result["only_b"]} == {
        "vente-a-distance",
        "reglementation-bancaire",
        "esprit-d-equipe",
    }
    assert {c["id"] for c in result["only_a"]} == {"outils-crm", "rigueur"}
    assert {c["id"] for c in result["level_differences"]} == {
        "conduite-d-entretien",
        "produits-bancaires",
    }


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/referentials",
        "/api/v1/referentials/banque-exemple",
        "/api/v1/jobs",
        JOB,
        "/api/v1/referentials/banque-exemple/competencies",
        "/api/v1/export?format=csv",
    ],
)
def test_read_endpoints_answer_304_to_their_etag(client: TestClient, url: str) -> None:
    first = client.get(url)
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_errors_are_problem_documents(client: TestClient) -> None:
    for url, status in [
        ("/api/v1/referentials/nope", 404),
        ("/api/v1/referentials/banque-exemple/competencies/nope", 404),
        ("/api/v1/jobs?per_page=0", 422),
        ("/api/v1/nothing-here", 404),
        ("/api/v1/export?format=pdf", 422),
        ("/api/v1/compare?a=x&b=y", 404),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert response.headers["content-type"] == "application/problem+json", url
        body = response.json()
        assert body["status"] == status and body["detail"], url


def test_openapi_documents_problems_and_every_route(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/referentials",
        "/api/v1/referentials/{referential}/jobs/{key}",
        "/api/v1/export",
        "/api/v1/imports",
        "/api/v1/imports/{draft_id}/publish",
        "/api/v1/compare",
    ):
        assert path in paths
    assert "/" not in paths  # the pages are not part of the API
    problem = paths["/api/v1/jobs"]["get"]["responses"]["default"]["content"]
    assert "application/problem+json" in problem
    assert client.get("/api/v1/docs").status_code == 200


def test_search_is_grouped_and_typo_tolerant(client: TestClient) -> None:
    found = client.get("/api/v1/search", params={"q": "conseiler distance"}).json()
    assert found["expansions"] == {"conseiler": ["conseiller"]}
    jobs = [hit["id"] for hit in found["groups"]["job"]]
    assert jobs[0] == "conseiller-a-distance--ii-1"
    assert "<mark>" in found["groups"]["job"][0]["label_html"]
    only = client.get(
        "/api/v1/search",
        params={"q": "ecoute", "kind": "competency", "referential": "banque-exemple"},
    ).json()
    assert list(only["groups"]) == ["competency"]
    assert [h["id"] for h in only["groups"]["competency"]] == ["ecoute-active"]
