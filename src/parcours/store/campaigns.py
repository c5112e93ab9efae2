"""Assessment campaigns and their per-person reviews (tables campaign, campaign_review)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from parcours.services.ports.campaigns import Campaign, CampaignReview
from parcours.store.models_people import CampaignReviewRow, CampaignRow


def _campaign(row: CampaignRow) -> Campaign:
    return Campaign(
        id=row.id,
        name=row.name,
        referential=row.referential,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        teams=tuple(row.teams or ()),
        status=row.status,
        created_by=row.created_by,
        created_at=row.created_at,
    )


def _review(row: CampaignReviewRow) -> CampaignReview:
    return CampaignReview(
        campaign=row.campaign,
        person=row.person,
        self_submitted_at=row.self_submitted_at,
        manager_submitted_at=row.manager_submitted_at,
        manager_account=row.manager_account,
        self_comment=row.self_comment,
        manager_comment=row.manager_comment,
    )


class CampaignRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, campaign: Campaign) -> int:
        row = CampaignRow(
            name=campaign.name,
            referential=campaign.referential,
            starts_on=campaign.starts_on,
            ends_on=campaign.ends_on,
            teams=list(campaign.teams),
            status=campaign.status,
            created_by=campaign.created_by,
        )
        if campaign.created_at is not None:
            row.created_at = campaign.created_at
        self.session.add(row)
        self.session.flush()
        return row.id

    def get(self, campaign: int) -> Campaign | None:
        row = self.session.get(CampaignRow, campaign)
        return _campaign(row) if row is not None else None

    def list_campaigns(self) -> list[Campaign]:
        query = select(CampaignRow).order_by(CampaignRow.starts_on.desc(), CampaignRow.id.desc())
        return [_campaign(r) for r in self.session.scalars(query)]

    def set_status(self, campaign: int, status: str) -> None:
        self.session.execute(
            update(CampaignRow).where(CampaignRow.id == campaign).values(status=status),
            execution_options={"synchronize_session": False},
        )
        self.session.expire_all()

    def review(self, campaign: int, person: str) -> CampaignReview | None:
        row = self.session.get(CampaignReviewRow, (campaign, person))
        return _review(row) if row is not None else None

    def reviews(self, campaign: int) -> list[CampaignReview]:
        query = (
            select(CampaignReviewRow)
            .where(CampaignReviewRow.campaign == campaign)
            .order_by(CampaignReviewRow.person)
        )
        return [_review(r) for r in self.session.scalars(query)]

    def save_review(self, review: CampaignReview) -> None:
        row = self.session.get(CampaignReviewRow, (review.campaign, review.person))
        if row is None:
            row = CampaignReviewRow(campaign=review.campaign, person=review.person)
            self.session.add(row)
        row.self_submitted_at = review.self_submitted_at
        row.manager_submitted_at = review.manager_submitted_at
        row.manager_account = review.manager_account
        row.self_comment = review.self_comment
        row.manager_comment = review.manager_comment
        self.session.flush()
