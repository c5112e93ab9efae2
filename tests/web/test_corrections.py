"""HR corrects facts from the job sheet and the API (issue 13); the sources quote the
document's lines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from parcours.services import corrections

from .conftest import Site, hr_bearer, make_site, seed_files, sign_in_hr

JOB = "charge-de-recouvrement-amiable"
GUESSED = "analyse"  # 002 line 66, a kind the import guessed


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    built = make_site(tmp_path / "corrections.db", seed_files("002"))
    yield built
    built.engine.dispose()


def sheet_url(site: Site) -> str:
    return f"/referentiels/{site.referential_id('fiche-metier')}/postes/{JOB}"


def requirement_item(page: str, competency: str) -> str:
    start = page.index(
        f'href="/referentiels/fiche-metier-charge-de-recouvrement-amiable/competences/{competency}"'
    )
    return page[start : page.index("</li>", page.index("</form>", start))]


def test_hr_corrects_a_guessed_fact_from_the_sheet(site: Site) -> None:
    url = sheet_url(site)
    anonymous = site.client.get(url).text
    assert 'class="fix-form"' not in anonymous  # the forms are HR's
    csrf = sign_in_hr(site)
    page = site.client.get(url).text
    item = requirement_item(page, GUESSED)
    assert '<strong class="to-check">à vérifier</strong>' in item
    form = {"csrf_token": csrf, "competence": GUESSED, "type": "savoir", "importance": "optional"}
    refused = site.client.post(url + "/corrections", data={**form, "csrf_token": "x"})
    assert refused.status_code == 403
    done = site.client.post(url + "/corrections", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].endswith(f"#fix-{GUESSED}")
    page = site.client.get(url).text
    item = requirement_item(page, GUESSED)
    assert "à vérifier" not in item.split("<details")[0]
    assert re.search(r"corrigé par rh\.tests le \d\d/\d\d/\d{4}", item)
    # the same form again changes nothing
    again = site.client.post(url + "/corrections", data=form, follow_redirects=False)
    assert again.headers["location"].endswith(f"?corrige=0#fix-{GUESSED}")
    (view,) = [
        v for v in corrections.list_corrections(site.uow) if v.correction.field.value == "kind"
    ]
    assert view.correction.author == "rh.tests" and view.found


def test_the_api_corrects_lists_and_withdraws(site: Site) -> None:
    ref = site.referential_id("fiche-metier")
    body = {
        "corrections": [
            {"fact": "job", "key": JOB, "field": "title", "value": "Chargé(e) de recouvrement"}
        ]
    }
    assert site.client.post(f"/api/v1/referentials/{ref}/corrections", json=body).status_code == 401
    headers = hr_bearer(site)
    made = site.client.post(f"/api/v1/referentials/{ref}/corrections", json=body, headers=headers)
    assert made.status_code == 201, made.text
    data = made.json()
    assert (
        data["version"] == 2
        and data["corrections"][0]["original"] == "Chargé de recouvrement amiable"
    )
    sheet = site.client.get(f"/api/v1/referentials/{ref}/jobs/{JOB}").json()
    assert sheet["title"] == "Chargé(e) de recouvrement"
    exported = site.client.get(f"/api/v1/export?format=json&referential={ref}").json()
    assert [j["title"] for j in exported["jobs"]] == ["Chargé(e) de recouvrement"]
    listed = site.client.get(f"/api/v1/referentials/{ref}/corrections").json()
    assert [(c["author"], c["status"]) for c in listed] == [("rh.tests", "appliquée")]
    bad = {"corrections": [{"fact": "job", "key": JOB, "field": "kind", "value": "savoir"}]}
    wrong = site.client.post(f"/api/v1/referentials/{ref}/corrections", json=bad, headers=headers)
    assert wrong.status_code == 400
    gone = site.client.post(
        f"/api/v1/corrections/{data['corrections'][0]['id']}/withdraw", headers=headers
    )
    assert gone.status_code == 200 and gone.json()["version"] == 3
    # An id no correction can have is refused as such (SQLite cannot even bind it: was a 500).
    for huge in (2**31, 2**63, 10**30):
        refused = site.client.post(f"/api/v1/corrections/{huge}/withdraw", headers=headers)
        assert refused.status_code == 422, (huge, refused.text)
    assert site.client.get(f"/api/v1/referentials/{ref}/jobs/{JOB}").json()["title"] == (
        "Chargé de recouvrement amiable"
    )


def test_a_source_quotes_the_documents_lines(site: Site) -> None:
    page = site.client.get(sheet_url(site)).text
    quote = page.split(f"/competences/{GUESSED}")[1]
    quote = quote.split('<blockquote class="quote">')[1].split("</blockquote>")[0]
    numbers = re.findall(r'<span class="ln">(\d+)</span>', quote)
    assert numbers == ["64", "65", "66", "67", "68"]
    assert quote.count("<mark>") == 1
