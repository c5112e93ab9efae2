"""The audit log of personal-data reads and writes (table audit_log)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select, update
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
        query = select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc())
        if subject is not None:
            query = query.where(AuditRow.subject == subject)
        if actor is not None:
            query = query.where(AuditRow.actor == actor)
        if since is not None:
            query = query.where(AuditRow.at >= since)
        rows = self.session.scalars(query.limit(limit).offset(offset))
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
            for r in rows
        ]

    def rename_subject(self, old: str, new: str) -> int:
        result = self.session.execute(
            update(AuditRow).where(AuditRow.subject == old).values(subject=new),
            execution_options={"synchronize_session": False},
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def purge_before(self, before: datetime) -> int:
        result = self.session.execute(delete(AuditRow).where(AuditRow.at < before))
        return int(getattr(result, "rowcount", 0) or 0)
