"""The import use case with an in-memory store: atomicity, idempotence, versions, bad input."""

from __future__ import annotations

import json

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services import catalogue
from parcours.services.imports import import_documents
from parcours.services.ports import UowFactory

from .fakes import FakeStore, FakeUnitOfWork


def factory(store: FakeStore) -> UowFactory:
    return lambda: FakeUnitOfWork(store)


def test_sample_imports_then_reimport_changes_nothing() -> None:
    store = FakeStore()
    first = import_documents(factory(store), [(SAMPLE_NAME, sample_bytes())])
    assert [f.status for f in first.files] == ["imported"]
    assert [(v.name, v.version) for v in first.versions] == [("Banque Exemple", 1)]
    second = import_documents(factory(store), [(SAMPLE_NAME, sample_bytes())])
    assert [f.status for f in second.files] == ["unchanged"]
    assert second.versions == []
    assert len(store.versions["Banque Exemple"]) == 1
    assert [e.status for e in store.log] == ["imported", "unchanged"]


def test_every_fact_of_the_sample_has_provenance() -> None:
    store = FakeStore()
    import_documents(factory(store), [(SAMPLE_NAME, sample_bytes())])
    ref = store.get("Banque Exemple")
    assert ref is not None
    sha = next(iter(ref.documents.values())).sha256
    assert all(j.provenance and j.provenance[0].document == sha for j in ref.jobs.values())
    assert all(c.provenance for c in ref.competencies.values())
    assert all(m.provenance for m in ref.mobilities)


def test_changed_document_gives_a_new_version_with_its_diff() -> None:
    store = FakeStore()
    import_documents(factory(store), [(SAMPLE_NAME, sample_bytes())])
    doc = json.loads(sample_bytes())
    doc["jobs"][0]["workplace"] = "Plateau B"
    doc["jobs"] = doc["jobs"][:-1]
    report = import_documents(factory(store), [(SAMPLE_NAME, json.dumps(doc).encode())])
    (version,) = report.versions
    assert version.version == 2
    assert version.diff.jobs.changed == ["conseiller-a-distance--ii-1"]
    assert version.diff.jobs.removed == ["directeur-d-agence--iv-a"]
    # the old version is still there, unchanged
    v1 = store.get("Banque Exemple", 1)
    assert v1 is not None and "directeur-d-agence--iv-a" in v1.jobs


def test_bad_files_are_reported_and_the_good_ones_still_imported() -> None:
    store = FakeStore()
    files = [
        ("vide.txt", b""),
        ("binaire.bin", bytes(range(256)) * 8),
        ("inconnu.txt", "Un texte qui ne ressemble à aucune famille connue.\n".encode()),
        ("tronque.json", sample_bytes()[:500]),
        (SAMPLE_NAME, sample_bytes()),
    ]
    report = import_documents(factory(store), files)
    status = {f.filename: f.status for f in report.files}
    assert status == {
        "vide.txt": "failed",
        "binaire.bin": "failed",
        "inconnu.txt": "failed",
        "tronque.json": "failed",
        SAMPLE_NAME: "imported",
    }
    reasons = {f.filename: f.error for f in report.failed}
    assert "vide" in (reasons["vide.txt"] or "")
    assert "binaire" in (reasons["binaire.bin"] or "")
    assert "famille" in (reasons["inconnu.txt"] or "")
    assert "JSON" in (reasons["tronque.json"] or "")
    assert list(store.versions) == ["Banque Exemple"]
    assert sum(e.status == "failed" for e in store.log) == 4


def test_referential_override_and_catalogue_queries() -> None:
    store = FakeStore()
    import_documents(factory(store), [(SAMPLE_NAME, sample_bytes())], referential="Démo")
    assert [s.name for s in catalogue.list_referentials(factory(store))] == ["Démo"]
    found = catalogue.list_jobs(factory(store), search="conseillers distance")
    assert {j.key for j in found} == {
        "conseiller-a-distance--ii-1",
        "conseiller-a-distance-confirme--ii-3",
    }
    sheet = catalogue.job_sheet(factory(store), "Conseiller à distance II.1")
    assert sheet.job.key == "conseiller-a-distance--ii-1"
    assert [t.key for _, t in sheet.moves_out] == [
        "conseiller-a-distance-confirme--ii-3",
        "gestionnaire-recouvrement-amiable--ii-2",
    ]
    assert "ecoute-active" in sheet.competencies
