"""Indexes for the partial reads of a version (issue 10, instant answers): a job's activities
and requirements by job, a competency's requirements by competency.

Revision ID: 0018_fact_indexes
Revises: 0017_search_forms

A job's sheet, a competency's page and the explanations of a packed model read a few rows of
a version; without these indexes each read went through every requirement of the version
(90,533 on ROME 4.0: 17 to 25 ms a query on PostgreSQL, for a job's 57).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0018_fact_indexes"
down_revision: str | Sequence[str] | None = "0017_search_forms"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_job_activity_job", "job_activity", ["version_id", "part", "job_id"])
    op.create_index("ix_requirement_job", "requirement", ["version_id", "part", "job_id"])
    op.create_index(
        "ix_requirement_competency", "requirement", ["version_id", "part", "competency"]
    )


def downgrade() -> None:
    op.drop_index("ix_requirement_competency", table_name="requirement")
    op.drop_index("ix_requirement_job", table_name="requirement")
    op.drop_index("ix_job_activity_job", table_name="job_activity")
