"""AuditStore (services/ports/people.py): the fake and the SQL store alike.

What the SQL store adds (the chain, its sealing at commit, the table's refusal of changes and
``verify``'s findings on a tampered log) is its own: tests/integration/test_audit_chain.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from parcours.services.ports import UowFactory
from parcours.services.ports.people import AuditEvent

T0 = datetime(2026, 1, 1, 9, tzinfo=UTC)


def at(hours: int) -> datetime:
    return T0 + timedelta(hours=hours)


def seed(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        for hours, actor, action, subject, detail in (
            (0, "rh", "read", "p-1", None),
            (1, "chef", "write", "p-1", "note de p-1"),
            (2, "rh", "export", "p-2", None),
            (3, "rh", "read", None, "liste"),
        ):
            uow.audit.record(AuditEvent(actor, "web", action, subject, detail, at(hours)))
        uow.commit()


def shown(events: list[AuditEvent]) -> list[tuple[str, str, str | None]]:
    return [(e.actor, e.action, e.subject) for e in events]


def test_events_are_listed_newest_first_filtered_and_counted(port_uow: UowFactory) -> None:
    seed(port_uow)
    with port_uow() as uow:
        everything = uow.audit.search(limit=None)
        assert [e.at.replace(tzinfo=UTC) for e in everything if e.at] == [
            at(3),
            at(2),
            at(1),
            at(0),
        ]
        assert all(e.id is not None and e.proof is None for e in everything)
        assert shown(uow.audit.list(subject="p-1")) == [
            ("chef", "write", "p-1"),
            ("rh", "read", "p-1"),
        ]
        assert shown(uow.audit.list(actor="rh", limit=1, offset=1)) == [("rh", "export", "p-2")]
        assert shown(uow.audit.list(since=at(2))) == [("rh", "read", None), ("rh", "export", "p-2")]
        assert shown(uow.audit.search(action="read", until=at(3))) == [("rh", "read", "p-1")]
        assert uow.audit.count() == 4
        assert uow.audit.count(actor="rh", action="read") == 2
        assert uow.audit.count(since=at(1), until=at(3)) == 2
        assert uow.audit.count(subject="p-9") == 0


def test_an_event_without_time_is_stamped(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        uow.audit.record(AuditEvent("rh", "cli", "login"))
        uow.commit()
    with port_uow() as uow:
        (event,) = uow.audit.list()
        assert event.at is not None and event.channel == "cli"


def test_an_erasure_renames_and_redacts_the_events_naming_a_person(port_uow: UowFactory) -> None:
    seed(port_uow)
    with port_uow() as uow:
        with uow.audit.redacting("p-1", ["chef"], ["p-1"]) as redaction:
            assert uow.audit.rename_subject("p-1", "efface-1") == 2
        assert redaction.proof is not None and len(redaction.proof["redacts"]) == 2
        uow.commit()
    with port_uow() as uow:
        assert uow.audit.count(subject="p-1") == 0 and uow.audit.count(subject="efface-1") == 2
    with port_uow() as uow:
        with uow.audit.redacting("p-9", [], []) as nothing:
            pass
        assert nothing.proof is None


def test_a_purge_deletes_the_old_events_and_says_so(port_uow: UowFactory) -> None:
    seed(port_uow)
    with port_uow() as uow:
        assert uow.audit.purge_expired(at(0)) == (0, None)
        deleted, proof = uow.audit.purge_expired(at(2))
        assert deleted == 2 and proof is not None and proof["deleted"] == 2
        uow.commit()
    with port_uow() as uow:
        assert shown(uow.audit.list()) == [("rh", "read", None), ("rh", "export", "p-2")]
        assert uow.audit.purge_before(at(3)) == 1
        uow.commit()
    with port_uow() as uow:
        # the purge records its own event, holding its proof
        assert [e.action for e in uow.audit.list()] == ["purge", "read"]
        verified = uow.audit.verify()
        assert verified.ok and verified.events == 2 and verified.broken_id is None
