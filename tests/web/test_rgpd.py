"""RGPD through the API, the pages and the command line: audit log, export, erasure, purge."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from parcours.cli import app as cli_app
from parcours.domain.people import Person
from parcours.services import auth
from parcours.services.auth import SYSTEM
from parcours.services.ports.people import AuditEvent
from tests.people_cast import (
    ADVISOR,
    CAST,
    SAMPLE,
    api_login,
    form_token,
    login,
)
from tests.web.browser import ServedApp, axe_violations, new_page, screenshot, sign_in
from tests.web.conftest import Site

runner = CliRunner()


@pytest.fixture(scope="module")
def site(cast_site: Site) -> Site:
    with cast_site.uow() as uow:
        uow.people.upsert_people(
            [Person("x-1", SAMPLE, ADVISOR, team="agence-nord", display_name="Xavier Effaçable")],
            document=None,
            lines=None,
        )
        for i in range(60):  # enough for a second page of the log
            uow.audit.record(AuditEvent(CAST.hr, "web", "read", "n-3", f"lecture {i}"))
        uow.commit()
    return cast_site


@pytest.fixture
def client(site: Site) -> TestClient:
    site.client.cookies.clear()
    return site.client


def bearer(site: Site, login_name: str) -> dict[str, str]:
    token = auth.create_api_token(site.uow, SYSTEM, login_name, "tests", days=1)
    return {"Authorization": f"Bearer {token}"}


# --- anonymous and CSRF -------------------------------------------------------------------


def test_anonymous_gets_401_on_the_api_and_the_sign_in_page_on_pages(client: TestClient) -> None:
    for path in ("/api/v1/audit", "/api/v1/me/export", "/api/v1/me/audit", "/api/v1/audit.csv"):
        assert client.get(path).status_code == 401, path
    assert client.get("/api/v1/people/n-1/export").status_code == 401
    assert client.delete("/api/v1/people/n-1?confirm=n-1").status_code in (401, 403)
    for path in ("/rgpd", "/moi/donnees", "/rgpd/personnes/n-1"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and "/connexion" in response.headers["location"]


def test_unsafe_calls_without_csrf_are_refused(client: TestClient, site: Site) -> None:
    api_login(client, CAST.hr)
    assert client.delete("/api/v1/people/n-1?confirm=n-1").status_code == 403
    assert client.post("/api/v1/rgpd/purge?dry_run=true").status_code == 403
    login(client, CAST.hr)
    response = client.post("/rgpd/personnes/n-1/effacer", data={"confirmation": "n-1"})
    assert response.status_code == 403
    assert client.post("/rgpd/purge", data={"mode": "purger"}).status_code == 403
    with site.uow() as uow:
        person = uow.people.get_person("n-1")
        assert person is not None and not person.erased


# --- audit log ----------------------------------------------------------------------------


def test_hr_lists_filters_and_downloads_the_audit_log(client: TestClient, site: Site) -> None:
    headers = bearer(site, CAST.hr)
    page = client.get("/api/v1/audit?person=n-3&limit=10", headers=headers).json()
    assert page["total"] >= 60 and len(page["items"]) == 10
    assert {e["subject"] for e in page["items"]} == {"n-3"}
    accounts = client.get("/api/v1/audit?action=account&limit=500", headers=headers).json()
    assert accounts["items"] and {e["action"] for e in accounts["items"]} == {"account"}
    assert client.get("/api/v1/audit?until=2000-01-01", headers=headers).json()["total"] == 0
    response = client.get("/api/v1/audit.csv?person=n-3", headers=headers)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) >= 60 and {r["subject"] for r in rows} == {"n-3"}


def test_the_audit_page_filters_and_pages(client: TestClient) -> None:
    login(client, CAST.hr)
    response = client.get("/rgpd?personne=n-3")
    assert response.status_code == 200
    assert "lecture 59" in response.text and "Page 1 / 2" in response.text
    assert 'href="/rgpd?personne=n-3&amp;page=2"' in response.text
    second = client.get("/rgpd?personne=n-3&page=2").text
    assert "lecture 0" in second and "lecture 59" not in second
    assert client.get("/rgpd?action=login&du=2000-01-01").status_code == 200
    assert client.get("/rgpd/journal.csv?personne=n-3").text.startswith("id,at,actor")
    assert "Personne effacée" not in client.get("/rgpd?efface=n-1+a+disparu").text
    english = client.get("/rgpd?lang=en").text
    assert "Audit log" in english and "Purge preview" in english


def test_only_hr_sees_the_audit_log(client: TestClient, site: Site) -> None:
    for name in (CAST.manager, CAST.employee, CAST.jury):
        headers = bearer(site, name)
        assert client.get("/api/v1/audit", headers=headers).status_code == 403
        assert client.get("/api/v1/audit.csv", headers=headers).status_code == 403
        login(client, name)
        assert client.get("/rgpd").status_code == 403
        assert client.get("/rgpd/journal.csv").status_code == 403


# --- right of access ----------------------------------------------------------------------


def test_a_person_downloads_their_data_and_sees_who_accessed_it(
    client: TestClient, site: Site
) -> None:
    hr = bearer(site, CAST.hr)
    assert client.get("/api/v1/people/n-1/export", headers=hr).status_code == 200
    mine = bearer(site, CAST.employee)
    response = client.get("/api/v1/me/export", headers=mine)
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    document = response.json()
    assert document["format"] == "parcours-rgpd-export" and document["person"]["id"] == "n-1"
    assert {a["competency"] for a in document["assessments"]} == {
        "ecoute-active",
        "produits-bancaires",
    }
    assert [a["login"] for a in document["accounts"]] == [CAST.employee]
    assert "password_hash" not in response.text and "$argon2" not in response.text
    log = client.get("/api/v1/me/audit", headers=mine).json()
    assert any(e["actor"] == CAST.hr and e["action"] == "export" for e in log["items"])
    login(client, CAST.employee)
    page = client.get("/moi/donnees")
    assert page.status_code == 200 and CAST.hr in page.text
    assert client.get("/moi/donnees/export.json").json()["person"]["id"] == "n-1"


def test_nobody_but_hr_and_the_person_exports(client: TestClient, site: Site) -> None:
    refused = (
        (CAST.employee, "n-2"),  # a colleague
        (CAST.manager, "n-1"),  # their own team's member
        (CAST.other_manager, "n-1"),
        (CAST.jury, "n-1"),
    )
    for name, person in refused:
        headers = bearer(site, name)
        response = client.get(f"/api/v1/people/{person}/export", headers=headers)
        assert response.status_code == 403, (name, person)
        login(client, name)
        assert client.get(f"/rgpd/personnes/{person}/export.json").status_code == 403
    assert client.get("/api/v1/me/export", headers=bearer(site, CAST.hr)).status_code == 404


# --- erasure ------------------------------------------------------------------------------


def test_erasure_through_the_api_needs_hr_and_the_confirmation(
    client: TestClient, site: Site
) -> None:
    manager = bearer(site, CAST.manager)
    assert client.delete("/api/v1/people/n-5?confirm=n-5", headers=manager).status_code == 403
    headers = api_login(client, CAST.hr)
    for wrong in ("", "?confirm=n-4", "?confirm=N-5"):
        response = client.delete(f"/api/v1/people/n-5{wrong}", headers=headers)
        assert response.status_code == 400, wrong
        assert response.headers["content-type"].startswith("application/problem+json")
    response = client.delete("/api/v1/people/n-5?confirm=n-5", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["anonymous_id"].startswith("anon-") and '"n-5"' not in response.text
    assert client.get("/api/v1/people/n-5/export", headers=headers).status_code == 404
    assert client.delete("/api/v1/people/n-5?confirm=n-5", headers=headers).status_code == 404
    with site.uow() as uow:
        anon = uow.people.get_person(body["anonymous_id"])
        assert anon is not None and anon.erased and anon.team == "agence-nord"


def test_erasure_through_the_page(client: TestClient, site: Site) -> None:
    login(client, CAST.manager)
    assert client.get("/rgpd/personnes/n-6").status_code == 403
    token = form_token(client, "/moi/donnees")
    refused = client.post(
        "/rgpd/personnes/n-6/effacer", data={"confirmation": "n-6", "csrf_token": token}
    )
    assert refused.status_code == 403
    login(client, CAST.hr)
    page = client.get("/rgpd/personnes/n-6")
    assert page.status_code == 200 and "Conseiller Nord 6" in page.text
    token = form_token(client, "/rgpd/personnes/n-6")
    wrong = client.post(
        "/rgpd/personnes/n-6/effacer", data={"confirmation": "n-5", "csrf_token": token}
    )
    assert wrong.status_code == 400 and 'role="alert"' in wrong.text
    done = client.post(
        "/rgpd/personnes/n-6/effacer",
        data={"confirmation": "n-6", "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    anonymous = re.search(r"efface=(anon-[0-9a-f]+)", done.headers["location"])
    assert anonymous
    assert anonymous.group(1) in client.get(done.headers["location"]).text
    assert client.get("/rgpd/personnes/n-6").status_code == 404
    assert client.get("/rgpd/personnes?id=n-2", follow_redirects=False).headers["location"] == (
        "/rgpd/personnes/n-2"
    )


# --- retention ----------------------------------------------------------------------------


def test_purge_preview_and_run(client: TestClient, site: Site) -> None:
    with site.uow() as uow:
        uow.audit.record(
            AuditEvent(
                CAST.hr, "web", "read", "n-4", "très ancien", at=datetime(2001, 1, 1, tzinfo=UTC)
            )
        )
        uow.commit()
        purges = uow.audit.count(action="purge")
    login(client, CAST.hr)
    token = form_token(client, "/rgpd")
    preview = client.post("/rgpd/purge", data={"mode": "apercu", "csrf_token": token})
    assert preview.status_code == 200 and "Purger maintenant" in preview.text
    with site.uow() as uow:
        assert uow.audit.count(until=datetime(2002, 1, 1, tzinfo=UTC)) == 1
    headers = bearer(site, CAST.hr)
    dry = client.post("/api/v1/rgpd/purge?dry_run=true", headers=headers).json()
    assert dry["dry_run"] is True and dry["audit_events"] == 1
    done = client.post("/rgpd/purge", data={"mode": "purger", "csrf_token": token})
    assert done.status_code == 200 and "Purge effectuée" in done.text
    with site.uow() as uow:
        assert uow.audit.count(until=datetime(2002, 1, 1, tzinfo=UTC)) == 0
        assert uow.audit.count(action="purge") == purges + 1
    manager = bearer(site, CAST.manager)
    assert client.post("/api/v1/rgpd/purge?dry_run=true", headers=manager).status_code == 403


# --- command line -------------------------------------------------------------------------


def _cli(site: Site, token: str | None, *args: str) -> tuple[int, str]:
    options = ["--database-url", site.url] + (["--token", token] if token else [])
    result = runner.invoke(cli_app, ["rgpd", *args, *options], env={"PARCOURS_TOKEN": ""})
    return result.exit_code, result.output


def test_the_command_line_obeys_the_same_rules(site: Site, tmp_path: Path) -> None:
    hr = auth.create_api_token(site.uow, SYSTEM, CAST.hr, "cli", days=1)
    employee = auth.create_api_token(site.uow, SYSTEM, CAST.employee, "cli", days=1)
    code, output = _cli(site, hr, "audit", "--person", "n-3", "--format", "csv")
    assert code == 0 and output.startswith("id,at,actor") and "lecture 1" in output
    code, output = _cli(site, hr, "audit", "--actor", CAST.hr, "--since", "2000-01-01")
    assert code == 0 and ("événements affichés sur" in output or "événement affiché sur" in output)
    target = tmp_path / "n1.json"
    code, _ = _cli(site, hr, "export", "n-1", "-o", str(target))
    assert code == 0 and json.loads(target.read_text("utf-8"))["person"]["id"] == "n-1"
    code, output = _cli(site, employee, "export", "n-1")
    assert code == 0 and json.loads(output)["person"]["id"] == "n-1"
    assert _cli(site, employee, "export", "n-2")[0] == 1
    assert _cli(site, employee, "audit")[0] == 1
    assert _cli(site, employee, "erase", "n-4", "--confirm", "n-4")[0] == 1
    assert _cli(site, employee, "purge", "--dry-run")[0] == 1
    assert _cli(site, None, "audit")[0] == 2
    assert _cli(site, hr, "erase", "n-4", "--confirm", "n-3")[0] == 1
    code, output = _cli(site, hr, "purge", "--dry-run")
    assert code == 0 and "Aperçu" in output
    code, output = _cli(site, hr, "erase", "n-4", "--confirm", "n-4")
    assert code == 0 and "anon-" in output
    code, output = _cli(site, hr, "purge")
    assert code == 0 and "Purge :" in output
    with site.uow() as uow:
        assert uow.people.get_person("n-4") is None
        events = uow.audit.search(actor=CAST.hr, action="erase", limit=None)
        assert any(e.channel == "cli" for e in events)


# --- in a browser -------------------------------------------------------------------------


@pytest.mark.browser
def test_hr_erases_a_person_in_the_browser_and_the_pages_are_accessible(
    browser: Any, server: ServedApp
) -> None:
    url = server.url
    page = new_page(browser)
    sign_in(page, server, CAST.hr, "/rgpd")
    assert axe_violations(page) == []
    screenshot(page, "rgpd-01-journal")
    page.get_by_label("Action").select_option("account")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**action=account**")
    assert page.locator("table.audit tbody tr").count() >= 7
    page.get_by_role("button", name="Aperçu de la purge").click()
    assert axe_violations(page) == []
    screenshot(page, "rgpd-02-apercu-purge")
    page.goto(f"{url}/rgpd")
    page.get_by_label("Nom ou pseudonyme", exact=True).fill("x-1")
    page.get_by_role("button", name="Ouvrir la fiche (export, effacement)").click()
    page.wait_for_url("**/rgpd/personnes/x-1")
    assert "Xavier Effaçable" in page.content()
    assert axe_violations(page) == []
    screenshot(page, "rgpd-03-fiche")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger toutes ses données (JSON)").click()
    assert json.loads(Path(download.value.path()).read_text("utf-8"))["person"]["id"] == "x-1"
    page.get_by_label("Pour confirmer, saisissez le pseudonyme de la personne").fill("x-2")
    page.get_by_role("button", name="Effacer définitivement").click()
    assert page.get_by_role("alert").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("Pour confirmer, saisissez le pseudonyme de la personne").fill("x-1")
    page.get_by_role("button", name="Effacer définitivement").click()
    page.wait_for_url("**/rgpd?efface=anon-*")
    assert "Personne effacée" in page.get_by_role("status").inner_text()
    screenshot(page, "rgpd-04-effacee")
    page.context.close()

    own = browser.new_context(locale="fr-FR").new_page()
    sign_in(own, server, CAST.colleague, "/moi/donnees")
    assert own.get_by_role("heading", level=1).inner_text() == "Mes données"
    assert axe_violations(own) == []
    screenshot(own, "rgpd-05-mes-donnees")
    own.context.close()
