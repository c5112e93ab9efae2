"""What the RGPD use cases need from storage (store/rgpd.py): every row held on one person, read
for the right of access and scrubbed for the right to erasure, and who is due for retention."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from parcours.domain.people import Person


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """The person row with what the domain ``Person`` leaves out: provenance and dates."""

    person: Person
    source_document: str | None = None
    source_line: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One campaign review of the person, with the campaign it belongs to."""

    campaign: int
    campaign_name: str
    referential: str
    starts_on: date
    ends_on: date
    status: str
    self_submitted_at: datetime | None
    manager_submitted_at: datetime | None
    manager_account: str | None
    self_comment: str | None
    manager_comment: str | None


@dataclass(frozen=True, slots=True)
class CandidacyRecord:
    """The person as a candidate before one jury: the evaluations and the computed record."""

    jury: int
    jury_name: str
    referential: str
    certification: str
    held_on: date
    status: str
    evaluations: list[dict[str, Any]]
    record: dict[str, Any] | None
    recorded_by: str | None
    recorded_at: datetime | None
    comment: str | None


@dataclass(frozen=True, slots=True)
class CredentialRecord:
    """A session or an API token of an account: its dates only, never the token or its hash."""

    kind: str  # "session" | "api_token"
    name: str | None
    created_at: datetime | None
    expires_at: datetime | None
    last_used_at: datetime | None


@dataclass(frozen=True, slots=True)
class AccountRecord:
    """An account linked to the person, without its password hash."""

    login: str
    display_name: str | None
    roles: list[str]
    active: bool
    sso: bool  # linked to an SSO identity
    created_at: datetime | None
    credentials: list[CredentialRecord] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ScrubReport:
    """What an erasure changed, counted (never the values themselves)."""

    assessments: int = 0
    reviews: int = 0
    candidacies: int = 0
    accounts_deleted: int = 0
    login_references: int = 0
    audit_details: int = 0
    swept: int = 0  # rows of other tables where a pseudonym, name or login was replaced


class RgpdStore(Protocol):
    def person_record(self, person: str) -> PersonRecord | None: ...

    def reviews_of(self, person: str) -> list[ReviewRecord]: ...

    def candidacies_of(self, person: str) -> list[CandidacyRecord]: ...

    def accounts_of(self, person: str) -> list[AccountRecord]: ...

    def scrub(self, person: str, *, logins: Sequence[str], needles: Sequence[str]) -> ScrubReport:
        """After the person was re-keyed to the anonymous id ``person``: clear its display name,
        leaving date, provenance and every free text held about it (evidence, comments);
        delete the accounts ``logins`` (their sessions and tokens with them) and put ``person``
        in their place wherever a login is named (assessors, reviewers, jury members, audit
        actors); replace each of ``needles`` (old pseudonym, logins, names) by ``person`` in
        the audit details and the jury records; mark the row erased."""
        ...

    def left_before(self, cutoff: date) -> list[str]:
        """The people not yet erased who left before ``cutoff`` (retention)."""
        ...
