"""A cast of people, teams and accounts on the bundled sample referential, for the tests.

Team ``agence-nord`` (6 people, managed by ``m-nord``) is large enough to be shown person by
person (min_group_size 5); team ``crc-sud`` (3 people, managed by ``m-sud``) is not. Every account
has the password ``PASSWORD``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from fastapi.testclient import TestClient

from parcours.domain.people import Assessment, Person, Source, Team
from parcours.services import auth
from parcours.services.auth import SYSTEM
from parcours.services.ports import UowFactory

SAMPLE = "Banque Exemple"
PASSWORD = "cheval-batterie-agrafe-42"
ADVISOR = "conseiller-a-distance--ii-1"
CONFIRMED = "conseiller-a-distance-confirme--ii-3"
TEAM_LEAD = "responsable-d-equipe-a-distance--iii-2"


@dataclass(frozen=True)
class Cast:
    hr: str = "helene.rh"
    manager: str = "marc.manager"  # manages agence-nord, is person m-nord
    other_manager: str = "sophie.manager"  # manages crc-sud, is person m-sud
    employee: str = "eve.employe"  # person n-1 in agence-nord
    colleague: str = "noe.employe"  # person n-2 in agence-nord
    outsider: str = "sam.employe"  # person s-1 in crc-sud
    jury: str = "jules.jury"


CAST = Cast()


def populate(uow_factory: UowFactory) -> Cast:
    """Teams, people, a few assessments and the cast's accounts (the sample must be imported)."""
    teams = [
        Team("agence-nord", "Agence Nord", manager="m-nord"),
        Team("crc-sud", "Centre de relation client Sud", manager="m-sud"),
    ]
    people = [
        Person("m-nord", SAMPLE, TEAM_LEAD, team="direction", display_name="Marc Manager"),
        Person("m-sud", SAMPLE, TEAM_LEAD, team="direction", display_name="Sophie Manager"),
        *(
            Person(
                f"n-{i}",
                SAMPLE,
                ADVISOR,
                team="agence-nord",
                manager="m-nord",
                display_name=f"Conseiller Nord {i}",
            )
            for i in range(1, 7)
        ),
        *(
            Person(
                f"s-{i}",
                SAMPLE,
                CONFIRMED,
                team="crc-sud",
                manager="m-sud",
                display_name=f"Conseiller Sud {i}",
            )
            for i in range(1, 4)
        ),
    ]
    with uow_factory() as uow:
        uow.people.upsert_teams(teams)
        uow.people.upsert_people(people, document=None, lines=None)
        uow.people.add_assessments(
            [
                Assessment(
                    "n-1", "ecoute-active", 3, Source.MANAGER, date(2026, 1, 15), "frequence"
                ),
                Assessment(
                    "n-1", "produits-bancaires", 2, Source.SELF, date(2026, 1, 10), "qcm", raw=0.5
                ),
                Assessment(
                    "n-2", "ecoute-active", 4, Source.MANAGER, date(2026, 1, 15), "frequence"
                ),
                Assessment(
                    "s-1", "vente-a-distance", 3, Source.MANAGER, date(2026, 2, 1), "performance"
                ),
            ]
        )
        uow.commit()
    accounts = [
        (CAST.hr, ["hr"], None),
        (CAST.manager, ["manager", "employee"], "m-nord"),
        (CAST.other_manager, ["manager", "employee"], "m-sud"),
        (CAST.employee, ["employee"], "n-1"),
        (CAST.colleague, ["employee"], "n-2"),
        (CAST.outsider, ["employee"], "s-1"),
        (CAST.jury, ["jury"], None),
    ]
    for login, roles, person in accounts:
        auth.create_account(
            uow_factory, SYSTEM, login=login, roles=roles, password=PASSWORD, person=person
        )
    return CAST


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def form_token(client: TestClient, path: str = "/connexion") -> str:
    """The CSRF token of a page's form."""
    found = _CSRF.search(client.get(path).text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def login(client: TestClient, login_name: str, password: str = PASSWORD) -> str:
    """Sign in through the form; returns the CSRF token for the session's next forms."""
    client.cookies.clear()
    token = form_token(client)
    response = client.post(
        "/connexion",
        data={"login": login_name, "password": password, "csrf_token": token, "suite": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return form_token(client, "/connexion")


def api_login(client: TestClient, login_name: str, password: str = PASSWORD) -> dict[str, str]:
    """Sign in through the API; returns the headers for unsafe calls (the CSRF token)."""
    client.cookies.clear()
    response = client.post("/api/v1/auth/login", json={"login": login_name, "password": password})
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": response.json()["csrf_token"]}
