"""The people pages (issue 5, point 1): /moi, /personnes, a profile with its rating forms,
/echelles — and the rules: a colleague's or another team's profile is a 403 page, no account a
redirect to /connexion, a form without its CSRF token a 403."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from parcours.services import people
from parcours.services.auth import SYSTEM
from tests.people_cast import CAST, login
from tests.web.conftest import Site


def _history(site: Site, person: str, competency: str) -> list[tuple[str, int]]:
    return [
        (a.source.value, a.level)
        for a in people.assessment_history(site.uow, SYSTEM, person, competency)
    ]


def test_anonymous_visitors_are_sent_to_the_sign_in_page(cast_client: TestClient) -> None:
    for path in ("/moi", "/personnes", "/personnes/n-1", "/personnes/n-1/plan?cible=x"):
        response = cast_client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/connexion?suite=")


def test_me_goes_to_my_profile_or_says_there_is_none(cast_client: TestClient) -> None:
    login(cast_client, CAST.employee)
    response = cast_client.get("/moi", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/personnes/n-1"
    login(cast_client, CAST.hr)
    response = cast_client.get("/moi")
    assert response.status_code == 200
    assert "rattaché à aucune personne" in response.text


def test_people_list_hr_everyone_manager_their_team(cast_client: TestClient) -> None:
    login(cast_client, CAST.hr)
    text = cast_client.get("/personnes").text
    listed = set(re.findall(r'href="/personnes/([^"/]+)"', text))
    assert {"n-1", "s-1", "m-nord"} <= listed
    text = cast_client.get("/personnes", params={"equipe": "crc-sud"}).text
    assert set(re.findall(r'href="/personnes/([^"/]+)"', text)) == {"s-1", "s-2", "s-3"}
    login(cast_client, CAST.manager)
    listed = set(re.findall(r'href="/personnes/([^"/]+)"', cast_client.get("/personnes").text))
    assert "n-1" in listed and "s-1" not in listed
    assert cast_client.get("/personnes", params={"equipe": "crc-sud"}).status_code == 403


def test_profile_table_badges_history_and_the_self_form(cast_client: TestClient) -> None:
    login(cast_client, CAST.employee)
    response = cast_client.get("/personnes/n-1")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    text = response.text
    assert 'class="badge src-manager"' in text  # ecoute-active: rated by the manager
    assert 'class="badge src-self"' in text  # produits-bancaires: self-assessed
    assert "Historique des évaluations" in text
    # The self form only: the employee may not rate as manager.
    assert 'name="source" value="self"' in text and 'value="manager"' not in text
    # One input per kind: a % for a savoir, anchors in a fieldset, a select per indicator.
    assert 'name="score" type="number" min="0" max="100"' in text
    assert re.search(r"<legend>Repère de performance observé</legend>", text)
    assert text.count('name="anchor"') == 4  # conduite-d-entretien, one savoir-faire, 4 anchors
    listening = text.split('id="c-ecoute-active"', 1)[1].split("</details>", 1)[0]
    assert listening.count('name="frequence"') == 2  # its two « Je … » indicators
    assert "Je pose des questions ouvertes" in listening
    forms = text.count('action="/personnes/n-1/evaluations"')
    assert forms == text.count('name="csrf_token"') - 1  # every form, plus the sign-out one


def test_a_colleague_and_another_team_get_403(cast_client: TestClient) -> None:
    login(cast_client, CAST.employee)
    assert cast_client.get("/personnes/n-2").status_code == 403
    login(cast_client, CAST.manager)
    assert cast_client.get("/personnes/s-1").status_code == 403
    assert cast_client.get("/personnes/n-1").status_code == 200


def test_the_self_form_records_and_shows_the_rating(
    cast_client: TestClient, cast_site: Site
) -> None:
    token = login(cast_client, CAST.employee)
    response = cast_client.post(
        "/personnes/n-1/evaluations",
        data={
            "csrf_token": token,
            "competency": "ecoute-active",
            "source": "self",
            "frequence": ["4", "3"],
            "evidence": "retour client",
            "assessed_on": "2026-03-01",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/personnes/n-1?enregistre=ecoute-active")
    assert _history(cast_site, "n-1", "ecoute-active") == [("manager", 3), ("self", 4)]
    page = cast_client.get(response.headers["location"]).text
    assert "Évaluation enregistrée." in page and "retour client" in page


def test_a_wrong_measure_shows_the_form_again_with_the_reason(
    cast_client: TestClient, cast_site: Site
) -> None:
    token = login(cast_client, CAST.employee)
    before = _history(cast_site, "n-1", "outils-crm")
    response = cast_client.post(
        "/personnes/n-1/evaluations",
        data={
            "csrf_token": token,
            "competency": "outils-crm",
            "source": "self",
            "score": "140",
            "evidence": "quiz du 12 mars",
            "assessed_on": "2026-03-12",
        },
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.text and "hors de 0 à 100 %" in response.text
    assert _history(cast_site, "n-1", "outils-crm") == before
    # The rating comes back as it was typed, in its form, opened.
    form = response.text.split('id="c-outils-crm" open>')[1].split("</form>")[0]
    assert 'value="140"' in form and ">quiz du 12 mars</textarea>" in form
    assert 'value="2026-03-12"' in form
    # A behaviour's frequencies too (one per indicator, in order).
    page = cast_client.get("/personnes/n-1").text
    forms = [f.split("</form>")[0] for f in page.split('<details class="rate noprint" id="c-')[1:]]
    key, fields = next(
        (f.split('"', 1)[0], f.count('name="frequence"')) for f in forms if 'name="frequence"' in f
    )
    sent = ["4"] + [""] * (fields - 1)  # the others left unanswered: refused
    again = cast_client.post(
        "/personnes/n-1/evaluations",
        data={"csrf_token": token, "competency": key, "source": "self", "frequence": sent},
    )
    assert again.status_code == 400
    first = again.text.split(f'id="c-{key}" open>')[1].split("</select>")[0]
    assert '<option value="4" selected>' in first


def test_forms_refuse_the_wrong_source_and_a_missing_csrf_token(
    cast_client: TestClient, cast_site: Site
) -> None:
    data = {"competency": "conduite-d-entretien", "anchor": "3"}
    token = login(cast_client, CAST.employee)
    # An employee cannot record a manager's rating, even of themselves.
    response = cast_client.post(
        "/personnes/n-1/evaluations", data={**data, "source": "manager", "csrf_token": token}
    )
    assert response.status_code == 403
    token = login(cast_client, CAST.manager)
    # A manager cannot self-assess for someone.
    response = cast_client.post(
        "/personnes/n-1/evaluations", data={**data, "source": "self", "csrf_token": token}
    )
    assert response.status_code == 403
    # No CSRF token: refused before anything is read.
    response = cast_client.post("/personnes/n-1/evaluations", data={**data, "source": "manager"})
    assert response.status_code == 403
    assert _history(cast_site, "n-1", "conduite-d-entretien") == []
    page = cast_client.get("/personnes/n-1").text
    assert 'name="source" value="manager"' in page  # the manager's form
    response = cast_client.post(
        "/personnes/n-1/evaluations",
        data={**data, "source": "manager", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert _history(cast_site, "n-1", "conduite-d-entretien") == [("manager", 3)]


def test_scales_page_shows_the_three_scales_in_both_languages(cast_client: TestClient) -> None:
    text = cast_client.get("/echelles").text
    assert text.count('<table class="anchors">') == 3
    for words in ("85 % et plus", "forme les autres", "toujours observés", "jury"):
        assert words in text
    english = cast_client.get("/echelles?lang=en").text
    assert "Rating scales" in english and "85 % and more" in english
    cast_client.get("/echelles?lang=fr")


def test_a_profile_leads_to_the_personal_data_pages_of_whoever_may_use_them(
    cast_client: TestClient,
) -> None:
    expected = {
        CAST.employee: ("/moi/donnees", "/rgpd/personnes/n-1"),
        CAST.hr: ("/rgpd/personnes/n-1", "/moi/donnees"),
        CAST.manager: (None, "/moi/donnees"),
    }
    for account, (shown, hidden) in expected.items():
        login(cast_client, account)
        page = cast_client.get("/personnes/n-1").text
        if shown is not None:
            assert f'href="{shown}"' in page, account
        assert f'href="{hidden}"' not in page, account
    login(cast_client, CAST.manager)
    assert "/rgpd/personnes/" not in cast_client.get("/personnes/n-1").text
