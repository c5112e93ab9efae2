"""RgpdStore (services/ports/rgpd.py): the fake and the SQL store alike.

The SQL sweep reaches every text column of every table, a column added later included; the fake
sweeps the free-text fields it names. The erasure's end-to-end checks of the database are in
tests/integration/test_rgpd.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from parcours.domain.people import Assessment, Person, Source
from parcours.services.ports import UowFactory
from parcours.services.ports.campaigns import Campaign, CampaignReview
from parcours.services.ports.people import Account, AuditEvent

AT = datetime(2026, 2, 1, 9, tzinfo=UTC)


def seed(port_uow: UowFactory) -> tuple[int, int]:
    """p-1 (Zoé Zed, account zoe.z) everywhere, p-2 beside her; (campaign, jury)."""
    with port_uow() as uow:
        uow.people.upsert_people(
            [
                Person("p-1", "banque", "conseiller", "nord", None, "Zoé Zed", date(2020, 1, 1)),
                Person("p-2", "banque", "conseiller", "nord", "p-1", "Paul", date(2019, 1, 1)),
                Person("p-3", "banque", "conseiller", "nord", None, "Pia"),
            ],
            document="rh.csv",
            lines=[2, 3, 4],
        )
        uow.people.add_assessments(
            [
                Assessment(
                    "p-1", "crm", 2, Source.IMPORT, date(2025, 1, 1), "niveau",
                    evidence="vu par Zoé Zed", document="rh.csv", line=9,
                ),
                Assessment("p-2", "crm", 3, Source.MANAGER, date(2025, 1, 1), "niveau",
                           assessor="zoe.z"),
            ]
        )  # fmt: skip
        uow.accounts.save(Account("zoe.z", frozenset({"employee"}), "Zoé Zed", person="p-1"))
        uow.accounts.create_session("s", "zoe.z", AT + timedelta(days=1))
        uow.accounts.create_token("t", "zoe.z", "outil", None)
        campaign = uow.campaigns.add(
            Campaign("2026", "banque", date(2026, 1, 1), date(2026, 3, 1), ("nord",),
                     created_by="zoe.z")
        )  # fmt: skip
        uow.campaigns.save_review(
            CampaignReview(campaign, "p-1", AT, None, "chef", "moi, Zoé Zed", "bien")
        )
        uow.campaigns.save_review(
            CampaignReview(campaign, "p-2", None, AT, "zoe.z", None, "revu par zoe.z")
        )
        jury = uow.juries.create_jury(
            name="Jury", referential="banque", certification="C", held_on=date(2026, 4, 1),
            members=["zoe.z", "jean"], created_by="rh",
        )  # fmt: skip
        uow.juries.add_candidate(jury.id, "p-1")
        uow.juries.save_evaluation(
            jury.id, "p-1", evaluations=[{"code": "C1", "comment": "Zoé hésite"}],
            record={"candidate": "p-1", "note": "p-1 admis"}, recorded_by="jean",
            recorded_at=AT, comment="à revoir",
        )  # fmt: skip
        uow.audit.record(AuditEvent("zoe.z", "web", "read", "p-2", "profil de p-2 lu", AT))
        uow.audit.record(AuditEvent("rh", "web", "read", "p-1", "profil de p-1 lu", AT))
        uow.commit()
    return campaign, jury.id


def test_everything_held_on_a_person_is_read(port_uow: UowFactory) -> None:
    campaign, jury = seed(port_uow)
    with port_uow() as uow:
        record = uow.rgpd.person_record("p-1")
        assert record is not None and record.person.display_name == "Zoé Zed"
        assert (record.source_document, record.source_line) == ("rh.csv", 2)
        assert uow.rgpd.person_record("p-9") is None
        [review] = uow.rgpd.reviews_of("p-1")
        assert (review.campaign, review.campaign_name, review.status) == (campaign, "2026", "open")
        assert (review.self_comment, review.manager_comment) == ("moi, Zoé Zed", "bien")
        [candidacy] = uow.rgpd.candidacies_of("p-1")
        assert (candidacy.jury, candidacy.jury_name, candidacy.comment) == (
            jury,
            "Jury",
            "à revoir",
        )
        assert candidacy.record == {"candidate": "p-1", "note": "p-1 admis"}
        [account] = uow.rgpd.accounts_of("p-1")
        assert (account.login, account.roles, account.active, account.sso) == (
            "zoe.z",
            ["employee"],
            True,
            False,
        )
        assert [(c.kind, c.name) for c in account.credentials] == [
            ("session", None),
            ("api_token", "outil"),
        ]
        assert uow.rgpd.reviews_of("p-3") == [] and uow.rgpd.accounts_of("p-3") == []
        assert uow.rgpd.left_before(date(2021, 1, 1)) == ["p-1", "p-2"]
        assert uow.rgpd.left_before(date(2020, 1, 1)) == ["p-2"]


def test_a_scrub_clears_the_person_and_replaces_every_mention(port_uow: UowFactory) -> None:
    campaign, jury = seed(port_uow)
    needles = ["p-1", "zoe.z", "Zoé Zed"]
    with port_uow() as uow, pytest.raises(Exception, match="ajout seul"):
        # the audit log is rewritten only inside ``redacting``
        uow.rgpd.scrub("p-1", logins=["zoe.z"], needles=needles)
    with port_uow() as uow:
        with uow.audit.redacting("p-1", ["zoe.z"], needles) as redaction:
            uow.people.rename_person("p-1", "anon-1")
            uow.audit.rename_subject("p-1", "anon-1")
            report = uow.rgpd.scrub("anon-1", logins=["zoe.z"], needles=needles)
        assert redaction.proof is not None
        uow.commit()
    assert (report.assessments, report.reviews, report.candidacies) == (1, 1, 1)
    assert report.accounts_deleted == 1 and report.login_references >= 4
    assert report.audit_details == 1
    with port_uow() as uow:
        anon = uow.people.get_person("anon-1")
        assert anon is not None and anon.erased and anon.display_name is None
        assert anon.left_on is None and anon.job == "conseiller"
        record = uow.rgpd.person_record("anon-1")
        assert record is not None and record.source_document is None
        [rated] = uow.people.assessments_of("anon-1")
        assert (rated.evidence, rated.document, rated.line) == (None, None, None)
        assert uow.people.assessments_of("p-2")[0].assessor == "anon-1"
        assert uow.accounts.get("zoe.z") is None and uow.accounts.token_account("t", AT) is None
        [review] = uow.rgpd.reviews_of("anon-1")
        assert (review.self_comment, review.manager_comment) == (None, None)
        other = uow.campaigns.review(campaign, "p-2")
        assert other is not None and other.manager_account == "anon-1"
        assert other.manager_comment == "revu par anon-1"  # swept
        stored = uow.campaigns.get(campaign)
        assert stored is not None and stored.created_by == "anon-1"
        [candidacy] = uow.rgpd.candidacies_of("anon-1")
        assert candidacy.comment is None
        assert candidacy.evaluations == [{"code": "C1", "comment": None}]
        assert candidacy.record == {"candidate": "anon-1", "note": "anon-1 admis"}
        held = uow.juries.get_jury(jury)
        assert held is not None and held.members == ("anon-1", "jean")
        events = {e.subject: e for e in uow.audit.search(limit=None)}
        assert events["p-2"].actor == "anon-1"
        assert events["anon-1"].detail == "profil de anon-1 lu"
        assert uow.rgpd.left_before(date(2021, 1, 1)) == ["p-2"]
