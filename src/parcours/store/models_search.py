"""Row classes of the search tables (see migration 0003_search)."""

from __future__ import annotations

from parcours.store.models import Base

__all__ = ["Base"]
