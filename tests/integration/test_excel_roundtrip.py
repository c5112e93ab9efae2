"""An Excel export imports back as a file: the same content as the JSON export."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from parcours.bootstrap import build_uow_factory
from parcours.services import exchange
from parcours.services.imports import import_documents
from parcours.settings import Settings
from parcours.store.uow import SqlUnitOfWork


def test_xlsx_export_imports_back(
    session_factory: sessionmaker[Session], all_seed_paths: list[Path], tmp_path: Path
) -> None:
    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(session_factory)

    import_documents(uow, [(p.name, p.read_bytes()) for p in all_seed_paths[2:4]])
    workbook = exchange.export_xlsx(uow)
    assert workbook[:2] == b"PK"
    fresh = build_uow_factory(
        Settings.from_environment(database_url=f"sqlite:///{tmp_path / 'x.db'}")
    )
    report = import_documents(fresh, [("export.xlsx", workbook)])
    assert [f.status for f in report.files] == ["imported"], report.files[0].error
    assert exchange.export_json(fresh) == exchange.export_json(uow)
