"""Career wishes (table career_wish)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from parcours.domain.career import CareerWish
from parcours.store.models import utcnow
from parcours.store.models_career import CareerWishRow

CHUNK = 500


def _wish(row: CareerWishRow) -> CareerWish:
    return CareerWish(
        person=row.person,
        referential=row.referential,
        job=row.job,
        shared=row.shared,
        note=row.note,
        created_at=row.created_at,
        updated_at=row.updated_at,
        ended_at=row.ended_at,
    )


class CareerWishRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, person: str, referential: str, job: str) -> CareerWishRow | None:
        return self.session.scalars(
            select(CareerWishRow).where(
                CareerWishRow.person == person,
                CareerWishRow.referential == referential,
                CareerWishRow.job == job,
            )
        ).one_or_none()

    def wishes_of(self, person: str, *, include_ended: bool = False) -> list[CareerWish]:
        query = select(CareerWishRow).where(CareerWishRow.person == person)
        if not include_ended:
            query = query.where(CareerWishRow.ended_at.is_(None))
        rows = self.session.scalars(query.order_by(CareerWishRow.created_at, CareerWishRow.id))
        return [_wish(r) for r in rows]

    def get_wish(self, person: str, referential: str, job: str) -> CareerWish | None:
        row = self._row(person, referential, job)
        return _wish(row) if row is not None else None

    def save_wish(self, wish: CareerWish) -> CareerWish:
        row = self._row(wish.person, wish.referential, wish.job)
        now = utcnow()
        if row is None:
            row = CareerWishRow(
                person=wish.person, referential=wish.referential, job=wish.job, created_at=now
            )
            self.session.add(row)
        row.shared = wish.shared
        row.note = wish.note
        row.ended_at = wish.ended_at
        row.updated_at = now
        self.session.flush()
        return _wish(row)

    def shared_wishes(self, people: Iterable[str]) -> list[CareerWish]:
        ids = sorted(set(people))
        out: list[CareerWish] = []
        for start in range(0, len(ids), CHUNK):
            rows = self.session.scalars(
                select(CareerWishRow)
                .where(
                    CareerWishRow.person.in_(ids[start : start + CHUNK]),
                    CareerWishRow.shared.is_(True),
                    CareerWishRow.ended_at.is_(None),
                )
                .order_by(CareerWishRow.person, CareerWishRow.created_at, CareerWishRow.id)
            )
            out.extend(_wish(r) for r in rows)
        return out
