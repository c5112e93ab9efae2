"""HR's corrections and the documents' text (issue 13): tables ``correction``, ``document_line``.

Revision ID: 0014_corrections
Revises: 0012_career_wishes

``correction``: one row per correction of one field of one fact of a referential (never
deleted; a withdrawn one keeps its row with who withdrew it and when). ``document_line``: the
text lines an importer read from each document, keyed by the document's sha256 and the line
number provenance uses, so a source can quote its passage.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from parcours.store.models import UTCDateTime

revision: str = "0014_corrections"
down_revision: str | Sequence[str] | None = "0012_career_wishes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referential", sa.Text(), nullable=False),
        sa.Column("fact", sa.String(length=16), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("competency", sa.Text(), nullable=True),
        sa.Column("field", sa.String(length=16), nullable=False),
        sa.Column("original", sa.Text(), nullable=True),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        sa.Column("withdrawn_by", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correction")),
    )
    op.create_index(op.f("ix_correction_referential"), "correction", ["referential"])
    op.create_table(
        "document_line",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "number", name=op.f("pk_document_line")),
    )


def downgrade() -> None:
    op.drop_table("document_line")
    op.drop_index(op.f("ix_correction_referential"), table_name="correction")
    op.drop_table("correction")
