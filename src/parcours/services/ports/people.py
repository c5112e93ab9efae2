"""What the people, access-control and audit use cases need from storage (see store/people.py,
store/accounts.py, store/campaigns.py, store/juries.py, store/themes.py, store/audit.py)."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from parcours.domain.people import Assessment, Person, Team


@dataclass(frozen=True, slots=True)
class AuditEvent:
    actor: str
    channel: str  # web, api, cli
    action: str  # read, write, export, erase, login, login_failed, purge, import
    subject: str | None = None  # the person's pseudonym
    detail: str | None = None
    at: datetime | None = None
    id: int | None = None
    # What an erasure or a purge seals into its own event (the audit chain, store/audit.py).
    proof: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class AuditVerification:
    """The outcome of walking the audit chain: the first event that does not check, if any."""

    ok: bool
    events: int  # events checked before the first broken one (all of them when ok)
    head_seq: int
    head_chain: str
    broken_id: int | None = None
    broken_seq: int | None = None
    reason: str | None = None
    broken_at: datetime | None = None
    broken_action: str | None = None


class Redacting(Protocol):
    """An erasure's rewriting of audit events: ``proof`` is sealed into the erase event."""

    @property
    def proof(self) -> dict[str, Any] | None: ...


@dataclass(frozen=True, slots=True)
class SignInFailures:
    """Recent failed sign-ins for one login and one address, with the oldest of each."""

    login: int
    login_oldest: datetime | None
    address: int
    address_oldest: datetime | None


@dataclass(frozen=True, slots=True)
class Account:
    login: str
    roles: frozenset[str]
    display_name: str | None = None
    person: str | None = None
    password_hash: str | None = None
    oidc_subject: str | None = None
    active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = None


class PeopleStore(Protocol):
    def get_person(self, person: str) -> Person | None: ...

    def list_people(
        self,
        *,
        teams: Iterable[str] | None = None,
        include_erased: bool = False,
        limit: int | None = None,
        offset: int = 0,
        job: str | None = None,
        name: str | None = None,  # a fragment of the display name, case-insensitive
    ) -> list[Person]: ...

    def count_people(
        self, *, teams: Iterable[str] | None = None, job: str | None = None
    ) -> int: ...

    def save_person(self, person: Person) -> None: ...

    def upsert_people(
        self, people: Sequence[Person], *, document: str | None, lines: Sequence[int] | None
    ) -> tuple[int, int, int]:
        """(created, updated, unchanged)."""
        ...

    def get_people(self, ids: Sequence[str]) -> dict[str, Person]:
        """The people of ``ids`` that exist, erased ones included (bulk, by chunks)."""
        ...

    def get_team(self, code: str) -> Team | None: ...

    def list_teams(self) -> list[Team]: ...

    def upsert_teams(self, teams: Sequence[Team]) -> int: ...

    def save_teams(self, teams: Sequence[Team]) -> tuple[int, int, int]:
        """Bulk upsert by code: (created, updated, unchanged)."""
        ...

    def teams_managed_by(self, person: str) -> list[str]: ...

    def add_assessments(self, assessments: Sequence[Assessment]) -> int: ...

    def assessments_of(self, person: str) -> list[Assessment]:
        """Every assessment of the person, oldest first (the history)."""
        ...

    def assessments_of_many(self, people: Sequence[str]) -> dict[str, list[Assessment]]: ...

    def assessment_keys(self, people: Sequence[str]) -> set[tuple[str, str, str, date, int]]:
        """(person, competency, source, date, level) of every assessment of ``people``."""
        ...

    def rename_person(self, old: str, new: str) -> None:
        """Re-key a person and every row that names it (erasure)."""
        ...


class AccountStore(Protocol):
    def get(self, login: str) -> Account | None: ...

    def by_oidc_subject(self, subject: str) -> Account | None: ...

    def save(self, account: Account) -> None: ...

    def list(self) -> list[Account]: ...

    def create_session(self, token_hash: str, login: str, expires_at: datetime) -> None: ...

    def session_account(
        self, token_hash: str, now: datetime, idle: timedelta | None = None
    ) -> Account | None:
        """The account of a live session (touching its last use), None when expired, unknown
        or unused for longer than ``idle`` (then the session is deleted)."""
        ...

    def delete_session(self, token_hash: str) -> None: ...

    def delete_sessions_of(self, login: str) -> None: ...

    def delete_tokens_of(self, login: str) -> int: ...

    def recent_failures(self, *, login: str, address: str, since: datetime) -> SignInFailures:
        """Failed sign-ins since ``since`` for this login key and this address key."""
        ...

    def record_failure(self, *, login: str, address: str, at: datetime) -> None: ...

    def clear_failures(self, *, login: str) -> None: ...

    def create_token(
        self, token_hash: str, login: str, name: str, expires_at: datetime | None
    ) -> None: ...

    def token_account(self, token_hash: str, now: datetime) -> Account | None: ...

    def secret(self, name: str, make: str) -> str:
        """The app secret ``name``, stored as ``make`` the first time it is asked for."""
        ...


class JuryMembership(Protocol):
    def juries_of_member(self, login: str) -> frozenset[int]: ...

    def juries_of_candidate(self, person: str) -> frozenset[int]: ...


class AuditStore(Protocol):
    def record(self, event: AuditEvent) -> None: ...

    def list(
        self,
        *,
        subject: str | None = None,
        actor: str | None = None,
        since: datetime | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> list[AuditEvent]: ...

    def search(
        self,
        *,
        subject: str | None = None,
        actor: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = 200,
        offset: int = 0,
    ) -> builtins.list[AuditEvent]:
        """Events newest first, filtered (``until`` excluded); ``limit`` None: all of them."""
        ...

    def count(
        self,
        *,
        subject: str | None = None,
        actor: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> int: ...

    def rename_subject(self, old: str, new: str) -> int: ...

    def redacting(
        self, subject: str, logins: builtins.list[str], needles: builtins.list[str]
    ) -> AbstractContextManager[Redacting]:
        """The block where an erasure rewrites the events naming a person (the only updates
        the append-only log accepts); afterwards the proof of what changed."""
        ...

    def purge_expired(self, before: datetime) -> tuple[int, dict[str, Any] | None]:
        """Delete the events older than ``before``: (count, proof for the purge event)."""
        ...

    def purge_before(self, before: datetime) -> int: ...

    def verify(self) -> AuditVerification: ...
