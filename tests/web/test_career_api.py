"""The career space's JSON API (issue 14): GET /api/v1/me/career, follow and stop following a
job, share it with the manager and stop; CSRF with the cookie, bearer tokens, the OpenAPI
schema, and who may do what."""

from __future__ import annotations

from fastapi.testclient import TestClient

from parcours.services import auth
from parcours.services.auth import SYSTEM
from tests.people_cast import CAST, CONFIRMED, SAMPLE, TEAM_LEAD, api_login
from tests.web.conftest import Site

WISHES = "/api/v1/me/career/wishes"


def _bearer(site: Site, login_name: str) -> dict[str, str]:
    token = auth.create_api_token(site.uow, SYSTEM, login_name, "tests", days=1)
    return {"Authorization": f"Bearer {token}"}


def test_my_career_space_as_json(cast_client: TestClient) -> None:
    api_login(cast_client, CAST.employee)
    response = cast_client.get("/api/v1/me/career")
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["me"]["person"] == "n-1" and body["me"]["display_name"] == "Conseiller Nord 1"
    assert body["me"]["job"] == "conseiller-a-distance--ii-1"
    ratings = {r["competency"]: r for r in body["ratings"]}
    assert ratings["ecoute-active"]["level"] == 3
    assert ratings["ecoute-active"]["source"] == "manager"
    assert ratings["ecoute-active"]["assessed_on"] == "2026-01-15"
    assert len(body["moves"]) >= 3
    move = body["moves"][0]
    assert move["rank"] == 1 and move["move_type"] in ("progression", "laterale")
    assert move["match"] is None or 0 <= move["match"] <= 100
    assert isinstance(move["develop"], list)
    assert {"wishes", "todos", "trainings", "focus", "problems"} <= body.keys()


def test_follow_share_and_stop_following_with_a_bearer_token(
    cast_client: TestClient, cast_site: Site
) -> None:
    cast_client.cookies.clear()
    headers = _bearer(cast_site, CAST.colleague)  # n-2
    followed = cast_client.post(
        WISHES,
        json={"referential": SAMPLE, "job": TEAM_LEAD, "note": "dans deux ans"},
        headers=headers,
    )
    assert followed.status_code == 201, followed.text
    wish = followed.json()
    assert wish["job"] == TEAM_LEAD and wish["shared"] is False and wish["ended_at"] is None
    assert wish["note"] == "dans deux ans"
    space = cast_client.get("/api/v1/me/career", headers=headers).json()
    assert [w["job"] for w in space["wishes"]] == [TEAM_LEAD]
    assert space["wishes"][0]["title"].startswith("Responsable d")
    assert space["focus"] == TEAM_LEAD and space["trainings"]["target"]["key"] == TEAM_LEAD
    assert any(m["followed"] for m in space["moves"] if m["job"] == TEAM_LEAD) or all(
        m["job"] != TEAM_LEAD for m in space["moves"]
    )
    shared = cast_client.post(
        f"{WISHES}/share", json={"referential": SAMPLE, "job": TEAM_LEAD}, headers=headers
    )
    assert shared.status_code == 200 and shared.json()["shared"] is True
    unshared = cast_client.delete(
        f"{WISHES}/share", params={"referential": SAMPLE, "job": TEAM_LEAD}, headers=headers
    )
    assert unshared.status_code == 200 and unshared.json()["shared"] is False
    stopped = cast_client.delete(
        WISHES, params={"referential": SAMPLE, "job": TEAM_LEAD}, headers=headers
    )
    assert stopped.status_code == 200 and stopped.json()["ended_at"] is not None
    assert cast_client.get("/api/v1/me/career", headers=headers).json()["wishes"] == []
    # a job no longer followed cannot be shared; an unknown job cannot be followed
    again = cast_client.post(
        f"{WISHES}/share", json={"referential": SAMPLE, "job": TEAM_LEAD}, headers=headers
    )
    assert again.status_code == 404
    unknown = cast_client.post(
        WISHES, json={"referential": SAMPLE, "job": "inconnu"}, headers=headers
    )
    assert unknown.status_code == 404 and "poste inconnu" in unknown.json()["detail"]
    with cast_site.uow() as uow:
        details = [e.detail or "" for e in uow.audit.search(subject="n-2", action="write")]
    assert any(d.startswith("souhait partagé") for d in details)


def test_the_cookie_calls_need_the_csrf_header(cast_client: TestClient) -> None:
    csrf = api_login(cast_client, CAST.employee)
    body = {"referential": SAMPLE, "job": CONFIRMED}
    assert cast_client.post(WISHES, json=body).status_code == 403
    followed = cast_client.post(WISHES, json={**body, "shared": True}, headers=csrf)
    assert followed.status_code == 201 and followed.json()["shared"] is True
    params = {"referential": SAMPLE, "job": CONFIRMED}
    assert cast_client.delete(f"{WISHES}/share", params=params).status_code == 403
    assert cast_client.delete(WISHES, params=params).status_code == 403
    assert cast_client.delete(WISHES, params=params, headers=csrf).status_code == 200


def test_who_may_use_the_career_api(cast_client: TestClient, cast_site: Site) -> None:
    cast_client.cookies.clear()
    assert cast_client.get("/api/v1/me/career").status_code == 401
    assert cast_client.post(WISHES, json={"referential": SAMPLE, "job": TEAM_LEAD}).status_code in (
        401,
        403,
    )
    # an account without a person (HR here, the jury member) has no career space
    for login_name in (CAST.hr, CAST.jury):
        headers = _bearer(cast_site, login_name)
        assert cast_client.get("/api/v1/me/career", headers=headers).status_code == 403
        refused = cast_client.post(
            WISHES, json={"referential": SAMPLE, "job": TEAM_LEAD}, headers=headers
        )
        assert refused.status_code == 403
    # a malformed body is a 422 problem
    headers = _bearer(cast_site, CAST.employee)
    assert cast_client.post(WISHES, json={"job": TEAM_LEAD}, headers=headers).status_code == 422


def test_the_career_api_is_in_the_openapi_schema(cast_client: TestClient) -> None:
    paths = cast_client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/me/career"]) == {"get"}
    assert set(paths["/api/v1/me/career/wishes"]) == {"post", "delete"}
    assert set(paths["/api/v1/me/career/wishes/share"]) == {"post", "delete"}
