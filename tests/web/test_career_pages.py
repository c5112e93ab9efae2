"""The employee's career space through the pages (issue 14, point 1), and the plan page that
says when the target has no described competencies, titled with the person's name (points 3
and 5)."""

from __future__ import annotations

from html import unescape

from fastapi.testclient import TestClient

from tests.people_cast import CAST, CONFIRMED, SAMPLE, TEAM_LEAD, api_login, login

DIRECTOR = "directeur-d-agence--iv-a"


def test_a_signed_in_employee_is_at_home_in_their_career_space(cast_client: TestClient) -> None:
    login(cast_client, CAST.employee)
    home = cast_client.get("/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/mon-parcours"
    page = cast_client.get("/mon-parcours")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    text = unescape(page.text)
    for heading in (
        "Mes actions à faire",
        "Mon poste",
        "Mes mobilités possibles",
        "Mes souhaits d'évolution",
        "Les formations qui comblent mon écart",
    ):
        assert heading in text
    assert "correspondance" in text and "progression (évolution)" in text
    # the menu links the space and the campaigns; the search stays reachable
    assert 'href="/mon-parcours"' in text and 'href="/campagnes"' in text
    assert cast_client.get("/", params={"q": "conseiller"}).status_code == 200


def test_hr_and_anonymous_visitors_keep_the_catalogue_home(cast_client: TestClient) -> None:
    assert cast_client.get("/", follow_redirects=False).status_code == 200
    login(cast_client, CAST.hr)
    assert cast_client.get("/", follow_redirects=False).status_code == 200
    missing = cast_client.get("/mon-parcours")
    assert missing.status_code == 200 and "Mon parcours" not in missing.text.split("<main")[1]


def test_following_a_target_from_the_page(cast_client: TestClient) -> None:
    token = login(cast_client, CAST.employee)
    followed = cast_client.post(
        "/mon-parcours/souhaits",
        data={"csrf_token": token, "referentiel": SAMPLE, "poste": TEAM_LEAD, "partage": "oui"},
        follow_redirects=False,
    )
    assert followed.status_code == 303
    assert followed.headers["location"] == "/mon-parcours?fait=suivi#souhaits"
    page = unescape(cast_client.get("/mon-parcours?fait=suivi").text)
    assert "Poste suivi." in page and f'data-job="{TEAM_LEAD}"' in page
    # the manager reads the shared wish on the person's profile
    login(cast_client, CAST.manager)
    profile = unescape(cast_client.get("/personnes/n-1").text)
    assert "Souhaits d'évolution partagés" in profile and "Responsable d" in profile
    # back to the employee: stop following, an unknown job is refused with the reason
    token = login(cast_client, CAST.employee)
    stopped = cast_client.post(
        "/mon-parcours/souhaits/retirer",
        data={"csrf_token": token, "referentiel": SAMPLE, "poste": TEAM_LEAD},
        follow_redirects=False,
    )
    assert stopped.status_code == 303
    refused = cast_client.post(
        "/mon-parcours/souhaits",
        data={"csrf_token": token, "referentiel": SAMPLE, "poste": "inconnu"},
    )
    assert refused.status_code == 400 and "poste inconnu" in unescape(refused.text)
    # without the CSRF token: refused
    assert (
        cast_client.post(
            "/mon-parcours/souhaits", data={"referentiel": SAMPLE, "poste": TEAM_LEAD}
        ).status_code
        == 403
    )


def test_the_plan_towards_a_job_without_a_sheet_does_not_claim_a_coverage(
    cast_client: TestClient,
) -> None:
    login(cast_client, CAST.employee)
    page = unescape(cast_client.get("/personnes/n-1/plan", params={"cible": DIRECTOR}).text)
    assert "100 %" not in page
    assert "couvrent tout l'écart" not in page
    assert "n'a pas de compétences décrites" in page and "non mesurable" in page
    # titled with the person's name
    assert "Plan de développement de Conseiller Nord 1" in page
    described = unescape(cast_client.get("/personnes/n-1/plan", params={"cible": CONFIRMED}).text)
    assert "n'a pas de compétences décrites" not in described
    api_login(cast_client, CAST.employee)
    body = cast_client.get("/api/v1/people/n-1/plan", params={"target": DIRECTOR}).json()
    assert body["described"] is False and body["person_name"] == "Conseiller Nord 1"
    gap = cast_client.get("/api/v1/people/n-1/gap", params={"target": DIRECTOR}).json()
    assert gap["described"] is False
