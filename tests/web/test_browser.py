"""The main flows in headless Chromium: search -> job sheet -> compare; upload a seed ->
review its warnings -> publish -> see it in the job map; the study's matrices equal its
annex; axe-core on every page (no serious or critical violation); a screenshot of each."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services.catalogue import load_referentials
from parcours.web import job_picker
from tests.conftest import seed_path

from .browser import ServedApp, check, screenshot, sign_in
from .conftest import Site, ensure_hr, make_site, seed_files

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    # Seed 002 is left out: the upload flow imports it.
    built = make_site(
        tmp_path_factory.mktemp("browser") / "browser.db",
        [(SAMPLE_NAME, sample_bytes()), *seed_files("000", "001", "003", "004")],
    )
    yield built
    built.engine.dispose()


def test_search_then_job_sheet_then_compare(page: Any, server: ServedApp) -> None:
    page.goto(server.url + "/")
    check(page, "01-accueil")
    page.get_by_label("Rechercher un poste ou une compétence").fill("conseiller distance")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/?q=*")
    assert page.locator("mark").count() > 0
    check(page, "02-recherche")
    page.get_by_role("link", name="Conseiller à distance II.1").click()
    page.wait_for_url("**/postes/conseiller-a-distance--ii-1")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Conseiller à distance")
    page.locator("details.src summary").first.click()
    assert "banque-exemple.json" in page.locator("details.src[open]").first.inner_text()
    check(page, "03-fiche-poste")
    page.emulate_media(media="print")
    screenshot(page, "03b-fiche-poste-impression")
    pdf = page.pdf(format="A4")
    page.emulate_media(media="screen")
    from pypdf import PdfReader

    assert 1 <= len(PdfReader(io.BytesIO(pdf)).pages) <= 2
    # mobility: the graph around the job, declared moves first, a node leads to a sheet
    page.get_by_role("link", name="Explorer les mobilités (déclarées et calculées)").click()
    page.wait_for_url("**/mobilite")
    assert page.locator("svg.mobility-graph a").count() >= 2
    assert page.locator("tr.declared").count() == 2
    check(page, "03c-mobilites")
    page.go_back()
    page.wait_for_url("**/postes/conseiller-a-distance--ii-1")
    page.get_by_label("Comparer avec").select_option(
        "banque-exemple:conseiller-a-distance-confirme--ii-3"
    )
    page.get_by_role("button", name="Comparer").last.click()
    page.wait_for_url("**/comparer?*")
    assert page.locator("#communes").get_by_text("Écoute active").count() == 1
    assert page.locator("#manquantes").get_by_text("Vente à distance").count() == 1
    check(page, "04-comparaison")


def test_a_job_is_chosen_by_typing_when_its_list_would_be_long(
    page: Any, server: ServedApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(job_picker, "LIST_MAX", 0)  # the seeds' lists are short
    page.goto(server.url + "/comparer")
    first = page.get_by_role("combobox", name="Poste A")
    first.press_sequentially("distance confirm", delay=20)
    proposed = page.get_by_role("listbox", name="Poste A").get_by_role("option")
    proposed.first.wait_for()
    assert proposed.count() == 1
    assert proposed.first.inner_text().startswith("Conseiller à distance confirmé")
    check(page, "04b-comparer-liste-proposee")  # the open list passes axe-core too
    first.press("ArrowDown")
    assert first.get_attribute("aria-activedescendant") == proposed.first.get_attribute("id")
    first.press("Enter")  # chooses, does not send the form
    assert page.get_by_role("listbox", name="Poste A").is_hidden()
    assert first.input_value().startswith("Conseiller à distance confirmé")
    assert page.locator('input[type=hidden][name="a"]').input_value() == (
        "banque-exemple:conseiller-a-distance-confirme--ii-3"
    )
    second = page.get_by_role("combobox", name="Poste B")
    second.press_sequentially("conseiller dist", delay=20)
    choices = page.get_by_role("listbox", name="Poste B").get_by_role("option")
    choices.first.wait_for()
    assert choices.count() >= 2  # both advisors' grades
    second.press("Escape")
    assert page.get_by_role("listbox", name="Poste B").is_hidden()
    second.press("ArrowDown")  # opens the list again
    choices.filter(has_text="Conseiller à distance II.1").click()
    page.get_by_role("button", name="Comparer").click()
    page.wait_for_url("**/comparer?*")
    assert "b=banque-exemple%3Aconseiller-a-distance--ii-1" in page.url
    assert page.locator("#communes").get_by_text("Écoute active").count() == 1
    assert (
        page.get_by_role("combobox", name="Poste B")
        .input_value()
        .startswith("Conseiller à distance II.1")
    )
    check(page, "04c-comparaison-par-recherche")


def test_upload_review_publish_then_job_map(page: Any, server: ServedApp, site: Site) -> None:
    page.goto(server.url + "/import")
    page.wait_for_url("**/connexion?suite=/import")  # HR only: sign in first
    check(page, "04b-connexion")
    sign_in(page, server, ensure_hr(site), "/import")
    check(page, "05-import")
    page.get_by_label("Fichiers").set_input_files(str(seed_path("002")))
    page.get_by_role("button", name="Envoyer et relire").click()
    page.wait_for_url("**/import/*")
    warnings = page.locator("table.warnings tbody tr")
    assert warnings.count() == 23  # every guess reported since issue 13
    assert "nouveau référentiel" in page.inner_text("main")
    check(page, "06-brouillon")
    page.get_by_role("button", name="Publier").click()
    page.wait_for_load_state()
    assert "publié" in page.inner_text("main")
    page.get_by_role("link", name="Voir la cartographie").first.click()
    page.wait_for_url("**/referentiels/*")
    assert page.get_by_role("link", name="Chargé de recouvrement amiable").count() == 1
    check(page, "07-cartographie")


def test_study_matrices_equal_the_annex(page: Any, server: ServedApp, site: Site) -> None:
    study = site.referential_id("observatoire")
    ref = next(r for r in load_referentials(site.uow) if r.matrices)
    page.goto(f"{server.url}/referentiels/{study}/matrices")
    for matrix in ref.matrices:
        table = page.locator(f'section[data-matrix="{matrix.key}"] table.cells')
        headers = table.locator("thead th").all_inner_texts()[1:]
        assert headers == matrix.headers
        cells = table.evaluate(
            "t => [...t.querySelectorAll('tr[data-row]')].map(r => [...r.querySelectorAll('td')]"
            ".map(c => c.dataset.cell === '1'))"
        )
        labels = table.locator("tr[data-row] th").all_inner_texts()
        assert labels == [row.label for row in matrix.rows]
        assert cells == [row.cells for row in matrix.rows]
    check(page, "08-matrices")


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("09-carte-banque", "/referentiels/la-banque-postale"),
        (
            "10-fiche-fonction",
            "/referentiels/la-banque-postale/postes/charge-de-clientele-risque--ii-3",
        ),
        ("11-competences", "/referentiels/banque-exemple/competences"),
        ("12-competence", "/referentiels/banque-exemple/competences/ecoute-active"),
        ("13-matrice-exigences", "/referentiels/banque-exemple/matrices"),
        ("14-accueil-anglais", "/?lang=en"),
        ("15-introuvable", "/referentiels/nulle-part"),
        (
            "17-parcours",
            "/parcours?referential=banque-exemple&source=conseiller-a-distance--ii-1"
            "&target=charge-de-contentieux--iii-1",
        ),
        ("19-liens", "/liens"),
        (
            "18-ecart",
            "/referentiels/banque-exemple/postes/conseiller-a-distance--ii-1/ecart"
            "?cible=conseiller-clientele-particuliers--ii-3",
        ),
    ],
)
def test_pages_are_accessible(page: Any, server: ServedApp, name: str, path: str) -> None:
    page.goto(server.url + path)
    check(page, name)


def test_certification_page_is_accessible(page: Any, server: ServedApp, site: Site) -> None:
    ref = site.referential_id("rncp")
    cert = site.client.get(f"/api/v1/referentials/{ref}/certifications").json()[0]["id"]
    page.goto(f"{server.url}/referentiels/{ref}/certifications/{cert}")
    assert page.get_by_role("heading", name="Blocs de compétences").count() == 1
    check(page, "16-certification")


def test_keyboard_reaches_the_skip_link_first(page: Any, server: ServedApp) -> None:
    page.goto(server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenu"
