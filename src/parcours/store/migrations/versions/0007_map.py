"""The organisation's map: each referential's declared role (organisation or reference).

Revision ID: 0007_map
Revises: 0006_people
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_map"
down_revision: str | Sequence[str] | None = "0006_people"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("referential") as batch:
        batch.add_column(sa.Column("map_role", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("map_role_by", sa.Text(), nullable=True))
        batch.add_column(sa.Column("map_role_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("referential") as batch:
        batch.drop_column("map_role_at")
        batch.drop_column("map_role_by")
        batch.drop_column("map_role")
