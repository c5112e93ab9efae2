"""The demo: the sample bank's people, their assessments, accounts to try each role, request
themes, an open campaign and a jury — everything fictional, written for parcours.

Idempotent: what exists is kept (only the demo accounts' password is set again, so that the
person running the demo can sign in), so `parcours demo` can be run again on the same database.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from parcours.demo import ASSESSMENTS_NAME, PEOPLE_NAME, TRAININGS_NAME, demo_file
from parcours.domain.errors import ParcoursError
from parcours.domain.profile import pseudonym
from parcours.services import auth, campaigns, hris, juries, teams, training_catalogue
from parcours.services.auth import SYSTEM
from parcours.services.ports import UowFactory

REFERENTIAL = "Banque Exemple"
CERTIFICATION = "Certificat de conseiller bancaire à distance"
# login -> (roles, HR identifier of the person in the demo file, shown name)
ACCOUNTS: dict[str, tuple[tuple[str, ...], str | None, str]] = {
    "rh": (("hr",), None, "Administratrice RH (démo)"),
    "manager": (("manager", "employee"), "E1001", "Manager du CRC de Lyon (démo)"),
    "salarie": (("employee",), "E2004", "Conseiller à distance (démo)"),
    "jury": (("jury",), None, "Membre de jury (démo)"),
}
THEMES: tuple[tuple[str, tuple[tuple[str, int], ...], int, float], ...] = (
    ("Opérations courantes", (("produits-bancaires", 2), ("outils-crm", 2)), 4, 0.55),
    (
        "Souscription à distance",
        (("vente-a-distance", 3), ("produits-bancaires", 3), ("reglementation-bancaire", 2)),
        3,
        0.25,
    ),
    (
        "Réclamations",
        (("ecoute-active", 3), ("sens-du-service", 3), ("conduite-d-entretien", 3)),
        3,
        0.20,
    ),
)
CAMPAIGN_TEAMS = ("crc-lyon", "recouvrement-est", "analyse-credit")


@dataclass
class DemoReport:
    password: str
    accounts: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def _import(uow_factory: UowFactory, name: str, salt: str, report: DemoReport) -> None:
    result = hris.import_hris(uow_factory, SYSTEM, demo_file(name), name, salt=salt)
    if not result.ok:
        first = "; ".join(f"ligne {e.line} : {e.message}" for e in result.errors[:3])
        raise ParcoursError(f"données de démonstration invalides ({name}) : {first}")
    report.messages.append(f"{name} : {result.summary()}")


def _accounts(uow_factory: UowFactory, salt: str, password: str, report: DemoReport) -> None:
    for login, (roles, hr_id, name) in ACCOUNTS.items():
        person = pseudonym(hr_id, salt) if hr_id else None
        with uow_factory() as uow:
            existing = uow.accounts.get(login)
        if existing is None:
            auth.create_account(
                uow_factory,
                SYSTEM,
                login=login,
                roles=list(roles),
                password=password,
                person=person,
                display_name=name,
            )
        else:
            auth.set_password(uow_factory, SYSTEM, login, password)
        report.accounts.append(login)


def _themes(uow_factory: UowFactory, report: DemoReport) -> None:
    if teams.list_themes(uow_factory, SYSTEM, REFERENTIAL):
        return
    for name, competencies, minimum, share in THEMES:
        teams.save_theme(
            uow_factory,
            SYSTEM,
            REFERENTIAL,
            name,
            list(competencies),
            min_advisors=minimum,
            share=share,
        )
    report.messages.append(f"{len(THEMES)} thèmes de demandes du centre de relation client")


def _campaign(uow_factory: UowFactory, today: date, report: DemoReport) -> None:
    if campaigns.list_campaigns(uow_factory, SYSTEM):
        return
    campaigns.create_campaign(
        uow_factory,
        SYSTEM,
        name=f"Entretiens annuels {today.year}",
        referential=REFERENTIAL,
        starts_on=today,
        ends_on=today + timedelta(days=90),
        teams=list(CAMPAIGN_TEAMS),
    )
    report.messages.append("une campagne d'entretiens annuels ouverte")


def _jury(uow_factory: UowFactory, salt: str, today: date, report: DemoReport) -> None:
    if juries.list_juries(uow_factory, SYSTEM):
        return
    jury = juries.create_jury(
        uow_factory,
        SYSTEM,
        referential=REFERENTIAL,
        certification=CERTIFICATION,
        held_on=today,
        members=["jury"],
        name="Session de démonstration",
    )
    for hr_id in ("E2005", "E2006"):
        juries.add_candidate(uow_factory, SYSTEM, jury.id, pseudonym(hr_id, salt))
    report.messages.append("un jury de certification avec deux candidats")


def _trainings(uow_factory: UowFactory, report: DemoReport) -> None:
    """The demo's training catalogue (written for parcours), imported like HR would, once."""
    with uow_factory() as uow:
        if uow.trainings.list_trainings():
            return
    data = demo_file(TRAININGS_NAME)
    result = training_catalogue.import_catalogue(uow_factory, SYSTEM, data, TRAININGS_NAME)
    if not result.ok:
        first = "; ".join(f"ligne {e.line} : {e.message}" for e in result.errors[:3])
        raise ParcoursError(f"données de démonstration invalides ({TRAININGS_NAME}) : {first}")
    report.messages.append(f"{TRAININGS_NAME} : {result.summary()}")


def load_demo(
    uow_factory: UowFactory,
    *,
    salt: str,
    password: str | None = None,
    today: date | None = None,
) -> DemoReport:
    """Load the demo's people and set-up on a database holding the sample referential."""
    report = DemoReport(password=password or secrets.token_urlsafe(12))
    day = today or date.today()
    with uow_factory() as uow:
        empty = uow.people.count_people() == 0
    if empty:
        _import(uow_factory, PEOPLE_NAME, salt, report)
        _import(uow_factory, ASSESSMENTS_NAME, salt, report)
    _accounts(uow_factory, salt, report.password, report)
    _themes(uow_factory, report)
    _campaign(uow_factory, day, report)
    _jury(uow_factory, salt, day, report)
    _trainings(uow_factory, report)
    return report
