"""Certification juries through the API and the pages: the flow, the record, and every refusal
(issue 5, point 4). The certification is the real referential of seed 003."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from parcours.services import auth, juries
from parcours.services.auth import SYSTEM
from tests.integration.test_juries import (
    CERT,
    OTHER_JURY,
    REFERENTIAL,
    evaluations,
)
from tests.people_cast import CAST, PASSWORD, api_login, login
from tests.web.conftest import Site, make_cast_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    s = make_cast_site(tmp_path_factory.mktemp("juries") / "juries.db", "003")
    auth.create_account(s.uow, SYSTEM, login=OTHER_JURY, roles=["jury"], password=PASSWORD)
    other = juries.create_jury(
        s.uow,
        SYSTEM,
        referential=REFERENTIAL,
        certification=CERT.title,
        held_on=date(2026, 7, 1),
        members=[OTHER_JURY],
        name="Session de juillet",
    )
    juries.add_candidate(s.uow, SYSTEM, other.id, "s-3")
    yield s
    s.engine.dispose()


@pytest.fixture
def client(site: Site) -> TestClient:
    site.client.cookies.clear()
    return site.client


def new_session(site: Site, *candidates: str) -> int:
    """A fresh session (CAST.jury sits on it) with these candidates: tests stay independent."""
    jury = juries.create_jury(
        site.uow,
        SYSTEM,
        referential=REFERENTIAL,
        certification=CERT.title,
        held_on=date(2026, 6, 15),
        members=[CAST.jury],
    )
    for person in candidates:
        juries.add_candidate(site.uow, SYSTEM, jury.id, person)
    return jury.id


def payload(**kwargs: Any) -> dict[str, Any]:
    return {
        "comment": "Dossier solide",
        "evaluations": [
            {
                "code": e.code,
                "criteria": [o.value for o in e.criteria],
                "questionnaire": e.questionnaire,
            }
            for e in evaluations(**kwargs)
        ],
    }


def test_hr_creates_a_session_then_its_member_records_a_partial_validation(
    client: TestClient,
) -> None:
    headers = api_login(client, CAST.hr)
    body = {
        "referential": REFERENTIAL,
        "certification": CERT.title,
        "held_on": "2026-06-20",
        "members": [CAST.jury],
    }
    assert client.post("/api/v1/juries", json=body).status_code == 403  # no CSRF token
    created = client.post("/api/v1/juries", json=body, headers=headers)
    assert created.status_code == 201, created.text
    jury = created.json()["id"]
    added = client.post(
        f"/api/v1/juries/{jury}/candidates", json={"person": "n-1"}, headers=headers
    )
    assert added.status_code == 201 and added.json()["status"] == "pending"
    again = client.post(
        f"/api/v1/juries/{jury}/candidates", json={"person": "n-1"}, headers=headers
    )
    assert again.status_code == 409

    headers = api_login(client, CAST.jury)
    listed = client.get("/api/v1/juries").json()
    assert jury in [j["id"] for j in listed]
    assert "Session de juillet" not in [j["name"] for j in listed]
    form = client.get(f"/api/v1/juries/{jury}/candidates/n-1/evaluation")
    assert form.status_code == 200 and form.headers["cache-control"] == "no-store"
    c9 = next(c for b in form.json()["blocks"] for c in b["competencies"] if c["code"] == "C9")
    assert c9["threshold"] == 0.6 and len(c9["criteria"]) == 4

    put = client.put(
        f"/api/v1/juries/{jury}/candidates/n-1/evaluation",
        json=payload(scores={"C9": 0.59}),
        headers=headers,
    )
    assert put.status_code == 200, put.text
    record = client.get(f"/api/v1/juries/{jury}/candidates/n-1/record").json()
    assert record["status"] == "partial" and record["partial_blocks"] == ["B1", "B3"]
    assert record["title_granted"] is False and record["recorded_by"] == CAST.jury
    assert record["candidate"] == {"person": "n-1", "display_name": "Conseiller Nord 1"}
    b2 = next(b for b in record["blocks"] if b["code"] == "B2")
    c9 = next(c for c in b2["competencies"] if c["code"] == "C9")
    assert (b2["validated"], c9["questionnaire"], c9["reasons"]) == (
        False,
        0.59,
        ["questionnaire : 59\u202f% < 60\u202f%"],
    )
    detail = client.get(f"/api/v1/juries/{jury}").json()
    assert [(c["person"], c["status"]) for c in detail["candidates"]] == [("n-1", "partial")]

    assert client.post(f"/api/v1/juries/{jury}/close", headers=headers).status_code == 403
    headers = api_login(client, CAST.hr)
    closed = client.post(f"/api/v1/juries/{jury}/close", headers=headers)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    refused = client.put(
        f"/api/v1/juries/{jury}/candidates/n-1/evaluation", json=payload(), headers=headers
    )
    assert refused.status_code == 409 and refused.json()["title"] == "ConflictError"


def test_evaluations_that_do_not_fit_are_refused_by_the_api(client: TestClient, site: Site) -> None:
    jury = new_session(site, "n-2")
    headers = api_login(client, CAST.jury)
    url = f"/api/v1/juries/{jury}/candidates/n-2/evaluation"
    bad_outcome = {"evaluations": [{"code": "C1", "criteria": ["peut-être"]}]}
    assert client.put(url, json=bad_outcome, headers=headers).status_code == 422
    too_high = {"evaluations": [{"code": "C9", "criteria": ["met"] * 4, "questionnaire": 60}]}
    assert client.put(url, json=too_high, headers=headers).status_code == 422
    short = {"evaluations": [{"code": "C1", "criteria": ["met"]}]}
    answer = client.put(url, json=short, headers=headers)
    assert answer.status_code == 400 and "critère" in answer.json()["detail"]
    assert client.get(f"/api/v1/juries/{jury}/candidates/n-2/record").status_code == 404


@pytest.mark.parametrize("who", [OTHER_JURY, CAST.employee, CAST.manager])
def test_others_cannot_reach_a_session_through_the_api(
    client: TestClient, site: Site, who: str
) -> None:
    jury = new_session(site, "n-3")
    headers = api_login(client, who)
    base = f"/api/v1/juries/{jury}"
    assert client.get(base).status_code == 403
    assert client.get(f"{base}/candidates/n-3/evaluation").status_code == 403
    assert client.get(f"{base}/candidates/n-3/record").status_code == 403
    put = client.put(f"{base}/candidates/n-3/evaluation", json=payload(), headers=headers)
    assert put.status_code == 403
    created = client.post(
        "/api/v1/juries",
        json={
            "referential": REFERENTIAL,
            "certification": CERT.title,
            "held_on": "2026-06-20",
            "members": [who],
        },
        headers=headers,
    )
    assert created.status_code == 403
    listing = client.get("/api/v1/juries")
    assert listing.status_code == (200 if who == OTHER_JURY else 403)


def test_without_an_account_the_api_asks_to_sign_in(client: TestClient, site: Site) -> None:
    jury = new_session(site, "n-4")
    assert client.get("/api/v1/juries").status_code == 401
    assert client.get(f"/api/v1/juries/{jury}/candidates/n-4/record").status_code == 401


def test_bearer_tokens_act_as_their_account(client: TestClient, site: Site) -> None:
    jury = new_session(site, "n-5")
    token = auth.create_api_token(site.uow, SYSTEM, CAST.jury, "tests", days=1)
    bearer = {"Authorization": f"Bearer {token}"}
    answer = client.put(
        f"/api/v1/juries/{jury}/candidates/n-5/evaluation", json=payload(), headers=bearer
    )
    assert answer.status_code == 200 and answer.json()["status"] == "granted"
    with site.uow() as uow:
        events = uow.audit.list(subject="n-5", actor=CAST.jury)
    assert [(e.action, e.channel) for e in events] == [("write", "api")]


# --- pages ----------------------------------------------------------------------------------


def form_fields(sheet: dict[str, Any], scores: dict[str, str]) -> dict[str, str]:
    """The evaluation form filled in: every criterion met, the questionnaires as given."""
    fields: dict[str, str] = {}
    for block in sheet["blocks"]:
        for c in block["competencies"]:
            for i, _criterion in enumerate(c["criteria"], start=1):
                fields[f"crit:{c['code']}:{i}"] = "met"
            if c["threshold"] is not None:
                fields[f"q:{c['code']}"] = scores.get(c["code"], "80")
    return fields


def test_a_member_evaluates_on_the_form_and_reads_the_record(
    client: TestClient, site: Site
) -> None:
    jury = new_session(site, "n-6")
    token = login(client, CAST.jury)
    listing = client.get("/jurys")
    assert listing.status_code == 200 and f'href="/jurys/{jury}"' in listing.text
    assert "Session de juillet" not in listing.text
    session = client.get(f"/jurys/{jury}")
    assert "À évaluer" in session.text and f'href="/jurys/{jury}/candidats/n-6"' in session.text

    page = client.get(f"/jurys/{jury}/candidats/n-6")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    html = page.text
    # one radio group per criterion, the criterion's text as its legend
    count = sum(len(c.criteria) for b in CERT.blocks for c in b.competencies)
    assert html.count('<fieldset class="jury-criterion">') == count
    assert html.count('type="radio"') == 3 * count
    assert CERT.blocks[0].competencies[0].criteria[0] in html
    assert html.count('type="number"') == 4 and "seuil : 60\u202f%" in html

    api_sheet = juries.sheet_data(juries.candidate_sheet(site.uow, SYSTEM, jury, "n-6"))
    data = {**form_fields(api_sheet, {"C9": "59,5"}), "comment": "Bon oral", "csrf_token": token}
    assert (
        client.post(f"/jurys/{jury}/candidats/n-6", data=dict(data, csrf_token="x")).status_code
        == 403
    )
    saved = client.post(f"/jurys/{jury}/candidats/n-6", data=data, follow_redirects=False)
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/jurys/{jury}/candidats/n-6/proces-verbal?enregistre=1"
    record = client.get(saved.headers["location"])
    assert record.status_code == 200
    assert "Validation partielle" in record.text and "B1, B3" in record.text
    assert "59,5\u202f%" in record.text
    assert "questionnaire : 59,5\u202f% &lt; 60\u202f%" in record.text
    assert "Bon oral" in record.text and "Conseiller Nord 6" in record.text
    english = client.get(f"/jurys/{jury}/candidats/n-6/proces-verbal?lang=en")
    assert "Partial validation" in english.text
    client.get("/?lang=fr")

    # the form shows what was recorded
    again = client.get(f"/jurys/{jury}/candidats/n-6").text
    assert 'name="q:C9" type="number"' in again and 'value="59.5"' in again

    # a percentage out of range: the form again, with the reason and as it was sent (the
    # figure as typed, a criterion changed, the new comment)
    data["q:C9"] = "150"
    first_criterion = next(k for k in data if k.startswith("crit:"))
    data[first_criterion] = "not_met"
    data["comment"] = "Oral revu"
    wrong = client.post(f"/jurys/{jury}/candidats/n-6", data=data)
    assert wrong.status_code == 400 and "pourcentage" in wrong.text
    assert 'name="q:C9" type="number"' in wrong.text and 'value="150"' in wrong.text
    assert ">Oral revu</textarea>" in wrong.text
    checked = re.findall(r'name="(crit:[^"]+)" value="(\w+)" checked', wrong.text)
    assert (first_criterion, "not_met") in checked and len(checked) == count


def test_hr_creates_adds_and_closes_through_the_pages(client: TestClient, site: Site) -> None:
    token = login(client, CAST.hr)
    page = client.get("/jurys").text
    assert "Nouvelle session de jury" in page and CAST.jury in page
    choice = json.dumps([REFERENTIAL, CERT.title])
    # No member: the form again with the reason, holding what was entered.
    refused = client.post(
        "/jurys",
        data={
            "certification": choice,
            "held_on": "2026-10-01",
            "name": "Session d'octobre",
            "csrf_token": token,
        },
    )
    assert refused.status_code == 400 and "un jury a au moins un membre" in refused.text
    assert 'value="2026-10-01"' in refused.text
    assert 'value="Session d&#39;octobre"' in refused.text
    chosen = refused.text.split('id="jury-certification"')[1].split("</select>")[0]
    assert chosen.count(" selected>") == 1 and f"{CERT.title} " in chosen.split(" selected>")[1]
    created = client.post(
        "/jurys",
        data={
            "certification": choice,
            "held_on": "2026-10-01",
            "members": [CAST.jury],
            "name": "Session d'octobre",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    url = created.headers["location"]
    added = client.post(
        f"{url}/candidats", data={"person": "m-nord", "csrf_token": token}, follow_redirects=False
    )
    assert added.status_code == 303
    assert "Marc Manager" in client.get(url).text
    closed = client.post(f"{url}/cloture", data={"csrf_token": token}, follow_redirects=False)
    assert closed.status_code == 303
    assert "Clos" in client.get(url).text
    late = client.post(f"{url}/candidats", data={"person": "n-1", "csrf_token": token})
    assert late.status_code == 409


@pytest.mark.parametrize("who", [OTHER_JURY, CAST.employee, CAST.manager])
def test_others_cannot_open_a_session_page(client: TestClient, site: Site, who: str) -> None:
    jury = new_session(site, "n-1")
    juries.record_evaluation(site.uow, SYSTEM, jury, "n-1", evaluations())
    token = login(client, who)
    for path in (
        f"/jurys/{jury}",
        f"/jurys/{jury}/candidats/n-1",
        f"/jurys/{jury}/candidats/n-1/proces-verbal",
    ):
        answer = client.get(path)
        assert answer.status_code == 403 and "accès refusé" in answer.text, path
    post = client.post(
        f"/jurys/{jury}/candidats/n-1", data={"crit:C1:1": "met", "csrf_token": token}
    )
    assert post.status_code == 403
    assert client.get("/jurys").status_code == (200 if who == OTHER_JURY else 403)


def test_signed_out_visitors_are_sent_to_sign_in(client: TestClient) -> None:
    answer = client.get("/jurys/1/candidats/n-1", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/connexion")
