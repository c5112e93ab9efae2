"""HR reviews a draft in headless Chromium, in French (issue 13): what publishing would change,
by job, in labels with the source lines, no internal key nor English word; then the published
sheet: its title in ordinary French, sources opened over the text without moving it; axe-core
finds no serious or critical violation; screenshots."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from parcours.demo import SAMPLE_NAME, sample_bytes
from tests.conftest import seed_path

from .browser import ServedApp, check, sign_in
from .conftest import Site, ensure_hr, make_site, seed_files

pytestmark = pytest.mark.browser

ENGLISH = re.compile(r"\b(within_metier|unspecified|vertical|horizontal|proposed|added)\b")
KEY = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+){3,}\b")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The sample and La Banque Postale's second fiche published; the first one is uploaded."""
    built = make_site(
        tmp_path_factory.mktemp("review") / "review.db",
        [(SAMPLE_NAME, sample_bytes()), *seed_files("001")],
    )
    yield built
    built.engine.dispose()


def test_hr_reviews_a_draft_in_french(page: Any, server: ServedApp, site: Site) -> None:
    sign_in(page, server, ensure_hr(site), "/import")
    page.get_by_label("Fichiers").set_input_files(str(seed_path("000")))
    page.get_by_role("button", name="Envoyer et relire").click()
    page.wait_for_url("**/import/*")
    changes = page.locator("section[aria-labelledby=diff-h]")
    text = changes.inner_text()
    assert "La Banque Postale" in text and "version 1 → 2" in text
    assert not ENGLISH.search(text), ENGLISH.search(text)
    # the job the new fiche describes, by its title, with its moves and the document's lines
    title = page.locator("summary", has_text=re.compile(r"^Chargé de clientèle risques II\.3"))
    group = changes.locator("details.change-group").filter(has=title)
    assert group.count() == 1
    if group.get_attribute("open") is None:
        group.locator("summary").click()
    rows = group.locator("table.changes tbody tr")
    assert rows.first.inner_text().startswith("Poste ajouté")
    assert "000_ce384df82dfce3ff.txt, l. 5" in rows.first.inner_text()
    moves = group.locator("tr", has_text="Évolution ajoutée vers")
    assert moves.count() > 10 and "dans le métier" in moves.first.inner_text()
    assert not KEY.search(changes.inner_text()), KEY.search(changes.inner_text())
    check(page, "revue-01-brouillon")

    page.get_by_role("button", name="Publier").click()
    page.wait_for_load_state()
    assert "publié" in page.inner_text("main")

    sheet = "/referentiels/la-banque-postale/postes/charge-de-clientele-risque--ii-3"
    page.goto(server.url + sheet)
    assert page.get_by_role("heading", level=1).inner_text() == "Chargé de clientèle risques II.3"
    assert "CHARGE DE CLIENTELE RISQUES" in page.locator("p.source-title").inner_text()
    # one accessible name per source; opening one moves nothing below it
    summaries = page.locator("details.src summary")
    names = summaries.evaluate_all("els => els.map(e => e.textContent)")
    assert len(names) > 20 and len(set(names)) > 20
    first = page.locator("details.src").first
    below = page.locator("section[aria-labelledby=missions] h2")
    before = below.bounding_box()
    first.locator("summary").click()
    panel = first.locator(".src-panel")
    assert panel.is_visible()
    assert "Fiche fonction « Chargé de clientèle risques »" in panel.inner_text()
    assert below.bounding_box() == before
    check(page, "revue-02-fiche-source")
