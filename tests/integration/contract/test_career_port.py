"""CareerWishStore (services/ports/career.py): the fake and the SQL store alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from parcours.domain.career import CareerWish
from parcours.domain.people import Person
from parcours.services.ports import UowFactory


def test_wishes_are_one_per_job_kept_when_ended_and_shared_on_purpose(
    port_uow: UowFactory,
) -> None:
    with port_uow() as uow:
        uow.people.upsert_people([Person("p-1"), Person("p-2")], document=None, lines=None)
        first = uow.careers.save_wish(CareerWish("p-1", "banque", "chef", shared=True, note="oui"))
        assert first.created_at is not None and first.updated_at is not None
        uow.careers.save_wish(CareerWish("p-1", "banque", "expert"))
        uow.careers.save_wish(CareerWish("p-2", "banque", "chef", shared=True))
        uow.commit()
    with port_uow() as uow:
        assert [w.job for w in uow.careers.wishes_of("p-1")] == ["chef", "expert"]
        held = uow.careers.get_wish("p-1", "banque", "chef")
        assert held is not None and held.note == "oui" and held.shared
        assert uow.careers.get_wish("p-1", "banque", "autre") is None
        assert [(w.person, w.job) for w in uow.careers.shared_wishes(["p-2", "p-1", "p-9"])] == [
            ("p-1", "chef"),
            ("p-2", "chef"),
        ]
        ended = datetime(2026, 3, 1, tzinfo=UTC)
        again = uow.careers.save_wish(replace(held, ended_at=ended, note=None))
        assert again.created_at == held.created_at
        uow.commit()
    with port_uow() as uow:
        assert [w.job for w in uow.careers.wishes_of("p-1")] == ["expert"]
        assert [w.job for w in uow.careers.wishes_of("p-1", include_ended=True)] == [
            "chef",
            "expert",
        ]
        assert [w.person for w in uow.careers.shared_wishes(["p-1", "p-2"])] == ["p-2"]
