"""The five real documents through the import service into SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from parcours.domain.codec import to_document
from parcours.domain.mobility import MobilityKind
from parcours.services import catalogue
from parcours.services.imports import import_documents
from parcours.services.ports import UowFactory
from parcours.store.uow import SqlUnitOfWork

SHARED_BEHAVIOURAL = [
    "Culture du changement et de l'innovation",
    "Adaptabilité",
    "Analyse et discernement",
    "Orientation client",
    "Coopération et ouverture",
    "Orientation résultats",
]


@pytest.fixture
def uow(session_factory: sessionmaker[Session]) -> UowFactory:
    return lambda: SqlUnitOfWork(session_factory)


def seed_files(paths: list[Path]) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in paths]


def test_five_seeds_import_then_reimport_changes_nothing(
    uow: UowFactory, all_seed_paths: list[Path]
) -> None:
    assert len(all_seed_paths) == 5
    first = import_documents(uow, seed_files(all_seed_paths))
    assert [f.status for f in first.files] == ["imported"] * 5
    export_1 = json.dumps(catalogue.export_document(uow), sort_keys=True)
    second = import_documents(uow, seed_files(all_seed_paths))
    assert [f.status for f in second.files] == ["unchanged"] * 5
    assert second.versions == []
    assert json.dumps(catalogue.export_document(uow), sort_keys=True) == export_1
    names = {s.name: s for s in catalogue.list_referentials(uow)}
    assert len(names) == 4  # La Banque Postale (2 sheets), fiche métier, RNCP, study
    assert all(s.version == 1 for s in names.values())


def test_la_banque_postale_sheets_share_six_competencies(
    uow: UowFactory, all_seed_paths: list[Path]
) -> None:
    import_documents(uow, seed_files(all_seed_paths[:2]))
    (ref,) = catalogue.load_referentials(uow, ["La Banque Postale"])
    sheets = [j for j in ref.jobs.values() if j.has_sheet]
    assert len(sheets) == 2
    shared = set.intersection(*({r.competency for r in j.requirements} for j in sheets))
    assert {ref.competencies[k].label for k in shared} == set(SHARED_BEHAVIOURAL)
    for key in shared:  # one entity, known from both documents
        assert len({p.document for p in ref.competencies[key].provenance}) == 2
    assert len(ref.jobs) == 2 + 98  # the two sheets and the 98 distinct evolution targets
    assert len(ref.mobilities) == 2 * 98
    assert all(m.kind is MobilityKind.WITHIN_METIER for m in ref.mobilities)
    assert sum(1 for j in ref.jobs.values() if j.url) == 53


def test_study_sheets_mobilities_and_matrices_survive_storage(
    uow: UowFactory, all_seed_paths: list[Path]
) -> None:
    import_documents(uow, seed_files([all_seed_paths[4]]))
    (ref,) = catalogue.load_referentials(uow)
    sheets = {k for k, j in ref.jobs.items() if j.has_sheet}
    assert len(sheets) == 13
    between = [
        m
        for m in ref.mobilities
        if m.source in sheets and m.target in sheets and m.kind is not MobilityKind.EXAMPLE_PATH
    ]
    assert len(between) == 15
    activities, competencies = ref.matrices
    assert (len(activities.rows), len(competencies.rows)) == (33, 19)
    assert [sum(r.cells[i] for r in activities.rows) for i in range(5)] == [18, 18, 25, 29, 26]
    assert [sum(r.cells[i] for r in competencies.rows) for i in range(5)] == [14, 15, 18, 19, 19]
    assert all(col in sheets for col in activities.columns)


def test_study_per_job_details_groups_and_departments_survive_storage(
    uow: UowFactory, all_seed_paths: list[Path]
) -> None:
    import_documents(uow, seed_files([all_seed_paths[4]]))
    (ref,) = catalogue.load_referentials(uow)
    sheet = catalogue.job_sheet(uow, "directeur-de-centre")
    communication = next(r for r in sheet.job.requirements if r.competency == "communication")
    assert len(communication.details) == 2
    assert communication.details[0].startswith("Anime les réunions")
    assert ref.competencies["communication"].details == []
    details = [d for j in ref.jobs.values() for r in j.requirements for d in r.details]
    assert len(details) == 172
    assert not [c for c in ref.competencies.values() if c.label.startswith("Liés")]
    assert {c.category for c in ref.competencies.values() if c.category} >= {
        "Liés aux offres commerciales",
        "Liés à la conduite d'entretien",
    }
    assert not [j for j in ref.jobs.values() if j.title.lower().startswith(("direction", "autres"))]


def test_certification_survives_storage(uow: UowFactory, all_seed_paths: list[Path]) -> None:
    import_documents(uow, seed_files([all_seed_paths[3]]))
    (ref,) = catalogue.load_referentials(uow)
    (cert,) = ref.certifications.values()
    assert [b.code for b in cert.blocks] == ["B1", "B2", "B3"]
    codes = [c.code for b in cert.blocks for c in b.competencies]
    assert codes == [f"C{i}" for i in range(1, 23)]
    assert [a.code for a in cert.activities] == [f"A{i}" for i in range(1, 12)]
    threshold = [r for r in cert.rules if r.threshold is not None]
    assert [(r.threshold, r.competency_codes) for r in threshold] == [
        (0.6, ["C9", "C20", "C21", "C22"])
    ]


def test_stored_content_equals_parsed_content(uow: UowFactory, all_seed_paths: list[Path]) -> None:
    """What the store gives back is exactly what the importer produced (merge of one part)."""
    from parcours.ingest.pipeline import parse_document

    path = all_seed_paths[2]
    draft = parse_document(path.read_bytes(), path.name)
    import_documents(uow, seed_files([path]))
    (ref,) = catalogue.load_referentials(uow)
    (part,) = draft.parts
    part.version = ref.version
    assert to_document([ref]) == to_document([part])


def test_a_changed_document_makes_a_new_version_with_its_differences(
    uow: UowFactory, all_seed_paths: list[Path]
) -> None:
    path = all_seed_paths[1]
    import_documents(uow, seed_files([path]))
    text = path.read_text("utf-8").replace("De 1 à 9", "De 10 à 49")
    report = import_documents(uow, [(path.name, text.encode("utf-8"))])
    (version,) = report.versions
    assert version.version == 2
    assert version.diff.jobs.changed == ["gestionnaire-contentieux--ii-2"]
    assert not version.diff.jobs.added and not version.diff.jobs.removed
    assert [v.number for v in catalogue.list_versions(uow, "La Banque Postale")] == [1, 2]
    sheet = catalogue.job_sheet(uow, "gestionnaire-contentieux--ii-2")
    assert sheet.job.headcount == "De 10 à 49" and sheet.version == 2
