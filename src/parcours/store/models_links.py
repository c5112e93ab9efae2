"""Row classes of the links tables (see migration 0004_links)."""

from __future__ import annotations

from parcours.store.models import Base

__all__ = ["Base"]
