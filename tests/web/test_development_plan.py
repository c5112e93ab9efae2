"""The gap report and training plan through the API and the printable page (issue 5, point 3):
for the person, their manager and HR only."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.people_cast import ADVISOR, CAST, CONFIRMED, TEAM_LEAD, api_login, login


def test_gap_and_plan_through_the_api(cast_client: TestClient) -> None:
    api_login(cast_client, CAST.employee)
    gap = cast_client.get("/api/v1/people/n-1/gap", params={"target": CONFIRMED})
    assert gap.status_code == 200 and gap.headers["cache-control"] == "no-store"
    body = gap.json()
    assert body["source"]["key"] == ADVISOR and body["target"]["key"] == CONFIRMED
    assert "vente-a-distance" in {i["key"] for i in body["missing"]}
    plan = cast_client.get("/api/v1/people/n-1/plan", params={"target": CONFIRMED}).json()
    assert [t["key"] for t in plan["trainings"]] == ["vente-a-distance-niveau-2"]
    assert plan["trainings"][0]["hours"] == 21.0 and plan["trainings"][0]["essential"]
    assert plan["total_hours"] == 21.0 and plan["total"] == "3 jours (21 h)"
    assert plan["adjacent"] is True
    assert "produits-bancaires" in {i["key"] for i in plan["remaining"]}
    far = cast_client.get("/api/v1/people/n-1/plan", params={"target": TEAM_LEAD}).json()
    assert far["adjacent"] is False
    assert [s["target"] for s in far["path"]] == [CONFIRMED, TEAM_LEAD]


@pytest.mark.parametrize(
    ("login_name", "person", "status"),
    [
        (CAST.colleague, "n-1", 403),  # an employee: not a colleague's plan
        (CAST.other_manager, "n-1", 403),  # a manager: not another team's
        (CAST.jury, "n-1", 403),
        (CAST.manager, "n-1", 200),
        (CAST.hr, "s-1", 200),
    ],
)
def test_who_may_see_a_plan_through_the_api(
    cast_client: TestClient, login_name: str, person: str, status: int
) -> None:
    api_login(cast_client, login_name)
    for what in ("gap", "plan"):
        response = cast_client.get(f"/api/v1/people/{person}/{what}", params={"target": TEAM_LEAD})
        assert response.status_code == status, (what, response.text)


def test_unknown_target_and_anonymous_calls(cast_client: TestClient) -> None:
    assert (
        cast_client.get("/api/v1/people/n-1/plan", params={"target": CONFIRMED}).status_code == 401
    )
    api_login(cast_client, CAST.hr)
    response = cast_client.get("/api/v1/people/n-1/plan", params={"target": "astronaute"})
    assert response.status_code == 404
    assert cast_client.get("/api/v1/people/n-1/plan").status_code == 422


def test_the_plan_page_is_printable_and_ordered(cast_client: TestClient) -> None:
    login(cast_client, CAST.manager)
    response = cast_client.get("/personnes/n-1/plan", params={"cible": TEAM_LEAD})
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    text = response.text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in text  # the gap chart
    assert "Vendre à distance (niveau 2)" in text and "3 jours" in text
    assert "Parcours proposé" in text  # two moves away: the path is shown
    assert "<tfoot>" in text and "3 jours (21 h)" in text
    profile = cast_client.get("/personnes/n-1").text
    assert 'action="/personnes/n-1/plan"' in profile  # the manager may open the plan
    css = cast_client.get("/static/parcours.css").text
    people_css = css.split("/* people */", 1)[1]
    assert "@page{size:A4" in people_css


def test_the_plan_page_is_refused_to_a_colleague_and_another_team(cast_client: TestClient) -> None:
    login(cast_client, CAST.colleague)
    assert cast_client.get("/personnes/n-1/plan", params={"cible": CONFIRMED}).status_code == 403
    login(cast_client, CAST.other_manager)
    assert cast_client.get("/personnes/n-1/plan", params={"cible": CONFIRMED}).status_code == 403
    login(cast_client, CAST.employee)
    english = cast_client.get("/personnes/n-1/plan", params={"cible": CONFIRMED, "lang": "en"})
    assert english.status_code == 200 and "Trainings, in order" in english.text
    cast_client.get("/personnes/n-1", params={"lang": "fr"})
