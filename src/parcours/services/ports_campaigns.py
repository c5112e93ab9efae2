"""What the campaign use cases need from storage (store/campaigns.py)."""

from __future__ import annotations

from typing import Protocol


class CampaignStore(Protocol):
    pass
