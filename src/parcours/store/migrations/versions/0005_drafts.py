"""Import drafts: uploaded documents and their parse report, waiting to be published.

Revision ID: 0005_drafts
Revises: 0004_links
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_drafts"
down_revision: str | Sequence[str] | None = "0004_links"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "draft_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("referential", sa.Text(), nullable=True),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'published', 'discarded')", name=op.f("ck_draft_import_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_import")),
    )
    op.create_index(op.f("ix_draft_import_created_at"), "draft_import", ["created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_draft_import_created_at"), table_name="draft_import")
    op.drop_table("draft_import")
