"""What the career-space use cases need from storage (store/career.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from parcours.domain.career import CareerWish


class CareerWishStore(Protocol):
    def wishes_of(self, person: str, *, include_ended: bool = False) -> list[CareerWish]:
        """The person's wishes, oldest first (ended ones too when asked)."""
        ...

    def get_wish(self, person: str, referential: str, job: str) -> CareerWish | None: ...

    def save_wish(self, wish: CareerWish) -> CareerWish:
        """Insert or update the wish of (person, referential, job); returns it as stored."""
        ...

    def shared_wishes(self, people: Iterable[str]) -> list[CareerWish]:
        """The active wishes these people share with their manager."""
        ...
