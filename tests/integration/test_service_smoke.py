"""One path per service on SQLite and PostgreSQL: the rules are tested on the in-memory unit of
work (tests/unit/services/), the repositories by their contracts (contract/); here a main
scenario of each service runs as is on the real stores, to show that they fit together."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.domain.access import Principal
from parcours.services.access import principal_of
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.store.uow import SqlUnitOfWork
from tests.juries_cast import setup_juries
from tests.people_cast import populate
from tests.unit.services import test_campaigns as campaign_rules
from tests.unit.services import test_juries as jury_rules
from tests.unit.services import test_people_services as people_rules


@pytest.fixture
def sql_uow(session_factory: sessionmaker[Session]) -> UowFactory:
    def make() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    return make


@pytest.fixture
def seeded(sql_uow: UowFactory) -> UowFactory:
    """The sample referential and the people of tests/people_cast.py, in the database."""
    report = import_documents(sql_uow, [(SAMPLE_NAME, sample_bytes())])
    assert report.ok
    populate(sql_uow)
    return sql_uow


def principal(uow: UowFactory, login: str) -> Principal:
    with uow() as u:
        account = u.accounts.get(login)
        assert account is not None
        return principal_of(u, account, "cli")


def test_a_campaign_review(seeded: UowFactory) -> None:
    campaign_rules.test_a_full_review_compares_self_and_manager_and_counts_progress(seeded)


def test_a_jury_session(sql_uow: UowFactory) -> None:
    setup = setup_juries(sql_uow)
    jury_rules.test_a_jury_records_a_partial_validation_then_the_record_is_kept(setup)


def test_ratings_and_their_history(seeded: UowFactory) -> None:
    people_rules.test_each_kind_is_rated_on_its_scale_and_history_is_never_overwritten(
        seeded, lambda login: principal(seeded, login)
    )
