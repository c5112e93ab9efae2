"""Row classes of operations: the audit chain's head and recent sign-in failures
(migration 0009_operations)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from parcours.store.models import SHA256, Base, utcnow


class AuditHeadRow(Base):
    """The last sealed event of the audit log (one row, id 1): its sequence number and chain
    value. Sealing an event locks this row, so events are chained in commit order."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    chain: Mapped[str] = mapped_column(SHA256)


class SignInFailureRow(Base):
    """A failed sign-in, kept for the throttling window: the login and the address are stored
    as keyed hashes (never in clear), shared by every worker through the database."""

    __tablename__ = "signin_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    login: Mapped[str] = mapped_column(SHA256, index=True)
    address: Mapped[str] = mapped_column(SHA256, index=True)
