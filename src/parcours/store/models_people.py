"""Row classes of personal data and access control (migration 0006_people).

People are keyed by their pseudonym. Rows that belong to a person (assessments, campaign
reviews, jury evaluations) name it with a foreign key that cascades on delete, and are
re-keyed on erasure (see services/rgpd.py). Secrets (password hashes, session and API tokens)
are stored hashed only.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from parcours.store.models import ENUM_VALUE, SHA256, Base, utcnow

PSEUDONYM = String(64)
LOGIN = String(128)


class TeamRow(Base):
    __tablename__ = "team"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str]
    manager: Mapped[str | None] = mapped_column(PSEUDONYM, index=True)
    parent: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PersonRow(Base):
    __tablename__ = "person"

    id: Mapped[str] = mapped_column(PSEUDONYM, primary_key=True)
    display_name: Mapped[str | None]
    referential: Mapped[str | None]
    job: Mapped[str | None]
    team: Mapped[str | None] = mapped_column(String(64), index=True)
    manager: Mapped[str | None] = mapped_column(PSEUDONYM, index=True)
    left_on: Mapped[date | None] = mapped_column(Date)
    erased: Mapped[bool] = mapped_column(default=False)
    source_document: Mapped[str | None]  # the HRIS file and line the row came from
    source_line: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AssessmentRow(Base):
    __tablename__ = "assessment"
    __table_args__ = (
        CheckConstraint("source IN ('self', 'manager', 'jury', 'import')", name="source"),
        CheckConstraint("level BETWEEN 1 AND 4", name="level"),
        Index("ix_assessment_person_competency", "person", "competency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person: Mapped[str] = mapped_column(
        PSEUDONYM, ForeignKey("person.id", ondelete="CASCADE", onupdate="CASCADE")
    )
    competency: Mapped[str]
    level: Mapped[int]
    source: Mapped[str] = mapped_column(String(16))
    scale: Mapped[str] = mapped_column(String(32))
    raw: Mapped[float | None]
    assessed_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    assessor: Mapped[str | None] = mapped_column(LOGIN)
    evidence: Mapped[str | None]
    campaign: Mapped[int | None] = mapped_column(
        ForeignKey("campaign.id", ondelete="SET NULL"), index=True
    )
    document: Mapped[str | None]
    line: Mapped[int | None]


class CampaignRow(Base):
    __tablename__ = "campaign"
    __table_args__ = (CheckConstraint("status IN ('open', 'closed')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    referential: Mapped[str]
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    teams: Mapped[list[str]]
    created_by: Mapped[str | None] = mapped_column(LOGIN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CampaignReviewRow(Base):
    """One person's review in one campaign: when each side submitted, and their comments."""

    __tablename__ = "campaign_review"

    campaign: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True
    )
    person: Mapped[str] = mapped_column(
        PSEUDONYM,
        ForeignKey("person.id", ondelete="CASCADE", onupdate="CASCADE"),
        primary_key=True,
    )
    self_submitted_at: Mapped[datetime | None]
    manager_submitted_at: Mapped[datetime | None]
    manager_account: Mapped[str | None] = mapped_column(LOGIN)
    self_comment: Mapped[str | None]
    manager_comment: Mapped[str | None]


class JuryRow(Base):
    """A jury session for one certification of one referential."""

    __tablename__ = "jury"
    __table_args__ = (CheckConstraint("status IN ('open', 'closed')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    referential: Mapped[str]
    certification: Mapped[str]  # the certification's title in that referential
    held_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    members: Mapped[list[str]]  # account logins
    created_by: Mapped[str | None] = mapped_column(LOGIN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class JuryCandidateRow(Base):
    """A candidate before a jury, with the jury's evaluations and the record computed from them."""

    __tablename__ = "jury_candidate"

    jury: Mapped[int] = mapped_column(ForeignKey("jury.id", ondelete="CASCADE"), primary_key=True)
    person: Mapped[str] = mapped_column(
        PSEUDONYM,
        ForeignKey("person.id", ondelete="CASCADE", onupdate="CASCADE"),
        primary_key=True,
        index=True,
    )
    evaluations: Mapped[list[dict[str, Any]]]  # one per competency: code, criteria, questionnaire
    record: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    recorded_by: Mapped[str | None] = mapped_column(LOGIN)
    recorded_at: Mapped[datetime | None]
    comment: Mapped[str | None]


class RequestThemeRow(Base):
    """A contact-centre request theme: the competencies (and levels) an advisor needs to take it."""

    __tablename__ = "request_theme"
    __table_args__ = (UniqueConstraint("referential", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referential: Mapped[str]
    name: Mapped[str]
    competencies: Mapped[list[dict[str, Any]]]  # {"competency": key, "level": n}
    min_advisors: Mapped[int] = mapped_column(default=2)
    share: Mapped[float | None]  # share of incoming requests, when known


class AccountRow(Base):
    __tablename__ = "account"

    login: Mapped[str] = mapped_column(LOGIN, primary_key=True)
    display_name: Mapped[str | None]
    password_hash: Mapped[str | None]  # None: signs in through the SSO only
    roles: Mapped[list[str]]
    person: Mapped[str | None] = mapped_column(
        PSEUDONYM, ForeignKey("person.id", ondelete="SET NULL", onupdate="CASCADE"), index=True
    )
    oidc_subject: Mapped[str | None] = mapped_column(unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebSessionRow(Base):
    __tablename__ = "web_session"

    token_hash: Mapped[str] = mapped_column(SHA256, primary_key=True)
    account: Mapped[str] = mapped_column(
        LOGIN, ForeignKey("account.login", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiTokenRow(Base):
    __tablename__ = "api_token"

    token_hash: Mapped[str] = mapped_column(SHA256, primary_key=True)
    account: Mapped[str] = mapped_column(
        LOGIN, ForeignKey("account.login", ondelete="CASCADE"), index=True
    )
    name: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class AppSecretRow(Base):
    """Secrets the app makes itself and shares between processes (the CSRF signing key)."""

    __tablename__ = "app_secret"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str]


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(LOGIN)
    channel: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(ENUM_VALUE)
    subject: Mapped[str | None] = mapped_column(PSEUDONYM, index=True)
    detail: Mapped[str | None]
    # The hash chain (store/audit_chain.py, migration 0009_operations): the position in commit
    # order, the digest of the content as written, the chain value, and what an erasure or a
    # purge seals into its own event (the digests of the events it redacted, the chain values
    # bridging the events it deleted).
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    digest: Mapped[str | None] = mapped_column(SHA256)
    chain: Mapped[str | None] = mapped_column(SHA256)
    proof: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
