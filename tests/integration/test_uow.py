"""The unit of work commits only when asked and rolls back everything else."""

from __future__ import annotations

import pytest

from parcours.store.repository import ReferentialRepository
from parcours.store.uow import SqlUnitOfWork
from tests.integration.factories import part, rich_referential, small_referential
from tests.integration.helpers import Factory, read, repository, write


def test_commit_persists(session_factory: Factory) -> None:
    with SqlUnitOfWork(session_factory) as uow:
        uow.referentials.add_version(small_referential("kept", "x"), parts=[])
        uow.commit()
    assert read(session_factory, "kept") is not None


def test_an_exception_rolls_everything_back(session_factory: Factory) -> None:
    with pytest.raises(RuntimeError, match="boom"), SqlUnitOfWork(session_factory) as uow:
        uow.referentials.add_version(rich_referential("lost"), parts=[part("lost", "a.txt", "x")])
        uow.referentials.add_version(small_referential("lost too", "y"), parts=[])
        raise RuntimeError("boom")
    with repository(session_factory) as repo:
        assert repo.list_referentials() == []
        assert repo.find_document(rich_referential().documents["rncp-37"].sha256) is None


def test_leaving_without_commit_rolls_back(session_factory: Factory) -> None:
    with SqlUnitOfWork(session_factory) as uow:
        uow.referentials.add_version(small_referential("forgotten", "x"), parts=[])
    assert read(session_factory, "forgotten") is None


def test_a_version_is_written_whole_or_not_at_all(session_factory: Factory) -> None:
    write(session_factory, small_referential("whole", "x"))
    with pytest.raises(ValueError), SqlUnitOfWork(session_factory) as uow:
        repo = ReferentialRepository(uow.session)
        repo.add_version(small_referential("whole", "y"))
        repo.add_version(small_referential("whole", "z"), status="unknown")
        uow.commit()
    with repository(session_factory) as repo:
        assert [v.number for v in repo.list_versions("whole")] == [1]


def test_the_repository_reads_its_own_uncommitted_writes(session_factory: Factory) -> None:
    with SqlUnitOfWork(session_factory) as uow:
        uow.referentials.add_version(small_referential("pending", "x"), parts=[])
        got = uow.referentials.get("pending")
        assert got is not None and list(got.jobs) == ["x"]
    assert read(session_factory, "pending") is None
