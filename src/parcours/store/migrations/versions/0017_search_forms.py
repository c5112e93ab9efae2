"""The words of the indexed texts with their search terms (issue 10, instant answers): table
``search_form``.

Revision ID: 0017_search_forms
Revises: 0016_mobility_models

A search looked up each word of the query and of the hits shown in the lemmatiser's French
dictionary, which a new process loads first (half a second and more); the index now keeps the
terms of the words it was built from. The table starts empty: filling it needs the
application's normaliser, so the first start after the upgrade re-indexes each referential
(``services.search.reindex_missing``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_search_forms"
down_revision: str | Sequence[str] | None = "0016_mobility_models"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    term = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
    op.create_table(
        "search_form",
        sa.Column("referential_id", sa.Integer(), nullable=False),
        sa.Column("form", term, nullable=False),
        sa.Column("term", term, nullable=False),
        sa.ForeignKeyConstraint(
            ["referential_id"],
            ["referential.id"],
            name=op.f("fk_search_form_referential_id_referential"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("referential_id", "form", name=op.f("pk_search_form")),
    )
    op.create_index("ix_search_form_form", "search_form", ["form"])


def downgrade() -> None:
    op.drop_index("ix_search_form_form", table_name="search_form")
    op.drop_table("search_form")
