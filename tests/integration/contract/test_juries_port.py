"""JuryStore (services/ports/juries.py): the fake and the SQL store alike."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from parcours.domain.people import Person
from parcours.services.ports import UowFactory


def make_jury(port_uow: UowFactory, held_on: date, members: list[str]) -> int:
    with port_uow() as uow:
        jury = uow.juries.create_jury(
            name=f"Jury {held_on}",
            referential="banque",
            certification="Conseiller",
            held_on=held_on,
            members=members,
            created_by="rh",
        )
        uow.commit()
    return jury.id


def test_juries_keep_their_members_once_in_order_and_list_latest_first(
    port_uow: UowFactory,
) -> None:
    spring = make_jury(port_uow, date(2026, 4, 1), ["b", "a", "b"])
    autumn = make_jury(port_uow, date(2026, 10, 1), ["a"])
    with port_uow() as uow:
        jury = uow.juries.get_jury(spring)
        assert jury is not None and jury.members == ("b", "a") and not jury.closed
        assert (jury.referential, jury.certification, jury.created_by) == (
            "banque",
            "Conseiller",
            "rh",
        )
        assert uow.juries.get_jury(spring + autumn + 100) is None
        assert [j.id for j in uow.juries.list_juries()] == [autumn, spring]
        assert [j.id for j in uow.juries.list_juries([spring])] == [spring]
        assert uow.juries.juries_of_member("a") == frozenset({spring, autumn})
        assert uow.juries.juries_of_member("b") == frozenset({spring})
        assert uow.juries.juries_of_member("c") == frozenset()
        uow.juries.set_status(spring, "closed")
        uow.commit()
    with port_uow() as uow:
        closed = uow.juries.get_jury(spring)
        assert closed is not None and closed.closed


def test_candidates_and_their_evaluation(port_uow: UowFactory) -> None:
    jury = make_jury(port_uow, date(2026, 4, 1), ["a"])
    at = datetime(2026, 4, 1, 15, tzinfo=UTC)
    with port_uow() as uow:
        uow.people.upsert_people([Person("p-2"), Person("p-1")], document=None, lines=None)
        added = uow.juries.add_candidate(jury, "p-2")
        assert (added.jury, added.person, added.evaluations, added.record) == (
            jury,
            "p-2",
            [],
            None,
        )
        uow.juries.add_candidate(jury, "p-1")
        uow.commit()
    evaluations = [{"competency": "crm", "level": 3, "notes": ["a", "b"]}]
    record = {"version": 1, "history": [], "status": "partial"}
    with port_uow() as uow:
        assert [c.person for c in uow.juries.candidates(jury)] == ["p-1", "p-2"]
        assert uow.juries.juries_of_candidate("p-1") == frozenset({jury})
        assert uow.juries.juries_of_candidate("p-3") == frozenset()
        assert uow.juries.get_candidate(jury, "p-3") is None
        saved = uow.juries.save_evaluation(
            jury,
            "p-2",
            evaluations=evaluations,
            record=record,
            recorded_by="a",
            recorded_at=at,
            comment="ok",
        )
        assert saved.evaluations == evaluations and saved.record == record
        with pytest.raises(KeyError):
            uow.juries.save_evaluation(
                jury,
                "p-3",
                evaluations=[],
                record={},
                recorded_by="a",
                recorded_at=at,
                comment=None,
            )
        uow.commit()
    evaluations[0]["level"] = 1  # the caller's lists are not the stored ones
    with port_uow() as uow:
        stored = uow.juries.get_candidate(jury, "p-2")
        assert stored is not None and stored.evaluations[0]["level"] == 3
        assert (stored.record, stored.recorded_by, stored.comment) == (record, "a", "ok")
        assert stored.recorded_at is not None
        assert stored.recorded_at.replace(tzinfo=UTC) == at
