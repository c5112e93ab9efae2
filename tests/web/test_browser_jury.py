"""A jury's evaluation in headless Chromium: the member signs in, opens the candidate, records
every criterion and the questionnaire scores so that block B2 fails on a score just under its
60 % threshold, saves, and reads a partial validation on the record; axe-core on every page
(no serious or critical violation) and a screenshot of each under artifacts/screenshots/."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from parcours.services import juries
from parcours.services.auth import SYSTEM
from tests.integration.test_juries import CERT, REFERENTIAL
from tests.people_cast import CAST

from .browser import ServedApp, check, screenshot, sign_in
from .conftest import Site, make_cast_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    built = make_cast_site(tmp_path_factory.mktemp("browser-jury") / "jury.db", "003")
    yield built
    built.engine.dispose()


def test_a_jury_member_records_a_partial_validation(
    page: Any, server: ServedApp, site: Site
) -> None:
    jury = juries.create_jury(
        site.uow,
        SYSTEM,
        referential=REFERENTIAL,
        certification=CERT.title,
        held_on=date(2026, 6, 15),
        members=[CAST.jury],
        name="Session de juin",
    )
    juries.add_candidate(site.uow, SYSTEM, jury.id, "n-2")

    sign_in(page, server, CAST.jury, "/jurys")
    check(page, "jury-01-sessions")
    page.get_by_role("link", name="Session de juin").click()
    page.wait_for_url(f"**/jurys/{jury.id}")
    assert "À évaluer" in page.locator("table.jury-candidates").inner_text()
    check(page, "jury-02-session")

    page.get_by_role("link", name="Évaluer Conseiller Nord 2").click()
    page.wait_for_url(f"**/jurys/{jury.id}/candidats/n-2")
    check(page, "jury-03-formulaire")
    # Every criterion met, by its radio group; the first criterion's legend is its text.
    groups = page.locator("fieldset.jury-criterion")
    expected = sum(len(c.criteria) for b in CERT.blocks for c in b.competencies)
    assert groups.count() == expected
    first = CERT.blocks[0].competencies[0].criteria[0]
    assert page.get_by_role("group", name=f"Critère 1 : {first}").count() >= 1
    for i in range(expected):
        groups.nth(i).get_by_label("Atteint", exact=True).check()
    # C9 (block B2) just under its 60 % threshold; C20-C22 (block B3) well above.
    page.get_by_label("Questionnaire de C9 (% de bonnes réponses)").fill("59")
    for code in ("C20", "C21", "C22"):
        page.get_by_label(f"Questionnaire de {code} (% de bonnes réponses)").fill("75")
    page.get_by_label("Commentaire du jury").fill("Questionnaire de C9 à repasser.")
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    page.wait_for_url("**/proces-verbal?enregistre=1")

    verdict = page.locator("p.verdict").inner_text()
    assert "Validation partielle" in verdict and "B1, B3" in verdict
    blocks = page.locator("table.jury-blocks")
    assert blocks.locator('tr[data-block="B2"] td').inner_text() == "Non validé"
    assert blocks.locator('tr[data-block="B1"] td').inner_text() == "Validé"
    c9 = page.locator('tr[data-competency="C9"]').inner_text()
    pct = "\u202f%"  # French: a narrow no-break space before « % »
    assert f"59{pct}" in c9 and f"seuil 60{pct}" in c9
    assert f"questionnaire : 59{pct} < 60{pct}" in c9
    check(page, "jury-04-proces-verbal")

    page.emulate_media(media="print")
    screenshot(page, "jury-04b-proces-verbal-impression")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    page.emulate_media(media="screen")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 8
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Procès-verbal de jury" in text and "Se déconnecter" not in text

    # Back on the session: the candidate's decision is there.
    page.goto(f"{server.url}/jurys/{jury.id}")
    assert "Validation partielle" in page.locator("table.jury-candidates").inner_text()
