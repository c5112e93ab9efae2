"""What the campaign use cases need from storage (store/campaigns.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

OPEN = "open"
CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Campaign:
    """An assessment campaign (the annual review) over some teams, on one referential."""

    name: str
    referential: str
    starts_on: date
    ends_on: date
    teams: tuple[str, ...]
    status: str = OPEN
    created_by: str | None = None
    created_at: datetime | None = None
    id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


@dataclass(frozen=True, slots=True)
class CampaignReview:
    """One person's review in one campaign: when each side submitted, and their comments.

    The ratings themselves are ordinary assessments that name the campaign."""

    campaign: int
    person: str
    self_submitted_at: datetime | None = None
    manager_submitted_at: datetime | None = None
    manager_account: str | None = None
    self_comment: str | None = None
    manager_comment: str | None = None

    @property
    def self_submitted(self) -> bool:
        return self.self_submitted_at is not None

    @property
    def manager_submitted(self) -> bool:
        return self.manager_submitted_at is not None


class CampaignStore(Protocol):
    def add(self, campaign: Campaign) -> int:
        """Store a new campaign; returns its number."""
        ...

    def get(self, campaign: int) -> Campaign | None: ...

    def list_campaigns(self) -> list[Campaign]:
        """Every campaign, the latest first."""
        ...

    def set_status(self, campaign: int, status: str) -> None: ...

    def review(self, campaign: int, person: str) -> CampaignReview | None: ...

    def reviews(self, campaign: int) -> list[CampaignReview]: ...

    def save_review(self, review: CampaignReview) -> None:
        """Insert or update the review of (campaign, person)."""
        ...
