"""Operations: the audit log chained and append-only; recent sign-in failures.

Revision ID: 0009_operations
Revises: 0008_assessors

- ``audit_log`` gets ``seq`` (position in commit order), ``digest`` (SHA-256 of the content as
  written), ``chain`` (SHA-256 of the previous chain value, ``seq`` and ``digest``) and
  ``proof`` (what an erasure or a purge seals into its own event); the events already held are
  sealed in id order (store/audit_chain.py). ``audit_head`` holds the last sealed event.
- Triggers make the log append-only: UPDATE and DELETE are refused unless the transaction was
  unlocked by parcours for an erasure's redaction or the purge of expired events
  (``parcours.audit_unlocked`` on PostgreSQL, ``parcours_audit_unlocked()`` on SQLite, a
  function each connection of parcours registers: another tool cannot change the log).
- ``signin_failure``: the failed sign-ins of the throttling window (hashed login and address).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from parcours.store.audit_chain import GENESIS, content_digest, link
from parcours.store.models import UTCDateTime

revision: str = "0009_operations"
down_revision: str | Sequence[str] | None = "0008_assessors"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSED_UPDATE = "journal d''audit en ajout seul : modification refusée"
REFUSED_DELETE = "journal d''audit en ajout seul : suppression refusée"

POSTGRES_GUARD = f"""
CREATE FUNCTION parcours_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  unlocked boolean := coalesce(current_setting('parcours.audit_unlocked', true), '') = 'on';
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    IF unlocked THEN RETURN NULL; END IF;
    RAISE EXCEPTION '{REFUSED_DELETE}';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF NEW.digest IS NOT DISTINCT FROM OLD.digest
       AND NEW.at IS NOT DISTINCT FROM OLD.at
       AND NEW.action IS NOT DISTINCT FROM OLD.action
       AND NEW.proof::text IS NOT DISTINCT FROM OLD.proof::text THEN
      IF OLD.seq IS NULL THEN RETURN NEW; END IF;  -- sealing at commit
      IF unlocked AND NEW.seq IS NOT DISTINCT FROM OLD.seq
         AND NEW.chain IS NOT DISTINCT FROM OLD.chain THEN
        RETURN NEW;  -- an erasure's redaction
      END IF;
    END IF;
    RAISE EXCEPTION '{REFUSED_UPDATE} (événement %)', OLD.id;
  END IF;
  IF unlocked THEN RETURN OLD; END IF;
  RAISE EXCEPTION '{REFUSED_DELETE} (événement %)', OLD.id;
END
$$
"""

SQLITE_TRIGGERS = (
    f"""
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
WHEN NOT (
  NEW.digest IS OLD.digest AND NEW.at IS OLD.at AND NEW.action IS OLD.action
  AND NEW.proof IS OLD.proof
  AND (OLD.seq IS NULL
       OR (parcours_audit_unlocked() AND NEW.seq IS OLD.seq AND NEW.chain IS OLD.chain))
)
BEGIN SELECT RAISE(ABORT, '{REFUSED_UPDATE}'); END
""",
    f"""
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
WHEN NOT parcours_audit_unlocked()
BEGIN SELECT RAISE(ABORT, '{REFUSED_DELETE}'); END
""",
)


def _seal_existing() -> None:
    bind = op.get_bind()
    audit = sa.table(
        "audit_log",
        sa.column("id", sa.Integer()),
        sa.column("at", UTCDateTime()),
        sa.column("actor", sa.Text()),
        sa.column("channel", sa.Text()),
        sa.column("action", sa.Text()),
        sa.column("subject", sa.Text()),
        sa.column("detail", sa.Text()),
        sa.column("seq", sa.BigInteger()),
        sa.column("digest", sa.String(64)),
        sa.column("chain", sa.String(64)),
    )
    rows = bind.execute(
        sa.select(
            audit.c.id,
            audit.c.at,
            audit.c.actor,
            audit.c.channel,
            audit.c.action,
            audit.c.subject,
            audit.c.detail,
        ).order_by(audit.c.id)
    ).all()
    chain, updates = GENESIS, []
    for seq, (row_id, at, actor, channel, action, subject, detail) in enumerate(rows, start=1):
        digest = content_digest(
            at=at,
            actor=actor,
            channel=channel,
            action=action,
            subject=subject,
            detail=detail,
            proof=None,
        )
        chain = link(chain, seq, digest)
        updates.append({"row": row_id, "seq": seq, "digest": digest, "chain": chain})
    if updates:
        bind.execute(
            sa.update(audit)
            .where(audit.c.id == sa.bindparam("row"))
            .values(
                seq=sa.bindparam("seq"), digest=sa.bindparam("digest"), chain=sa.bindparam("chain")
            ),
            updates,
        )
    head = sa.table(
        "audit_head",
        sa.column("id", sa.Integer()),
        sa.column("seq", sa.BigInteger()),
        sa.column("chain", sa.String(64)),
    )
    bind.execute(sa.insert(head).values(id=1, seq=len(updates), chain=chain))


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("digest", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("chain", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("proof", sa.JSON(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_audit_log_seq"), ["seq"])
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("chain", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.create_table(
        "signin_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signin_failure")),
    )
    with op.batch_alter_table("signin_failure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signin_failure_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_signin_failure_login"), ["login"], unique=False)
        batch_op.create_index(batch_op.f("ix_signin_failure_address"), ["address"], unique=False)
    _seal_existing()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_GUARD)
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION parcours_audit_guard()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION parcours_audit_guard()"
        )
    elif op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS parcours_audit_guard()")
    elif op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only_delete")
    with op.batch_alter_table("signin_failure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signin_failure_address"))
        batch_op.drop_index(batch_op.f("ix_signin_failure_login"))
        batch_op.drop_index(batch_op.f("ix_signin_failure_at"))
    op.drop_table("signin_failure")
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_log_seq"), type_="unique")
        batch_op.drop_column("proof")
        batch_op.drop_column("chain")
        batch_op.drop_column("digest")
        batch_op.drop_column("seq")
