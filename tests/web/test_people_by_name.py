"""People by name (issue 14, point 5): HR, managers and jury members type a name where a
pseudonym was asked, and find only the people they are allowed to see."""

from __future__ import annotations

from datetime import date
from html import unescape

from fastapi.testclient import TestClient

from parcours.services import juries
from parcours.services.access import principal_of
from tests.people_cast import CAST, SAMPLE, login
from tests.web.conftest import Site


def test_hr_opens_a_persons_rgpd_record_by_name(cast_client: TestClient) -> None:
    login(cast_client, CAST.hr)
    found = cast_client.get(
        "/rgpd/personnes", params={"id": "conseiller nord 1"}, follow_redirects=False
    )
    assert found.status_code == 303 and found.headers["location"] == "/rgpd/personnes/n-1"
    # still by pseudonym
    by_id = cast_client.get("/rgpd/personnes", params={"id": "s-2"}, follow_redirects=False)
    assert by_id.headers["location"] == "/rgpd/personnes/s-2"
    several = cast_client.get("/rgpd/personnes", params={"id": "Conseiller Sud"})
    assert several.status_code == 409 and "plusieurs personnes" in unescape(several.text)
    unknown = cast_client.get("/rgpd/personnes", params={"id": "Noah Michel"})
    assert unknown.status_code == 404


def test_a_manager_finds_only_the_people_of_their_teams(cast_client: TestClient) -> None:
    login(cast_client, CAST.manager)
    page = unescape(cast_client.get("/personnes", params={"nom": "conseiller"}).text)
    assert 'data-person="n-1"' in page and 'data-person="n-6"' in page
    assert 'data-person="s-1"' not in page
    other = unescape(cast_client.get("/personnes", params={"nom": "Conseiller Sud 1"}).text)
    assert "Personne de ce nom" in other


def test_hr_adds_a_jury_candidate_by_name(cast_site: Site) -> None:
    with cast_site.uow() as uow:
        account = uow.accounts.get(CAST.hr)
        assert account is not None
        hr = principal_of(uow, account, "web")
    jury = juries.create_jury(
        cast_site.uow,
        hr,
        referential=SAMPLE,
        certification="Certificat de conseiller bancaire à distance",
        held_on=date(2026, 6, 15),
        members=[CAST.jury],
    )
    client = cast_site.client
    token = login(client, CAST.hr)
    added = client.post(
        f"/jurys/{jury.id}/candidats",
        data={"csrf_token": token, "person": "Conseiller Sud 3"},
        follow_redirects=False,
    )
    assert added.status_code == 303
    assert 'data-person="s-3"' in client.get(f"/jurys/{jury.id}").text
