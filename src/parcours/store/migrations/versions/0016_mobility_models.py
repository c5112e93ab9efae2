"""Packed mobility models (issue 10, instant answers): table ``mobility_model``.

Revision ID: 0016_mobility_models
Revises: 0015_text_embeddings

One row per referential: its latest version's similarity model, packed by
``engine/packing.py``, so that a new process loads it instead of rebuilding it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from parcours.store.models import UTCDateTime

revision: str = "0016_mobility_models"
down_revision: str | Sequence[str] | None = "0015_text_embeddings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mobility_model",
        sa.Column("referential", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("version_created_at", UTCDateTime(), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("built_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("referential", name=op.f("pk_mobility_model")),
    )


def downgrade() -> None:
    op.drop_table("mobility_model")
