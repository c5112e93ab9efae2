"""Competency and job links across referentials, and HR decisions on them.

Revision ID: 0004_links
Revises: 0003_search
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0004_links"
down_revision: str | Sequence[str] | None = "0003_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # filled in with the tables of this revision


def downgrade() -> None:
    pass
