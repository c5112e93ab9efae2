"""Quality of the mobility recommendations on the real documents, with floors.

Development set: the declared moves between two jobs with a sheet (engine/evaluation.py).
On the seeds that is the study's 15 moves between its 13 sheets; La Banque Postale's two sheets
declare 196 moves, all to jobs named without a sheet, none between the two sheets.

Measured (python benchmarks/mobility_bench.py --only quality), study, leave-one-out:

    method                     R@1    R@5   R@10    MRR
    parcours                 0.533  0.933  1.000  0.684
    Jaccard                  0.400  0.933  1.000  0.591
    random (expected)        0.046  0.230  0.460  0.169

The floors below sit a little under what is measured.

ROME has no mobility table here (France Travail's is not in the shared data). As a proxy of
"close fiches", the fiches that share a parent fiche (``code_rome_parent`` of the fiche table,
which the importer does not read) are looked for in each fiche's top 10 of the batch:
measured recall@10 0.634 against 0.541 for plain Jaccard (8,306 links).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from parcours.domain.merge import merge_parts
from parcours.domain.referential import Referential
from parcours.engine.evaluation import dev_moves, evaluate_model
from parcours.engine.recommend import batch_for_jobs
from parcours.engine.similarity import SimilarityModel, build_similarity_model, top_k_rows
from parcours.engine.vectors import jaccard_rows
from parcours.ingest.pipeline import parse_document
from tests.conftest import shared_dir

ROME_DIR = "data/external/rome-v460"


def seed_referentials(paths: list[Path]) -> dict[str, Referential]:
    parts: dict[str, list[Referential]] = {}
    for path in paths:
        for part in parse_document(path.read_bytes(), path.name).parts:
            parts.setdefault(part.name, []).append(part)
    return {name: merge_parts(name, found) for name, found in parts.items()}


@pytest.fixture(scope="module")
def seeds(all_seed_paths: list[Path]) -> dict[str, Referential]:
    return seed_referentials(all_seed_paths)


def _study(seeds: dict[str, Referential]) -> Referential:
    (study,) = [ref for name, ref in seeds.items() if name.startswith("Observatoire")]
    return study


def test_the_development_set_is_the_studys_fifteen_moves(seeds: dict[str, Referential]) -> None:
    study = _study(seeds)
    moves = dev_moves(study)
    assert len(moves) == 15
    assert sum(1 for j in study.jobs.values() if j.has_sheet) == 13
    assert ("conseiller-junior", "conseiller-senior") in moves
    bank = seeds["La Banque Postale"]
    assert len(bank.mobilities) == 196
    assert dev_moves(bank) == []  # every declared move goes to a job without a sheet


def test_leave_one_out_beats_jaccard_and_chance_on_the_study(
    seeds: dict[str, Referential],
) -> None:
    ours, jaccard, chance = evaluate_model(build_similarity_model(_study(seeds)))
    assert ours.moves == jaccard.moves == chance.moves == 15
    # Floors a little under the measured 0.400 / 1.000 / 1.000 / 0.638 (Jaccard: 0.400 / 0.933 /
    # 1.000 / 0.591). The first engine's hand-set weights measured 0.533 / 0.933 / 1.000 / 0.684
    # here; the learned weights give up a little on these 15 moves of one ladder for +20 % on
    # the 4,009 moves of ROME v3 (benchmarks/mobility_learn.py).
    assert ours.recall[1] >= 0.35
    assert ours.recall[5] >= 0.95
    assert ours.recall[10] >= 0.95
    assert ours.mrr >= 0.6
    # Since issue 13 (headings are categories, departments are no jobs: 20 jobs, not 25) ours
    # measures 0.667 / 1.000 / 1.000 / 0.817, Jaccard 0.533 / 0.933 / 1.000 / 0.722, chance
    # 0.059 / 0.297 / 0.595 / 0.204 (before: Jaccard 0.400 / 0.933 / 1.000 / 0.591, chance
    # 0.046 / 0.230 / 0.460 / 0.169).
    assert ours.mrr > jaccard.mrr + 0.03
    assert ours.recall[5] > jaccard.recall[5]
    assert jaccard.mrr > chance.mrr
    assert chance.recall[10] == pytest.approx(0.595, abs=0.01)


def test_declared_moves_lead_the_recommendations_of_the_bank_sheets(
    seeds: dict[str, Referential],
) -> None:
    model = build_similarity_model(seeds["La Banque Postale"])
    result = batch_for_jobs(model, 10)
    row = model.vectors.job_index["charge-de-clientele-risque--ii-3"]
    assert result.declared[row].all()
    steps = [model.parts(row, int(t)).grade_step for t in result.targets[row]]
    assert all(step is not None and step >= 0 for step in steps[:3])  # up or level first


@pytest.fixture(scope="module")
def rome() -> SimilarityModel:
    pipeline = pytest.importorskip("parcours.ingest.pipeline")
    pytest.importorskip("parcours.ingest.rome")
    folder = shared_dir() / ROME_DIR
    if not folder.is_dir():
        pytest.fail(f"ROME export missing: {folder}")
    files = {p.name: p.read_bytes() for p in folder.glob("*.csv")}
    draft = pipeline.parse_bundle(folder.name, files)
    (part,) = draft.parts
    return build_similarity_model(merge_parts(part.name, [part]))


def _parent_links(folder: Path) -> dict[str, set[str]]:
    """Fiche key -> the other fiches of its parent group (parent included)."""
    with (folder / "unix_referentiel_code_rome_v460_utf8.csv").open(encoding="utf-8") as f:
        parent = {r["code_rome"].lower(): r["code_rome_parent"].lower() for r in csv.DictReader(f)}
    groups: dict[str, set[str]] = {}
    for code, p in parent.items():
        groups.setdefault(p, {p}).add(code)
    return {code: groups[p] - {code} for code, p in parent.items()}


def _recall(model: SimilarityModel, top: np.ndarray, links: dict[str, set[str]]) -> float:
    jobs = model.vectors.jobs
    hits = total = 0
    for code, related in links.items():
        found = {jobs[t] for t in top[model.vectors.job_index[code]]}
        hits += len(related & found)
        total += len(related)
    return hits / total


def test_rome_batch_finds_sibling_fiches_better_than_jaccard(rome: SimilarityModel) -> None:
    assert rome.size == 1584
    links = _parent_links(shared_dir() / ROME_DIR)
    assert sum(len(v) for v in links.values()) == 8306
    result = batch_for_jobs(rome, 10, workers=2)
    assert result.targets.shape == (1584, 10)
    ours = _recall(rome, result.targets, links)
    presence = rome.vectors.presence
    jaccard = jaccard_rows(presence, np.arange(rome.size))
    np.fill_diagonal(jaccard, -1.0)
    baseline = _recall(rome, top_k_rows(jaccard, 10)[0], links)
    # Measured 0.563 and 0.541. Sibling fiches (one parent fiche) are a proxy only: the
    # learned weights (benchmarks/mobility_learn.py) rank real moves, which leave the source's
    # domain far more often than siblings do, so the hierarchy term weighs less than at first
    # (0.634 here with the first engine's hand-set weights, 0.425 vs 0.512 on real moves).
    assert baseline == pytest.approx(0.541, abs=0.01)
    assert ours > baseline + 0.01
