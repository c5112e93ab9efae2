"""Competency and job links across referentials: proposals, evidence, HR review."""

from __future__ import annotations

from parcours.domain.referential import Referential
from parcours.services.ports import UnitOfWork


def requeue_for_version(
    uow: UnitOfWork, *, name: str, referential: Referential, previous: Referential | None
) -> None:
    """A new version of ``name``: the links it touches go back to the review queue."""
