"""The employee's career space in headless Chromium (issue 14, point 1): sign in and land on
"Mon parcours", see my possible moves, follow a target, open the campaign from the to-do, see
the trainings that close my gap; axe-core finds no serious or critical violation; screenshots."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from parcours.services import campaigns
from parcours.services.access import principal_of
from tests.people_cast import CAST, PASSWORD, SAMPLE

from .browser import ServedApp, check, new_page, sign_in
from .conftest import Site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(cast_site: Site) -> Site:
    with cast_site.uow() as uow:
        account = uow.accounts.get(CAST.hr)
        assert account is not None
        hr = principal_of(uow, account, "web")
    campaigns.create_campaign(
        cast_site.uow,
        hr,
        name="Entretiens annuels 2026",
        referential=SAMPLE,
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 3, 31),
        teams=["agence-nord"],
    )
    return cast_site


def test_an_employee_walks_their_career_space(browser: Any, server: ServedApp) -> None:
    page = new_page(browser)
    # signing in without a destination lands on the career space
    page.goto(f"{server.url}/connexion")
    page.get_by_label("Identifiant").fill(CAST.employee)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url("**/mon-parcours")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Mon parcours")
    nav = page.get_by_role("navigation", name="Navigation principale")
    assert nav.get_by_role("link", name="Mon parcours").get_attribute("aria-current") == "page"
    assert nav.get_by_role("link", name="Campagnes").is_visible()
    check(page, "parcours-01-accueil")

    # my possible moves: a match in %, lateral or progression, what to develop
    moves = page.locator("ol.career-moves > li")
    assert moves.count() >= 3
    first = moves.first
    assert "correspondance" in first.locator(".match").inner_text()
    assert first.locator(".move-type").inner_text() in (
        "progression (évolution)",
        "latérale (proche)",
    )
    assert first.locator("ul.develop li").count() >= 1
    target = first.get_attribute("data-job")

    # follow the first move: it is listed among my wishes, then shared with my manager
    first.get_by_role("button", name="Suivre ce poste").click()
    page.wait_for_url("**/mon-parcours?fait=suivi*")
    assert page.get_by_role("status").inner_text() == "Poste suivi."
    wish = page.locator(f"table.career-wishes tr[data-job='{target}']")
    assert wish.locator("td").nth(1).inner_text() == "non"
    wish.get_by_role("button", name="Partager avec mon manager").click()
    page.wait_for_url("**/mon-parcours?fait=partage*")
    wish = page.locator(f"table.career-wishes tr[data-job='{target}']")
    assert wish.locator("td").nth(1).inner_text() == "oui"
    check(page, "parcours-02-souhaits")

    # the trainings that close my gap towards the job I follow
    trainings = page.locator("section[aria-labelledby='formations']")
    assert "le premier poste que je suis" in trainings.inner_text()
    assert trainings.locator("ol.career-trainings li").count() >= 1
    assert trainings.get_by_role("link", name="Mon plan de développement complet").is_visible()

    # the open campaign, from the to-do
    page.get_by_role("link", name="Remplir mon auto-évaluation : Entretiens annuels 2026").click()
    page.wait_for_url("**/campagnes/*/personnes/n-1")
    assert page.locator("form.campaign-rating").count() == 1
    check(page, "parcours-03-campagne")

    # Mon profil links the campaign too
    page.get_by_role("link", name="Mon profil").click()
    page.wait_for_url("**/personnes/n-1")
    todo = page.locator("section[aria-labelledby='a-faire']")
    assert todo.get_by_role("link", name="Remplir mon auto-évaluation : Entretiens annuels 2026")
    page.context.close()

    # the manager reads the shared wish on the person's profile
    manager = new_page(browser)
    sign_in(manager, server, CAST.manager, "/personnes/n-1")
    shared = manager.locator("section[aria-labelledby='souhaits']")
    assert shared.locator("li").count() == 1
    check(manager, "parcours-04-souhait-partage-manager")
    manager.context.close()
