"""HR reviews the link queue in headless Chromium, in French: the competency tab first, page 2,
a decision on one row (retyped), then a bulk decision on a filter; the job tab apart; axe-core
finds no serious or critical violation; screenshots."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.domain.links import LinkKind, LinkRelation, LinkStatus
from parcours.services import links
from parcours.services.auth import SYSTEM
from parcours.web.pages.links import PAGE

from .browser import ServedApp, check, sign_in
from .conftest import HR_LOGIN, Site, ensure_hr, make_site, seed_files

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The sample and the five seeds, with the links proposed (competencies, then jobs)."""
    built = make_site(
        tmp_path_factory.mktemp("links") / "links.db",
        [(SAMPLE_NAME, sample_bytes()), *seed_files()],
    )
    links.propose_links(built.uow, SYSTEM, kind=LinkKind.COMPETENCY)
    links.propose_links(built.uow, SYSTEM, kind=LinkKind.JOB)
    ensure_hr(built)
    yield built
    built.engine.dispose()


ENGLISH = re.compile(r"\b(proposed|accepted|narrower|broader|text_overlap|same_label)\b")


def test_hr_reviews_the_link_queue_in_french(page: Any, server: ServedApp, site: Site) -> None:
    total = links.review_queue(site.uow, kind=LinkKind.COMPETENCY).total
    assert total > PAGE  # enough competency links for a second page
    last = -(-total // PAGE)
    sign_in(page, server, HR_LOGIN, "/liens")
    main = page.locator("main")
    assert (
        page.get_by_role("link", name=re.compile(r"^Compétences")).get_attribute("aria-current")
        == "page"
    )
    caption = page.locator("table.links caption")
    assert caption.inner_text() == f"{total} liens — page 1 sur {last}"
    rows = page.locator("table.links tbody tr")
    assert rows.count() == PAGE
    # French words only: statuses, relations, the why of each proposal
    assert not ENGLISH.search(main.inner_text())
    assert set(rows.locator("td:nth-child(7)").all_inner_texts()) == {"proposé"}
    relations = {"équivalent", "proche", "plus large", "plus précis", "apparenté"}
    assert set(rows.locator("td:nth-child(4)").all_inner_texts()) <= relations
    assert all(text.strip() for text in rows.locator("td.why").all_inner_texts())
    assert "Même libellé" in main.inner_text()
    # only competencies on this tab: every item links to a competency page
    hrefs = rows.locator("td a[href^='/referentiels/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert hrefs and all("/competences/" in h for h in hrefs)
    check(page, "liens-01-file")

    # page 2, from the page links
    pager = page.get_by_role("navigation", name="Pages")
    assert pager.get_by_role("link", name=f"Page {last}").count() == 1
    pager.get_by_role("link", name="Page 2").click()
    page.wait_for_url("**page=2*")
    assert caption.inner_text() == f"{total} liens — page 2 sur {last}"
    assert pager.get_by_role("link", name="Page 2").get_attribute("aria-current") == "page"
    check(page, "liens-02-page-2")

    # one row: retyped as "proche", accepted; back on page 2 with a message
    row = rows.first
    link_id = row.get_attribute("data-link")
    assert link_id
    row.get_by_label(re.compile("^Relation si le lien est accepté")).select_option(label="proche")
    row.get_by_role("button", name=re.compile("^Accepter ")).click()
    page.wait_for_url("**fait=accepte*")
    assert page.get_by_role("status").inner_text() == "1 lien accepté."
    assert "page=2" in page.url
    assert caption.inner_text().startswith(f"{total - 1} liens")  # 71
    decided = links.get_link(site.uow, link_id)
    assert (decided.status, decided.relation, decided.decided_by) == (
        LinkStatus.ACCEPTED,
        LinkRelation.CLOSE,
        HR_LOGIN,
    )
    assert page.locator(f"tr[data-link='{link_id}']").count() == 0

    # the filter: exact links from 0.7, then all of them accepted at once
    page.get_by_label("Relation", exact=True).select_option(label="équivalent")
    page.get_by_label("Score minimal (0 à 1)").fill("0.7")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**relation=exact*")
    wanted = links.review_queue(
        site.uow, kind=LinkKind.COMPETENCY, relation=LinkRelation.EXACT, min_score=0.7, limit=500
    )
    assert wanted.total >= 3
    assert caption.inner_text() == f"{wanted.total} {'lien' if wanted.total < 2 else 'liens'}"
    bulk = page.get_by_role("region", name="Décision groupée")
    assert f"Les {wanted.total} liens proposés de ce filtre" in bulk.inner_text()
    check(page, "liens-03-filtre")
    bulk.get_by_role("button", name=f"Accepter les {wanted.total} liens").click()
    page.wait_for_url("**fait=accepte*")
    accepted = "lien accepté" if wanted.total < 2 else "liens acceptés"
    assert page.get_by_role("status").inner_text() == f"{wanted.total} {accepted}."
    assert caption.inner_text() == "0 lien"  # French puts 0 in the singular
    assert page.get_by_role("region", name="Décision groupée").count() == 0
    for link in wanted.links:
        stored = links.get_link(site.uow, link.id)
        assert (stored.status, stored.decided_by) == (LinkStatus.ACCEPTED, HR_LOGIN)
    groups = page.get_by_role("region", name="Compétences canoniques")
    assert groups.get_by_role("heading", level=3).count() >= 1
    check(page, "liens-04-decision-groupee")

    # the job links apart, on their own tab
    page.goto(f"{server.url}/liens")
    page.get_by_role("link", name=re.compile(r"^Postes \(")).click()
    page.wait_for_url("**type=job*")
    job_hrefs = rows.locator("td a[href^='/referentiels/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert job_hrefs and all("/postes/" in h for h in job_hrefs)
    assert page.get_by_role("region", name="Postes équivalents").count() == 1
    check(page, "liens-05-postes")
