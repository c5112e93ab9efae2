"""A manager's campaign in headless Chromium: HR opens it in the page, the employee self-assesses
and submits, the manager rates the team member on each scale, submits, sees the comparison and
the team's progress; axe-core finds no serious or critical violation; screenshots."""

from __future__ import annotations

from typing import Any

import pytest

from tests.people_cast import CAST

from .browser import ServedApp, check, new_page, sign_in
from .conftest import Site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(cast_site: Site) -> Site:
    return cast_site


def test_a_managers_campaign(browser: Any, server: ServedApp) -> None:
    # HR opens the campaign in the page
    hr = new_page(browser)
    sign_in(hr, server, CAST.hr, "/campagnes")
    check(hr, "campagne-01-liste")
    hr.get_by_label("Nom de la campagne").fill("Entretiens annuels 2026")
    hr.get_by_label("Référentiel").select_option("Banque Exemple")
    hr.get_by_label("Début").fill("2026-01-05")
    hr.get_by_label("Fin").fill("2026-03-31")
    hr.get_by_label("Agence Nord (agence-nord)").check()
    hr.get_by_role("button", name="Ouvrir la campagne").click()
    hr.wait_for_url("**/campagnes/*")
    campaign_url = hr.url
    assert hr.get_by_role("heading", level=1).inner_text() == "Entretiens annuels 2026"
    hr.context.close()

    # the employee self-assesses and submits
    employee = new_page(browser)
    path = campaign_url.removeprefix(server.url)
    sign_in(employee, server, CAST.employee, path)
    employee.get_by_role("link", name="Mon auto-évaluation").click()
    employee.wait_for_url("**/personnes/n-1")
    check(employee, "campagne-02-auto-evaluation")
    employee.get_by_label("Je reformule la demande avant d'y répondre").select_option(
        label="souvent"
    )
    for select in employee.locator("fieldset[data-kind='savoir-etre'] select").all():
        if not select.input_value():
            select.select_option(label="toujours")
    employee.locator(
        "fieldset[data-competency='conduite-d-entretien'] input[type=radio][value='3']"
    ).check()
    for field in employee.locator("fieldset[data-kind='savoir'] input[type=number]").all():
        field.fill("80")
    employee.get_by_label("Commentaire").fill("Une année riche.")
    employee.get_by_role("button", name="Enregistrer et soumettre").click()
    employee.wait_for_load_state()
    assert "Évaluation soumise" in employee.inner_text("main")
    assert employee.locator("form.campaign-rating").count() == 0
    employee.context.close()

    # the manager opens the campaign, rates the team member on each scale and submits
    manager = new_page(browser)
    sign_in(manager, server, CAST.manager, path)
    row = manager.locator("table.campaign-progress tr[data-team='agence-nord'] td")
    assert row.all_inner_texts()[:4] == ["6", "1", "0", "0"]
    check(manager, "campagne-03-avancement")
    manager.get_by_role("link", name="Évaluer Conseiller Nord 1").click()
    manager.wait_for_url("**/personnes/n-1")
    # the submitted self-assessment is visible to the manager
    self_levels = manager.locator("table.campaign-comparison td.lvl-self").all_inner_texts()
    assert "—" not in self_levels
    # savoir-être: one frequency per "Je ..." indicator
    for select in manager.locator("fieldset[data-kind='savoir-etre'] select").all():
        select.select_option(label="rarement")
    # savoir-faire: the performance anchor, found by its description
    manager.locator("fieldset[data-competency='conduite-d-entretien']").get_by_label(
        "réalise seul les cas courants ; sollicite de l'aide"
    ).check()
    # savoir: the questionnaire score in %
    manager.locator("fieldset[data-competency='produits-bancaires'] input").fill("90")
    manager.locator("fieldset[data-competency='outils-crm'] input").fill("45")
    check(manager, "campagne-04-evaluation-manager")
    manager.get_by_role("button", name="Enregistrer et soumettre").click()
    manager.wait_for_load_state()
    assert "Évaluation soumise" in manager.inner_text("main")
    comparison = manager.locator("table.campaign-comparison")
    listening = comparison.locator("tr[data-competency='ecoute-active']")
    assert listening.locator("td.lvl-self").inner_text() == "4"
    assert listening.locator("td.lvl-manager").inner_text() == "1"
    assert listening.locator("td.diff").inner_text() == "-3"
    assert "désaccord" in listening.inner_text() and "sous le niveau attendu" in (
        listening.inner_text()
    )
    knowledge = comparison.locator("tr[data-competency='produits-bancaires']")
    assert knowledge.locator("td.lvl-manager").inner_text() == "4"
    assert comparison.locator("tr.disagreement").count() >= 1
    check(manager, "campagne-05-comparaison")
    # the team's progress has moved
    manager.get_by_role("link", name="Entretiens annuels 2026").click()
    manager.wait_for_url(campaign_url)
    row = manager.locator("table.campaign-progress tr[data-team='agence-nord'] td")
    assert row.all_inner_texts()[:4] == ["6", "1", "1", "1"]
    assert "17\u202f%" in row.last.inner_text()  # French percent: narrow no-break space
    status = manager.locator("table.campaign-people tr[data-person='n-1'] td").all_inner_texts()
    assert status[1:3] == ["soumise", "soumise"]
    check(manager, "campagne-06-avancement-apres")
    manager.context.close()
