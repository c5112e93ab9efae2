"""The semantic channel's vectors (issue 10): table ``text_embedding``.

Revision ID: 0015_text_embeddings
Revises: 0014_corrections

One row per encoder and text (``digest``: SHA-256 of both), the vector as float16 bytes:
a re-import encodes only the texts it has not seen.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from parcours.store.models import UTCDateTime

revision: str = "0015_text_embeddings"
down_revision: str | Sequence[str] | None = "0014_corrections"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "text_embedding",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("dimension", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_text_embedding")),
    )


def downgrade() -> None:
    op.drop_table("text_embedding")
