"""A job's code in its source taxonomy (ROME codes).

Revision ID: 0002_job_code
Revises: 0f3c1a7e5b21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_job_code"
down_revision: str | Sequence[str] | None = "0f3c1a7e5b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("code", sa.Text(), nullable=True))
        batch.create_index("ix_job_code", ["code"])


def downgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.drop_index("ix_job_code")
        batch.drop_column("code")
