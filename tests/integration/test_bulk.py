"""A snapshot of bank size goes in with bulk inserts and comes back whole."""

from __future__ import annotations

from dataclasses import replace

from tests.integration.factories import bulk_referential
from tests.integration.helpers import Factory, provenances, read, repository, write


def test_bulk_snapshot_round_trips(session_factory: Factory) -> None:
    written = bulk_referential()
    assert sum(len(job.requirements) for job in written.jobs.values()) == 20_000
    assert write(session_factory, written) == 1
    with repository(session_factory) as repo:
        [summary] = repo.list_referentials()
    assert (summary.jobs, summary.competencies) == (2_000, 5_000)
    got = read(session_factory, "bulk")
    assert got is not None
    assert sum(1 for _ in provenances(got)) == 27_000
    assert got == replace(written, version=1)
    assert list(got.competencies)[:3] == ["c00000", "c00001", "c00002"]
