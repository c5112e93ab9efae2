"""The audit log of personal-data reads and writes (table audit_log)."""

from __future__ import annotations

import builtins
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session

from parcours.services.ports_people import AuditEvent
from parcours.store.models_people import AuditRow


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, event: AuditEvent) -> None:
        self.session.add(
            AuditRow(
                at=event.at or datetime.now(UTC),
                actor=event.actor,
                channel=event.channel,
                action=event.action,
                subject=event.subject,
                detail=event.detail,
            )
        )
        self.session.flush()

    def list(
        self,
        *,
        subject: str | None = None,
        actor: str | None = None,
        since: datetime | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> list[AuditEvent]:
        """Events newest first (``search`` with the filters the port has always had)."""
        return self.search(subject=subject, actor=actor, since=since, limit=limit, offset=offset)

    def _filtered(
        self,
        query: Select[Any],
        subject: str | None,
        actor: str | None,
        action: str | None,
        since: datetime | None,
        until: datetime | None,
    ) -> Select[Any]:
        if subject is not None:
            query = query.where(AuditRow.subject == subject)
        if actor is not None:
            query = query.where(AuditRow.actor == actor)
        if action is not None:
            query = query.where(AuditRow.action == action)
        if since is not None:
            query = query.where(AuditRow.at >= since)
        if until is not None:
            query = query.where(AuditRow.at < until)
        return query

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
        query = self._filtered(
            select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()),
            subject,
            actor,
            action,
            since,
            until,
        )
        if limit is not None:
            query = query.limit(limit)
        return [
            AuditEvent(
                actor=r.actor,
                channel=r.channel,
                action=r.action,
                subject=r.subject,
                detail=r.detail,
                at=r.at,
                id=r.id,
            )
            for r in self.session.scalars(query.offset(offset))
        ]

    def count(
        self,
        *,
        subject: str | None = None,
        actor: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> int:
        query = self._filtered(
            select(func.count()).select_from(AuditRow), subject, actor, action, since, until
        )
        return int(self.session.scalar(query) or 0)

    def rename_subject(self, old: str, new: str) -> int:
        result = self.session.execute(
            update(AuditRow).where(AuditRow.subject == old).values(subject=new),
            execution_options={"synchronize_session": False},
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def purge_before(self, before: datetime) -> int:
        result = self.session.execute(delete(AuditRow).where(AuditRow.at < before))
        return int(getattr(result, "rowcount", 0) or 0)
