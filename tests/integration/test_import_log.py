"""The import history: every attempt, failures included, newest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from parcours.services.ports import ImportLogEntry
from parcours.store.uow import SqlUnitOfWork
from tests.integration.factories import sha
from tests.integration.helpers import Factory

START = datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)


def entries() -> list[ImportLogEntry]:
    return [
        ImportLogEntry(
            filename="fiche-conseiller.pdf",
            sha256=sha("a"),
            family="fiche_fonction",
            referential="Banque Œ",
            status="imported",
            version=3,
            message="",
            warnings=["[titre-incertain] l. 4: titre « Conseiller » deviné", "[x] ?: y"],
            at=START,
        ),
        ImportLogEntry(
            filename="illisible.docx",
            sha256=None,
            family=None,
            referential=None,
            status="failed",
            version=None,
            message="document vide",
            at=START + timedelta(seconds=1),
        ),
        ImportLogEntry(
            filename="fiche-conseiller.pdf",
            sha256=sha("a"),
            family="fiche_fonction",
            referential="Banque Œ",
            status="unchanged",
            version=None,
            message="",
            at=START + timedelta(minutes=5),
        ),
    ]


def test_log_round_trips_newest_first(session_factory: Factory) -> None:
    with SqlUnitOfWork(session_factory) as uow:
        for entry in entries():
            uow.referentials.log_import(entry)
        uow.commit()
    with SqlUnitOfWork(session_factory) as uow:
        assert uow.referentials.list_imports() == entries()[::-1]
        assert uow.referentials.list_imports(limit=2) == entries()[:0:-1]


def test_log_without_a_date_is_stamped_now(session_factory: Factory) -> None:
    before = datetime.now(UTC)
    with SqlUnitOfWork(session_factory) as uow:
        uow.referentials.log_import(
            ImportLogEntry("x.txt", None, None, None, "failed", None, "illisible")
        )
        uow.commit()
    with SqlUnitOfWork(session_factory) as uow:
        [entry] = uow.referentials.list_imports()
    assert entry.at is not None and before - timedelta(seconds=1) <= entry.at
    assert (entry.status, entry.message, entry.warnings) == ("failed", "illisible", [])


def test_an_unknown_status_is_refused(session_factory: Factory) -> None:
    entry = ImportLogEntry("x.txt", None, None, None, "maybe", None, "")
    with SqlUnitOfWork(session_factory) as uow, pytest.raises(ValueError, match="maybe"):
        uow.referentials.log_import(entry)
