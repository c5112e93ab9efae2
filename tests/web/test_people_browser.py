"""In headless Chromium: an employee self-assesses a savoir-être from their profile (the form
with one frequency per indicator), the manager's plan page prints on A4; axe-core on the
profile, the plan and the scales (no serious or critical violation)."""

from __future__ import annotations

from typing import Any

import pytest

from parcours.services import people
from parcours.services.auth import SYSTEM
from tests.people_cast import CAST, PASSWORD, TEAM_LEAD

from .browser import ServedApp, axe_violations, screenshot
from .conftest import Site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(cast_site: Site) -> Site:
    return cast_site


def sign_in(page: Any, server: ServedApp, login: str) -> None:
    page.goto(f"{server.url}/connexion?suite=/moi")
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_load_state()


def test_an_employee_self_assesses_a_behaviour(page: Any, server: ServedApp, site: Site) -> None:
    sign_in(page, server, CAST.employee)
    assert page.url.endswith("/personnes/n-1")
    assert axe_violations(page) == []
    page.get_by_text("Évaluer « Écoute active »").click()
    form = page.locator("#c-ecoute-active form")
    selects = form.locator("select[name=frequence]")
    assert selects.count() == 2
    selects.nth(0).select_option("4")
    selects.nth(1).select_option("3")
    form.get_by_label("Éléments de preuve (facultatif)").fill("vu en entretien client")
    assert axe_violations(page) == []  # with a form open
    form.get_by_role("button", name="Enregistrer l'évaluation").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == "Évaluation enregistrée."
    screenshot(page, "people-profile")
    history = people.assessment_history(site.uow, SYSTEM, "n-1", "ecoute-active")
    assert [(a.source.value, a.level, a.evidence) for a in history][-1] == (
        "self",
        4,
        "vu en entretien client",
    )


def test_the_plan_prints_on_a4_and_pages_are_accessible(page: Any, server: ServedApp) -> None:
    sign_in(page, server, CAST.manager)
    page.goto(f"{server.url}/personnes/n-1/plan?cible={TEAM_LEAD}")
    assert page.get_by_role("heading", name="Formations, dans l'ordre").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "people-plan")
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    # A4 is 595 x 842 points: the first page's media box says so.
    assert b"/MediaBox [0 0 594.95996 841.91998]" in pdf or b"/MediaBox [0 0 595" in pdf
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible()
    page.emulate_media(media="screen")
    page.goto(f"{server.url}/echelles")
    assert axe_violations(page) == []
    page.goto(f"{server.url}/personnes")
    assert axe_violations(page) == []
