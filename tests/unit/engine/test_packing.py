"""A packed similarity model scores, ranks and explains as the model it was packed from."""

from __future__ import annotations

import io

import numpy as np
import pytest

from parcours.domain.competency import Competency, CompetencyKind, Importance, Requirement
from parcours.domain.job import Job
from parcours.domain.mobility import Mobility, MobilityKind, MobilityOrigin
from parcours.domain.referential import Referential
from parcours.engine import packing, paths, recommend
from parcours.engine.similarity import build_similarity_model
from tests.unit.engine.test_semantic import vectors


def bank() -> Referential:
    comps = {
        k: Competency(k, f"Savoir {k}", CompetencyKind.SAVOIR_FAIRE)
        for k in ("accueil", "vente", "credit", "risque", "encadrement", "conformite")
    }

    def job(key: str, title: str, grade: str, *needs: str) -> Job:
        return Job(
            key,
            title,
            grade=grade,
            filiere="Réseau" if "risque" not in needs else "Risques",
            purpose=[f"{title} au service de la clientèle"],
            requirements=[
                Requirement(
                    c, Importance.ESSENTIAL if i == 0 else Importance.OPTIONAL, level=i % 4 + 1
                )
                for i, c in enumerate(needs)
            ],
        )

    jobs = [
        job("accueil", "Chargé d'accueil", "II.1", "accueil", "vente"),
        job("conseiller", "Conseiller clientèle", "II.3", "vente", "credit", "accueil"),
        job("analyste", "Analyste risques", "III.1", "risque", "credit", "conformite"),
        job("directeur", "Directeur d'agence", "IV.A", "encadrement", "vente", "credit"),
    ]
    moves = [Mobility("accueil", "conseiller", MobilityKind.VERTICAL, MobilityOrigin.DECLARED)]
    return Referential(
        "Banque", version=3, jobs={j.key: j for j in jobs}, competencies=comps, mobilities=moves
    )


def test_a_packed_model_ranks_and_explains_as_the_built_one() -> None:
    ref = bank()
    built = build_similarity_model(ref)
    data = packing.pack(built, recommend.declared_moves(ref))
    shell = Referential(
        "Banque", version=3, jobs=dict(ref.jobs), competencies=dict(ref.competencies)
    )
    unpacked = packing.unpack(data, shell)
    loaded, declared = unpacked.model, unpacked.declared
    loaded.cache["declared"] = declared
    assert declared == recommend.declared_moves(ref)
    rows = np.arange(built.size)
    assert np.array_equal(loaded.block(rows), built.block(rows))
    for key in ref.jobs:
        assert recommend.recommend_for_job(loaded, key, 3) == recommend.recommend_for_job(
            built, key, 3
        )
        assert recommend.similar_to_job(loaded, key, 3) == recommend.similar_to_job(built, key, 3)


def test_the_encoder_vectors_are_packed_as_they_are() -> None:
    ref = bank()
    built = build_similarity_model(ref, semantic=vectors(ref))
    assert built.semantic is not None
    loaded = packing.unpack(packing.pack(built, {}), ref).model
    assert loaded.semantic is not None and np.array_equal(loaded.semantic, built.semantic)
    assert loaded.weights == built.weights


def test_bytes_that_are_no_packed_model_are_refused() -> None:
    with pytest.raises(packing.PackError):
        packing.unpack(b"not a model", bank())
    out = io.BytesIO()
    np.savez(out, header=np.frombuffer(b'{"format": 999}', dtype=np.uint8))
    with pytest.raises(packing.PackError, match="format 999"):
        packing.unpack(out.getvalue(), bank())


def test_the_signature_tells_the_channel_and_is_stable() -> None:
    assert packing.signature(semantic=True) == packing.signature(semantic=True)
    assert packing.signature(semantic=True) != packing.signature(semantic=False)
    assert len(packing.signature(semantic=False)) == 64


def test_graphs_packed_with_the_model_come_back_edge_for_edge() -> None:
    ref = bank()
    built = build_similarity_model(ref)
    graph = paths.build_graph(built, top_n=2, mode=paths.CostMode.SIMILARITY)
    unpacked = packing.unpack(packing.pack(built, {}, [graph]), ref)
    back = unpacked.graphs[(2, paths.CostMode.SIMILARITY)]
    for part in ("indptr", "targets", "costs", "scores", "declared", "steps"):
        assert np.array_equal(getattr(back, part), getattr(graph, part), equal_nan=True), part
    start, goal = built.vectors.job_index["accueil"], built.vectors.job_index["directeur"]
    assert paths.k_best_paths(back, start, {goal}) == paths.k_best_paths(graph, start, {goal})
    assert packing.unpack(packing.pack(built, {}), ref).graphs == {}
