"""The draft store on SQLite and PostgreSQL: bytes kept exactly, state changes, listing."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from parcours.services import drafts
from parcours.services.auth import SYSTEM
from parcours.services.ports import UnitOfWork
from parcours.store.uow import SqlUnitOfWork

from .conftest import seed_files


def test_draft_lifecycle_on_both_databases(session_factory: sessionmaker[Session]) -> None:
    def uow() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    files = [*seed_files("002", "003"), ("vide.txt", b"")]
    created = drafts.create_draft(uow, SYSTEM, files, referential=None)
    # The empty file is refused and named in the report; the readable ones are kept.
    assert created.status == "pending" and [f.filename for f in created.files] == [
        name for name, _ in files[:2]
    ]
    assert drafts.draft_files(uow, SYSTEM, created.id) == files[:2]  # every byte, in order
    report = drafts.get_draft(uow, SYSTEM, created.id).report
    assert [r["status"] for r in report] == ["pending", "pending", "failed"]
    assert report[0]["warnings"][0]["line"] is not None
    other = drafts.create_draft(uow, SYSTEM, seed_files("000"))
    assert [d.id for d in drafts.list_drafts(uow, SYSTEM)] == [other.id, created.id]
    drafts.discard_draft(uow, SYSTEM, other.id)
    assert [d.id for d in drafts.list_drafts(uow, SYSTEM, status="pending")] == [created.id]
    result = drafts.publish_draft(uow, SYSTEM, created.id)
    assert [f.status for f in result.files] == ["imported", "imported"]
    stored = drafts.get_draft(uow, SYSTEM, created.id)
    assert stored.status == "published" and stored.decided_at is not None
    assert stored.outcome and "v1" in stored.outcome
