"""A job sheet's equivalents and crosswalks, on the page and in the API: the seeds, ROME 4.0 and
ESCO imported, the job links of La Banque Postale proposed (the reference corpus of
tests/corpus.py, built once a run); the sheet lists the ROME fiches (code,
title, each a link to its sheet), accepted ones first, proposals marked, rejected ones gone,
and the ROME fiche's sheet lists the bank job back."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest

from parcours.domain.access import Principal, Role
from parcours.services import crosswalks, links
from tests import corpus
from tests.ingest.test_rome import NAME
from tests.web.conftest import Site, site_on

LBP = "La Banque Postale"
RISK = "charge-de-clientele-risque--ii-3"
RH = Principal(account="rh", roles=frozenset({Role.HR}))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    path = tmp_path_factory.mktemp("crosswalks") / "crosswalks.db"
    corpus.sqlite_copy(corpus.run_root(tmp_path_factory), path)
    made = site_on(path)
    yield made
    made.engine.dispose()


@pytest.fixture(autouse=True)
def french(site: Site) -> None:
    site.client.cookies.clear()  # the language chosen by an earlier test


def section(html: str) -> str:
    found = re.search(r'<section aria-labelledby="correspondances".*?</section>', html, re.S)
    assert found, html[html.find("<main") :][:1500]
    return unescape(found.group(0))


def test_a_bank_job_sheet_links_to_its_rome_crosswalks(site: Site) -> None:
    lbp, rome = site.referential_id("la-banque-postale"), site.referential_id("rome")
    page = site.client.get(f"/referentiels/{lbp}/postes/{RISK}")
    assert page.status_code == 200
    part = section(page.text)
    assert '<h2 id="correspondances">Équivalences et correspondances</h2>' in part
    assert '<th scope="col">Code</th>' in part
    # ROME's recovery fiche: its code, and its title as a link to its sheet, as a proposal.
    row = next(r for r in part.split("<tr") if f'href="/referentiels/{rome}/postes/d1422"' in r)
    assert "<code>D1422</code>" in row and "Chargé / Chargée de recouvrement de créances" in row
    assert "proposition" in row and re.search(r"score \d+\u202f%", row) and "(référence)" in row

    english = section(site.client.get(f"/referentiels/{lbp}/postes/{RISK}?lang=en").text)
    assert "Equivalents and crosswalks" in english and "proposal" in english

    # The fiche's own sheet lists the bank job back.
    back = section(site.client.get(f"/referentiels/{rome}/postes/d1422").text)
    assert f'href="/referentiels/{lbp}/postes/{RISK}"' in back


def test_the_api_gives_the_crosswalks_and_decisions_reorder_them(site: Site) -> None:
    lbp, rome = site.referential_id("la-banque-postale"), site.referential_id("rome")
    data = site.client.get(f"/api/v1/referentials/{lbp}/jobs/{RISK}").json()
    walks = data["crosswalks"]
    recovery = next(c for c in walks if c["code"] == "D1422")
    assert recovery["referential"] == rome and recovery["referential_name"] == NAME
    assert recovery["href"] == f"/api/v1/referentials/{rome}/jobs/d1422"
    assert recovery["status"] == "proposed" and recovery["reference"] and recovery["reasons"]
    assert site.client.get(recovery["href"]).status_code == 200

    # HR accepts the last proposal and rejects the first: accepted first, rejected gone.
    before = crosswalks.job_crosswalks(site.uow, LBP, RISK)
    last, first = before[-1], before[0]
    links.accept_link(site.uow, RH, last.link_id)
    links.reject_link(site.uow, RH, first.link_id)
    after = site.client.get(f"/api/v1/referentials/{lbp}/jobs/{RISK}").json()["crosswalks"]
    assert after[0]["link"] == last.link_id and after[0]["status"] == "accepted"
    assert first.link_id not in [c["link"] for c in after]
    got = site.client.get(f"/referentiels/{lbp}/postes/{RISK}")
    assert got.status_code == 200, (got.url, got.text[-2000:])
    page = section(got.text)
    rows = page.split("<tr")[2:]  # after the header row
    assert 'class="accepted"' in rows[0] and "validé" in rows[0] and "par rh" in rows[0]
    assert all('class="proposal"' in r for r in rows[1:])


def test_a_job_without_links_says_how_to_get_some(site: Site) -> None:
    obs = site.referential_id("observatoire")
    part = section(site.client.get(f"/referentiels/{obs}/postes/superviseur").text)
    assert "Aucune équivalence ni correspondance pour l'instant" in part
