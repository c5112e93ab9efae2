"""The study importer on the real seed 004 (a 2013 Observatoire study with 13 job sheets)."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.domain.competency import CompetencyKind, Importance, Requirement
from parcours.domain.draft import ImportDraft
from parcours.domain.errors import DocumentError
from parcours.domain.job import Job
from parcours.domain.mobility import MobilityKind, MobilityOrigin
from parcours.domain.provenance import DocumentFamily, SourceDocument
from parcours.domain.referential import Matrix, Referential
from parcours.engine.normalise import fold, job_key, label_key
from parcours.ingest.study import StudyImporter
from parcours.ingest.text import ExtractedText
from tests.conftest import seed_path

IMPORTER = StudyImporter()
MARK = "\u25a0"

SHEET_TITLES = [
    "Directeur de la relation client Multicanal",
    "Directeur de centre",
    "Chef d'équipe",
    "Superviseur",
    "Responsable formation",
    "Responsable système d'information",
    "Responsable de la qualité",
    "Conseiller junior",
    "Conseiller senior",
    "Conseiller senior expert",
    "Conseiller senior spécialisé",
    "Directeur d'e-agence",
    "Conseiller en e-agence",
]
MULTICANAL, CENTRE, CHEF, SUPERVISEUR, FORMATION, SI, QUALITE = SHEET_TITLES[:7]
JUNIOR, SENIOR, EXPERT, SPECIALISE, DIR_E_AGENCE, E_AGENCE = SHEET_TITLES[7:]

V, H, U = MobilityKind.VERTICAL, MobilityKind.HORIZONTAL, MobilityKind.UNSPECIFIED

# Read off the "Évolution" parts of the sheets, one by one.
BETWEEN_SHEETS = {
    (CENTRE, MULTICANAL, V),
    (CHEF, CENTRE, V),
    (SUPERVISEUR, CHEF, V),
    (SUPERVISEUR, FORMATION, H),
    (SUPERVISEUR, QUALITE, H),
    (FORMATION, QUALITE, H),
    (QUALITE, CENTRE, V),
    (JUNIOR, SENIOR, V),
    (JUNIOR, SPECIALISE, V),
    (SENIOR, EXPERT, V),
    (SENIOR, SPECIALISE, V),
    (SENIOR, E_AGENCE, V),
    (EXPERT, SPECIALISE, U),
    (DIR_E_AGENCE, MULTICANAL, V),
    (E_AGENCE, SPECIALISE, U),
}
OTHER_DIRECTIONS = "Autres directions de la Banque"
PROJECT_MARKETING = "Chef de projet marketing"
MANAGER_NETWORK = "Manager de proximité dans le réseau d'agence physique"
MANAGER_CENTRE = "Manager de proximité en centre de gestion"
BRANCH_ADVISOR = "Conseiller en agence physique"
# Moves towards a department ("autres directions de la Banque", "Direction du Réseau" ...):
# sheet and number of destinations, kept as a note of the sheet, not as jobs.
TO_DEPARTMENTS = {MULTICANAL: 5, CENTRE: 1, DIR_E_AGENCE: 1}
TO_JOBS_WITHOUT_SHEET = {
    (CHEF, PROJECT_MARKETING, H),
    (CHEF, MANAGER_NETWORK, H),
    (CHEF, MANAGER_CENTRE, H),
    (SUPERVISEUR, PROJECT_MARKETING, H),
    (SUPERVISEUR, MANAGER_NETWORK, H),
    (SUPERVISEUR, MANAGER_CENTRE, H),
    (FORMATION, "Responsable formation du Groupe", V),
    (SI, "Chef de projet informatique", U),
    (QUALITE, "Directeur de la qualité", V),
    (EXPERT, BRANCH_ADVISOR, U),
    (SPECIALISE, BRANCH_ADVISOR, U),
    (E_AGENCE, BRANCH_ADVISOR, U),
}
# The career paths told in chapter 4.1.
EXAMPLE_PATHS = {(JUNIOR, SENIOR), (SENIOR, EXPERT)}


def _load(path: Path) -> tuple[ExtractedText, SourceDocument]:
    data = path.read_bytes()
    text = ExtractedText.from_string(data.decode("utf-8"))
    document = SourceDocument(
        sha256=hashlib.sha256(data).hexdigest(),
        filename=path.name,
        format="txt",
        family=DocumentFamily.STUDY,
        size=len(data),
    )
    return text, document


@cache
def _draft() -> ImportDraft:
    return IMPORTER.parse(*_load(seed_path("004")))


@cache
def _lines() -> list[str]:
    return seed_path("004").read_text("utf-8").split("\n")


def _part() -> Referential:
    return _draft().parts[0]


def _job(title: str) -> Job:
    return _part().jobs[job_key(title)]


def _title_of(key: str) -> str:
    return _part().jobs[key].title


# --------------------------------------------------------------------------- scoring


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_scores_zero_on_the_other_seeds(prefix: str) -> None:
    text, document = _load(seed_path(prefix))
    assert IMPORTER.score(text, document.filename) == 0.0


def test_scores_high_on_the_study() -> None:
    text, document = _load(seed_path("004"))
    assert IMPORTER.score(text, document.filename) == 1.0
    assert IMPORTER.family is DocumentFamily.STUDY


def test_score_grows_with_the_number_of_sheets() -> None:
    one = (
        "Le Métier\n\nDescription du métier\n\nPrincipales activités\n\nRattachement hiérarchique\n"
    )
    assert IMPORTER.score(ExtractedText.from_string(one), "x.txt") == 0.25
    assert IMPORTER.score(ExtractedText.from_string(one * 4), "x.txt") == 1.0


# --------------------------------------------------------------------------- referential


def test_one_part_named_after_the_organisation_and_the_detected_title() -> None:
    draft = _draft()
    assert len(draft.parts) == 1
    part = _part()
    title = "Les métiers de la relation client à distance dans les banques"
    assert part.organisation == "Observatoire des métiers de la banque"
    assert part.name == f"Observatoire des métiers de la banque — {title}"
    assert part.description == "Étude publiée en mars 2013"
    assert list(part.documents) == [seed_path("004").name]


def test_the_thirteen_sheets_in_document_order() -> None:
    sheets = [job.title for job in _part().jobs.values() if job.has_sheet]
    assert sheets == SHEET_TITLES
    assert [job.key for job in _part().jobs.values() if job.has_sheet] == [
        job_key(t) for t in SHEET_TITLES
    ]
    codes = {w.code for w in _draft().warnings}
    assert not codes & {"fiche-manquante", "fiche-non-annoncee", "fiche-en-double"}


def test_classification_only_where_the_sheet_gives_one() -> None:
    classified = {job.title: job.classification for job in _part().jobs.values() if job.has_sheet}
    assert classified.pop(MULTICANAL) == "J/K"
    assert classified.pop(CENTRE) == "I/J"
    assert classified.pop(DIR_E_AGENCE) == "I/J"
    assert set(classified.values()) == {None}


def test_reporting_lines() -> None:
    assert _job(CENTRE).reporting_line == "Il est rattaché au Directeur de la relation client"
    assert _job(CHEF).reporting_line == "Le Directeur du Centre de la relation client"
    assert _job(FORMATION).reporting_line == "Adjoint au Directeur du Centre de la relation client"
    assert _job(JUNIOR).reporting_line == "Le Chef d'équipe du Centre de la relation client"
    assert _job(E_AGENCE).reporting_line == "Le Directeur de l'e-agence"
    multicanal = _job(MULTICANAL).reporting_line
    assert multicanal is not None and multicanal.startswith("Selon la taille de l'entreprise")
    assert all(job.reporting_line for job in _part().jobs.values() if job.has_sheet)


def test_workplaces() -> None:
    assert _job(MULTICANAL).workplace == "Il est généralement situé au siège de l'entreprise"
    assert _job(E_AGENCE).workplace == "L'e-agence dans laquelle il exerce ses activités"
    same = _job(CHEF).workplace
    assert same is not None and same.startswith("Le Centre de la relation client dans")
    assert [t for t in SHEET_TITLES if _job(t).workplace == same] == [
        CHEF,
        SUPERVISEUR,
        FORMATION,
        SI,
        QUALITE,
        JUNIOR,
        SENIOR,
        EXPERT,
        SPECIALISE,
    ]


def test_alternative_titles() -> None:
    usual = ["Téléconseiller bancaire", "Conseiller Multimédia", "Conseiller Banque en ligne"]
    assert _job(JUNIOR).alt_titles == usual
    assert _job(SENIOR).alt_titles == usual
    assert _job(EXPERT).alt_titles == usual
    # Nested "- X :" items keep X only, without their description lines or «quotes».
    assert _job(SPECIALISE).alt_titles == [
        "Conseiller support réseau",
        "Community manager",
        "Conseillers financiers",
        "Conseiller à distance + désignation du segment de client",
    ]
    assert _job(DIR_E_AGENCE).alt_titles == ["Directeur e-agence"]
    assert _job(E_AGENCE).alt_titles == ["Chargé de clientèle"]
    assert _job(MULTICANAL).alt_titles == []


def test_purpose_and_access_conditions() -> None:
    purpose = _job(MULTICANAL).purpose
    assert len(purpose) == 8
    assert purpose[-1] == "- les Directions des Centres de relation client."
    assert len(_job(CENTRE).purpose) == 6
    # Italic markup is dropped.
    assert all("*" not in p for job in _part().jobs.values() for p in job.purpose)
    assert _job(CENTRE).access_conditions[0] == "Diplôme généraliste Bac+2 à Bac+5 avec :"
    assert len(_job(CENTRE).access_conditions) == 3
    assert _job(SENIOR).access_conditions[1:] == [
        "Autre voie :",
        "Bac+2 ou Bac+3 avec expérience en Centre de relation client",
        "Conseiller issu du réseau d'agences physiques",
    ]


def test_sheet_activities() -> None:
    def listed(title: str) -> list[str]:
        return [a.label for a in _job(title).activities if a.domain is None]

    assert [len(listed(t)) for t in SHEET_TITLES] == [12, 10, 15, 13, 7, 7, 9, 7, 5, 11, 12, 11, 9]
    assert listed(MULTICANAL)[0] == "fixe les objectifs du Centre de relation client"
    assert listed(SENIOR)[0] == "assure le tutorat des juniors en formation"


def test_page_break_repairs() -> None:
    junior = [a for a in _job(JUNIOR).activities if a.domain is None]
    repaired = junior[4]
    assert repaired.label == "répond aux courriels dans son domaine de compétence"
    assert (repaired.provenance[0].position.line, repaired.provenance[0].position.end_line) == (
        1291,
        1293,
    )
    assert repaired.provenance[0].confidence < 1.0
    centre = [a.label for a in _job(CENTRE).activities]
    assert centre[7].startswith("transmet les informations provenant")
    assert "autres Directions de l'entreprise (évolutions" in centre[7]
    assert len([a for a in _job(CENTRE).activities if a.domain is None]) == 10
    supervisor = [a.label for a in _job(SUPERVISEUR).activities]
    assert supervisor[8].startswith("contribue à l'amélioration")
    assert supervisor[8].endswith("efficacité de l'équipe (propose des améliorations)")
    reporting = _requirement(CENTRE, "Reporting / suivi d'activité")
    assert "identifie les points de faiblesse et propose des évolutions" in reporting.details
    glued = _requirement(SENIOR, "analyse et suit des indicateurs de qualité et de résultats")
    assert _part().competencies[glued.competency].category == "Liés à la conduite d'entretien"
    # A nested line whose indentation a page break lost stays in its group.
    control = _requirement(SENIOR, "Contrôle l'intégrité et la cohérence des données")
    assert _part().competencies[control.competency].category == "Liés à la conduite d'entretien"
    codes = [w.code for w in _draft().warnings]
    assert codes.count("detail-reimbrique") == 3
    assert codes.count("competence-reimbriquee") == 3
    assert codes.count("detail-sans-tiret") == 1
    assert codes.count("item-recolle") == 1


# --------------------------------------------------------------------------- competencies


def test_competencies_are_one_entity_across_sheets() -> None:
    part = _part()
    sense = part.competencies[label_key("Sens du client")]
    assert sense.label == "Sens du client"
    assert sense.kind is CompetencyKind.SAVOIR_ETRE
    users = [
        job.title
        for job in part.jobs.values()
        if any(r.competency == sense.key for r in job.requirements)
    ]
    assert users == SHEET_TITLES
    assert len(sense.provenance) == 14  # 13 sheets and the annex matrix
    labels = [c.label for c in part.competencies.values()]
    assert len(labels) == len({label_key(label) for label in labels}) == len(part.competencies)
    assert len(part.competencies) == 87
    # What a sheet says about a competency is that sheet's, not the shared competency's.
    assert all(not c.details for c in part.competencies.values())


def _requirement(title: str, label: str) -> Requirement:
    return next(r for r in _job(title).requirements if r.competency == label_key(label))


def test_grouping_headings_are_categories_of_the_competencies_below_them() -> None:
    part = _part()
    headings = [c.label for c in part.competencies.values() if fold(c.label).startswith("lie")]
    assert headings == []
    channels = [
        c for c in part.competencies.values() if c.category == "Liés à la gestion des canaux"
    ]
    assert [c.label for c in channels] == [
        "compétence à l'oral (téléphone)",
        "compétence à l'écrit",
        "compétence en vidéoconférence",
    ]
    assert {c.kind for c in channels} == {CompetencyKind.SAVOIR}
    products = [
        c for c in part.competencies.values() if c.category == "Liés aux produits bancaires"
    ]
    assert len(products) == 2
    groups = Counter(c.category for c in part.competencies.values() if c.category)
    assert len(groups) == 10 + 2  # the sheets' ten headings, the annex's two groups
    # Alone on one sheet, grouped on others: one competency, in its group.
    alone = _requirement(
        QUALITE,
        "Connaissance des outils de la relation client et du poste de travail du Conseiller",
    )
    assert alone.details == ()
    tools = part.competencies[alone.competency]
    assert tools.category == "Liés à la relation client" and tools.kind is CompetencyKind.SAVOIR
    synthesis = part.competencies[label_key("Analyse et synthèse")]
    assert synthesis.kind is CompetencyKind.SAVOIR_FAIRE


def test_a_third_level_the_extraction_flattened_is_rebuilt() -> None:
    engage = _requirement(MULTICANAL, "engage l'entreprise")
    assert _part().competencies[engage.competency].category == "Liés à la relation client"
    assert len(engage.details) == 3
    assert [d.split()[0] for d in engage.details] == ["dans", "dans", "par"]
    assert (engage.provenance[0].position.line, engage.provenance[0].position.end_line) == (
        640,
        643,
    )


def test_per_job_details_stay_on_the_job_requirement() -> None:
    communication = {t: _requirement(t, "Communication").details for t in (CENTRE, MULTICANAL)}
    assert "Anime les réunions, prend les décisions finales" in communication[CENTRE]
    assert len(communication[CENTRE]) == 2 and len(communication[MULTICANAL]) == 1
    assert not set(communication[CENTRE]) & set(communication[MULTICANAL])
    sense = {t: _requirement(t, "Sens du client").details for t in SHEET_TITLES}
    assert [len(sense[t]) for t in SHEET_TITLES] == [1, 1, 1, 4, 1, 3, 1, 8, 8, 7, 7, 1, 7]
    details = [
        (job.key, r.competency, d)
        for job in _part().jobs.values()
        for r in job.requirements
        for d in r.details
    ]
    assert len(details) == 172  # benchmarks/fidelity.py reads as many off the text
    assert len({(job, key) for job, key, _ in details}) == 106
    for requirement in (r for job in _part().jobs.values() for r in job.requirements):
        folded = [d.casefold() for d in requirement.details]
        assert len(folded) == len(set(folded))


def test_sheet_requirements() -> None:
    part = _part()
    multicanal = _job(MULTICANAL)
    kinds = [part.competencies[r.competency].kind for r in multicanal.requirements]
    assert [kinds.count(kind) for kind in CompetencyKind] == [3, 8, 6]
    assert all(r.importance is Importance.ESSENTIAL for r in multicanal.requirements)
    # "Gestion de projet" appears twice in one sheet: one requirement, two provenances.
    si = _job(SI)
    project = next(r for r in si.requirements if r.competency == label_key("Gestion de projet"))
    assert len(project.provenance) == 2
    assert [r.provenance[0].position.line for r in si.requirements][:2] == [1154, 1156]


# --------------------------------------------------------------------------- mobilities


def _declared() -> set[tuple[str, str, MobilityKind]]:
    return {
        (_title_of(m.source), _title_of(m.target), m.kind)
        for m in _part().mobilities
        if m.kind is not MobilityKind.EXAMPLE_PATH
    }


def test_fifteen_mobilities_between_sheets() -> None:
    part = _part()
    between = {triple for triple in _declared() if part.jobs[job_key(triple[1])].has_sheet}
    assert between == BETWEEN_SHEETS
    assert len(between) == 15


def test_mobilities_towards_jobs_without_a_sheet() -> None:
    part = _part()
    outside = {t for t in _declared() if not part.jobs[job_key(t[1])].has_sheet}
    assert outside == TO_JOBS_WITHOUT_SHEET
    no_sheet = [job for job in part.jobs.values() if not job.has_sheet]
    assert len(no_sheet) == 7
    group_training = part.jobs[job_key("Responsable formation du Groupe")]
    assert not group_training.has_sheet
    assert group_training.key != job_key(FORMATION)


def test_departments_are_notes_of_the_move_not_jobs() -> None:
    part = _part()
    for title in (OTHER_DIRECTIONS, "Direction marketing", "Direction du Réseau"):
        assert job_key(title) not in part.jobs
    assert not [j for j in part.jobs.values() if fold(j.title).startswith("direction")]
    assert not [t for j in part.jobs.values() for t in j.alt_titles if "(" in t and "souvent" in t]
    assert not [m for m in part.mobilities if m.source == job_key(MULTICANAL)]
    notes = {n.title.split(" — ")[0]: n for n in part.notes if "directions" in n.title}
    assert set(notes) == set(TO_DEPARTMENTS)
    for title, count in TO_DEPARTMENTS.items():
        assert notes[title].text.count("\n- ") + notes[title].text.startswith("- ") == count
        assert notes[title].provenance[0].confidence == 1.0
    warned = [w for w in _draft().warnings if w.code == "evolution-vers-une-direction"]
    assert len(warned) == len(TO_DEPARTMENTS)


def test_mobilities_are_declared_unique_and_without_self_loops() -> None:
    mobilities = _part().mobilities
    assert all(m.source != m.target for m in mobilities)
    assert all(m.origin is MobilityOrigin.DECLARED for m in mobilities)
    identities = [m.identity for m in mobilities]
    assert len(identities) == len(set(identities)) == 15 + 12 + len(EXAMPLE_PATHS)
    assert all(m.source in _part().jobs and m.target in _part().jobs for m in mobilities)


def test_evolutions_read_as_another_title_are_reported_and_less_sure() -> None:
    warned = {w.position.line for w in _draft().warnings if w.code == "evolution-a-verifier"}
    unsure = {
        m.provenance[0].position.line
        for m in _part().mobilities
        if m.kind is not MobilityKind.EXAMPLE_PATH and m.provenance[0].confidence < 1.0
    }
    assert unsure == warned and len(unsure) == 12


def test_example_path_from_the_career_chapter() -> None:
    paths = {
        (_title_of(m.source), _title_of(m.target))
        for m in _part().mobilities
        if m.kind is MobilityKind.EXAMPLE_PATH
    }
    assert paths == EXAMPLE_PATHS


def test_mobility_provenance_points_at_the_evolution_line() -> None:
    lines = _lines()
    for mobility in _part().mobilities:
        if mobility.kind is MobilityKind.EXAMPLE_PATH:
            continue
        position = mobility.provenance[0].position
        assert position.line is not None
        written = fold(lines[position.line - 1])
        target = _part().jobs[mobility.target]
        assert any(tok in written for tok in fold(target.title).split() if len(tok) > 4), (
            mobility,
            written,
        )


# --------------------------------------------------------------------------- matrices


def _reread_annex() -> dict[str, list[tuple[str, str | None, list[bool]]]]:
    """An independent reading of the annex tables: header rows start a table (or repeat
    it after a page break), rows with empty job cells are groups."""
    lines = _lines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "ANNEXES")
    tables: dict[str, list[tuple[str, str | None, list[bool]]]] = {}
    rows: list[tuple[str, str | None, list[bool]]] = []
    group: str | None = None
    for line in lines[start:]:
        if "\t" not in line:
            continue
        cells = line.split("\t")
        if cells[1].strip() == "Conseiller junior":
            rows = tables.setdefault(cells[0].strip(), [])
            group = None
            continue
        if not any(cell.strip() for cell in cells[1:]):
            group = re.sub(r".*«(.*)».*", r"\1", cells[0].strip())
            continue
        rows.append((cells[0].strip(), group, [cell.strip() == MARK for cell in cells[1:]]))
    return tables


def test_matrices_reproduce_the_annex_cell_for_cell() -> None:
    expected = _reread_annex()
    matrices = {m.item_kind: m for m in _part().matrices}
    assert len(_part().matrices) == 2
    activities, competencies = matrices["activity"], matrices["competency"]
    assert [(r.label, r.group, r.cells) for r in activities.rows] == expected["Activités"]
    assert [(r.label, r.group, r.cells) for r in competencies.rows] == expected["Compétences"]
    assert len(activities.rows) == 33  # the header repeated after the page break is not a row
    assert len(competencies.rows) == 19
    assert activities.title == "Détail des missions, des activités et des tâches"
    assert activities.key == "annexe-activites"
    assert competencies.key == "annexe-competences"


def _column_marks(matrix: Matrix) -> list[int]:
    return [sum(row.cells[i] for row in matrix.rows) for i in range(len(matrix.columns))]


def test_matrix_mark_counts() -> None:
    matrices = {m.item_kind: m for m in _part().matrices}
    reread = _reread_annex()
    assert _column_marks(matrices["activity"]) == [18, 18, 25, 29, 26]
    assert _column_marks(matrices["competency"]) == [14, 15, 18, 19, 19]
    for kind, head in (("activity", "Activités"), ("competency", "Compétences")):
        assert [sum(r.cells) for r in matrices[kind].rows] == [sum(c) for _, _, c in reread[head]]
    assert [sum(r.cells) for r in matrices["activity"].rows][:9] == [5, 5, 5, 5, 5, 5, 4, 1, 1]
    assert sum(sum(r.cells) for r in matrices["activity"].rows) == 116
    assert sum(sum(r.cells) for r in matrices["competency"].rows) == 85
    groups = [r.group for r in matrices["competency"].rows]
    assert groups == ["relationnelles"] * 11 + ["Métier"] * 8
    assert {r.group for r in matrices["activity"].rows} == {None}


def test_matrix_columns_are_the_advisor_sheets() -> None:
    for matrix in _part().matrices:
        assert matrix.headers == [
            "Conseiller junior",
            "Conseiller senior",
            "Conseiller Senior Expert",
            "Conseiller Spécialisé",
            "Conseiller en e-agence",
        ]
        assert matrix.columns == [
            job_key(t) for t in (JUNIOR, SENIOR, EXPERT, SPECIALISE, E_AGENCE)
        ]
    assert not [w for w in _draft().warnings if w.code.startswith(("colonne", "cellule", "ligne"))]


def test_matrix_rows_become_activities_and_requirements() -> None:
    part = _part()
    matrices = {m.item_kind: m for m in part.matrices}
    for n, key in enumerate(matrices["activity"].columns):
        annex = [a for a in part.jobs[key].activities if a.domain == "Annexe"]
        assert len(annex) == sum(r.cells[n] for r in matrices["activity"].rows)
    video = part.competencies[label_key("Maîtrise des techniques d'entretien en vidéo")]
    assert video.kind is CompetencyKind.SAVOIR_FAIRE and video.category == "relationnelles"
    users = [
        job.title
        for job in part.jobs.values()
        if any(r.competency == video.key for r in job.requirements)
    ]
    assert users == [SPECIALISE, E_AGENCE]
    law = part.competencies[label_key("Maîtrise de bases juridiques")]
    assert law.category == "Métier"
    junior = _job(JUNIOR)
    assert len(junior.requirements) == 27  # 14 from the sheet, 14 marks, "Sens du client" shared
    assert not [w for w in _draft().warnings if w.code == "type-competence-divergent"]


def test_annex_competency_kinds_are_guesses_and_reported() -> None:
    part = _part()
    (matrix,) = [m for m in part.matrices if m.item_kind == "competency"]
    annex_only = [
        part.competencies[label_key(row.label)]
        for row in matrix.rows
        if all(
            p.position.line == row.provenance[0].position.line
            for p in part.competencies[label_key(row.label)].provenance
        )
    ]
    assert len(annex_only) == 18  # "Sens du client" is typed by the sheets
    assert all(c.provenance[0].confidence < 1.0 for c in annex_only)
    (warning,) = [w for w in _draft().warnings if w.code == "type-competence-suppose"]
    assert (warning.position.line, warning.position.end_line) == (
        matrix.provenance[0].position.line,
        matrix.provenance[0].position.end_line,
    )


# --------------------------------------------------------------------------- notes


def test_notes_keep_everything_else() -> None:
    titles = [note.title for note in _part().notes]
    for expected in (
        "Page de titre",
        "Édito",
        "Remerciements",
        "Méthodologie",
        "1.1. Présentation du Centre de relation client",
        "2.1. Présentation des métiers en Centre de relation client",
        "3.1 Présentation des métiers en e-agence",
        "4.1. Parcours professionnels",
        "4.2. Modalités de formation",
        "Conseiller senior — Les diversifications du métier de Conseiller Senior",
        "ANNEXES",
    ):
        assert expected in titles
    assert len(titles) == 19  # 15 and three sheets' moves to departments, one list of titles
    for number in ("5.1. Les facteurs", "5.2. Les freins", "5.3. Vision prospective"):
        assert any(title.startswith(number) for title in titles)
    paths = next(n for n in _part().notes if n.title == "4.1. Parcours professionnels")
    assert paths.text.startswith("Deux modèles de parcours coexistent")
    assert "Le deuxième modèle :" in paths.text
    # A sentence cut by a page break is whole again.
    assert "expertise particulière suite" in paths.text
    assert (paths.provenance[0].position.line, paths.provenance[0].position.end_line) == (
        1971,
        2011,
    )
    future = next(n for n in _part().notes if n.title.startswith("5.1."))
    assert "réseaux sociaux d'entreprise" in future.text
    assert all("**" not in note.text for note in _part().notes)


def test_no_line_is_silently_dropped() -> None:
    """Every non-blank line is inside some fact's provenance, or is a heading, an entry of
    the contents or of a sheet list, or the repeated cover title."""
    part = _part()
    covered: set[int] = set()
    provenances = [p for job in part.jobs.values() for p in job.provenance]
    provenances += [p for note in part.notes for p in note.provenance]
    provenances += [p for matrix in part.matrices for p in matrix.provenance]
    for provenance in provenances:
        first = provenance.position.line
        assert first is not None
        covered.update(range(first, (provenance.position.end_line or first) + 1))
    titles = {fold(note.title.split(" — ")[-1]) for note in part.notes}
    lines = _lines()
    left = [
        (number, text)
        for number, text in enumerate(lines, start=1)
        if text.strip() and number not in covered
    ]
    for number, text in left:
        plain = fold(text.replace("*", "")).rstrip(" :")
        assert (
            "\t" in text
            or re.match(r"^\s*[•-]\s.*\d+$", text)
            or re.match(r"^\d(\.\d)?\.?\s", text)
            or plain in titles
            or plain
            in {
                "sommaire",
                "annexes",
                "les metiers",
                "de la relation client",
                "a distance",
                "dans les banques",
            }
            or plain == fold(part.name.split(" — ")[1])
        ), (number, text)


# --------------------------------------------------------------------------- provenance


def test_provenance_points_at_the_source_lines() -> None:
    lines = _lines()
    sha = _draft().document.sha256
    for job in _part().jobs.values():
        if not job.has_sheet:
            continue
        first = job.provenance[0].position.line
        assert first is not None and fold(job.title) in fold(lines[first - 1])
        for activity in job.activities:
            provenance = activity.provenance[0]
            assert provenance.document == sha
            line = lines[(provenance.position.line or 0) - 1]
            assert fold(activity.label)[:25] in fold(line), (activity.label, line)
    for competency in _part().competencies.values():
        position = competency.provenance[0].position
        text = " ".join(lines[(position.line or 0) - 1 : position.end_line or position.line])
        assert fold(competency.label) in fold(re.sub(r"-\s+", "", text)) or fold(
            competency.label
        ) in fold(text), competency.label
    for matrix in _part().matrices:
        for row in matrix.rows:
            assert lines[(row.provenance[0].position.line or 0) - 1].startswith(row.label)


def test_warnings_have_positions_and_french_messages() -> None:
    warnings = _draft().warnings
    assert warnings
    assert all(w.position.line is not None for w in warnings)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", w.code) for w in warnings)
    copied = [w for w in warnings if w.code == "activites-autre-fiche"]
    assert {w.position.line for w in copied} == {1123, 1380}


def test_parse_is_deterministic() -> None:
    again = IMPORTER.parse(*_load(seed_path("004")))
    assert again == _draft()


# --------------------------------------------------------------------------- odd input


def _document(name: str = "x.txt") -> SourceDocument:
    return SourceDocument("0" * 64, name, "txt", DocumentFamily.STUDY)


def test_empty_text_is_a_document_error() -> None:
    with pytest.raises(DocumentError, match="vide"):
        IMPORTER.parse(ExtractedText.from_string("\n \n"), _document())


def test_text_without_sheets_is_a_document_error() -> None:
    with pytest.raises(DocumentError, match="aucune fiche"):
        IMPORTER.parse(*_load(seed_path("000")))


def test_a_small_study_without_contents_still_parses() -> None:
    text = "\n".join(
        [
            "Une étude des métiers de la banque à distance",
            "",
            "1. Premier chapitre",
            "",
            "Un paragraphe.",
            "",
            "Le Conseiller test",
            "",
            "Description du métier",
            "",
            "Il conseille.",
            "",
            "Évolution",
            "",
            "- Conseiller test,",
            "- Conseiller ailleurs.",
        ]
    )
    draft = IMPORTER.parse(ExtractedText.from_string(text), _document())
    part = draft.parts[0]
    assert [j.title for j in part.jobs.values()] == ["Conseiller test", "Conseiller ailleurs"]
    assert [(m.source, m.target) for m in part.mobilities] == [
        (job_key("Conseiller test"), job_key("Conseiller ailleurs"))
    ]
    codes = {w.code for w in draft.warnings}
    assert {"sommaire-introuvable", "auto-evolution", "fiches-non-annoncees"} <= codes


_LINE_KINDS = st.sampled_from(
    [
        "",
        " ",
        "Sommaire",
        "Édito\t7",
        "1. Chapitre\t3",
        "1. Chapitre",
        "Le Conseiller junior",
        "La Directrice",
        "Description du métier",
        "Principales appellations :",
        "Principales activités",
        "Évolution",
        "- évolution verticale :",
        "- évolution horizontale : Conseiller junior",
        " - Directrice,",
        "Compétences",
        "Savoirs",
        "Savoir-être",
        "- Sens du client :",
        " - détail,",
        "- reprend sans fin",
        "suite en minuscule",
        "Classification : X",
        "ANNEXES",
        "Activités\tConseiller junior\tDirectrice",
        f"Une ligne\t{MARK}\t",
        "Groupe «a»\t\t",
        "Autre\tx",
        "- coupé en com-",
        "pétence,",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE_KINDS, max_size=40))
def test_never_crashes_on_odd_input(lines: list[str]) -> None:
    text = ExtractedText.from_string("\n".join(lines))
    assert 0.0 <= IMPORTER.score(text, "x.txt") <= 1.0
    try:
        draft = IMPORTER.parse(text, _document())
    except DocumentError:
        return
    part = draft.parts[0]
    for mobility in part.mobilities:
        assert mobility.source in part.jobs and mobility.target in part.jobs
        assert mobility.source != mobility.target
    for job in part.jobs.values():
        assert all(r.competency in part.competencies for r in job.requirements)
