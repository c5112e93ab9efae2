"""RGPD use cases on the in-memory unit of work: erasure's rules, access to exports and to the
audit log, retention (issue 5, 7). What an erasure leaves in the database, the export's secrets
and the team aggregates run on SQLite and PostgreSQL: tests/integration/test_rgpd.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from parcours.domain.access import AccessDenied
from parcours.domain.errors import NotFoundError
from parcours.domain.people import Source
from parcours.services import people, rgpd
from parcours.services.ports import UowFactory
from parcours.services.ports.people import AuditEvent
from parcours.services.rgpd import AuditFilter, ConfirmationError
from tests.people_cast import CAST
from tests.rgpd_cast import RgpdWorld, add_zq

World = RgpdWorld


@pytest.fixture
def world(seeded_uow: UowFactory) -> World:
    return World(seeded_uow, add_zq(seeded_uow))


# --- erasure -------------------------------------------------------------------------------


def test_erasure_needs_hr_and_the_right_confirmation(world: World) -> None:
    manager = world.principal(CAST.manager)  # n-1 is in their team
    with pytest.raises(AccessDenied):
        rgpd.erase_person(world.uow, manager, "n-1", confirm="n-1")
    hr = world.principal(CAST.hr)
    for wrong in (None, "", "n-2", "N-1", "n-1 "[:2]):
        with pytest.raises(ConfirmationError):
            rgpd.erase_person(world.uow, hr, "n-1", confirm=wrong)
    with pytest.raises(NotFoundError):
        rgpd.erase_person(world.uow, hr, "inconnu", confirm="inconnu")
    with world.uow() as uow:
        person = uow.people.get_person("n-1")
        assert person is not None and not person.erased
        assert uow.audit.count(action="erase") == 0


# --- export --------------------------------------------------------------------------------


def test_a_person_exports_their_own_data_and_nobody_else_but_hr_can(world: World) -> None:
    employee = world.principal(CAST.employee)
    own = rgpd.export_own(world.uow, employee)
    assert own["person"]["id"] == "n-1"
    assert rgpd.export_person(world.uow, employee, "n-1")["person"]["id"] == "n-1"
    refused: list[tuple[str, str]] = [
        (CAST.employee, "n-2"),  # a colleague
        (CAST.manager, "n-1"),  # the manager of their team
        (CAST.other_manager, "n-1"),
        (CAST.jury, "n-1"),
    ]
    for login, person in refused:
        with pytest.raises(AccessDenied):
            rgpd.export_person(world.uow, world.principal(login), person)
    with pytest.raises(NotFoundError):
        rgpd.export_own(world.uow, world.principal(CAST.hr))  # no person behind the account


# --- audit log -----------------------------------------------------------------------------


def test_audit_log_filters_and_pages_for_hr_only(world: World) -> None:
    hr = world.principal(CAST.hr)
    page = rgpd.audit_log(world.uow, hr, AuditFilter(person="n-1"), limit=50)
    assert page.total >= 2 and all(e.subject == "n-1" for e in page.events)
    reads = rgpd.audit_log(world.uow, hr, AuditFilter(actor=CAST.hr, action="read"))
    assert reads.events and all(e.actor == CAST.hr and e.action == "read" for e in reads.events)
    accounts = AuditFilter(action="account")  # reading the log adds reads, not these
    first = rgpd.audit_log(world.uow, hr, accounts, limit=3, offset=0)
    second = rgpd.audit_log(world.uow, hr, accounts, limit=3, offset=3)
    assert first.total == second.total >= 6
    assert len(first.events) == 3 and not {e.id for e in first.events} & {
        e.id for e in second.events
    }
    today = datetime.now(UTC).date()
    assert rgpd.audit_log(world.uow, hr, AuditFilter(until=date(2000, 1, 1))).total == 0
    assert rgpd.audit_log(world.uow, hr, AuditFilter(since=today, until=today)).total > 0
    events = rgpd.audit_log_export(world.uow, hr, AuditFilter(person="n-1"))
    csv_text = rgpd.audit_csv(events)
    assert csv_text.splitlines()[0] == "id,at,actor,channel,action,subject,detail"
    assert len(csv_text.splitlines()) == len(events) + 1
    for login in (CAST.manager, CAST.employee, CAST.jury):
        with pytest.raises(AccessDenied):
            rgpd.audit_log(world.uow, world.principal(login), AuditFilter(person="n-1"))
        with pytest.raises(AccessDenied):
            rgpd.audit_log_export(world.uow, world.principal(login), AuditFilter())


def test_a_person_sees_who_accessed_their_data(world: World) -> None:
    page = rgpd.own_audit_log(world.uow, world.principal(CAST.employee))
    assert page.events and all(e.subject == "n-1" for e in page.events)
    assert any(e.actor == CAST.hr and e.action == "read" for e in page.events)
    colleague = rgpd.own_audit_log(world.uow, world.principal(CAST.colleague))
    assert all(e.subject == "n-2" for e in colleague.events)


# --- retention -----------------------------------------------------------------------------


def _old_event(world: World, at: datetime) -> None:
    with world.uow() as uow:
        uow.audit.record(AuditEvent(CAST.hr, "web", "read", "n-3", "ancien", at=at))
        uow.commit()


def test_purge_erases_leavers_past_retention_and_old_audit_events(world: World) -> None:
    hr = world.principal(CAST.hr)
    with world.uow() as uow:
        recent = uow.people.get_person("n-4")
        assert recent is not None
        uow.people.save_person(replace(recent, left_on=date(2026, 5, 1)))
        uow.commit()
    _old_event(world, datetime(2018, 1, 1, tzinfo=UTC))
    _old_event(world, datetime(2025, 1, 1, tzinfo=UTC))
    now = datetime(2026, 6, 1, 12, tzinfo=UTC)
    run: Callable[[bool], rgpd.PurgeReport] = lambda dry: rgpd.purge(  # noqa: E731
        world.uow, hr, retention_days=365, audit_retention_days=3 * 365, dry_run=dry, now=now
    )
    preview = run(True)
    assert preview.people == [world.zq] and preview.audit_events == 1
    with world.uow() as uow:
        assert uow.people.get_person(world.zq) is not None
        assert uow.audit.count(until=datetime(2019, 1, 1, tzinfo=UTC)) == 1
    done = run(False)
    assert done.people_erased == 1 and done.audit_events == 1
    with world.uow() as uow:
        assert uow.people.get_person(world.zq) is None
        n4 = uow.people.get_person("n-4")
        assert n4 is not None and not n4.erased
        assert uow.audit.count(until=datetime(2019, 1, 1, tzinfo=UTC)) == 0
        assert uow.audit.count(until=datetime(2025, 6, 1, tzinfo=UTC)) == 1
        [purge_event] = uow.audit.search(action="purge", limit=None)
        assert world.zq not in (purge_event.detail or "")
        assert uow.audit.count(action="erase") == 1
    again = run(False)
    assert again.people_erased == 0 and again.audit_events == 0
    with pytest.raises(AccessDenied):
        rgpd.purge(
            world.uow,
            world.principal(CAST.manager),
            retention_days=1,
            audit_retention_days=1,
            dry_run=True,
        )


def test_erasing_a_manager_moves_their_team_and_reports_to_the_anonymous_id(
    world: World,
) -> None:
    hr = world.principal(CAST.hr)
    people.record_assessment(
        world.uow,
        world.principal(CAST.manager),
        "n-2",
        "ecoute-active",
        [3, 3, 4],
        source=Source.MANAGER,
    )
    report = rgpd.erase_person(world.uow, hr, "m-nord", confirm="m-nord")
    anon = report.anonymous_id
    with world.uow() as uow:
        team = uow.people.get_team("agence-nord")
        assert team is not None and team.manager == anon
        assert uow.people.teams_managed_by(anon) == ["agence-nord"]
        members = uow.people.list_people(teams=["agence-nord"])
        assert members and all(p.manager == anon for p in members)
        assert uow.accounts.get(CAST.manager) is None
        rated = [a for a in uow.people.assessments_of("n-2") if a.source is Source.MANAGER]
        assert {a.assessor for a in rated} >= {anon}
        assert CAST.manager not in {a.assessor for a in rated}
        reviews = uow.rgpd.reviews_of(world.zq)
        assert [r.manager_account for r in reviews] == [anon]  # the reviewer's login went too
        assert [r.manager_comment for r in reviews] != [None]  # about someone else: stays
