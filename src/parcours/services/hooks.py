"""What follows every new referential version, in the same transaction."""

from __future__ import annotations

from parcours.domain.referential import Referential
from parcours.services import links, search, semantic
from parcours.services.ports import UnitOfWork


def after_new_version(
    uow: UnitOfWork, *, name: str, referential: Referential, previous: Referential | None
) -> None:
    search.reindex_referential(uow, name=name, referential=referential)
    links.requeue_for_version(uow, name=name, referential=referential, previous=previous)
    # The encoder's vectors of the new or changed job texts (the others are stored already).
    semantic.embed_jobs(uow.embeddings, referential)
    # Its mobility model, packed: a new process loads it instead of rebuilding it.
    from parcours.services import mobility_models

    mobility_models.keep_for_version(uow, name=name, referential=referential)
