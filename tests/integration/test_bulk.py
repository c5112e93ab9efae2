"""A snapshot of bank size goes in with bulk inserts and comes back whole."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import Engine, text

from parcours.store.uow import make_session_factory
from tests.integration.conftest import postgres_engine
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


@pytest.mark.postgres
def test_a_bulk_write_leaves_postgresql_its_statistics(postgres_server: str) -> None:
    engines = postgres_engine(postgres_server)
    engine = next(engines)
    try:
        before = _estimates(engine)
        assert before["requirement"] < 0 and before["provenance"] < 0  # never analysed
        write(make_session_factory(engine), bulk_referential())
        after = _estimates(engine)
        # ANALYZE ran in the import's transaction: the planner sees the rows written.
        assert after["requirement"] == pytest.approx(20_000, rel=0.2)
        assert after["provenance"] == pytest.approx(27_000, rel=0.2)
        assert after["competency"] == pytest.approx(5_000, rel=0.2)
    finally:
        engines.close()


def _estimates(engine: Engine) -> dict[str, float]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT relname, reltuples FROM pg_class WHERE oid IN (to_regclass('requirement'),"
                " to_regclass('provenance'), to_regclass('competency'))"
            )
        ).all()
    return {str(name): float(tuples) for name, tuples in rows}
