"""The organisation's map in headless Chromium, on the five real seeds: HR declares a
referential as a reference on the map page; once HR's exact links are accepted, the mobility page
of a La Banque Postale job lists the job of the fiche métier with the links named, and the
comparison of the two lists their common competencies; axe-core stays clean."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from parcours.domain.access import Principal, Role
from parcours.domain.links import LinkKind, LinkRelation, LinkStatus
from parcours.services import links
from parcours.services.ports.links import LinkQuery

from .browser import ServedApp, check, sign_in
from .conftest import Site, ensure_hr, make_site, seed_files

pytestmark = pytest.mark.browser

RISK = "/referentiels/la-banque-postale/postes/charge-de-clientele-risque--ii-3"
RECOVERY = "fiche-metier-charge-de-recouvrement-amiable:charge-de-recouvrement-amiable"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    built = make_site(tmp_path_factory.mktemp("browser-map") / "map.db", seed_files())
    yield built
    built.engine.dispose()


def _accept_exact_links(site: Site) -> None:
    """HR's scripted decision: every exact competency link proposed is accepted."""
    hr = Principal("rh-script", frozenset({Role.HR}))
    links.propose_links(site.uow, hr)
    with site.uow() as uow:
        exact = uow.links.find(
            LinkQuery(
                kind=LinkKind.COMPETENCY,
                statuses=(LinkStatus.PROPOSED,),
                relations=(LinkRelation.EXACT,),
            )
        )
    for link in exact:
        links.accept_link(site.uow, hr, link.id)


def test_map_roles_then_mobility_and_comparison_across_documents(
    page: Any, server: ServedApp, site: Site
) -> None:
    sign_in(page, server, ensure_hr(site), "/cartographie")
    assert page.get_by_role("heading", level=1).inner_text() == "Cartographie des métiers"
    assert page.get_by_role("link", name="Chargé de recouvrement amiable").count() >= 1
    check(page, "20-cartographie")
    # HR declares the certification a reference: it leaves the organisation's jobs.
    rncp = page.get_by_role("row").filter(has_text="RNCP")
    rncp.get_by_role("combobox").select_option("reference")
    rncp.get_by_role("button").click()
    page.wait_for_url("**/cartographie#roles")
    assert (
        "référentiel de référence" in page.get_by_role("row").filter(has_text="RNCP").inner_text()
    )

    _accept_exact_links(site)
    page.goto(server.url + RISK + "/mobilite")
    row = page.locator("tr.computed").filter(has_text="Chargé de recouvrement amiable")
    assert row.count() == 1
    row.get_by_text("Liens entre documents").click()
    assert "lien validé par rh-script le" in row.inner_text()
    check(page, "21-mobilite-entre-documents")

    page.goto(
        f"{server.url}/comparer?a=la-banque-postale:charge-de-clientele-risque--ii-3&b={RECOVERY}"
    )
    common = page.locator("#communes")
    assert common.locator("tbody tr").count() >= 1
    assert "lien validé" in common.inner_text()
    check(page, "22-comparaison-entre-documents")
