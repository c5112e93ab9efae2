"""Competency and job links across referentials, and HR decisions on them.

Revision ID: 0004_links
Revises: 0003_search
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_links"
down_revision: str | Sequence[str] | None = "0003_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "link",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source_referential", sa.Text(), nullable=False),
        sa.Column("source_key", sa.Text(), nullable=False),
        sa.Column("source_label", sa.Text(), nullable=False),
        sa.Column("source_fingerprint", sa.String(length=32), nullable=False),
        sa.Column("target_referential", sa.Text(), nullable=False),
        sa.Column("target_key", sa.Text(), nullable=False),
        sa.Column("target_label", sa.Text(), nullable=False),
        sa.Column("target_fingerprint", sa.String(length=32), nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('competency', 'job')", name=op.f("ck_link_kind")),
        sa.CheckConstraint(
            "relation IN ('exact', 'close', 'broader', 'narrower', 'related')",
            name=op.f("ck_link_relation"),
        ),
        sa.CheckConstraint(
            "status IN ('proposed', 'accepted', 'rejected')", name=op.f("ck_link_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link")),
    )
    op.create_index(
        op.f("ix_link_source_referential"), "link", ["source_referential"], unique=False
    )
    op.create_index(
        op.f("ix_link_target_referential"), "link", ["target_referential"], unique=False
    )
    op.create_index(op.f("ix_link_status_score"), "link", ["status", "score"], unique=False)

    op.create_table(
        "link_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("link_id", sa.String(length=24), nullable=True),
        sa.Column("group_id", sa.String(length=24), nullable=True),
        sa.Column("endpoints", sa.JSON(), nullable=False),
        sa.Column("user", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_decision")),
    )
    op.create_index(op.f("ix_link_decision_at"), "link_decision", ["at"], unique=False)
    op.create_index(op.f("ix_link_decision_link_id"), "link_decision", ["link_id"], unique=False)
    op.create_index(op.f("ix_link_decision_group_id"), "link_decision", ["group_id"], unique=False)

    op.create_table(
        "link_group",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("label", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('competency', 'job')", name=op.f("ck_link_group_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_group")),
    )

    op.create_table(
        "link_group_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("referential", sa.Text(), nullable=False),
        sa.Column("item_key", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["link_group.id"],
            name=op.f("fk_link_group_member_group_id_link_group"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_group_member")),
        sa.UniqueConstraint(
            "kind",
            "referential",
            "item_key",
            name=op.f("uq_link_group_member_kind_referential_item_key"),
        ),
    )
    op.create_index(
        op.f("ix_link_group_member_group_id"), "link_group_member", ["group_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("link_group_member")
    op.drop_table("link_group")
    op.drop_table("link_decision")
    op.drop_table("link")
