"""Service tests on the in-memory unit of work (fakes.py): the rules of a use case, no database.

``fake_uow`` is an empty store; ``seeded_uow`` holds the sample referential and the people of
tests/people_cast.py, imported once per session and copied for each test (an import costs more
than the copy). The SQL stores answer for the same contracts in tests/integration/contract/.
"""

from __future__ import annotations

import copy

import pytest

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork, UowFactory
from tests.juries_cast import Juries, setup_juries
from tests.people_cast import populate

from .fakes import FakeStore, FakeUnitOfWork


def factory(store: FakeStore) -> UowFactory:
    def make() -> UnitOfWork:
        return FakeUnitOfWork(store)

    return make


@pytest.fixture
def fake_uow() -> UowFactory:
    return factory(FakeStore())


@pytest.fixture(scope="session")
def seeded_store() -> FakeStore:
    store = FakeStore()
    report = import_documents(factory(store), [(SAMPLE_NAME, sample_bytes())])
    assert report.ok
    populate(factory(store))
    return store


@pytest.fixture
def seeded_uow(seeded_store: FakeStore) -> UowFactory:
    """The sample referential and the cast of people, a copy of their own for each test."""
    return factory(copy.deepcopy(seeded_store))


@pytest.fixture(scope="session")
def juries_store() -> tuple[FakeStore, Juries]:
    store = FakeStore()
    return store, setup_juries(factory(store))


@pytest.fixture
def seeded_juries(juries_store: tuple[FakeStore, Juries]) -> Juries:
    """tests/juries_cast.py's two sessions, on a copy of their own for each test."""
    store, made = juries_store
    return Juries(factory(copy.deepcopy(store)), made.first, made.second)
