"""Search over jobs, competencies and certifications."""

from __future__ import annotations

from parcours.domain.referential import Referential
from parcours.services.ports import UnitOfWork


def reindex_referential(uow: UnitOfWork, *, name: str, referential: Referential) -> None:
    """Bring the search index of ``name`` to ``referential`` (its new latest version)."""
