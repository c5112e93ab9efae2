"""Job fields past ``LIST_MAX`` jobs are search boxes, which work without script: the page
reads the words sent (one job named: chosen; several: listed; none: said). The seeds hold
fewer jobs than ``LIST_MAX``: the tests that need search boxes lower it."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from parcours.web import job_picker
from tests.people_cast import CAST, CONFIRMED, SAMPLE, login

BANK = "banque-exemple"
ADVISOR = f"{BANK}:conseiller-a-distance--ii-1"
SENIOR = f"{BANK}:conseiller-a-distance-confirme--ii-3"


@pytest.fixture
def searching(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(job_picker, "LIST_MAX", 0)


def field(html: str, name: str) -> str:
    """The form control named ``name`` (its opening tag)."""
    match = re.search(rf'<(select|input)[^>]*\bid="{name}"[^>]*>', html)
    assert match is not None, name
    return match.group(0)


def test_a_short_list_of_jobs_stays_a_select(client: TestClient) -> None:
    html = client.get("/comparer").text
    assert field(html, "a").startswith("<select") and field(html, "b").startswith("<select")
    assert 'data-picker="' not in html


def test_a_long_list_is_a_search_box_and_the_page_stays_small(
    client: TestClient, searching: None
) -> None:
    listed = client.get("/comparer?lang=fr").text
    box = field(listed, "a")
    assert box.startswith("<input") and 'type="search"' in box and 'data-picker="slug"' in box
    assert "<option" not in listed
    sheet = client.get(f"/referentiels/{BANK}/postes/conseiller-a-distance--ii-1").text
    # The job page compares with a job of its own referential: the box looks there only.
    assert f'data-scope="{BANK}"' in field(sheet, "b")


def test_words_naming_one_job_each_compare_them(client: TestClient, searching: None) -> None:
    html = client.get(
        "/comparer", params={"a": "conseiller à distance II.1", "b": "distance confirmé"}
    ).text
    assert "Compétences communes" in html and "Écoute active" in html
    # The boxes now show the jobs chosen, and send them again as they show them.
    a, b = field(html, "a"), field(html, "b")
    assert f'data-value="{ADVISOR}"' in a and f'data-value="{SENIOR}"' in b
    shown = re.search(r'value="([^"]+)"', b)
    assert shown is not None and shown.group(1).startswith("Conseiller à distance confirmé")
    again = client.get("/comparer", params={"a": ADVISOR, "b": shown.group(1)}).text
    assert f'data-value="{SENIOR}"' in field(again, "b") and "Écoute active" in again


def test_words_naming_several_jobs_list_them_to_choose(client: TestClient, searching: None) -> None:
    html = client.get("/comparer", params={"a": ADVISOR, "b": "conseiller"}).text
    assert "Plusieurs postes correspondent à « conseiller »" in html
    assert "Compétences communes" not in html
    values = re.findall(r'<input type="radio" id="b-\d+" name="b" value="([^"]+)"', html)
    assert SENIOR in values and len(values) == len(set(values)) >= 2
    # The choice is sent after the box's words: the page takes it.
    chosen = client.get("/comparer", params=[("a", ADVISOR), ("b", "conseiller"), ("b", SENIOR)])
    assert "Vente à distance" in chosen.text and f'data-value="{SENIOR}"' in chosen.text


def test_words_that_are_a_title_choose_that_job_before_longer_ones(
    client: TestClient, searching: None
) -> None:
    # The study has "Conseiller senior" and "Conseiller senior spécialisé".
    html = client.get("/comparer", params={"a": ADVISOR, "b": "conseiller SENIOR"}).text
    assert re.search(r'data-value="[^"]+:conseiller-senior"', field(html, "b"))
    assert "Compétences communes" in html
    longer = client.get("/comparer", params={"a": ADVISOR, "b": "conseiller senior spé"}).text
    assert re.search(r'data-value="[^"]+:conseiller-senior-specialise"', field(longer, "b"))


def test_words_naming_no_job_say_so(client: TestClient, searching: None) -> None:
    response = client.get("/comparer", params={"a": ADVISOR, "b": "zzqxw"})
    assert response.status_code == 200
    assert "Aucun poste ne correspond à « zzqxw »." in response.text
    english = client.get("/comparer", params={"a": ADVISOR, "b": "zzqxw", "lang": "en"})
    assert "No job matches “zzqxw”." in english.text


def test_a_select_refuses_a_value_that_is_no_job(client: TestClient) -> None:
    # As before the search boxes: a select sends a value, and an unknown one is a 404.
    assert client.get("/comparer", params={"a": "x", "b": "y"}).status_code == 404


def test_the_path_planner_reads_words_too(client: TestClient, searching: None) -> None:
    html = client.get(
        "/parcours",
        params={
            "referential": BANK,
            "source": "conseiller à distance II.1",
            "target": "distance confirmé",
        },
    ).text
    assert 'data-picker="key"' in field(html, "source")
    assert 'data-value="conseiller-a-distance--ii-1"' in field(html, "source")
    assert 'data-value="conseiller-a-distance-confirme--ii-3"' in field(html, "target")
    assert "Parcours 1" in html


def test_a_persons_plan_is_asked_for_by_words(cast_client: TestClient, searching: None) -> None:
    login(cast_client, CAST.manager)
    profile = cast_client.get("/personnes/n-1").text
    # The box sends its words to the person's page, which finds the job and opens its plan.
    assert 'action="/personnes/n-1"' in profile and 'data-picker="key"' in field(profile, "cible")
    found = cast_client.get(
        "/personnes/n-1", params={"cible": "distance confirmé"}, follow_redirects=False
    )
    assert found.status_code == 303
    assert found.headers["location"] == f"/personnes/n-1/plan?cible={CONFIRMED}"
    several = cast_client.get("/personnes/n-1", params={"cible": "conseiller"})
    assert several.status_code == 200 and "Plusieurs postes correspondent" in several.text
    assert f'name="cible" value="{CONFIRMED}"' in several.text
    none = cast_client.get("/personnes/n-1", params={"cible": "astronaute"})
    assert "Aucun poste ne correspond à « astronaute »." in none.text


def test_a_job_is_followed_by_words_and_the_form_keeps_what_was_typed(
    cast_client: TestClient, searching: None
) -> None:
    token = login(cast_client, CAST.employee)
    space = cast_client.get("/mon-parcours").text
    assert 'data-picker="key"' in field(space, "poste-suivi")
    form = {"csrf_token": token, "referentiel": SAMPLE, "partage": "oui", "note": "Pour évoluer"}
    several = cast_client.post("/mon-parcours/souhaits", data={**form, "poste": "conseiller"})
    assert several.status_code == 200 and "Plusieurs postes correspondent" in several.text
    assert f'name="poste" value="{CONFIRMED}"' in several.text
    # What the person typed and ticked is still there to send again.
    assert ">Pour évoluer</textarea>" in several.text
    assert re.search(r'id="partage" name="partage" value="oui" checked', several.text)
    followed = cast_client.post(
        "/mon-parcours/souhaits",
        data={**form, "poste": "distance confirmé"},
        follow_redirects=False,
    )
    assert followed.status_code == 303
    assert f'data-job="{CONFIRMED}"' in cast_client.get("/mon-parcours?fait=suivi").text


def test_a_themes_competencies_are_typed_when_the_list_would_be_long(
    cast_client: TestClient, searching: None
) -> None:
    token = login(cast_client, CAST.hr)
    page = cast_client.get("/equipes/themes").text
    box = field(page, "competence-1")
    assert 'type="search"' in box and 'data-kind="competency"' in box
    form = {"csrf_token": token, "referentiel": SAMPLE, "nom": "Écoute", "minimum": "1"}
    several = cast_client.post(
        "/equipes/themes", data={**form, "competence": ["recouvrement"], "niveau": ["3"]}
    )
    assert several.status_code == 400
    assert "ligne 1 : précisez la compétence « recouvrement »" in several.text
    # That line is now a list of the competencies the words name, one value a line.
    line = several.text.split('id="competence-1"')[1].split("</select>")[0]
    assert 'value="recouvrement-amiable"' in line
    assert 'value="procedures-de-recouvrement"' in line
    assert '<option value="3" selected>' in several.text.split('id="niveau-1"')[1]
    saved = cast_client.post(
        "/equipes/themes",
        data={**form, "competence": ["écoute active", "vente-a-distance"], "niveau": ["3", "2"]},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    listing = cast_client.get(saved.headers["location"]).text
    assert "Écoute active ≥ 3" in listing and "Vente à distance ≥ 2" in listing
