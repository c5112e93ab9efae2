"""The ROME 4.0 export imported as one bundle, on SQLite and on PostgreSQL.

The full import (1,584 fiches, 33,622 competencies, 90,533 requirements, every fact with
its provenance: about 650,000 rows) runs on both databases, once a run, in the reference
corpus (tests/corpus.py) that the first test reads back and imports again;
benchmarks/rome_bench.py measures the import itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from parcours.cli import app
from parcours.domain.competency import Importance
from parcours.services.imports import bundle_members, import_documents
from parcours.services.ports import UnitOfWork
from parcours.store.uow import SqlUnitOfWork, make_session_factory
from tests.conftest import seed_path
from tests.ingest.test_rome import FOLDER, NAME, mini_bundle, rome_draft, rome_files
from tests.integration.conftest import CorpusCopy

runner = CliRunner()


def factory(session_factory: sessionmaker[Session]) -> Callable[[], UnitOfWork]:
    def make() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    return make


def test_the_rome_export_is_stored_whole_and_a_second_import_changes_nothing(
    reference_corpus: CorpusCopy,
) -> None:
    uow = factory(make_session_factory(reference_corpus.engine))
    report = reference_corpus.build.report  # the seeds and ROME, imported together
    assert report.ok, report.failed
    (outcome,) = [f for f in report.files if f.filename == FOLDER]
    assert (outcome.status, outcome.family) == ("imported", "rome")
    assert outcome.referentials == [NAME]
    assert outcome.counts["jobs"] == 1584
    (version,) = [v for v in report.versions if v.name == NAME]
    assert version.version == 1
    assert len(version.diff.jobs.added) == 1584

    parsed = rome_draft().parts[0]
    with uow() as u:
        stored = u.referentials.get(NAME)
        summaries = u.referentials.list_referentials()
    assert stored is not None and stored.version == 1
    assert stored.organisation == "France Travail"
    assert stored.documents == parsed.documents and len(stored.documents) == 8
    # Every fact comes back as parsed, provenance (file sha256 and CSV line) included.
    assert stored.jobs == parsed.jobs
    assert stored.competencies == parsed.competencies
    requirements = [r for job in stored.jobs.values() for r in job.requirements]
    assert sum(len(r.provenance) for r in requirements) == 90556
    assert sum(1 for r in requirements if r.importance is Importance.ESSENTIAL) == 18900
    assert sum(len(j.alt_titles) for j in stored.jobs.values()) == 13116
    d1408 = stored.jobs["d1408"]
    assert (d1408.code, d1408.title) == ("D1408", "Conseiller / Conseillère clientèle à distance")
    (summary,) = [s for s in summaries if s.name == NAME]
    assert (summary.jobs, summary.competencies) == (1584, len(parsed.competencies))

    files = {name: rome_files()[name] for name in bundle_members(rome_files())}
    again = import_documents(uow, [], bundles=[(FOLDER, files)])
    assert again.ok and again.versions == []
    assert [f.status for f in again.files] == ["unchanged"]
    with uow() as u:
        assert [v.number for v in u.referentials.list_versions(NAME)] == [1]
        log = [e for e in u.referentials.list_imports(limit=20) if e.filename == FOLDER]
    assert [(e.status, e.family) for e in log] == [("unchanged", "rome"), ("imported", "rome")]
    assert log[1].sha256 == rome_draft().document.sha256


def test_a_changed_member_file_makes_a_new_version_of_the_same_slot(
    session_factory: sessionmaker[Session],
) -> None:
    uow = factory(session_factory)
    seen: list[str] = []
    first = import_documents(uow, [], bundles=[("mini", mini_bundle())], progress=seen.append)
    assert first.ok and [v.version for v in first.versions] == [1]
    assert seen == [f"mini/{name}" for name in bundle_members(mini_bundle())]
    changed = dict(mini_bundle())
    texts = "unix_texte_v999_utf8.csv"
    changed[texts] = changed[texts].replace("Consigne les écarts".encode(), b"Note les bugs")
    second = import_documents(uow, [], bundles=[("mini", changed)])
    (version,) = second.versions
    assert version.version == 2 and version.diff.jobs.changed == ["z1001"]
    with uow() as u:
        stored = u.referentials.get("ROME 4.0 (v999)")
        parts = u.referentials.get_parts("ROME 4.0 (v999)")
    assert stored is not None and "Note les bugs." in stored.jobs["z1001"].purpose
    assert [p.slot for p in parts] == ["mini"]  # the folder is one document slot


def test_parcours_import_takes_a_bundle_folder_as_one_document(
    engine: Engine, tmp_path: Path
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    folder = tmp_path / "docs" / "export-v999"
    folder.mkdir(parents=True)
    for name, data in mini_bundle().items():
        (folder / name).write_bytes(data)
    (folder / "LISEZMOI.md").write_text("notes", "utf-8")
    seed = seed_path("000")
    (tmp_path / "docs" / seed.name).write_bytes(seed.read_bytes())

    result = runner.invoke(app, ["import", str(tmp_path / "docs"), "--database-url", url])
    assert result.exit_code == 0, result.output
    assert "importé export-v999 [rome] → ROME 4.0 (v999) : 2 postes" in result.output
    assert f"importé {seed.name} [fiche_fonction]" in result.output
    assert "2 fichiers traités, 0 en échec." in result.output

    result = runner.invoke(app, ["import", str(folder), "--database-url", url])
    assert result.exit_code == 0, result.output
    assert "inchangé export-v999 [rome]" in result.output

    (folder / "unix_texte_v999_utf8.csv").unlink()
    result = runner.invoke(app, ["import", str(folder), "--database-url", url])
    assert result.exit_code == 1
    assert "ÉCHEC export-v999 : unix_texte_v999_utf8.csv : fichier absent" in result.output
