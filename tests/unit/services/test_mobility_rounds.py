"""A job named for its moves is found as when the whole referentials are read, packed model
or not: the organisation's referentials first, and a title there outranks a code of a
reference (on the in-memory unit of work, with the packed models the import keeps)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from parcours.domain.cartography import MapRole
from parcours.domain.codec import to_document
from parcours.domain.competency import Competency, CompetencyKind, Requirement
from parcours.domain.job import Job
from parcours.domain.referential import Referential
from parcours.services import mobility
from parcours.services.imports import import_documents
from parcours.services.ports import UowFactory


def referential(name: str, jobs: list[Job]) -> Referential:
    comps = {c: Competency(c, c.capitalize(), CompetencyKind.SAVOIR_FAIRE) for c in "abcd"}
    return Referential(name, jobs={j.key: j for j in jobs}, competencies=comps)


def job(key: str, title: str, code: str | None, *needs: str) -> Job:
    return Job(key, title, code=code, requirements=[Requirement(c) for c in needs])


@pytest.fixture
def two_rounds(fake_uow: UowFactory) -> UowFactory:
    bank = referential(
        "Banque",
        [job("analyste", "Analyste", None, "a", "b"), job("guichet", "Guichetier", None, "b", "c")],
    )
    ref = referential(
        "Repere",
        [job("r1", "Chargé d'études", "ANALYSTE", "a", "d"), job("r2", "Caissier", "K1", "c")],
    )
    document = json.dumps(to_document([bank, ref])).encode()
    assert import_documents(fake_uow, [("deux.json", document)]).ok
    with fake_uow() as uow:
        uow.referentials.set_map_role("Repere", MapRole.REFERENCE, by="rh", at=datetime.now(UTC))
        uow.commit()
    return fake_uow


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Analyste", ("Banque", "analyste")),  # a title of the organisation's
        ("analyste", ("Banque", "analyste")),  # its key
        ("ANALYSTE", ("Banque", "analyste")),  # a title here outranks a code of the reference
        ("K1", ("Repere", "r2")),  # a code found only in the reference
        ("Repere:r1", ("Repere", "r1")),
    ],
)
def test_the_packed_path_names_jobs_as_the_built_one(
    two_rounds: UowFactory, monkeypatch: pytest.MonkeyPatch, query: str, expected: tuple[str, str]
) -> None:
    fast = mobility.recommend_for_job(two_rounds, job=query, k=2)
    assert fast.source is not None
    assert (fast.source.referential, fast.source.key) == expected
    assert mobility.cache_for(two_rounds).builds == 0  # answered from the packed model
    monkeypatch.setattr(mobility, "_packed_for_job", lambda *args, **kwargs: None)
    mobility.cache_for(two_rounds).clear()
    assert mobility.recommend_for_job(two_rounds, job=query, k=2) == fast
