"""What the search service needs from storage."""

from __future__ import annotations

from typing import Protocol


class SearchStore(Protocol):
    """The search index of the latest referential versions (filled by the search work)."""
