"""In-memory LinkStore for service tests."""

from __future__ import annotations


class FakeLinkStore:
    pass
