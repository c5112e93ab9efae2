"""A similarity model as bytes, so that a process can load it instead of building it.

Building the model of a large referential means reading every job sheet and computing its
word, character and competency vectors: seconds on ROME 4.0. The numbers it is made of are a
few megabytes; ``pack`` writes them (numpy's ``.npz``: arrays and JSON, no pickle, so loading
runs no code) and ``unpack`` rebuilds the model around any ``Referential`` that can answer for
the jobs it is asked about (``services/mobility_models.py`` gives it one that reads a job sheet
when first needed).

``signature`` names what the bytes depend on besides the referential version: the engine's
code and the shipped weights (a release that changes either gives a new signature, so a model
packed by an older release is never read), and whether the encoder's vectors were in it.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from parcours.domain.mobility import MobilityKind
from parcours.domain.referential import Referential
from parcours.engine.paths import CostMode, MobilityGraph
from parcours.engine.similarity import WEIGHTS_FILE, SimilarityModel, SimilarityWeights
from parcours.engine.vectors import Csr, JobVectors, split_product

FORMAT = 1
_MATRICES = ("importance", "levels", "presence", "weights", "unit")
_ENGINE = Path(__file__).parent
# The modules whose code decides the model's numbers (and so the signature).
_SOURCES = (
    "packing.py",
    "similarity.py",
    "vectors.py",
    "texts.py",
    "semantic.py",
    "normalise.py",
    "paths.py",
)
_GRAPH = ("indptr", "targets", "costs", "scores", "declared", "steps")


def signature(*, semantic: bool) -> str:
    """What a packed model depends on besides its referential version (see the docstring)."""
    digest = hashlib.sha256(f"format {FORMAT} semantic {semantic}".encode())
    for name in _SOURCES:
        digest.update((_ENGINE / name).read_bytes())
    if WEIGHTS_FILE.is_file():
        digest.update(WEIGHTS_FILE.read_bytes())
    return digest.hexdigest()


def _put_csr(arrays: dict[str, Any], name: str, matrix: Csr | None) -> None:
    if matrix is None:
        return
    csr = sp.csr_matrix(matrix)
    arrays[f"{name}.data"] = csr.data
    arrays[f"{name}.indices"] = csr.indices
    arrays[f"{name}.indptr"] = csr.indptr
    arrays[f"{name}.shape"] = np.asarray(csr.shape, dtype=np.int64)


def _get_csr(arrays: Any, name: str) -> Csr | None:
    if f"{name}.data" not in arrays:
        return None
    rows, columns = (int(n) for n in arrays[f"{name}.shape"])
    return sp.csr_matrix(
        (arrays[f"{name}.data"], arrays[f"{name}.indices"], arrays[f"{name}.indptr"]),
        shape=(rows, columns),
    )


def _text(value: Any) -> np.ndarray[Any, np.dtype[np.uint8]]:
    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


def pack(
    model: SimilarityModel,
    declared: dict[str, dict[str, list[MobilityKind]]],
    graphs: Sequence[MobilityGraph] = (),
) -> bytes:
    """The model's numbers, the moves its referential declares (``declared_moves``) and
    mobility graphs built on it (the career paths' default, so that a path needs no pass
    over every job)."""
    vectors = model.vectors
    arrays: dict[str, Any] = {
        "header": _text(
            {
                "format": FORMAT,
                "jobs": list(vectors.jobs),
                "competencies": list(vectors.competencies),
                "weights": asdict(model.weights),
                "declared": {
                    s: {t: [k.value for k in kinds] for t, kinds in targets.items()}
                    for s, targets in declared.items()
                },
            }
        ),
        "idf": vectors.idf,
        "scales": model.scales,
    }
    for name in _MATRICES:
        _put_csr(arrays, f"vectors.{name}", getattr(vectors, name))
    _put_csr(arrays, "titles", model.titles)
    _put_csr(arrays, "texts", model.texts)
    _put_csr(arrays, "chars", model.chars)
    for level, codes in model.hierarchy.items():
        arrays[f"hierarchy.{level}"] = codes
    if model.education is not None:
        arrays["education"] = model.education
    if model.semantic is not None:
        arrays["semantic"] = model.semantic  # float32: the same scores as a built model
    for graph in graphs:
        for name in _GRAPH:
            arrays[f"graph.{graph.top_n}.{graph.mode.value}.{name}"] = getattr(graph, name)
    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


class PackError(ValueError):
    """Bytes that are no packed model of this format."""


def unpack(data: bytes, referential: Referential) -> Unpacked:
    """The model packed in ``data`` over ``referential`` (which answers for its jobs), the
    declared moves and the graphs packed with it."""
    try:
        arrays = np.load(io.BytesIO(data), allow_pickle=False)
        header = json.loads(bytes(arrays["header"]).decode("utf-8"))
    except (OSError, ValueError, KeyError) as error:
        raise PackError(f"not a packed model: {error}") from error
    if header.get("format") != FORMAT:
        raise PackError(f"packed model format {header.get('format')}, expected {FORMAT}")
    jobs = tuple(header["jobs"])
    competencies = tuple(header["competencies"])
    matrices = {name: _get_csr(arrays, f"vectors.{name}") for name in _MATRICES}
    unit = matrices["unit"]
    assert unit is not None  # packed by ``pack``, which always writes it
    vectors = JobVectors(
        jobs=jobs,
        competencies=competencies,
        job_index={key: i for i, key in enumerate(jobs)},
        competency_index={key: i for i, key in enumerate(competencies)},
        idf=arrays["idf"],
        importance=matrices["importance"],  # type: ignore[arg-type]
        levels=matrices["levels"],  # type: ignore[arg-type]
        presence=matrices["presence"],  # type: ignore[arg-type]
        weights=matrices["weights"],  # type: ignore[arg-type]
        unit=unit,
        unit_t=sp.csr_matrix(unit.T),
        product=split_product(unit),
    )
    titles = _get_csr(arrays, "titles")
    assert titles is not None
    model = SimilarityModel(
        referential=referential,
        vectors=vectors,
        titles=titles,
        hierarchy={
            name.split(".", 1)[1]: arrays[name]
            for name in arrays.files
            if name.startswith("hierarchy.")
        },
        scales=arrays["scales"],
        weights=SimilarityWeights(**header["weights"]),
        texts=_get_csr(arrays, "texts"),
        chars=_get_csr(arrays, "chars"),
        education=arrays["education"] if "education" in arrays.files else None,
        semantic=arrays["semantic"] if "semantic" in arrays.files else None,
    )
    declared = {
        s: {t: [MobilityKind(k) for k in kinds] for t, kinds in targets.items()}
        for s, targets in header["declared"].items()
    }
    graphs: dict[tuple[int, CostMode], MobilityGraph] = {}
    for name in arrays.files:
        if name.startswith("graph.") and name.endswith(".indptr"):
            _, top_n, mode, _ = name.split(".")
            stem = f"graph.{top_n}.{mode}"
            graphs[(int(top_n), CostMode(mode))] = MobilityGraph(
                model=model,
                indptr=arrays[f"{stem}.indptr"],
                targets=arrays[f"{stem}.targets"],
                costs=arrays[f"{stem}.costs"],
                scores=arrays[f"{stem}.scores"],
                declared=arrays[f"{stem}.declared"],
                steps=arrays[f"{stem}.steps"],
                mode=CostMode(mode),
                top_n=int(top_n),
            )
    return Unpacked(model, declared, graphs)


@dataclass(frozen=True, slots=True)
class Unpacked:
    model: SimilarityModel
    declared: dict[str, dict[str, list[MobilityKind]]]
    graphs: dict[tuple[int, CostMode], MobilityGraph]
