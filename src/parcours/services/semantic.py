"""The semantic channel's use cases: the encoder's vectors of a referential's jobs, computed
once per text and kept in the store (``engine/semantic.py`` says what is encoded).

``embed_jobs`` runs inside an import's unit of work (``services/hooks.after_new_version``): a
new version encodes only the texts no earlier version had. ``encoding_ahead`` lets an import
encode while it writes: once the import holds the write lock, the texts of the parsed documents
go through the encoder on a thread of their own (the encoder's C code runs without the GIL)
while the versions are written, and ``embed_jobs`` takes its vectors. ``job_vectors`` is what
the mobility model reads; it encodes (and keeps) whatever is still missing, e.g. a database
imported while the channel was off.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np

from parcours.domain.referential import Referential
from parcours.engine import semantic
from parcours.engine.semantic import Encoder, Matrix
from parcours.services.ports import UowFactory
from parcours.services.ports.semantic import EmbeddingStore

log = logging.getLogger(__name__)

_UNSET: object = object()
# The vectors an import is encoding ahead of its writes (``encoding_ahead``), by digest.
_AHEAD: ContextVar[Future[dict[str, bytes]] | None] = ContextVar("semantic_ahead", default=None)


def _encoder(encoder: Encoder | object | None) -> Encoder | None:
    """The encoder asked for, or the bundled one by default (None: the channel is off)."""
    if encoder is _UNSET:
        return semantic.default_encoder()
    return encoder  # type: ignore[return-value]


def _texts(referential: Referential) -> list[str]:
    return [semantic.job_passage(job) for job in referential.jobs.values()]


def _digests(encoder: Encoder, texts: Sequence[str]) -> dict[str, str]:
    name = semantic.encoder_name(encoder)
    return {semantic.text_digest(name, text): text for text in texts}


def _encoded(encoder: Encoder, todo: Mapping[str, str]) -> dict[str, bytes]:
    """The vectors of ``todo`` (digest -> text), as stored, by digest."""
    vectors = semantic.encode(encoder, list(todo.values()))
    return {d: semantic.to_bytes(v) for d, v in zip(todo, vectors, strict=True)}


def _keep(store: EmbeddingStore, encoder: Encoder, fresh: Mapping[str, bytes]) -> None:
    dimension = len(semantic.from_bytes(next(iter(fresh.values()))))
    store.add_vectors(semantic.encoder_name(encoder), dimension, fresh)


def missing_vectors(
    store: EmbeddingStore,
    encoder: Encoder,
    texts: Sequence[str],
    ahead: Mapping[str, bytes] | None = None,
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(vectors already stored, vectors new to the store) of ``texts``, by digest: those
    encoded ahead are taken as they are, the others encoded now."""
    digests = _digests(encoder, texts)
    stored = store.vectors(digests)
    fresh = {d: v for d, v in (ahead or {}).items() if d in digests and d not in stored}
    todo = {d: t for d, t in digests.items() if d not in stored and d not in fresh}
    return stored, fresh | _encoded(encoder, todo)


def _taken_ahead() -> dict[str, bytes]:
    """The vectors encoded ahead for the running import (waiting for them), if any."""
    pending = _AHEAD.get()
    if pending is None:
        return {}
    try:
        return pending.result()
    except Exception:
        log.warning("encoding ahead failed: encoded during the write", exc_info=True)
        return {}


@contextmanager
def encoding_ahead(uow_factory: UowFactory, referentials: Sequence[Referential]) -> Iterator[None]:
    """Within the block, the texts of ``referentials``' jobs not stored yet are encoded on a
    thread of their own; ``embed_jobs`` (the import's hook) waits for them and takes them."""
    encoder = semantic.default_encoder()
    texts = sorted({t for ref in referentials for t in _texts(ref)})
    if encoder is None or not texts:
        yield
        return

    def work() -> dict[str, bytes]:
        digests = _digests(encoder, texts)
        with uow_factory() as uow:
            stored = uow.embeddings.vectors(digests)
        return _encoded(encoder, {d: t for d, t in digests.items() if d not in stored})

    future: Future[dict[str, bytes]] = Future()

    def run() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(work())
        except BaseException as exc:  # handed to the hook, which then encodes itself
            future.set_exception(exc)

    # A daemon thread: a failed import (another one running, a refused file) exits at once
    # instead of waiting for the encoder, whose vectors it no longer needs.
    threading.Thread(target=run, name="parcours-encoder", daemon=True).start()
    token = _AHEAD.set(future)
    try:
        yield
    finally:
        _AHEAD.reset(token)


def embed_jobs(
    store: EmbeddingStore, referential: Referential, encoder: Encoder | object | None = _UNSET
) -> int:
    """Encode and store the texts of ``referential``'s jobs not stored yet; how many were."""
    chosen = _encoder(encoder)
    if chosen is None or not referential.jobs:
        return 0
    _, fresh = missing_vectors(store, chosen, _texts(referential), _taken_ahead())
    if fresh:
        _keep(store, chosen, fresh)
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
    digests = _digests(chosen, _texts(referential))
    with uow_factory() as uow:
        stored = uow.embeddings.vectors(digests)
    # Encoded outside the read transaction: a large referential takes minutes.
    fresh = _encoded(chosen, {d: t for d, t in digests.items() if d not in stored})
    if fresh:
        try:
            with uow_factory() as uow:
                _keep(uow.embeddings, chosen, fresh)
                uow.commit()
        except Exception:
            log.warning("semantic vectors not kept (%d texts)", len(fresh), exc_info=True)
    return _job_matrix(chosen, referential, stored | fresh)


def stored_job_vectors(
    store: EmbeddingStore, referential: Referential, encoder: Encoder | object | None = _UNSET
) -> Matrix | None:
    """``job_vectors`` from the store alone (after ``embed_jobs``, in the same unit of work):
    None when the channel is off or a job's text has no stored vector."""
    chosen = _encoder(encoder)
    if chosen is None or not referential.jobs:
        return None
    digests = _digests(chosen, _texts(referential))
    stored = store.vectors(digests)
    if len(stored) < len(digests):
        return None
    return _job_matrix(chosen, referential, stored)


def _job_matrix(encoder: Encoder, referential: Referential, found: Mapping[str, bytes]) -> Matrix:
    """One unit row per job, in ``referential.jobs`` order: two jobs with the same text (the
    same title and purpose at two grades) share a digest but each has its row."""
    name = semantic.encoder_name(encoder)
    rows = [found[semantic.text_digest(name, text)] for text in _texts(referential)]
    return semantic.unit_rows(np.stack([semantic.from_bytes(row) for row in rows]))
