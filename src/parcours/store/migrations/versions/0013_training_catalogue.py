"""The bank's training catalogue (issue 14): table ``catalogue_training``.

Revision ID: 0013_training_catalogue
Revises: 0010_requirement_details (0011 and 0012 were not there yet: chain onto the latest)

One row per training, keyed by its code: title, duration (as worded and in hours), modality,
provider, the competencies it develops with the level reached (JSON), prerequisites (JSON),
cost, where it came from (file and line, or typed in the app) and who changed it last.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from parcours.store.models import UTCDateTime

revision: str = "0013_training_catalogue"
down_revision: str | Sequence[str] | None = "0010_requirement_details"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "catalogue_training",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("duration", sa.Text(), nullable=True),
        sa.Column("hours", sa.Double(), nullable=True),
        sa.Column("modality", sa.String(length=16), nullable=True),
        sa.Column("provider", sa.Text(), nullable=True),
        sa.Column("competencies", sa.JSON(), nullable=False),
        sa.Column("prerequisites", sa.JSON(), nullable=False),
        sa.Column("cost", sa.Double(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_training")),
        sa.UniqueConstraint("key", name=op.f("uq_catalogue_training_key")),
    )


def downgrade() -> None:
    op.drop_table("catalogue_training")
