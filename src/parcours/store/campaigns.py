"""Assessment campaigns and their per-person reviews (tables campaign, campaign_review)."""

from __future__ import annotations

from sqlalchemy.orm import Session


class CampaignRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
