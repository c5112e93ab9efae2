"""What the jury use cases need from storage (store/juries.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from parcours.services.ports.people import JuryMembership


@dataclass(frozen=True, slots=True)
class Jury:
    """A jury session for one certification (by title) of one referential (by name)."""

    id: int
    name: str
    referential: str
    certification: str
    held_on: date
    members: tuple[str, ...]  # account logins
    status: str = "open"  # open | closed
    created_by: str | None = None
    created_at: datetime | None = None

    @property
    def closed(self) -> bool:
        return self.status == "closed"


@dataclass(frozen=True, slots=True)
class JuryCandidate:
    """A candidate before a jury: the stored evaluations (plain dicts, see domain.jury) and the
    stored record (``{"version": n, "history": [...], **record_to_dict(record)}``)."""

    jury: int
    person: str
    evaluations: list[dict[str, Any]] = field(default_factory=list)
    record: dict[str, Any] | None = None
    recorded_by: str | None = None
    recorded_at: datetime | None = None
    comment: str | None = None


class JuryStore(JuryMembership, Protocol):
    def create_jury(
        self,
        *,
        name: str,
        referential: str,
        certification: str,
        held_on: date,
        members: Iterable[str],
        created_by: str | None,
    ) -> Jury: ...

    def get_jury(self, jury: int) -> Jury | None: ...

    def list_juries(self, ids: Iterable[int] | None = None) -> list[Jury]:
        """Every jury (``ids`` None) or those named, latest session first."""
        ...

    def set_status(self, jury: int, status: str) -> None: ...

    def add_candidate(self, jury: int, person: str) -> JuryCandidate: ...

    def get_candidate(self, jury: int, person: str) -> JuryCandidate | None: ...

    def candidates(self, jury: int) -> list[JuryCandidate]: ...

    def save_evaluation(
        self,
        jury: int,
        person: str,
        *,
        evaluations: list[dict[str, Any]],
        record: dict[str, Any],
        recorded_by: str,
        recorded_at: datetime,
        comment: str | None,
    ) -> JuryCandidate: ...
