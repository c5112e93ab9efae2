"""Career wishes: the target jobs a person follows, shared with their manager or not.

Revision ID: 0012_career_wishes
Revises: 0013_training_catalogue

``career_wish``: one row per person and target job (referential, job key), whether the person
shares it with their manager, their note, and when they stopped following it (``ended_at``:
a wish is ended, never deleted, by its person). Erasure re-keys the rows and clears the note.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_career_wishes"
down_revision: str | Sequence[str] | None = "0013_training_catalogue"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "career_wish",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=64), nullable=False),
        sa.Column("referential", sa.Text(), nullable=False),
        sa.Column("job", sa.String(length=300), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person"],
            ["person.id"],
            name=op.f("fk_career_wish_person_person"),
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_career_wish")),
        sa.UniqueConstraint(
            "person", "referential", "job", name=op.f("uq_career_wish_person_referential_job")
        ),
    )
    with op.batch_alter_table("career_wish", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_career_wish_person"), ["person"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("career_wish", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_career_wish_person"))
    op.drop_table("career_wish")
