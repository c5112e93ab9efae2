"""Search index: normalised documents and their vocabulary.

Revision ID: 0003_search
Revises: 0002_job_code
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0003_search"
down_revision: str | Sequence[str] | None = "0002_job_code"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # filled in with the tables of this revision


def downgrade() -> None:
    pass
