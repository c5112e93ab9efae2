"""Job vectors and the similarity score, on a small hand-built bank (invented content)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.domain.competency import Competency, CompetencyKind, Importance, Requirement
from parcours.domain.job import Job
from parcours.domain.mobility import Mobility, MobilityKind
from parcours.domain.referential import Referential
from parcours.domain.training import Training
from parcours.engine.similarity import (
    GRADE_STEP_SCORES,
    build_similarity_model,
    dense_steps,
    grade_step_scores,
    parse_classification,
    parse_grade,
    parse_level,
    title_seniority,
    top_k_rows,
)
from parcours.engine.vectors import (
    IMPORTANCE_WEIGHTS,
    CompetencyResolver,
    build_job_vectors,
    jaccard_rows,
    level_factor,
    split_product,
)

ESS, OPT, IND = Importance.ESSENTIAL, Importance.OPTIONAL, Importance.INDICATIVE


def _job(
    key: str,
    title: str,
    grade: str | None,
    hierarchy: tuple[str, str, str] | None,
    reqs: list[tuple[str, Importance, int | None]],
    *,
    has_sheet: bool = True,
) -> Job:
    family, filiere, metier = hierarchy or (None, None, None)
    return Job(
        key=key,
        title=title,
        grade=grade,
        family=family,
        filiere=filiere,
        metier=metier,
        has_sheet=has_sheet,
        requirements=[Requirement(c, imp, lvl) for c, imp, lvl in reqs],
    )


def bank() -> Referential:
    """Six jobs on two families, declared moves up the ladder, three trainings."""
    ref = Referential(name="Banque test", version=3)
    labels = {
        "ecoute": ("Écoute active", CompetencyKind.SAVOIR_ETRE),
        "vente": ("Techniques de vente", CompetencyKind.SAVOIR_FAIRE),
        "credit": ("Crédit aux particuliers", CompetencyKind.SAVOIR),
        "risque": ("Analyse du risque", CompetencyKind.SAVOIR_FAIRE),
        "management": ("Management d'équipe", CompetencyKind.SAVOIR_FAIRE),
        "reglementation": ("Réglementation bancaire", CompetencyKind.SAVOIR),
        "recouvrement": ("Recouvrement amiable", CompetencyKind.SAVOIR_FAIRE),
        "negociation": ("Négociation", CompetencyKind.SAVOIR_FAIRE),
        "pilotage": ("Pilotage d'activité", CompetencyKind.SAVOIR_FAIRE),
    }
    for key, (label, kind) in labels.items():
        ref.competencies[key] = Competency(key, label, kind)
    network = ("Relation client", "Réseau", "Conseil")
    jobs = [
        _job(
            "conseiller--ii-1",
            "Conseiller clientèle",
            "II.1",
            network,
            [("ecoute", ESS, 2), ("vente", ESS, 2), ("reglementation", OPT, None)],
        ),
        _job(
            "conseiller-confirme--ii-3",
            "Conseiller clientèle confirmé",
            "II.3",
            network,
            [
                ("ecoute", ESS, 3),
                ("vente", ESS, 3),
                ("credit", OPT, 2),
                ("reglementation", OPT, None),
            ],
        ),
        _job(
            "charge-de-recouvrement--ii-2",
            "Chargé de recouvrement",
            "II.2",
            ("Risques", "Recouvrement", "Recouvrement"),
            [
                ("ecoute", ESS, None),
                ("recouvrement", ESS, 3),
                ("negociation", ESS, 2),
                ("reglementation", OPT, None),
            ],
        ),
        _job(
            "analyste-credit--iii-1",
            "Analyste crédit",
            "III.1",
            ("Risques", "Crédit", "Engagements"),
            [("credit", ESS, 4), ("risque", ESS, 3), ("reglementation", ESS, None)],
        ),
        _job(
            "responsable-d-agence--iii-2",
            "Responsable d'agence",
            "III.2",
            ("Relation client", "Réseau", "Direction d'agence"),
            [
                ("management", ESS, 3),
                ("pilotage", ESS, 3),
                ("vente", OPT, None),
                ("ecoute", IND, None),
            ],
        ),
        _job("directeur-regional--iv-a", "Directeur régional", "IV.A", None, [], has_sheet=False),
    ]
    for job in jobs:
        ref.jobs[job.key] = job
    for source, target in (
        ("conseiller--ii-1", "conseiller-confirme--ii-3"),
        ("conseiller-confirme--ii-3", "responsable-d-agence--iii-2"),
        ("responsable-d-agence--iii-2", "directeur-regional--iv-a"),
    ):
        ref.mobilities.append(Mobility(source, target, MobilityKind.VERTICAL))
    ref.trainings["vente-2"] = Training(
        "vente-2",
        "Vendre (niveau 2)",
        "3 jours",
        competencies=["vente", "Crédit aux particuliers"],
        transitions=[("conseiller--ii-1", "conseiller-confirme--ii-3")],
    )
    ref.trainings["manager"] = Training(
        "manager", "Manager une équipe", "5 jours", competencies=["management", "pilotage"]
    )
    ref.trainings["risque"] = Training(
        "risque", "Risque de crédit", "2 jours", competencies=["risque"]
    )
    return ref


def test_weights_are_importance_times_idf_times_level() -> None:
    ref = bank()
    vectors = build_job_vectors(ref)
    # 5 jobs have requirements; "ecoute" is in 4, "pilotage" in 1.
    idf = dict(zip(vectors.competencies, vectors.idf, strict=True))
    assert idf["ecoute"] == pytest.approx(math.log(6 / 5) + 1)
    assert idf["pilotage"] == pytest.approx(math.log(6 / 2) + 1)
    row = vectors.job_index["conseiller-confirme--ii-3"]
    weights = {vectors.competencies[c]: w for c, w in vectors.requirement_weights(row).items()}
    assert weights["vente"] == pytest.approx(1.0 * idf["vente"] * 1.25)  # essential, level 3
    assert weights["credit"] == pytest.approx(0.5 * idf["credit"] * 1.0)  # optional, level 2
    assert weights["reglementation"] == pytest.approx(0.5 * idf["reglementation"])  # no level
    assert IMPORTANCE_WEIGHTS[IND] == 0.25
    assert level_factor(None) == level_factor(2) == 1.0
    assert level_factor(4) == 1.5


def test_unit_rows_have_norm_one_and_empty_jobs_stay_empty() -> None:
    vectors = build_job_vectors(bank())
    norms = np.sqrt(np.asarray(vectors.unit.multiply(vectors.unit).sum(axis=1)).ravel())
    directeur = vectors.job_index["directeur-regional--iv-a"]
    assert norms[directeur] == 0.0
    assert np.allclose(np.delete(norms, directeur), 1.0)


def test_cosine_ranks_the_closest_job_first_and_is_symmetric() -> None:
    model = build_similarity_model(bank())
    rows = np.arange(model.size)
    cos = model.competency_block(rows)
    assert np.allclose(cos, cos.T, atol=1e-6)
    j = model.vectors.job_index
    conseiller = cos[j["conseiller--ii-1"]]
    assert (
        conseiller[j["conseiller-confirme--ii-3"]] > conseiller[j["charge-de-recouvrement--ii-2"]]
    )
    assert conseiller[j["analyste-credit--iii-1"]] < 0.1  # shares only an optional competency


def test_grades_and_classifications_sort_like_a_bank_ladder() -> None:
    grades = ["II.1", "II.2", "II.3", "III.1", "III.2", "III.3", "IV.A"]
    values = [parse_grade(g) for g in grades]
    assert values == sorted(v for v in values if v is not None)
    assert parse_grade("IV.A") is not None and parse_grade("III.3") is not None
    assert parse_grade("Cadre") is None and parse_grade(None) is None
    assert parse_classification("I/J") < parse_classification("J/K")  # type: ignore[operator]
    assert parse_classification("H") < parse_classification("I/J")  # type: ignore[operator]
    assert parse_level("niveau 6") == 6.0
    assert list(dense_steps([301.0, None, 201.0, 203.0])[[0, 2, 3]]) == [2.0, 0.0, 1.0]


@given(
    st.lists(st.sampled_from(["I", "II", "III", "IV", "V"]), min_size=2, max_size=2),
    st.lists(st.integers(1, 9), min_size=2, max_size=2),
)
def test_parse_grade_orders_by_roman_then_step(romans: list[str], steps: list[int]) -> None:
    order = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
    a = parse_grade(f"{romans[0]}.{steps[0]}")
    b = parse_grade(f"{romans[1]}.{steps[1]}")
    assert a is not None and b is not None
    assert (a < b) == ((order[romans[0]], steps[0]) < (order[romans[1]], steps[1]))


def test_one_step_up_scores_best_and_down_is_penalised() -> None:
    steps = np.array([[-2.0, -1.0, 0.0, 1.0, 2.0, 5.0, np.nan]])
    scores = grade_step_scores(steps)[0]
    assert scores[3] == max(GRADE_STEP_SCORES.values())
    assert scores[0] < scores[1] < 0 < scores[2]
    assert scores[5] < 0 and scores[6] == 0.0  # a big jump, an unknown step


def test_grade_term_makes_the_score_asymmetric() -> None:
    model = build_similarity_model(bank())
    j = model.vectors.job_index
    up = model.parts(j["conseiller--ii-1"], j["conseiller-confirme--ii-3"])
    down = model.parts(j["conseiller-confirme--ii-3"], j["conseiller--ii-1"])
    # II.2 is a grade of the referential (the recouvrement job): II.1 -> II.3 is two steps.
    assert up.grade_step == 2 and down.grade_step == -2
    assert up.competencies == pytest.approx(down.competencies)
    assert up.total > down.total
    assert up.hierarchy == 1.0  # same métier


def test_title_seniority_reads_the_highest_word() -> None:
    assert title_seniority("Conseiller junior") == 1
    assert title_seniority("Conseiller senior expert") == 4
    assert title_seniority("Directeur de centre") == 7
    assert title_seniority("Gestionnaire") is None


def test_block_scores_match_the_explained_parts() -> None:
    model = build_similarity_model(bank())
    block = model.block(np.arange(model.size))
    for a in range(model.size):
        for b in range(model.size):
            assert block[a, b] == pytest.approx(model.parts(a, b).total, abs=1e-5)


sparse_matrices = st.builds(
    lambda rows, cols, density, seed: sp.random(
        rows, cols, density=density, format="csr", random_state=seed
    ),
    st.integers(1, 30),
    st.integers(1, 40),
    st.floats(0.0, 0.9),
    st.integers(0, 10_000),
)


@settings(max_examples=60, deadline=None)
@given(sparse_matrices, st.integers(0, 10_000))
def test_split_product_equals_the_sparse_product(matrix: sp.csr_matrix, seed: int) -> None:
    left = sp.csr_matrix(sp.random(7, matrix.shape[1], density=0.4, random_state=seed))
    expected = (left @ matrix.T).toarray()
    assert np.allclose(split_product(matrix).dot(left), expected, atol=1e-5)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(-5, 5), min_size=1, max_size=12), min_size=1, max_size=6).filter(
        lambda rows: len({len(r) for r in rows}) == 1
    ),
    st.integers(1, 12),
)
def test_top_k_rows_agrees_with_a_full_sort(rows: list[list[int]], k: int) -> None:
    block = np.array(rows, dtype=np.float32)
    idx, values = top_k_rows(block, k)
    expected = -np.sort(-block, axis=1)[:, : min(k, block.shape[1])]
    assert np.array_equal(values, expected)
    assert np.array_equal(np.take_along_axis(block, idx, axis=1), values)


def test_jaccard_baseline_counts_shared_competencies() -> None:
    vectors = build_job_vectors(bank())
    j = vectors.job_index
    scores = jaccard_rows(vectors.presence, np.array([j["conseiller--ii-1"]]))[0]
    assert scores[j["conseiller-confirme--ii-3"]] == pytest.approx(3 / 4)
    assert scores[j["directeur-regional--iv-a"]] == 0.0


def test_resolver_finds_competencies_by_key_label_or_spelling() -> None:
    resolver = CompetencyResolver(bank())
    assert resolver.resolve("vente") == "vente"
    assert resolver.resolve("Techniques de vente") == "vente"
    assert resolver.resolve("ÉCOUTE  ACTIVE") == "ecoute"
    assert resolver.resolve("Négociations") == "negociation"  # plural folded
    assert resolver.resolve("Astrophysique") is None
