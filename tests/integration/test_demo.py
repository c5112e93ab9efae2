"""The demo set-up (`parcours demo`): fictional people, accounts per role, themes, a campaign
and a jury, on SQLite and PostgreSQL; running it again changes nothing but the password."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.domain.access import Role
from parcours.services import auth, campaigns, juries, teams
from parcours.services.auth import SYSTEM
from parcours.services.demo import load_demo
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.store.uow import SqlUnitOfWork

PASSWORD = "demo-mot-de-passe-2026"


@pytest.fixture
def uow(session_factory: sessionmaker[Session]) -> UowFactory:
    def make() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    assert import_documents(make, [(SAMPLE_NAME, sample_bytes())]).ok
    return make


def test_the_demo_gives_each_role_something_to_see(uow: UowFactory) -> None:
    report = load_demo(uow, salt="sel", password=PASSWORD)
    assert report.accounts == ["rh", "manager", "salarie", "jury"]
    with uow() as u:
        assert u.people.count_people() == 22
        assert len(u.people.list_teams()) == 4
    _token, manager = auth.login(uow, "manager", PASSWORD)
    assert manager.has(Role.MANAGER) and manager.teams == frozenset({"crc-lyon"})
    matrix = teams.team_matrix(uow, manager, ["crc-lyon"], minimum=5)
    assert matrix.shown and matrix.rows is not None and len(matrix.rows) == 10
    assert len(matrix.themes) == 3
    assert len(campaigns.list_campaigns(uow, SYSTEM)) == 1
    _token, jury = auth.login(uow, "jury", PASSWORD)
    assert len(juries.jury_view(uow, jury, next(iter(jury.juries))).candidates) == 2


def test_running_the_demo_again_adds_nothing(uow: UowFactory) -> None:
    load_demo(uow, salt="sel", password=PASSWORD)
    again = load_demo(uow, salt="sel", password="un-autre-mot-de-passe")
    assert again.messages == []
    with uow() as u:
        assert u.people.count_people() == 22
    auth.login(uow, "rh", "un-autre-mot-de-passe")
    with pytest.raises(auth.AuthError):
        auth.login(uow, "rh", PASSWORD)
