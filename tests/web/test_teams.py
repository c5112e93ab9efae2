"""Team skills matrices and request themes through the API and the pages (issue 5, point 5)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.test_teams import GOOD_CSV, extra_assessments
from tests.people_cast import CAST, SAMPLE, api_login, form_token, login
from tests.web.browser import ServedApp, axe_violations, screenshot, sign_in
from tests.web.conftest import Site


@pytest.fixture(scope="module")
def site(cast_site: Site) -> Site:
    with cast_site.uow() as uow:
        uow.people.add_assessments(extra_assessments())
        uow.commit()
    return cast_site


@pytest.fixture
def client(site: Site) -> TestClient:
    site.client.cookies.clear()
    return site.client


def test_api_lists_the_teams_each_role_may_see(client: TestClient) -> None:
    assert client.get("/api/v1/teams").status_code == 401
    api_login(client, CAST.hr)
    assert [t["code"] for t in client.get("/api/v1/teams").json()] == ["agence-nord", "crc-sud"]
    api_login(client, CAST.manager)
    assert client.get("/api/v1/teams").json() == [
        {"code": "agence-nord", "name": "Agence Nord", "size": 6}
    ]
    for name in (CAST.employee, CAST.jury):
        api_login(client, name)
        response = client.get("/api/v1/teams")
        assert response.status_code == 403
        assert response.headers["content-type"].startswith("application/problem+json")
        assert client.get("/api/v1/teams/agence-nord/matrix").status_code == 403


def test_api_matrix_hides_people_of_small_groups_except_from_hr(client: TestClient) -> None:
    api_login(client, CAST.other_manager)
    hidden = client.get("/api/v1/teams/crc-sud/matrix").json()
    assert hidden["shown"] is False and hidden["people"] is None and hidden["cells"] is None
    assert hidden["size"] == 3 and hidden["minimum"] == 5
    assert all(s["holders_names"] is None for s in hidden["spof"])
    assert "Conseiller Sud" not in str(hidden) and "s-1" not in str(hidden)
    vente = next(c for c in hidden["coverage"] if c["competency"] == "vente-a-distance")
    assert vente["holders"] == 1
    assert client.get("/api/v1/teams/agence-nord/matrix").status_code == 403

    api_login(client, CAST.hr)
    full = client.get("/api/v1/teams/crc-sud/matrix").json()
    assert [p["person"] for p in full["people"]] == ["s-1", "s-2", "s-3"]
    assert len(full["cells"]["levels"]) == 3

    api_login(client, CAST.manager)
    nord = client.get("/api/v1/teams/agence-nord/matrix").json()
    assert nord["shown"] and len(nord["people"]) == 6
    keys = [c["key"] for c in nord["competencies"]]
    at = keys.index("conduite-d-entretien")
    assert nord["cells"]["levels"][0][at] == 3 and nord["cells"]["status"][0][at] == "above"
    crm = next(s for s in nord["spof"] if s["competency"] == "outils-crm")
    assert crm["holders"] == 1 and crm["holders_names"] == ["Conseiller Nord 3"]
    group = client.get("/api/v1/teams/matrix", params={"job": "conseiller-a-distance--ii-1"})
    assert group.status_code == 200 and group.json()["size"] == 6
    assert client.get("/api/v1/teams/matrix", params={"team": "crc-sud"}).status_code == 403


def test_api_themes_crud_and_import(client: TestClient) -> None:
    theme = {
        "referential": SAMPLE,
        "name": "Expatriés",
        "competencies": [
            {"competency": "ecoute-active", "level": 3},
            {"competency": "outils-crm", "level": 2},
        ],
        "min_advisors": 2,
    }
    headers = api_login(client, CAST.manager)
    assert client.post("/api/v1/themes", json=theme, headers=headers).status_code == 403
    headers = api_login(client, CAST.hr)
    assert client.post("/api/v1/themes", json=theme).status_code == 403  # no CSRF header
    created = client.post("/api/v1/themes", json=theme, headers=headers)
    assert created.status_code == 201, created.text
    theme_id = created.json()["id"]
    bad = {**theme, "competencies": [{"competency": "astrologie", "level": 2}]}
    refused = client.post("/api/v1/themes", json=bad, headers=headers)
    assert refused.status_code == 400 and "astrologie" in refused.json()["detail"]

    broken = GOOD_CSV + "X;astrologie;2;1\n"
    answer = client.post(
        "/api/v1/themes/import",
        params={"referential": SAMPLE},
        files={"file": ("themes.csv", broken.encode(), "text/csv")},
        headers=headers,
    )
    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {
            "line": 5,
            "reason": "thème 'X' : compétence inconnue dans « Banque Exemple » : astrologie",
        }
    ]
    imported = client.post(
        "/api/v1/themes/import",
        params={"referential": SAMPLE},
        files={"file": ("themes.csv", GOOD_CSV.encode(), "text/csv")},
        headers=headers,
    )
    assert imported.status_code == 201 and imported.json()["created"] == 2

    api_login(client, CAST.manager)
    names = {t["name"] for t in client.get("/api/v1/themes", params={"referential": SAMPLE}).json()}
    assert names == {"Expatriés", "Crédit", "Succession"}
    nord = client.get("/api/v1/teams/agence-nord/matrix").json()
    expat = next(t for t in nord["themes"] if t["name"] == "Expatriés")
    assert expat["capable"] == 0 and expat["alert"] is True
    assert nord["advice"]["competency"] == "outils-crm"

    api_login(client, CAST.employee)
    assert client.get("/api/v1/themes").status_code == 403
    headers = api_login(client, CAST.hr)
    assert client.delete(f"/api/v1/themes/{theme_id}", headers=headers).status_code == 204
    assert client.delete(f"/api/v1/themes/{theme_id}", headers=headers).status_code == 404


def test_pages_list_and_matrix(client: TestClient) -> None:
    login(client, CAST.manager)
    page = client.get("/equipes")
    assert page.status_code == 200 and "agence-nord" in page.text and "crc-sud" not in page.text
    matrix = client.get("/equipes/agence-nord")
    assert matrix.status_code == 200
    assert 'class="team-matrix"' in matrix.text and "Conseiller Nord 3" in matrix.text
    assert "sous l&#39;attendu" in matrix.text or "sous l'attendu" in matrix.text  # legend
    assert "<meter" in matrix.text
    assert client.get("/equipes/crc-sud").status_code == 403
    english = client.get("/equipes/agence-nord?lang=en")
    assert "Skills matrix" in english.text
    client.get("/equipes?lang=fr")

    login(client, CAST.other_manager)
    small = client.get("/equipes/crc-sud")
    assert small.status_code == 200
    assert 'class="team-matrix"' not in small.text and "Conseiller Sud" not in small.text
    assert "1 titulaire" in small.text
    login(client, CAST.hr)
    assert "Conseiller Sud 1" in client.get("/equipes/crc-sud").text
    group = client.get("/equipes/groupe", params={"equipe": ["agence-nord", "crc-sud"]})
    assert group.status_code == 200 and "requise pour 9 personnes" in group.text

    for name in (CAST.employee, CAST.jury):
        login(client, name)
        assert client.get("/equipes").status_code == 403
        assert client.get("/equipes/agence-nord").status_code == 403
    client.cookies.clear()
    anonymous = client.get("/equipes/agence-nord", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/connexion")


def test_theme_pages_are_for_hr_and_carry_csrf(client: TestClient) -> None:
    login(client, CAST.manager)
    assert client.get("/equipes/themes").status_code == 403
    login(client, CAST.hr)
    page = client.get("/equipes/themes")
    assert page.status_code == 200
    assert page.text.count('name="csrf_token"') >= 3  # sign-out, add, import
    token = form_token(client, "/equipes/themes")
    form = {
        "referentiel": SAMPLE,
        "nom": "Recouvrement",
        "minimum": "1",
        "part": "10",
        "competence": ["recouvrement-amiable", ""],
        "niveau": ["3", "2"],
    }
    assert client.post("/equipes/themes", data=form).status_code == 403  # no CSRF token
    saved = client.post(
        "/equipes/themes", data={**form, "csrf_token": token}, follow_redirects=False
    )
    assert saved.status_code == 303
    listing = client.get(saved.headers["location"]).text
    assert "Recouvrement" in listing and "thème enregistré" in listing
    wrong = client.post(
        "/equipes/themes",
        data={**form, "competence": ["astrologie"], "niveau": ["2"], "csrf_token": token},
    )
    assert wrong.status_code == 400 and "astrologie" in wrong.text
    # What was typed comes back with the error, to correct rather than type again.
    typo = client.post(
        "/equipes/themes",
        data={**form, "minimum": "deux", "csrf_token": token},
    )
    assert typo.status_code == 400 and "non numérique" in typo.text
    assert 'id="nom" name="nom" required maxlength="200" value="Recouvrement"' in typo.text
    assert 'name="minimum" type="number" min="1" value="deux"' in typo.text
    assert 'id="part" name="part" inputmode="decimal" maxlength="20" value="10"' in typo.text
    first = typo.text.split('id="competence-1"')[1].split("</select>")[0]
    assert '<option value="recouvrement-amiable" selected>' in first
    level = typo.text.split('id="niveau-1"')[1].split("</select>")[0]
    assert '<option value="3" selected>' in level
    second = typo.text.split('id="competence-2"')[1].split("</select>")[0]
    assert " selected" not in second
    refused = client.post(
        "/equipes/themes/import",
        data={"referentiel": SAMPLE, "csrf_token": token},
        files={"fichier": ("t.csv", (GOOD_CSV + "Y;rigueur;9;1\n").encode(), "text/csv")},
    )
    assert refused.status_code == 400 and "ligne 5" in refused.text
    done = client.post(
        "/equipes/themes/import",
        data={"referentiel": SAMPLE, "csrf_token": token},
        files={"fichier": ("t.csv", GOOD_CSV.encode(), "text/csv")},
        follow_redirects=False,
    )
    assert done.status_code == 303
    listing = client.get("/equipes/themes").text
    found = re.search(r'action="/equipes/themes/(\d+)/supprimer"', listing)
    assert found
    gone = client.post(
        f"/equipes/themes/{found.group(1)}/supprimer",
        data={"referentiel": SAMPLE, "csrf_token": token},
        follow_redirects=False,
    )
    assert gone.status_code == 303
    login(client, CAST.manager)
    token = form_token(client, "/equipes")
    denied = client.post("/equipes/themes", data={**form, "csrf_token": token})
    assert denied.status_code == 403


@pytest.mark.browser
def test_matrix_and_theme_pages_are_accessible_in_a_browser(
    site: Site, server: ServedApp, page: Any
) -> None:
    from parcours.services import teams as service
    from parcours.services.auth import SYSTEM, create_api_token, token_principal

    hr = token_principal(site.uow, create_api_token(site.uow, SYSTEM, CAST.hr, "t", days=1), "t")
    assert hr is not None
    service.save_theme(site.uow, hr, SAMPLE, "Expatriés", [("ecoute-active", 3), ("outils-crm", 2)])
    sign_in(page, server, CAST.manager, "/equipes/agence-nord")
    assert page.get_by_role("table", name="Niveau actuel et niveau attendu").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "team-matrix")
    page.goto(server.url + "/equipes")
    assert axe_violations(page) == []
    sign_in(page, server, CAST.hr, "/equipes/themes")
    assert axe_violations(page) == []
    screenshot(page, "team-themes")


def test_a_themes_competency_is_found_by_typing_in_a_browser(
    site: Site, server: ServedApp, page: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parcours.web import job_picker

    monkeypatch.setattr(job_picker, "LIST_MAX", 0)  # the sample's list is short
    sign_in(page, server, CAST.hr, "/equipes/themes")
    page.get_by_label("Nom du thème").fill("Contentieux")
    box = page.get_by_role("combobox", name="Compétence 1")
    box.press_sequentially("recouv", delay=20)
    proposed = page.get_by_role("listbox", name="Compétence 1").get_by_role("option")
    proposed.first.wait_for()
    assert proposed.count() == 2  # "Recouvrement amiable", "Procédures de recouvrement"
    assert axe_violations(page) == []
    proposed.filter(has_text="Procédures de recouvrement").click()
    page.get_by_label("Niveau").first.select_option("3")
    page.get_by_role("button", name="Enregistrer le thème").click()
    page.wait_for_url("**/equipes/themes?*")
    assert "Procédures de recouvrement ≥ 3" in page.locator("table.team-themes").inner_text()
