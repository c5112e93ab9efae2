"""The semantic channel's use cases: the encoder's vectors of a referential's jobs, computed
once per text and kept in the store (``engine/semantic.py`` says what is encoded).

``embed_jobs`` runs inside an import's unit of work (``services/hooks.after_new_version``): a
new version encodes only the texts no earlier version had. ``job_vectors`` is what the
mobility model reads; it encodes (and keeps) whatever is still missing, e.g. a database
imported while the channel was off, so the model never waits for a re-import.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import numpy as np

from parcours.domain.referential import Referential
from parcours.engine import semantic
from parcours.engine.semantic import Encoder, Matrix
from parcours.services.ports import UnitOfWork
from parcours.services.ports_semantic import EmbeddingStore

UowFactory = Callable[[], UnitOfWork]

log = logging.getLogger(__name__)

_UNSET: object = object()


def _encoder(encoder: Encoder | object | None) -> Encoder | None:
    """The encoder asked for, or the bundled one by default (None: the channel is off)."""
    if encoder is _UNSET:
        return semantic.default_encoder()
    return encoder  # type: ignore[return-value]


def _texts(referential: Referential) -> list[str]:
    return [semantic.job_passage(job) for job in referential.jobs.values()]


def missing_vectors(
    store: EmbeddingStore, encoder: Encoder, texts: Sequence[str]
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(vectors already stored, vectors just encoded) of ``texts``, by digest."""
    name = semantic.encoder_name(encoder)
    digests = {semantic.text_digest(name, text): text for text in texts}
    stored = store.vectors(digests)
    todo = [(d, t) for d, t in digests.items() if d not in stored]
    if not todo:
        return stored, {}
    vectors = semantic.encode(encoder, [t for _, t in todo])
    fresh = {d: semantic.to_bytes(v) for (d, _), v in zip(todo, vectors, strict=True)}
    return stored, fresh


def embed_jobs(
    store: EmbeddingStore, referential: Referential, encoder: Encoder | object | None = _UNSET
) -> int:
    """Encode and store the texts of ``referential``'s jobs not stored yet; how many were."""
    chosen = _encoder(encoder)
    if chosen is None or not referential.jobs:
        return 0
    _, fresh = missing_vectors(store, chosen, _texts(referential))
    if fresh:
        dimension = len(semantic.from_bytes(next(iter(fresh.values()))))
        store.add_vectors(semantic.encoder_name(chosen), dimension, fresh)
    return len(fresh)


def job_vectors(
    uow_factory: UowFactory, referential: Referential, encoder: Encoder | object | None = _UNSET
) -> Matrix | None:
    """The unit vectors of ``referential``'s jobs, in ``referential.jobs`` order, or None when
    the channel is off. Texts not stored yet are encoded, and kept when the store accepts them
    (a read-only database or a concurrent writer only costs encoding them again later)."""
    chosen = _encoder(encoder)
    if chosen is None or not referential.jobs:
        return None
    texts = _texts(referential)
    with uow_factory() as uow:
        stored, fresh = missing_vectors(uow.embeddings, chosen, texts)
    if fresh:
        dimension = len(semantic.from_bytes(next(iter(fresh.values()))))
        try:
            with uow_factory() as uow:
                uow.embeddings.add_vectors(semantic.encoder_name(chosen), dimension, fresh)
                uow.commit()
        except Exception:
            log.warning("semantic vectors not kept (%d texts)", len(fresh), exc_info=True)
    found = {**stored, **fresh}
    name = semantic.encoder_name(chosen)
    matrix = np.stack([semantic.from_bytes(found[semantic.text_digest(name, t)]) for t in texts])
    return semantic.unit_rows(matrix)
