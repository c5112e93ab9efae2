"""Assessment campaigns through the API, the pages and the command line (issue 5, point 2)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from parcours.cli import app as cli_app
from parcours.services import auth
from parcours.services.auth import SYSTEM
from tests.people_cast import CAST, api_login, login
from tests.web.conftest import Site

SELF_RATINGS = [
    {"competency": "ecoute-active", "measure": [4, 4]},
    {"competency": "sens-du-service", "measure": [3]},
    {"competency": "conduite-d-entretien", "measure": 3},
    {"competency": "produits-bancaires", "measure": 0.8},
    {"competency": "outils-crm", "measure": 0.7},
    {"competency": "rigueur", "measure": [3]},
]


def new_campaign(client: TestClient, teams: list[str] | None = None) -> int:
    headers = api_login(client, CAST.hr)
    body = {
        "name": "Entretiens annuels",
        "referential": "banque-exemple",
        "starts_on": "2026-01-05",
        "ends_on": "2026-03-31",
        "teams": teams or ["agence-nord", "crc-sud"],
    }
    response = client.post("/api/v1/campaigns", json=body, headers=headers)
    assert response.status_code == 201, response.text
    campaign: int = response.json()["id"]
    client.cookies.clear()
    return campaign


def post_as(
    client: TestClient, who: str, path: str, body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    headers = api_login(client, who)
    response = client.post(path, json=body, headers=headers)
    return response.status_code, response.json()


def test_api_review_flow_and_progress(cast_client: TestClient) -> None:
    cid = new_campaign(cast_client)
    base = f"/api/v1/campaigns/{cid}/people/n-1"
    status, body = post_as(
        cast_client,
        CAST.employee,
        f"{base}/self",
        {"ratings": SELF_RATINGS, "comment": "Mon bilan"},
    )
    assert status == 200, body
    assert body["can_rate_self"] and body["competencies"][0]["self"]["frequencies"] == [4, 4]
    status, body = post_as(cast_client, CAST.employee, f"{base}/submit", {"side": "self"})
    assert status == 200 and body["self_submitted_at"] is not None
    manager = [
        {"competency": "ecoute-active", "measure": [1, 2]},
        {"competency": "sens-du-service", "measure": [3]},
        {"competency": "conduite-d-entretien", "measure": 1},
        {"competency": "produits-bancaires", "measure": 0.65},
        {"competency": "outils-crm", "measure": 0.3},
        {"competency": "rigueur", "measure": [3]},
    ]
    status, body = post_as(
        cast_client, CAST.manager, f"{base}/manager", {"ratings": manager, "submit": True}
    )
    assert status == 200, body
    lines = {c["competency"]: c for c in body["competencies"]}
    assert lines["ecoute-active"]["difference"] == -2 and lines["ecoute-active"]["disagreement"]
    assert lines["outils-crm"]["below_expected"] and lines["outils-crm"]["manager"]["level"] == 1
    assert body["comparison_ready"] and body["self_comment"] == "Mon bilan"
    # the employee sees the comparison now
    api_login(cast_client, CAST.employee)
    own = cast_client.get(base).json()
    assert own["comparison_ready"] and own["competencies"][0]["manager"]["level"] == 2
    # progress: the manager sees their team only, HR every team
    api_login(cast_client, CAST.manager)
    mine = cast_client.get(f"/api/v1/campaigns/{cid}").json()
    assert [p["team"] for p in mine["progress"]] == ["agence-nord"]
    assert mine["progress"][0]["both"] == 1 and mine["progress"][0]["members"] == 6
    assert {p["side"] for p in mine["people"]} == {"manager"}
    api_login(cast_client, CAST.hr)
    everything = cast_client.get(f"/api/v1/campaigns/{cid}").json()
    assert [p["team"] for p in everything["progress"]] == ["agence-nord", "crc-sud"]
    assert everything["total"]["members"] == 9
    assert cid in [c["id"] for c in cast_client.get("/api/v1/campaigns").json()]


def test_api_refuses_what_the_rules_forbid(cast_client: TestClient, cast_site: Site) -> None:
    cid = new_campaign(cast_client)
    base = f"/api/v1/campaigns/{cid}/people/n-1"
    one = {"ratings": [{"competency": "rigueur", "measure": [2]}]}
    # anonymous
    assert cast_client.get("/api/v1/campaigns").status_code == 401
    assert cast_client.get(base).status_code == 401
    # not HR: cannot open or close
    for who in (CAST.manager, CAST.employee):
        status, _ = post_as(
            cast_client,
            who,
            "/api/v1/campaigns",
            {
                "name": "x",
                "referential": "banque-exemple",
                "starts_on": "2026-01-01",
                "ends_on": "2026-01-31",
                "teams": ["agence-nord"],
            },
        )
        assert status == 403
    assert post_as(cast_client, CAST.manager, f"/api/v1/campaigns/{cid}/close", {})[0] == 403
    # manager of another team
    assert post_as(cast_client, CAST.other_manager, f"{base}/manager", one)[0] == 403
    assert cast_client.get(base).status_code == 403
    assert cast_client.get(f"/api/v1/campaigns/{cid}?team=agence-nord").status_code == 403
    # a colleague
    assert post_as(cast_client, CAST.colleague, f"{base}/self", one)[0] == 403
    assert cast_client.get(base).status_code == 403
    # an employee trying a manager rating
    assert post_as(cast_client, CAST.employee, f"{base}/manager", one)[0] == 403
    assert post_as(cast_client, CAST.employee, f"{base}/submit", {"side": "manager"})[0] == 403
    # cookie calls without the CSRF header
    assert cast_client.post(f"{base}/self", json=one).status_code == 403
    # a bearer token needs none, and obeys the same rules
    token = auth.create_api_token(cast_site.uow, SYSTEM, CAST.colleague, "tests", 1)
    cast_client.cookies.clear()
    bearer = {"Authorization": f"Bearer {token}"}
    assert cast_client.post(f"{base}/self", json=one, headers=bearer).status_code == 403
    # changing after submit
    assert post_as(cast_client, CAST.employee, f"{base}/self", {**one, "submit": False})[0] == 200
    status, body = post_as(cast_client, CAST.employee, f"{base}/submit", {"side": "self"})
    assert status == 400 and "non évaluée" in body["detail"]
    assert post_as(cast_client, CAST.employee, f"{base}/self", {"ratings": SELF_RATINGS})[0] == 200
    assert post_as(cast_client, CAST.employee, f"{base}/submit", {"side": "self"})[0] == 200
    status, body = post_as(cast_client, CAST.employee, f"{base}/self", one)
    assert status == 409 and body["type"] == "about:blank"
    # rating after close
    assert post_as(cast_client, CAST.hr, f"/api/v1/campaigns/{cid}/close", {})[0] == 200
    assert post_as(cast_client, CAST.manager, f"{base}/manager", one)[0] == 409
    assert post_as(cast_client, CAST.hr, f"/api/v1/campaigns/{cid}/close", {})[0] == 409
    # a bad measure is a 400, an unknown campaign a 404
    other = new_campaign(cast_client)
    bad = {"ratings": [{"competency": "ecoute-active", "measure": [4]}]}
    path = f"/api/v1/campaigns/{other}/people/n-1/self"
    assert post_as(cast_client, CAST.employee, path, bad)[0] == 400
    api_login(cast_client, CAST.hr)
    assert cast_client.get("/api/v1/campaigns/999999").status_code == 404


# --- pages ----------------------------------------------------------------------------------


def test_hr_creates_a_campaign_in_the_page(cast_client: TestClient) -> None:
    csrf = login(cast_client, CAST.hr)
    page = cast_client.get("/campagnes")
    assert page.status_code == 200 and 'name="teams"' in page.text
    form = {
        "csrf_token": csrf,
        "name": "Revue de printemps",
        "referential": "Banque Exemple",
        "starts_on": "2026-04-01",
        "ends_on": "2026-04-30",
        "teams": ["agence-nord"],
    }
    response = cast_client.post("/campagnes", data=form, follow_redirects=False)
    assert response.status_code == 303
    target = response.headers["location"]
    shown = cast_client.get(target)
    assert "Revue de printemps" in shown.text and "Avancement par équipe" in shown.text
    # an invalid form is shown again with the reason
    again = cast_client.post("/campagnes", data={**form, "ends_on": "2026-03-01"})
    assert again.status_code == 400 and "se termine avant" in again.text
    assert 'value="Revue de printemps"' in again.text
    # without the CSRF token
    response = cast_client.post(
        "/campagnes", data={k: v for k, v in form.items() if k != "csrf_token"}
    )
    assert response.status_code == 403
    # not HR: no form, and the POST is refused
    csrf = login(cast_client, CAST.manager)
    assert 'name="teams"' not in cast_client.get("/campagnes").text
    assert cast_client.post("/campagnes", data={**form, "csrf_token": csrf}).status_code == 403


def _field_names(html: str) -> set[str]:
    return set(re.findall(r'name="(m-[^"]+)"', html))


def test_rating_form_uses_each_scale_and_then_compares(cast_client: TestClient) -> None:
    cid = new_campaign(cast_client, ["agence-nord"])
    page_path = f"/campagnes/{cid}/personnes/n-2"
    csrf = login(cast_client, CAST.colleague)  # n-2
    form_page = cast_client.get(page_path)
    assert form_page.status_code == 200
    html = form_page.text
    assert 'type="number"' in html and 'name="m-produits-bancaires"' in html  # QCM %
    assert 'type="radio"' in html and "forme les autres" in html  # anchors, described
    assert {"m-ecoute-active-0", "m-ecoute-active-1", "m-rigueur-0"} <= _field_names(html)
    assert "<legend>" in html and 'for="m-ecoute-active-0"' in html
    values = {
        "m-ecoute-active-0": "3",
        "m-ecoute-active-1": "3",
        "m-sens-du-service-0": "4",
        "m-conduite-d-entretien": "2",
        "m-produits-bancaires": "75",
        "m-outils-crm": "50",
        "m-rigueur-0": "2",
    }
    saved = cast_client.post(
        page_path,
        data={"csrf_token": csrf, "side": "self", "action": "enregistrer", **values},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    draft = cast_client.get(saved.headers["location"]).text
    assert 'value="75"' in draft and "Évaluation enregistrée." in draft  # the draft is kept
    # a half-rated savoir-être is refused and the form keeps what was typed
    partial = cast_client.post(
        page_path,
        data={"csrf_token": csrf, "side": "self", "m-ecoute-active-0": "4", "m-outils-crm": "55"},
    )
    assert partial.status_code == 400 and "chaque indicateur" in partial.text
    assert 'value="55"' in partial.text
    submitted = cast_client.post(
        page_path, data={"csrf_token": csrf, "side": "self", "action": "soumettre"}
    )
    assert submitted.status_code == 200 and "elle ne peut plus être modifiée" in submitted.text
    assert 'name="m-outils-crm"' not in submitted.text  # no more form
    # the manager rates, submits, and sees the comparison
    csrf = login(cast_client, CAST.manager)
    manager_values = {**values, "m-ecoute-active-0": "0", "m-ecoute-active-1": "1"}
    done = cast_client.post(
        page_path,
        data={"csrf_token": csrf, "side": "manager", "action": "soumettre", **manager_values},
    )
    assert done.status_code == 200
    row = re.search(r'<tr data-competency="ecoute-active" class="([^"]*)">', done.text)
    assert row and "disagreement" in row.group(1) and "below" in row.group(1)
    assert "désaccord" in done.text
    progress = cast_client.get(f"/campagnes/{cid}").text
    assert re.search(
        r'data-team="agence-nord">.*?<td>6</td><td>1</td><td>1</td><td>1</td>', progress, re.S
    )
    # and the manager's submitted side is closed too
    again = cast_client.post(
        page_path, data={"csrf_token": csrf, "side": "manager", **manager_values}
    )
    assert again.status_code == 409


def test_pages_refuse_what_the_rules_forbid(cast_client: TestClient) -> None:
    cid = new_campaign(cast_client, ["agence-nord"])
    page_path = f"/campagnes/{cid}/personnes/n-1"
    # anonymous: sent to the sign-in page
    response = cast_client.get(page_path, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/connexion")
    # manager of another team, a colleague, an outsider to the campaign
    for who in (CAST.other_manager, CAST.colleague):
        login(cast_client, who)
        assert cast_client.get(page_path).status_code == 403
    login(cast_client, CAST.outsider)
    assert cast_client.get(f"/campagnes/{cid}").status_code == 403
    # the employee trying a manager rating through the form
    csrf = login(cast_client, CAST.employee)
    response = cast_client.post(
        page_path, data={"csrf_token": csrf, "side": "manager", "m-rigueur-0": "4"}
    )
    assert response.status_code == 403
    # without the CSRF token
    response = cast_client.post(page_path, data={"side": "self", "m-rigueur-0": "4"})
    assert response.status_code == 403
    # HR closes; then no form is offered and a POST is a conflict
    csrf = login(cast_client, CAST.hr)
    assert cast_client.post(f"/campagnes/{cid}/clore", data={"csrf_token": csrf}).status_code == 200
    csrf = login(cast_client, CAST.employee)
    page = cast_client.get(page_path).text
    assert "La campagne est close" in page and 'name="side"' not in page
    response = cast_client.post(
        page_path, data={"csrf_token": csrf, "side": "self", "m-rigueur-0": "4"}
    )
    assert response.status_code == 409


def test_pages_translate_to_english(cast_client: TestClient) -> None:
    cid = new_campaign(cast_client, ["agence-nord"])
    login(cast_client, CAST.employee)
    page = cast_client.get(f"/campagnes/{cid}/personnes/n-1?lang=en").text
    assert "My self-assessment" in page and "often" in page and "Save and submit" in page


# --- command line ---------------------------------------------------------------------------


def test_cli_create_rate_submit_show_close(cast_site: Site, tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--database-url", cast_site.url]
    hr = auth.create_api_token(cast_site.uow, SYSTEM, CAST.hr, "tests", 1)
    employee = auth.create_api_token(cast_site.uow, SYSTEM, CAST.employee, "tests", 1)
    manager = auth.create_api_token(cast_site.uow, SYSTEM, CAST.manager, "tests", 1)

    def run(*args: str, token: str | None) -> Any:
        extra = ["--token", token] if token else []
        return runner.invoke(cli_app, ["campaigns", *args, *extra, *db])

    made = run(
        "create", "Revue CLI", "--referential", "banque-exemple", "--teams", "agence-nord",
        "--start", "2026-05-01", "--end", "2026-05-31", token=hr,
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    cid = re.search(r"Campagne (\d+) ouverte", made.output)
    assert cid
    number = cid.group(1)
    assert "Revue CLI" in run("list", token=employee).output
    ratings = tmp_path / "ratings.csv"
    ratings.write_text(
        "competency;measure\necoute-active;souvent,toujours\nsens-du-service;3\n"
        "conduite-d-entretien;3\nproduits-bancaires;80 %\noutils-crm;0,7\nrigueur;2\n",
        "utf-8",
    )
    rated = run("rate", number, "n-1", "--source", "self", "--file", str(ratings), token=employee)
    assert rated.exit_code == 0, rated.output
    assert "6 notes enregistrées" in rated.output
    assert run("submit", number, "n-1", "--side", "self", token=employee).exit_code == 0
    # the manager: a bad file is refused with its line, a manager rating by the employee too
    bad = tmp_path / "bad.csv"
    bad.write_text("rigueur;4\nvente-a-distance;3\n", "utf-8")
    refused = run("rate", number, "n-1", "--source", "manager", "--file", str(bad), token=manager)
    assert refused.exit_code == 1 and "ligne 2" in refused.output
    denied = run(
        "rate", number, "n-1", "--source", "manager", "--file", str(ratings), token=employee
    )
    assert denied.exit_code == 1 and "accès refusé" in denied.output
    assert (
        run(
            "rate", number, "n-1", "--source", "manager", "--file", str(ratings), token=manager
        ).exit_code
        == 0
    )
    submitted = run("submit", number, "n-1", "--side", "manager", token=manager)
    assert submitted.exit_code == 0 and "Écoute active" in submitted.output
    shown = run("show", number, token=manager)
    assert shown.exit_code == 0 and "Agence Nord" in shown.output and "17 %" in shown.output
    assert run("close", number, token=manager).exit_code == 1
    assert run("close", number, token=hr).exit_code == 0
    late = run("rate", number, "n-2", "--source", "manager", "--file", str(ratings), token=manager)
    assert late.exit_code == 1 and "close" in late.output
    assert run("list", token=None).exit_code == 2  # no token
