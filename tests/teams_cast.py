"""Teams for tests: tests/people_cast.py's people with a few more ratings, the principals that
look at them (World), and a themes file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from parcours.domain.access import Principal
from parcours.domain.people import Assessment, Source
from parcours.services import auth
from parcours.services.auth import SYSTEM
from parcours.services.ports import UowFactory
from tests.people_cast import CAST


def extra_assessments() -> list[Assessment]:
    def rated(person: str, competency: str, level: int) -> Assessment:
        return Assessment(person, competency, level, Source.MANAGER, date(2026, 3, 1), "x")

    return [
        rated("n-1", "conduite-d-entretien", 3),
        rated("n-2", "conduite-d-entretien", 2),
        rated("n-3", "conduite-d-entretien", 2),
        rated("n-4", "conduite-d-entretien", 1),
        rated("n-2", "produits-bancaires", 3),
        rated("n-3", "produits-bancaires", 2),
        rated("n-3", "outils-crm", 2),  # the only holder: a single point of failure
    ]


@dataclass
class World:
    uow: UowFactory
    hr: Principal
    manager: Principal  # agence-nord (6 people)
    other_manager: Principal  # crc-sud (3 people)
    employee: Principal
    jury: Principal


def principal(uow: UowFactory, login: str) -> Principal:
    token = auth.create_api_token(uow, SYSTEM, login, "tests", days=1)
    found = auth.token_principal(uow, token, "api")
    assert found is not None
    return found


def world_on(make: UowFactory) -> World:
    """The World on a store that holds the sample referential and the cast."""
    with make() as uow:
        uow.people.add_assessments(extra_assessments())
        uow.commit()
    return World(
        make,
        *(
            principal(make, login)
            for login in (CAST.hr, CAST.manager, CAST.other_manager, CAST.employee, CAST.jury)
        ),
    )


GOOD_CSV = (
    "thème;compétence;niveau;minimum;part\n"
    "Crédit;produits-bancaires;2;3;40\n"
    "Crédit;conduite-d-entretien;2;3;40\n"
    "Succession;reglementation-bancaire;3;1\n"
)
