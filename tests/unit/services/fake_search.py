"""In-memory SearchStore for service tests."""

from __future__ import annotations


class FakeSearchStore:
    pass
