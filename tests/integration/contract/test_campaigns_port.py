"""CampaignStore (services/ports/campaigns.py): the fake and the SQL store alike."""

from __future__ import annotations

from datetime import UTC, date, datetime

from parcours.domain.people import Person
from parcours.services.ports import UowFactory
from parcours.services.ports.campaigns import CLOSED, Campaign, CampaignReview


def campaign(name: str, starts_on: date) -> Campaign:
    return Campaign(name, "banque", starts_on, date(2026, 12, 31), ("nord", "sud"), created_by="rh")


def test_campaigns_are_numbered_listed_latest_first_and_closed(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        first = uow.campaigns.add(campaign("2025", date(2025, 1, 1)))
        second = uow.campaigns.add(campaign("2026", date(2026, 1, 1)))
        same_day = uow.campaigns.add(campaign("2026 bis", date(2026, 1, 1)))
        uow.commit()
    assert len({first, second, same_day}) == 3
    with port_uow() as uow:
        stored = uow.campaigns.get(first)
        assert stored is not None and stored.id == first and stored.is_open
        assert (stored.name, stored.referential, stored.teams) == (
            "2025",
            "banque",
            ("nord", "sud"),
        )
        assert stored.created_by == "rh" and stored.created_at is not None
        assert uow.campaigns.get(first + same_day + 100) is None
        assert [c.name for c in uow.campaigns.list_campaigns()] == ["2026 bis", "2026", "2025"]
        uow.campaigns.set_status(first, CLOSED)
        uow.commit()
    with port_uow() as uow:
        closed = uow.campaigns.get(first)
        assert closed is not None and closed.status == CLOSED and not closed.is_open


def test_a_review_is_one_per_campaign_and_person_and_saved_whole(port_uow: UowFactory) -> None:
    at = datetime(2026, 2, 1, 9, 30, tzinfo=UTC)
    with port_uow() as uow:
        uow.people.upsert_people([Person("p-1"), Person("p-2")], document=None, lines=None)
        one = uow.campaigns.add(campaign("a", date(2026, 1, 1)))
        two = uow.campaigns.add(campaign("b", date(2026, 1, 2)))
        uow.campaigns.save_review(CampaignReview(one, "p-2", self_comment="moi"))
        uow.campaigns.save_review(CampaignReview(one, "p-1"))
        uow.campaigns.save_review(CampaignReview(two, "p-1", manager_account="chef"))
        uow.commit()
    with port_uow() as uow:
        assert uow.campaigns.review(one, "p-3") is None
        assert [r.person for r in uow.campaigns.reviews(one)] == ["p-1", "p-2"]
        review = uow.campaigns.review(one, "p-2")
        assert review == CampaignReview(one, "p-2", self_comment="moi")
        assert not review.self_submitted and not review.manager_submitted
        # saving again replaces every field of the review
        uow.campaigns.save_review(
            CampaignReview(one, "p-2", self_submitted_at=at, manager_comment="bien")
        )
        uow.commit()
    with port_uow() as uow:
        again = uow.campaigns.review(one, "p-2")
        assert again is not None and again.self_comment is None
        assert again.manager_comment == "bien" and again.self_submitted
        assert len(uow.campaigns.reviews(one)) == 2


def test_what_is_not_committed_is_not_kept(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        uow.campaigns.add(campaign("jamais", date(2026, 1, 1)))
    with port_uow() as uow:
        uow.campaigns.add(campaign("annulée", date(2026, 1, 1)))
        uow.rollback()
        uow.campaigns.add(campaign("gardée", date(2026, 1, 1)))
        uow.commit()
    with port_uow() as uow:
        assert [c.name for c in uow.campaigns.list_campaigns()] == ["gardée"]
