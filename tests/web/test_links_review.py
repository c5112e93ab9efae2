"""The link review page and the link API without a browser: paging, filters, French words, a
decision per row, the bulk decision (page and API), CSRF and the HR role."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from parcours.domain.links import DecisionAction, LinkKind, LinkRelation, LinkStatus
from parcours.services import auth, links
from parcours.services.auth import SYSTEM
from parcours.services.imports import import_documents
from parcours.web.pages.links import PAGE, ReviewFilter, page_numbers
from tests.people_cast import PASSWORD, login

from .conftest import HR_LOGIN, Site, hr_bearer, make_site, seed_files, sign_in_hr


@pytest.fixture
def site(fresh: Site) -> Iterator[Site]:
    """The sample and the five seeds, links proposed (competencies, then jobs)."""
    report = import_documents(fresh.uow, seed_files())
    assert report.ok
    links.propose_links(fresh.uow, SYSTEM, kind=LinkKind.COMPETENCY)
    links.propose_links(fresh.uow, SYSTEM, kind=LinkKind.JOB)
    fresh.client.cookies.clear()
    yield fresh


def rows(html: str) -> list[str]:
    return re.findall(r'data-link="([^"]+)"', html)


def test_page_numbers() -> None:
    assert page_numbers(1, 1) == [1]
    assert page_numbers(2, 4) == [1, 2, 3, 4]
    assert page_numbers(7, 20) == [1, None, 5, 6, 7, 8, 9, None, 20]
    assert page_numbers(1, 12) == [1, 2, 3, None, 12]
    chosen = ReviewFilter.read({"type": "job", "statut": "tous", "score": "0,7", "page": "x"})
    assert (chosen.kind, chosen.status, chosen.min_score, chosen.page) == (
        LinkKind.JOB,
        None,
        0.7,
        1,
    )
    assert chosen.query(page=3) == "type=job&statut=tous&score=0.7&page=3"
    assert ReviewFilter.read({"type": "nonsense", "relation": "x"}) == ReviewFilter()


def test_every_page_of_the_queue_is_reachable_and_kinds_are_apart(site: Site) -> None:
    client = site.client
    total = links.review_queue(site.uow, kind=LinkKind.COMPETENCY).total
    jobs = links.review_queue(site.uow, kind=LinkKind.JOB).total
    assert total > PAGE
    last = -(-total // PAGE)
    seen: list[str] = []
    for number in range(1, last + 1):
        html = client.get("/liens", params={"page": number}).text
        caption = f"{total} {'lien' if total < 2 else 'liens'}"
        assert caption in html and f"page {number} sur {last}" in html
        for other in range(1, last + 1):
            assert f"page={other}" in html or other == 1  # a link to every page
        seen += rows(html)
        assert "/postes/" not in html.split("<tbody>")[1].split("</tbody>")[0]
    assert len(seen) == len(set(seen)) == total  # every competency link, once
    # Past the last page: the last one; a number no page can have (SQLite binds 64 bits at
    # most, and answered 500): the first.
    assert f"page {last} sur {last}" in client.get("/liens", params={"page": last + 5}).text
    for huge in (2**63, 10**30):
        answer = client.get("/liens", params={"page": huge})
        assert answer.status_code == 200 and f"page 1 sur {last}" in answer.text
    job_page = client.get("/liens", params={"type": "job", "statut": "tous"}).text
    assert f"Postes ({jobs})" in job_page and f"Compétences ({total})" in job_page
    assert len(rows(job_page)) == min(jobs, PAGE)
    assert "/competences/" not in job_page.split("<tbody>")[1].split("</tbody>")[0]
    # French words; the English ones are values of forms only, never shown
    text = re.sub(r"<[^>]+>", " ", client.get("/liens").text)
    assert "proposé" in text and "Même libellé" in text and "définitions proches" in text
    assert not re.search(r"\b(proposed|text_overlap|same_label|narrower)\b", text)
    english = client.get("/liens", params={"lang": "en"}).text
    assert "Same label" in english and "proposed" in english
    # filters: relation and score
    exact = links.review_queue(
        site.uow, kind=LinkKind.COMPETENCY, relation=LinkRelation.EXACT, min_score=0.75
    )
    html = client.get("/liens", params={"relation": "exact", "score": "0,75"}).text
    assert set(rows(html)) == {link.id for link in exact.links}
    # the job items of the job links have their page
    first_job = links.review_queue(site.uow, kind=LinkKind.JOB, limit=1).links[0]
    href = re.search(r'href="(/referentiels/[^"]+/postes/[^"]+)"', job_page)
    assert href and client.get(href.group(1)).status_code == 200
    assert first_job.kind is LinkKind.JOB


def test_a_row_decision_retypes_and_goes_back_to_the_same_page(site: Site) -> None:
    client = site.client
    csrf = sign_in_hr(site)
    html = client.get("/liens", params={"page": 2}).text
    link_id = rows(html)[0]
    back = re.search(r'name="retour" value="([^"]*)"', html)
    assert back is not None and "page=2" in back.group(1)
    # the CSRF token is required
    refused = client.post(
        f"/liens/{link_id}/decision",
        data={"action": "accepter", "relation": "related", "retour": "page=2"},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    response = client.post(
        f"/liens/{link_id}/decision",
        data={
            "action": "accepter",
            "relation": "related",
            "retour": "page=2&suite=https://ailleurs.example",
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/liens?page=2&fait=accepte&n=1"
    decided = links.get_link(site.uow, link_id)
    assert (decided.status, decided.relation, decided.decided_by) == (
        LinkStatus.ACCEPTED,
        LinkRelation.RELATED,
        HR_LOGIN,
    )
    assert "1 lien accepté." in client.get(response.headers["location"]).text
    other = rows(html)[1]
    client.post(f"/liens/{other}/decision", data={"action": "rejeter", "csrf_token": csrf})
    assert links.get_link(site.uow, other).status is LinkStatus.REJECTED
    bad = client.post(
        f"/liens/{other}/decision",
        data={"action": "accepter", "relation": "synonyme", "csrf_token": csrf},
    )
    assert bad.status_code == 400


def test_the_bulk_form_decides_the_filter_and_refuses_a_changed_queue(site: Site) -> None:
    client = site.client
    form = {"action": "accepter", "type": "competency", "relation": "exact", "score": "0.7"}
    # without a session nor a CSRF token: refused
    assert client.post("/liens/decider-tout", data=form, follow_redirects=False).status_code == 403
    auth.create_account(site.uow, SYSTEM, login="marc", roles=["manager"], password=PASSWORD)
    manager_csrf = login(client, "marc")
    denied = client.post("/liens/decider-tout", data={**form, "csrf_token": manager_csrf})
    assert denied.status_code == 403
    client.cookies.clear()
    csrf = sign_in_hr(site)
    wanted = links.review_queue(
        site.uow, kind=LinkKind.COMPETENCY, relation=LinkRelation.EXACT, min_score=0.7
    )
    page = client.get("/liens", params={"relation": "exact", "score": "0.7"}).text
    assert f'name="attendu" value="{wanted.total}"' in page
    assert f"Accepter les {wanted.total} liens" in page
    stale = client.post(
        "/liens/decider-tout",
        data={**form, "attendu": str(wanted.total + 1), "csrf_token": csrf},
    )
    assert stale.status_code == 409 and "la file a changé" in stale.text
    assert links.review_queue(site.uow, status=LinkStatus.ACCEPTED).total == 0
    done = client.post(
        "/liens/decider-tout",
        data={**form, "attendu": str(wanted.total), "csrf_token": csrf, "retour": "relation=exact"},
        follow_redirects=False,
    )
    assert done.headers["location"] == f"/liens?relation=exact&fait=accepte&n={wanted.total}"
    accepted = links.review_queue(site.uow, status=LinkStatus.ACCEPTED, limit=500)
    assert {link.id for link in accepted.links} == {link.id for link in wanted.links}
    assert {link.decided_by for link in accepted.links} == {HR_LOGIN}
    assert links.canonical_groups(site.uow, kind=LinkKind.COMPETENCY)


def test_the_bulk_api(site: Site) -> None:
    client = site.client
    queue = client.get(
        "/api/v1/links", params={"kind": "job", "relation": "related", "limit": 500}
    ).json()
    assert queue["total"] >= 1
    assert all(x["kind"] == "job" and x["relation"] == "related" for x in queue["links"])
    assert all(isinstance(x["why"], list) and x["why"] for x in queue["links"])
    body = {"decision": "reject", "kind": "job", "relation": "related"}
    assert client.post("/api/v1/links/bulk", json=body).status_code == 401
    # a session without the CSRF header is refused
    sign_in_hr(site)
    assert client.post("/api/v1/links/bulk", json=body).status_code == 403
    client.cookies.clear()
    hr = hr_bearer(site)
    assert (
        client.post("/api/v1/links/bulk", json={**body, "min_score": 2}, headers=hr).status_code
        == 422
    )
    stale = client.post("/api/v1/links/bulk", json={**body, "expected": 0}, headers=hr)
    assert stale.status_code == 409
    answer = client.post(
        "/api/v1/links/bulk", json={**body, "expected": queue["total"]}, headers=hr
    ).json()
    assert answer["status"] == "rejected" and answer["decided"] == queue["total"]
    assert set(answer["links"]) == {x["id"] for x in queue["links"]}
    assert answer["groups"] == []
    first = answer["links"][0]
    assert links.link_history(site.uow, first)[0].action is DecisionAction.REJECT
    assert links.get_link(site.uow, first).decided_by == HR_LOGIN
    # exact competency links accepted at once form canonical groups
    accepted = client.post(
        "/api/v1/links/bulk",
        json={"decision": "accept", "kind": "competency", "relation": "exact", "min_score": 0.7},
        headers=hr,
    ).json()
    assert accepted["decided"] >= 3 and accepted["groups"]
    assert all(len(g["members"]) >= 2 for g in accepted["groups"])
    # one link accepted through the API with another relation
    one = client.get("/api/v1/links", params={"kind": "competency", "limit": 1}).json()
    link_id = one["links"][0]["id"]
    # A start no queue can reach is refused (SQLite binds 64 bits at most: was a 500).
    far = client.get("/api/v1/links", params={"offset": 2**63})
    assert far.status_code == 422, far.text
    retyped = client.post(
        f"/api/v1/links/{link_id}/accept", json={"relation": "related"}, headers=hr
    ).json()
    assert (retyped["status"], retyped["relation"]) == ("accepted", "related")


def test_the_page_is_read_only_for_everyone_else(tmp_path_factory: pytest.TempPathFactory) -> None:
    site = make_site(tmp_path_factory.mktemp("ro") / "ro.db", seed_files("000", "002"))
    links.propose_links(site.uow, SYSTEM)
    html = site.client.get("/liens").text
    assert rows(html) and "Décision groupée" not in html and 'name="lien"' not in html
    assert "Seuls les administrateurs RH" in html
    site.engine.dispose()
