"""The audit log of personal-data reads and writes (table audit_log), append-only and chained.

- ``record`` adds an event with the digest of its content; when the transaction commits, the
  events it added get the next sequence numbers and chain values, under a lock of the chain's
  head (``audit_head``), so the chain follows commit order on every database.
- The table refuses UPDATE and DELETE (triggers of migration 0009_operations) except while this
  repository unlocks it for the two sanctioned changes: an erasure's redaction (``redacting``:
  the events it rewrites keep their digest, and their new digests are sealed into the erase
  event) and the purge of expired events (``purge_expired``: the chain values bridging the
  deleted events are sealed into the purge event).
- ``verify`` walks the whole chain and names the first event that does not check.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, event, func, or_, select, text, update
from sqlalchemy.orm import Session

from parcours.services.ports.people import AuditEvent, AuditVerification
from parcours.store.audit_chain import GENESIS, content_digest, link
from parcours.store.models_ops import AuditHeadRow
from parcours.store.models_people import AuditRow

PENDING = "parcours_audit_pending"
UNLOCKED = "parcours_audit_unlocked"
CHUNK = 2000


def _digest_of(row: AuditRow) -> str:
    return content_digest(
        at=row.at,
        actor=row.actor,
        channel=row.channel,
        action=row.action,
        subject=row.subject,
        detail=row.detail,
        proof=row.proof,
    )


def _seal(session: Session) -> None:
    """Before a commit: give the events this transaction added their place in the chain."""
    pending: list[AuditRow] = session.info.pop(PENDING, [])
    if not pending:
        return
    head = session.scalar(
        select(AuditHeadRow)
        .where(AuditHeadRow.id == 1)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if head is None:  # a database migrated before the head row existed: start it
        head = AuditHeadRow(id=1, seq=0, chain=GENESIS)
        session.add(head)
    for row in sorted(pending, key=lambda r: r.id):
        if row.digest is None:
            continue
        seq = head.seq + 1
        row.seq = seq
        row.chain = link(head.chain, seq, row.digest)
        head.seq, head.chain = seq, row.chain
    session.flush()


def unlock_audit(session: Session, unlocked: bool) -> None:
    """Let this transaction update or delete audit events (erasure, purge), or stop it."""
    name = session.get_bind().dialect.name
    if name == "sqlite":
        session.execute(text("SELECT parcours_audit_unlock(:v)"), {"v": int(unlocked)})
    elif name == "postgresql":
        session.execute(
            text("SELECT set_config('parcours.audit_unlocked', :v, true)"),
            {"v": "on" if unlocked else "off"},
        )


@dataclass(slots=True)
class Redaction:
    """What an erasure rewrote in the audit log: the new digest of each event it changed."""

    digests: dict[str, str] = field(default_factory=dict)

    @property
    def proof(self) -> dict[str, Any] | None:
        return {"redacts": dict(sorted(self.digests.items()))} if self.digests else None


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        if not event.contains(session, "before_commit", _seal):
            event.listen(session, "before_commit", _seal)

    def record(self, event: AuditEvent) -> None:
        row = AuditRow(
            at=event.at or datetime.now(UTC),
            actor=event.actor,
            channel=event.channel,
            action=event.action,
            subject=event.subject,
            detail=event.detail,
            proof=event.proof,
        )
        row.digest = _digest_of(row)
        self.session.add(row)
        self.session.flush()
        self.session.info.setdefault(PENDING, []).append(row)

    def list(
        self,
        *,
        subject: str | None = None,
        actor: str | None = None,
        since: datetime | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> builtins.list[AuditEvent]:
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

    # --- the sanctioned changes -------------------------------------------------------------

    @contextmanager
    def unlocked(self) -> Iterator[None]:
        """The block where this transaction may update or delete events (re-entrant)."""
        depth = int(self.session.info.get(UNLOCKED, 0))
        if depth == 0:
            unlock_audit(self.session, True)
        self.session.info[UNLOCKED] = depth + 1
        try:
            yield
        finally:
            self.session.info[UNLOCKED] = depth
            if depth == 0:
                self.session.flush()
                unlock_audit(self.session, False)

    @contextmanager
    def redacting(
        self, subject: str, logins: builtins.list[str], needles: builtins.list[str]
    ) -> Iterator[Redaction]:
        """An erasure's rewriting of the events that name a person: inside the block the
        table accepts updates; afterwards ``Redaction.proof`` holds the new digest of every
        event whose content changed, to be sealed into the erase event."""
        self.session.flush()
        matches: builtins.list[ColumnElement[bool]] = [AuditRow.subject == subject]
        if logins:
            matches.append(AuditRow.actor.in_(logins))
        matches += [AuditRow.detail.contains(n, autoescape=True) for n in needles if n]
        before = {
            row.id: _digest_of(row)
            for row in self.session.scalars(select(AuditRow).where(or_(*matches)))
        }
        redaction = Redaction()
        with self.unlocked():
            yield redaction
            self.session.flush()
        ids = builtins.list(before)
        for start in range(0, len(ids), CHUNK):
            query = select(AuditRow).where(AuditRow.id.in_(ids[start : start + CHUNK]))
            for row in self.session.scalars(query.execution_options(populate_existing=True)):
                now = _digest_of(row)
                if now != before[row.id]:
                    redaction.digests[str(row.id)] = now

    def rename_subject(self, old: str, new: str) -> int:
        with self.unlocked():
            result = self.session.execute(
                update(AuditRow).where(AuditRow.subject == old).values(subject=new),
                execution_options={"synchronize_session": False},
            )
        return int(getattr(result, "rowcount", 0) or 0)

    def purge_expired(self, before: datetime) -> tuple[int, dict[str, Any] | None]:
        """Delete the sealed events older than ``before``: (how many, the proof to seal into
        the purge event: the chain value bridging each run of deleted events, and the
        redactions and bridges of deleted erase and purge events that still matter)."""
        self.session.flush()
        doomed: dict[int, str] = {}
        proofs: builtins.list[dict[str, Any]] = []
        query = (
            select(AuditRow.seq, AuditRow.chain, AuditRow.proof)
            .where(AuditRow.at < before, AuditRow.seq.is_not(None))
            .order_by(AuditRow.seq)
        )
        for seq, chain, proof in self.session.execute(query):
            doomed[int(seq)] = str(chain)
            if proof:
                proofs.append(proof)
        if not doomed:
            return 0, None
        bridges: dict[str, str] = {}
        redacts: dict[str, str] = {}
        for proof in proofs:  # in chain order: later ones win
            bridges.update(proof.get("bridges", {}))
            redacts.update(proof.get("redacts", {}))
        for seq, chain in doomed.items():
            if seq + 1 not in doomed:
                bridges[str(seq + 1)] = chain
        bridges = {k: v for k, v in bridges.items() if int(k) not in doomed}
        seqs = builtins.list(doomed)
        deleted = 0
        with self.unlocked():
            for start in range(0, len(seqs), CHUNK):
                result = self.session.execute(
                    delete(AuditRow).where(AuditRow.seq.in_(seqs[start : start + CHUNK])),
                    execution_options={"synchronize_session": False},
                )
                deleted += int(getattr(result, "rowcount", 0) or 0)
        if redacts:
            kept: set[str] = set()
            keys = builtins.list(redacts)
            for start in range(0, len(keys), CHUNK):
                ids = [int(k) for k in keys[start : start + CHUNK]]
                kept |= {
                    str(i)
                    for i in self.session.scalars(select(AuditRow.id).where(AuditRow.id.in_(ids)))
                }
            redacts = {k: v for k, v in redacts.items() if k in kept}
        sealed: dict[str, Any] = {
            "deleted": deleted,
            "bridges": dict(sorted(bridges.items(), key=lambda kv: int(kv[0]))),
        }
        if redacts:
            sealed["redacts"] = redacts
        return deleted, sealed

    def purge_before(self, before: datetime) -> int:
        """Delete the events older than ``before`` and seal the proof into a purge event of
        the system (``purge_expired`` for a caller that writes its own purge event)."""
        deleted, proof = self.purge_expired(before)
        if proof is not None:
            self.record(
                AuditEvent(
                    actor="système",
                    channel="cli",
                    action="purge",
                    detail=f"{deleted} événement(s) d'audit supprimé(s)",
                    proof=proof,
                )
            )
        return deleted

    # --- verification -----------------------------------------------------------------------

    def verify(self) -> AuditVerification:
        """Walk the chain in order: every link, every content digest (or the digest an
        erasure sealed), the bridges over purged events, and the head."""
        bridges: dict[int, str] = {}
        redacts: dict[int, str] = {}
        proofs = select(AuditRow.proof).where(AuditRow.proof.is_not(None)).order_by(AuditRow.seq)
        for (proof,) in self.session.execute(proofs):
            bridges.update({int(k): v for k, v in proof.get("bridges", {}).items()})
            redacts.update({int(k): v for k, v in proof.get("redacts", {}).items()})
        head = self.session.get(AuditHeadRow, 1)
        unsealed = self.session.scalar(
            select(AuditRow.id).where(AuditRow.seq.is_(None)).order_by(AuditRow.id).limit(1)
        )
        previous, expected, checked = GENESIS, 1, 0
        last_seq = 0
        query = select(AuditRow).where(AuditRow.seq.is_not(None)).order_by(AuditRow.seq)
        result = self.session.execute(query.execution_options(yield_per=CHUNK))
        for row in result.scalars():
            seq = int(row.seq or 0)
            if seq != expected:
                bridge = bridges.get(seq)
                if bridge is None:
                    return self._broken(
                        head,
                        checked,
                        row,
                        f"événement(s) {expected} à {seq - 1} manquant(s) "
                        "sans purge qui les couvre",
                    )
                previous = bridge
            if row.digest is None or row.chain != link(previous, seq, row.digest):
                return self._broken(
                    head, checked, row, "chaînage rompu (empreinte ou ordre modifié)"
                )
            if _digest_of(row) != redacts.get(row.id, row.digest):
                return self._broken(head, checked, row, "contenu modifié après son enregistrement")
            previous, expected, last_seq = str(row.chain), seq + 1, seq
            checked += 1
        result.close()
        if unsealed is not None:
            return AuditVerification(
                ok=False,
                events=checked,
                head_seq=head.seq if head else 0,
                head_chain=head.chain if head else GENESIS,
                broken_id=int(unsealed),
                broken_seq=None,
                reason="événement hors de la chaîne (inséré sans passer par parcours)",
            )
        head_seq = head.seq if head else 0
        head_chain = head.chain if head else GENESIS
        if head_seq != last_seq or head_chain != previous:
            return AuditVerification(
                ok=False,
                events=checked,
                head_seq=head_seq,
                head_chain=head_chain,
                broken_id=None,
                broken_seq=last_seq + 1,
                reason=f"fin du journal supprimée ou tête modifiée : la tête annonce l'événement "
                f"{head_seq}, le dernier présent est le {last_seq}",
            )
        return AuditVerification(ok=True, events=checked, head_seq=head_seq, head_chain=head_chain)

    def _broken(
        self, head: AuditHeadRow | None, checked: int, row: AuditRow, reason: str
    ) -> AuditVerification:
        return AuditVerification(
            ok=False,
            events=checked,
            head_seq=head.seq if head else 0,
            head_chain=head.chain if head else GENESIS,
            broken_id=row.id,
            broken_seq=row.seq,
            reason=reason,
            broken_at=row.at,
            broken_action=row.action,
        )
