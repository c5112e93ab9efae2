"""The readable personal-data export in headless Chromium (issue 14, point 8): an employee goes
from "Mon profil" to their data, reads them as a page (sections, French dates), downloads the
PDF; HR opens a person's page from the RGPD record; axe-core finds no serious or critical
violation; screenshots."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from parcours.services import career
from parcours.services.access import principal_of
from tests.people_cast import CAST, SAMPLE, TEAM_LEAD

from .browser import ServedApp, check, new_page, sign_in
from .conftest import Site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(cast_site: Site) -> Site:
    with cast_site.uow() as uow:
        account = uow.accounts.get(CAST.employee)
        assert account is not None
        employee = principal_of(uow, account, "web")
    career.follow_job(cast_site.uow, employee, referential=SAMPLE, job=TEAM_LEAD, shared=True)
    return cast_site


def test_an_employee_reads_and_downloads_their_data(browser: Any, server: ServedApp) -> None:
    page = new_page(browser)
    sign_in(page, server, CAST.employee, "/personnes/n-1")
    page.get_by_role("link", name="Lire mes données", exact=True).click()
    page.wait_for_url("**/moi/donnees/lisible")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Données personnelles de Conseiller Nord 1"
    )
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings == [
        "Identité",
        "Poste et équipe",
        "Évaluations de compétences",
        "Campagnes d'entretiens",
        "Jurys de certification",
        "Souhaits d'évolution",
        "Qui a consulté ou modifié vos données",
    ]
    assessments = page.locator("table[data-section='evaluations'] tbody tr")
    assert assessments.count() == 2
    assert "15/01/2026" in page.locator("table[data-section='evaluations']").inner_text()
    wishes = page.locator("table[data-section='souhaits'] tbody tr")
    assert wishes.count() == 1 and "oui" in wishes.first.inner_text()
    # the table of contents leads to a section
    page.get_by_role("navigation", name="Sommaire").get_by_role("link", name="Identité").click()
    assert page.url.endswith("#identite")
    check(page, "rgpd-01-mes-donnees-lisibles")

    # the PDF beside it, as the browser downloads it
    with page.expect_download() as caught:
        page.get_by_role("link", name="Télécharger en PDF").click()
    download = caught.value
    assert download.suggested_filename == "donnees-n-1.pdf"
    path = download.path()
    assert path is not None
    with open(path, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Conseiller Nord 1" in text and "15/01/2026" in text

    # at 390 px wide, nothing scrolls sideways but the tables inside their frame
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.context.close()


def test_hr_opens_a_persons_readable_export(browser: Any, server: ServedApp) -> None:
    page = new_page(browser)
    sign_in(page, server, CAST.hr, "/rgpd/personnes/n-1")
    page.get_by_role("link", name="Lire toutes ses données (page)").click()
    page.wait_for_url("**/rgpd/personnes/n-1/lisible")
    assert "Conseiller Nord 1" in page.get_by_role("heading", level=1).inner_text()
    access = page.locator("table[data-section='acces']").inner_text()
    assert CAST.hr in access and "export" in access
    check(page, "rgpd-02-donnees-lisibles-rh")
    page.context.close()
