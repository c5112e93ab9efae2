"""The link repository: proposed links, their evidence, HR decisions, canonical groups.

Implements ``services.ports.links.LinkStore`` on the tables of ``models_links``; the same
SQL runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, and_, delete, func, or_, select
from sqlalchemy.orm import Session

from parcours.domain.links import (
    CanonicalGroup,
    Decision,
    DecisionAction,
    Endpoint,
    Evidence,
    GroupMember,
    Link,
    LinkKind,
    LinkRelation,
    LinkStatus,
    Signal,
)
from parcours.services.ports.links import LinkQuery, link_search_text, search_key
from parcours.store.chunking import chunks
from parcours.store.models import utcnow
from parcours.store.models_links import (
    LinkDecisionRow,
    LinkGroupMemberRow,
    LinkGroupRow,
    LinkRow,
)


def _evidence_to_json(evidence: Iterable[Evidence]) -> list[dict[str, Any]]:
    return [{"signal": e.signal.value, "value": e.value, "detail": e.detail} for e in evidence]


def _evidence_from_json(items: Iterable[dict[str, Any]]) -> list[Evidence]:
    return [
        Evidence(Signal(i["signal"]), float(i["value"]), str(i.get("detail", ""))) for i in items
    ]


def _to_link(row: LinkRow) -> Link:
    return Link(
        kind=LinkKind(row.kind),
        source=Endpoint(row.source_referential, row.source_key),
        target=Endpoint(row.target_referential, row.target_key),
        relation=LinkRelation(row.relation),
        score=row.score,
        evidence=_evidence_from_json(row.evidence),
        status=LinkStatus(row.status),
        note=row.note,
        source_label=row.source_label,
        target_label=row.target_label,
        source_fingerprint=row.source_fingerprint,
        target_fingerprint=row.target_fingerprint,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
    )


def _fill(row: LinkRow, link: Link) -> None:
    row.kind = link.kind.value
    row.source_referential = link.source.referential
    row.source_key = link.source.key
    row.source_label = link.source_label
    row.source_fingerprint = link.source_fingerprint
    row.target_referential = link.target.referential
    row.target_key = link.target.key
    row.target_label = link.target_label
    row.target_fingerprint = link.target_fingerprint
    row.relation = link.relation.value
    row.score = link.score
    row.evidence = _evidence_to_json(link.evidence)
    row.status = link.status.value
    row.note = link.note
    row.decided_by = link.decided_by
    row.decided_at = link.decided_at
    row.search_text = link_search_text(link)
    row.updated_at = utcnow()


class LinkRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- links ---------------------------------------------------------------------------

    def get(self, link_id: str) -> Link | None:
        row = self.session.get(LinkRow, link_id)
        return _to_link(row) if row is not None else None

    def _where(self, statement: Select[Any], query: LinkQuery) -> Select[Any]:
        if query.kind is not None:
            statement = statement.where(LinkRow.kind == query.kind.value)
        if query.statuses:
            statement = statement.where(LinkRow.status.in_([s.value for s in query.statuses]))
        if query.relations:
            statement = statement.where(LinkRow.relation.in_([r.value for r in query.relations]))
        if query.min_score is not None:
            statement = statement.where(LinkRow.score >= query.min_score)
        if query.referential is not None and query.other is not None:
            a, b = query.referential, query.other
            statement = statement.where(
                or_(
                    and_(LinkRow.source_referential == a, LinkRow.target_referential == b),
                    and_(LinkRow.source_referential == b, LinkRow.target_referential == a),
                )
            )
        else:
            for name in (query.referential, query.other):
                if name is not None:
                    statement = statement.where(
                        or_(LinkRow.source_referential == name, LinkRow.target_referential == name)
                    )
        if query.search:
            wanted = search_key(query.search)
            if wanted:
                statement = statement.where(LinkRow.search_text.contains(wanted, autoescape=True))
        return statement

    def find(self, query: LinkQuery, *, limit: int | None = None, offset: int = 0) -> list[Link]:
        statement = self._where(select(LinkRow), query).order_by(LinkRow.score.desc(), LinkRow.id)
        if offset:
            statement = statement.offset(offset)
        if limit is not None:
            statement = statement.limit(limit)
        return [_to_link(row) for row in self.session.scalars(statement)]

    def count(self, query: LinkQuery) -> int:
        statement = self._where(select(func.count()).select_from(LinkRow), query)
        return int(self.session.scalar(statement) or 0)

    def touching(self, referential: str) -> list[Link]:
        return self.find(LinkQuery(referential=referential))

    def save(self, links: Sequence[Link]) -> None:
        by_id = {link.id: link for link in links}
        ids = list(by_id)
        for chunk in chunks(ids):
            for row in self.session.scalars(select(LinkRow).where(LinkRow.id.in_(chunk))):
                _fill(row, by_id.pop(row.id))
        for link_id, link in by_id.items():
            row = LinkRow(id=link_id, created_at=utcnow())
            _fill(row, link)
            self.session.add(row)
        self.session.flush()

    def delete(self, link_ids: Iterable[str]) -> None:
        ids = list(link_ids)
        for chunk in chunks(ids):
            self.session.execute(delete(LinkRow).where(LinkRow.id.in_(chunk)))

    # -- decisions -----------------------------------------------------------------------

    def record(self, decision: Decision) -> None:
        self.session.add(
            LinkDecisionRow(
                at=decision.at,
                action=decision.action.value,
                kind=decision.kind.value,
                link_id=decision.link_id,
                group_id=decision.group_id,
                endpoints=[[e.referential, e.key] for e in decision.endpoints],
                user=decision.user,
                note=decision.note,
            )
        )

    def history(
        self, *, link_id: str | None = None, group_id: str | None = None, limit: int = 100
    ) -> list[Decision]:
        self.session.flush()
        statement = select(LinkDecisionRow)
        if link_id is not None:
            statement = statement.where(LinkDecisionRow.link_id == link_id)
        if group_id is not None:
            statement = statement.where(LinkDecisionRow.group_id == group_id)
        statement = statement.order_by(LinkDecisionRow.at.desc(), LinkDecisionRow.id.desc())
        return [
            Decision(
                action=DecisionAction(row.action),
                user=row.user,
                at=row.at,
                kind=LinkKind(row.kind),
                link_id=row.link_id,
                group_id=row.group_id,
                endpoints=tuple(Endpoint(r, k) for r, k in row.endpoints),
                note=row.note,
            )
            for row in self.session.scalars(statement.limit(limit))
        ]

    # -- canonical groups ----------------------------------------------------------------

    def _groups(self, rows: Sequence[LinkGroupRow]) -> list[CanonicalGroup]:
        if not rows:
            return []
        members: dict[str, list[GroupMember]] = {row.id: [] for row in rows}
        for chunk in chunks(list(members)):
            statement = (
                select(LinkGroupMemberRow)
                .where(LinkGroupMemberRow.group_id.in_(chunk))
                .order_by(LinkGroupMemberRow.referential, LinkGroupMemberRow.item_key)
            )
            for m in self.session.scalars(statement):
                members[m.group_id].append(
                    GroupMember(Endpoint(m.referential, m.item_key), m.label)
                )
        return [
            CanonicalGroup(
                id=row.id,
                kind=LinkKind(row.kind),
                members=members[row.id],
                label=row.label,
                created_by=row.created_by,
                created_at=row.created_at,
            )
            for row in rows
        ]

    def revision(self) -> str:
        """A stamp that changes with every decision and every group change: what the cached
        map depends on (decisions are append-only, so their highest id moves on each one)."""
        last = self.session.scalar(select(func.max(LinkDecisionRow.id)))
        groups = self.session.execute(
            select(func.count(), func.max(LinkGroupRow.updated_at)).select_from(LinkGroupRow)
        ).one()
        return f"{last or 0}:{groups[0]}:{groups[1]}"

    def groups(self, kind: LinkKind | None = None) -> list[CanonicalGroup]:
        statement = select(LinkGroupRow).order_by(LinkGroupRow.id)
        if kind is not None:
            statement = statement.where(LinkGroupRow.kind == kind.value)
        return self._groups(list(self.session.scalars(statement)))

    def group(self, group_id: str) -> CanonicalGroup | None:
        row = self.session.get(LinkGroupRow, group_id)
        return self._groups([row])[0] if row is not None else None

    def group_of(self, kind: LinkKind, end: Endpoint) -> CanonicalGroup | None:
        statement = select(LinkGroupMemberRow.group_id).where(
            LinkGroupMemberRow.kind == kind.value,
            LinkGroupMemberRow.referential == end.referential,
            LinkGroupMemberRow.item_key == end.key,
        )
        group_id = self.session.scalar(statement)
        return self.group(group_id) if group_id is not None else None

    def save_group(self, group: CanonicalGroup) -> None:
        self.save_groups([group])

    def save_groups(self, groups: Sequence[CanonicalGroup]) -> None:
        """``save_group`` for many groups at once (their members disjoint): a few statements
        per 500 groups or members instead of a few per group (a bulk link decision)."""
        if not groups:
            return
        ids = [g.id for g in groups]
        rows: dict[str, LinkGroupRow] = {}
        for chunk in chunks(ids):
            statement = select(LinkGroupRow).where(LinkGroupRow.id.in_(chunk))
            rows.update((stored.id, stored) for stored in self.session.scalars(statement))
        now = utcnow()
        for group in groups:
            row = rows.get(group.id)
            if row is None:
                row = LinkGroupRow(
                    id=group.id, created_by=group.created_by, created_at=group.created_at
                )
                self.session.add(row)
            row.kind = group.kind.value
            row.label = group.label
            row.updated_at = now
        for chunk in chunks(ids):
            self.session.execute(
                delete(LinkGroupMemberRow).where(LinkGroupMemberRow.group_id.in_(chunk))
            )
        items: dict[tuple[str, str], list[str]] = {}  # an item is in one group: out of others
        for group in groups:
            for member in group.members:
                where = (group.kind.value, member.endpoint.referential)
                items.setdefault(where, []).append(member.endpoint.key)
        for (kind, referential), keys in items.items():
            for chunk in chunks(keys):
                self.session.execute(
                    delete(LinkGroupMemberRow).where(
                        LinkGroupMemberRow.kind == kind,
                        LinkGroupMemberRow.referential == referential,
                        LinkGroupMemberRow.item_key.in_(chunk),
                    )
                )
        self.session.flush()
        self.session.add_all(
            LinkGroupMemberRow(
                group_id=group.id,
                kind=group.kind.value,
                referential=m.endpoint.referential,
                item_key=m.endpoint.key,
                label=m.label,
            )
            for group in groups
            for m in group.members
        )
        self.session.flush()

    def delete_group(self, group_id: str) -> None:
        self.session.execute(
            delete(LinkGroupMemberRow).where(LinkGroupMemberRow.group_id == group_id)
        )
        self.session.execute(delete(LinkGroupRow).where(LinkGroupRow.id == group_id))
