"""A person for the RGPD tests: Zéphyrine Q., who left in 2020 and is held everywhere (an import
with provenance, ratings, a campaign review, a jury candidacy, an account with a session and a
token, audit events), each place with a text that names her, so an erasure can be checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from parcours.domain.access import Principal
from parcours.domain.people import Assessment, Person, Source
from parcours.domain.profile import pseudonym
from parcours.services import auth, people
from parcours.services.access import principal_of
from parcours.services.auth import SYSTEM
from parcours.services.ports import UowFactory
from parcours.services.ports.campaigns import Campaign, CampaignReview
from tests.people_cast import ADVISOR, CAST, PASSWORD, SAMPLE

ZQ_LOGIN = "zephyrine.q"
ZQ_NAME = "Zéphyrine Quasimodo"
ZQ_EVIDENCE = "preuve-zq-unique : entretien observé"
ZQ_TEXTS = ("commentaire-zq-soi", "commentaire-zq-manager", "jury-zq-note", "zq-eval-remarque")


@dataclass
class RgpdWorld:
    uow: UowFactory
    zq: str  # the distinctive person's pseudonym

    def principal(self, login: str) -> Principal:
        with self.uow() as uow:
            account = uow.accounts.get(login)
            assert account is not None
            return principal_of(uow, account, "api")


def add_zq(make: UowFactory) -> str:
    """Zéphyrine Q. on a store holding the sample referential and the cast; her pseudonym."""
    zq = pseudonym("E-99317", "sel-des-tests")
    with make() as uow:
        uow.people.upsert_people(
            [
                Person(
                    zq,
                    SAMPLE,
                    ADVISOR,
                    team="agence-nord",
                    manager="m-nord",
                    display_name=ZQ_NAME,
                    left_on=date(2020, 3, 31),
                )
            ],
            document="sirh-2026.csv",
            lines=[42],
        )
        uow.people.add_assessments(
            [
                Assessment(
                    zq,
                    "ecoute-active",
                    3,
                    Source.IMPORT,
                    date(2025, 12, 1),
                    "frequence",
                    evidence=ZQ_EVIDENCE,
                    document="sirh-2026.csv",
                    line=42,
                )
            ]
        )
        campaign = uow.campaigns.add(
            Campaign(
                "Entretiens 2026",
                SAMPLE,
                date(2026, 1, 1),
                date(2026, 3, 1),
                ("agence-nord",),
                created_by=CAST.hr,
            )
        )
        jury = uow.juries.create_jury(
            name="Jury de printemps",
            referential=SAMPLE,
            certification="Certification",
            held_on=date(2026, 4, 1),
            members=[CAST.jury, ZQ_LOGIN],
            created_by=CAST.hr,
        )
        uow.campaigns.save_review(
            CampaignReview(
                campaign=campaign,
                person=zq,
                self_submitted_at=datetime(2026, 1, 20, tzinfo=UTC),
                manager_submitted_at=datetime(2026, 1, 25, tzinfo=UTC),
                manager_account=CAST.manager,
                self_comment=ZQ_TEXTS[0],
                manager_comment=f"{ZQ_TEXTS[1]} pour {ZQ_NAME}",
            )
        )
        uow.juries.add_candidate(jury.id, zq)
        uow.juries.save_evaluation(
            jury.id,
            zq,
            evaluations=[{"code": "C1", "criteria": [True], "comment": ZQ_TEXTS[3]}],
            record={"candidate": zq, "title_granted": False, "blocks": []},
            recorded_by=CAST.jury,
            recorded_at=datetime(2026, 4, 1, 12, tzinfo=UTC),
            comment=ZQ_TEXTS[2],
        )
        uow.commit()
    auth.create_account(
        make,
        SYSTEM,
        login=ZQ_LOGIN,
        roles=["employee"],
        password=PASSWORD,
        person=zq,
        display_name=ZQ_NAME,
    )
    auth.create_api_token(make, SYSTEM, ZQ_LOGIN, "outil", days=1)
    auth.login(make, ZQ_LOGIN, PASSWORD)
    w = RgpdWorld(make, zq)
    people.record_assessment(
        make, w.principal(ZQ_LOGIN), zq, "produits-bancaires", 0.6, source=Source.SELF
    )
    people.person_profile(make, w.principal(CAST.hr), zq)
    people.person_profile(make, w.principal(CAST.hr), "n-1")
    return zq
