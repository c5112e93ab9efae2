"""What a document says about a competency for one job, kept on the requirement.

Revision ID: 0010_requirement_details
Revises: 0009_operations

``requirement.details``: a JSON list of strings, ``[]`` for the requirements already stored
(their documents gave the details to the competency, as they did before this revision).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_requirement_details"
down_revision: str | Sequence[str] | None = "0009_operations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("requirement") as batch:
        batch.add_column(
            sa.Column("details", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("requirement") as batch:
        batch.drop_column("details")
