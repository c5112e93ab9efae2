"""Packed mobility models through storage, on SQLite and PostgreSQL: an import packs the new
version's model; a new process answers a job's moves from it without building (the same
answers as a built model, for every job of the study); a database without one builds once and
keeps it; a packed model of another version is never read; a job off an organisation's map that
joins documents still answers from its packed model."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from parcours.domain.cartography import MapRole
from parcours.engine import packing
from parcours.services import mobility
from parcours.services.cartography import map_members
from parcours.services.catalogue import AmbiguousJobError, list_referentials
from parcours.services.imports import import_documents
from parcours.services.ports import UowFactory
from parcours.store.models_mobility import MobilityModelRow
from parcours.store.uow import SqlUnitOfWork
from tests.conftest import seed_path
from tests.ingest.test_rome import mini_bundle

STUDY = "Observatoire des métiers de la banque"
MINI = "ROME 4.0 (v999)"


def new_process(session_factory: sessionmaker[Session]) -> UowFactory:
    """A new unit-of-work factory: a cache of its own, as a new process has."""

    def factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(session_factory)

    return factory


@pytest.fixture
def study(session_factory: sessionmaker[Session]) -> str:
    doc = seed_path("004")
    uow = new_process(session_factory)
    assert import_documents(uow, [(doc.name, doc.read_bytes())]).ok
    (name,) = [s.name for s in list_referentials(uow) if s.name.startswith(STUDY)]
    return name


def answers(uow: UowFactory, name: str) -> dict[tuple[str, str], object]:
    """Every job's moves and similar jobs, paths between jobs, and towards a group."""
    with uow() as u:
        ref = u.referentials.get(name)
        assert ref is not None
        keys = list(ref.jobs)
    out: dict[tuple[str, str], object] = {}
    for key in keys:
        for ask in (mobility.recommend_for_job, mobility.similar_jobs):
            out[(key, ask.__name__)] = ask(uow, job=f"{name}:{key}", referential=name, k=5)
    for source, target in zip(keys, reversed(keys), strict=True):
        out[(source, target)] = mobility.career_paths(
            uow, source=f"{name}:{source}", target=target, referential=name, k=2
        )
    group = ref.jobs[keys[-1]].filiere or ref.jobs[keys[-1]].family
    if group:
        out[(keys[0], group)] = mobility.career_paths(
            uow, source=f"{name}:{keys[0]}", target_group=group, referential=name
        )
    return out


def bank_beside_mini_rome(session_factory: sessionmaker[Session]) -> UowFactory:
    """Two bank documents (a map that joins documents) and a small ROME export without
    declared moves (a reference the map does not compose)."""
    uow = new_process(session_factory)
    seeds = [(seed_path(p).name, seed_path(p).read_bytes()) for p in ("000", "002")]
    assert import_documents(uow, seeds, bundles=[("mini", mini_bundle())]).ok
    return uow


def test_an_import_packs_the_model_and_a_new_process_answers_from_it(
    session_factory: sessionmaker[Session], study: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    uow = new_process(session_factory)
    with uow() as u:
        latest = u.referentials.list_versions(study)[-1]
        signature = packing.signature(semantic=False)
        assert u.mobility_models.packed(study, latest.number, latest.created_at, signature)
    fast = answers(uow, study)
    assert mobility.cache_for(uow).builds == 0  # nothing built: the packed model answered
    assert len(fast) >= 60 and any(getattr(r, "items", None) for r in fast.values())
    assert any(getattr(r, "paths", None) for r in fast.values())
    by_title = mobility.recommend_for_job(uow, job="Conseiller senior expert", referential=study)
    assert by_title.source is not None and by_title.source.title == "Conseiller senior expert"
    with pytest.raises(AmbiguousJobError):  # named as loosely as before: the same refusal
        mobility.similar_jobs(uow, job="Téléconseiller", referential=study)

    monkeypatch.setattr(mobility, "_packed_for_job", lambda *args, **kwargs: None)
    built = new_process(session_factory)
    assert answers(built, study) == fast
    assert mobility.cache_for(built).builds == 1


def test_a_database_without_one_builds_once_and_keeps_it(
    session_factory: sessionmaker[Session], study: str
) -> None:
    with session_factory() as session:
        session.query(MobilityModelRow).delete()
        session.commit()
    first = new_process(session_factory)
    key = next(iter(answers(first, study)))[0]
    assert mobility.cache_for(first).builds == 1
    with first() as u:
        latest = u.referentials.list_versions(study)[-1]
        kept = u.mobility_models.packed(
            study, latest.number, latest.created_at, packing.signature(semantic=False)
        )
    assert kept is not None
    second = new_process(session_factory)
    mobility.recommend_for_job(second, job=f"{study}:{key}", referential=study, k=5)
    assert mobility.cache_for(second).builds == 0


def test_a_packed_model_of_another_version_is_never_read(
    session_factory: sessionmaker[Session], study: str
) -> None:
    with session_factory() as session:
        session.execute(update(MobilityModelRow).values(version=MobilityModelRow.version + 1))
        session.commit()
    uow = new_process(session_factory)
    result = mobility.similar_jobs(uow, job="Conseiller junior", referential=study, k=3)
    assert result.items and mobility.cache_for(uow).builds == 1


def test_unreadable_bytes_are_rebuilt(session_factory: sessionmaker[Session], study: str) -> None:
    with session_factory() as session:
        session.execute(update(MobilityModelRow).values(payload=b"garbage"))
        session.commit()
    uow = new_process(session_factory)
    result = mobility.similar_jobs(uow, job="Conseiller junior", referential=study, k=3)
    assert result.items and mobility.cache_for(uow).builds == 1


def test_a_job_off_a_map_that_joins_documents_answers_from_its_packed_model(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two bank documents make a map that joins documents; a ROME export without declared moves
    # is a reference the map does not compose: its jobs' moves stay its own.
    uow = bank_beside_mini_rome(session_factory)
    roles = {m.referential: m.role for m in map_members(uow)}
    assert sum(r is MapRole.ORGANISATION for r in roles.values()) >= 2
    assert roles[MINI] is MapRole.REFERENCE

    fresh = new_process(session_factory)
    fast = mobility.recommend_for_job(fresh, job="z1001", referential=MINI, k=5)
    walk = mobility.career_paths(fresh, source="z1001", target="z1002", referential=MINI, k=2)
    assert fast.items and walk.paths
    assert mobility.cache_for(fresh).builds == 0  # the packed model answered

    monkeypatch.setattr(mobility, "_packed_for_job", lambda *args, **kwargs: None)
    monkeypatch.setattr(mobility, "_packed_paths", lambda *args, **kwargs: None)
    built = new_process(session_factory)
    assert mobility.recommend_for_job(built, job="z1001", referential=MINI, k=5) == fast
    assert (
        mobility.career_paths(built, source="z1001", target="z1002", referential=MINI, k=2) == walk
    )
    assert mobility.cache_for(built).builds == 1


def test_a_reference_job_named_by_its_code_is_found_without_reading_its_jobs(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bank's documents are searched first (their jobs' outlines: small), then the
    # reference's job table by key or code: a ROME code asked for without its referential
    # does not read the 1,584 outlines of ROME.
    bank_beside_mini_rome(session_factory)
    outlined: list[str] = []
    outline = mobility.ModelCache.outline

    def spy(cache: mobility.ModelCache, u: object, name: str) -> object:
        outlined.append(name)
        return outline(cache, u, name)  # type: ignore[arg-type]

    monkeypatch.setattr(mobility.ModelCache, "outline", spy)
    fresh = new_process(session_factory)
    found = mobility.recommend_for_job(fresh, job="Z1001", k=5)
    assert found.source is not None and (found.referential, found.source.code) == (MINI, "Z1001")
    assert found.items and mobility.cache_for(fresh).builds == 0
    assert outlined and MINI not in outlined  # the bank's outlines only
    assert found == mobility.recommend_for_job(fresh, job="z1001", referential=MINI, k=5)
