"""ROME v3 (v344) and the ROME 4.0 mobility table, imported on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from parcours.domain.mobility import MobilityKind
from parcours.services.imports import bundle_members, import_documents
from parcours.services.ports import UnitOfWork
from parcours.store.uow import SqlUnitOfWork
from tests.ingest.test_rome import file_name, mini_bundle, write_csv
from tests.ingest.test_rome_v3 import FOLDER, NAME, v3_draft, v3_files


def factory(session_factory: sessionmaker[Session]) -> Callable[[], UnitOfWork]:
    def make() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    return make


def test_the_rome_v3_export_is_stored_with_its_typed_moves(
    session_factory: sessionmaker[Session],
) -> None:
    uow = factory(session_factory)
    files = {name: v3_files()[name] for name in bundle_members(v3_files())}
    report = import_documents(uow, [], bundles=[(FOLDER, files)])
    assert report.ok, report.failed
    (outcome,) = report.files
    assert (outcome.status, outcome.family, outcome.referentials) == ("imported", "rome", [NAME])
    assert (outcome.counts["jobs"], outcome.counts["mobilities"]) == (532, 4009)
    parsed = v3_draft().parts[0]
    with uow() as u:
        stored = u.referentials.get(NAME)
        (summary,) = [s for s in u.referentials.list_referentials() if s.name == NAME]
    assert stored is not None and stored.organisation == "Pôle emploi"
    assert stored.jobs == parsed.jobs and stored.competencies == parsed.competencies
    assert stored.mobilities == parsed.mobilities  # provenance (file and line) included
    assert Counter(m.kind for m in stored.mobilities) == {
        MobilityKind.VERTICAL: 2224,
        MobilityKind.HORIZONTAL: 1785,
    }
    assert (summary.jobs, summary.mobilities) == (532, 4009)
    again = import_documents(uow, [], bundles=[(FOLDER, files)])
    assert [f.status for f in again.files] == ["unchanged"] and again.versions == []


def test_a_mobility_file_added_to_a_rome_4_export_makes_a_version_with_its_moves(
    session_factory: sessionmaker[Session],
) -> None:
    uow = factory(session_factory)
    first = import_documents(uow, [], bundles=[("mini", mini_bundle())])
    assert first.ok and [v.version for v in first.versions] == [1]
    files = dict(mini_bundle())
    files[file_name("rubrique_mobilite", "999")] = write_csv(
        ["code_rome", "code_rome_cible", "numero_ordre"], [["Z1001", "Z1002", "1"]]
    )
    second = import_documents(uow, [], bundles=[("mini", files)])
    (version,) = second.versions
    assert version.version == 2 and second.files[0].counts["mobilities"] == 1
    with uow() as u:
        stored = u.referentials.get("ROME 4.0 (v999)")
    assert stored is not None
    assert [(m.source, m.target, m.kind) for m in stored.mobilities] == [
        ("z1001", "z1002", MobilityKind.UNSPECIFIED)
    ]
    assert stored.mobilities[0].provenance[0].position.line == 2
