"""Initial schema: referentials, versions and their parts, facts, provenance, import log.

Revision ID: 0f3c1a7e5b21
Revises:
Create Date: 2026-11-27 22:20:48.501373
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0f3c1a7e5b21"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("family", sa.String(length=32), nullable=True),
        sa.Column("referential", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "status IN ('imported', 'unchanged', 'failed')", name=op.f("ck_import_log_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_log")),
    )
    op.create_index(op.f("ix_import_log_at"), "import_log", ["at"], unique=False)

    op.create_table(
        "referential",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("organisation", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referential")),
        sa.UniqueConstraint("name", name=op.f("uq_referential_name")),
    )
    op.create_table(
        "source_document",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("format", sa.Text(), nullable=False),
        sa.Column("family", sa.String(length=32), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_source_document")),
    )
    op.create_table(
        "referential_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referential_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("organisation", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('published', 'draft')", name=op.f("ck_referential_version_status")
        ),
        sa.ForeignKeyConstraint(
            ["referential_id"],
            ["referential.id"],
            name=op.f("fk_referential_version_referential_id_referential"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referential_version")),
        sa.UniqueConstraint(
            "referential_id", "number", name=op.f("uq_referential_version_referential_id_number")
        ),
    )
    op.create_index(
        op.f("ix_referential_version_referential_id"),
        "referential_version",
        ["referential_id"],
        unique=False,
    )

    op.create_table(
        "certification",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("level", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_certification_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "part", "id", name=op.f("pk_certification")),
        sa.UniqueConstraint(
            "version_id", "part", "key", name=op.f("uq_certification_version_id_part_key")
        ),
    )
    op.create_table(
        "certification_activity",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("certification_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("tasks", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_certification_activity_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "part", "id", name=op.f("pk_certification_activity")),
    )
    op.create_table(
        "certification_block",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("certification_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_certification_block_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "part", "id", name=op.f("pk_certification_block")),
    )
    op.create_table(
        "certification_competency",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("block_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("block_code", sa.Text(), nullable=True),
        sa.Column("activity_codes", sa.JSON(), nullable=False),
        sa.Column("modalities", sa.JSON(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_certification_competency_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "version_id", "part", "id", name=op.f("pk_certification_competency")
        ),
    )
    op.create_table(
        "competency",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("category", sa.Text(), nullable=True),
        sa.Column("domain", sa.Text(), nullable=True),
        sa.Column("definition", sa.Text(), nullable=True),
        sa.Column("indicators", sa.JSON(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("codes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_competency_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "part", "id", name=op.f("pk_competency")),
        sa.UniqueConstraint(
            "version_id", "part", "key", name=op.f("uq_competency_version_id_part_key")
        ),
    )
    op.create_table(
        "job",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("grade", sa.Text(), nullable=True),
        sa.Column("classification", sa.Text(), nullable=True),
        sa.Column("level", sa.Text(), nullable=True),
        sa.Column("family", sa.Text(), nullable=True),
        sa.Column("filiere", sa.Text(), nullable=True),
        sa.Column("metier", sa.Text(), nullable=True),
        sa.Column("purpose", sa.JSON(), nullable=False),
        sa.Column("alt_titles", sa.JSON(), nullable=False),
        sa.Column("access_conditions", sa.JSON(), nullable=False),
        sa.Column("reporting_line", sa.Text(), nullable=True),
        sa.Column("workplace", sa.Text(), nullable=True),
        sa.Column("headcount", sa.Text(), nullable=True),
        sa.Column("employer", sa.Text(), nullable=True),
        sa.Column("environment", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("has_sheet", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_job_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "part", "id", name=op.f("pk_job")),
        sa.UniqueConstraint("version_id", "part", "key", name=op.f("uq_job_version_id_part_key")),
    )
    op.create_table(
        "job_activity",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("domain", sa.Text(), nullable=True),
        sa.Column("code", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_job_activity_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "part", "id", name=op.f("pk_job_activity")),
    )
    op.create_table(
        "matrix",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("item_kind", sa.Text(), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_matrix_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "part", "id", name=op.f("pk_matrix")),
    )
    op.create_table(
        "matrix_row",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("matrix_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("group_name", sa.Text(), nullable=True),
        sa.Column("cells", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_matrix_row_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "part", "id", name=op.f("pk_matrix_row")),
    )
    op.create_table(
        "mobility",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_mobility_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "part", "id", name=op.f("pk_mobility")),
    )
    op.create_table(
        "note",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_note_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "part", "id", name=op.f("pk_note")),
    )
    op.create_table(
        "provenance",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("fact_table", sa.String(length=32), nullable=False),
        sa.Column("fact_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("document_sha", sa.String(length=64), nullable=False),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("end_line", sa.Integer(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_provenance_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "version_id", "part", "fact_table", "fact_id", "position", name=op.f("pk_provenance")
        ),
    )
    op.create_index(
        op.f("ix_provenance_document_sha"), "provenance", ["document_sha"], unique=False
    )

    op.create_table(
        "requirement",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("competency", sa.Text(), nullable=False),
        sa.Column("importance", sa.String(length=32), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_requirement_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "part", "id", name=op.f("pk_requirement")),
    )
    op.create_table(
        "training",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("duration", sa.Text(), nullable=True),
        sa.Column("validation", sa.Text(), nullable=True),
        sa.Column("competencies", sa.JSON(), nullable=False),
        sa.Column("transitions", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_training_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "part", "id", name=op.f("pk_training")),
        sa.UniqueConstraint(
            "version_id", "part", "key", name=op.f("uq_training_version_id_part_key")
        ),
    )
    op.create_table(
        "validation_rule",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("certification_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("threshold", sa.Double(), nullable=True),
        sa.Column("competency_codes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_validation_rule_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "part", "id", name=op.f("pk_validation_rule")),
    )
    op.create_table(
        "version_document",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("slot", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("format", sa.Text(), nullable=False),
        sa.Column("family", sa.String(length=32), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["source_document.sha256"],
            name=op.f("fk_version_document_sha256_source_document"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_version_document_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "part", "id", name=op.f("pk_version_document")),
        sa.UniqueConstraint(
            "version_id", "part", "slot", name=op.f("uq_version_document_version_id_part_slot")
        ),
    )
    op.create_index(
        op.f("ix_version_document_sha256"), "version_document", ["sha256"], unique=False
    )

    op.create_table(
        "version_part",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("slot", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("format", sa.Text(), nullable=False),
        sa.Column("family", sa.String(length=32), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("organisation", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("content_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["source_document.sha256"],
            name=op.f("fk_version_part_sha256_source_document"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referential_version.id"],
            name=op.f("fk_version_part_version_id_referential_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "part", name=op.f("pk_version_part")),
    )
    op.create_index(op.f("ix_version_part_sha256"), "version_part", ["sha256"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_version_part_sha256"), table_name="version_part")

    op.drop_table("version_part")
    op.drop_index(op.f("ix_version_document_sha256"), table_name="version_document")

    op.drop_table("version_document")
    op.drop_table("validation_rule")
    op.drop_table("training")
    op.drop_table("requirement")
    op.drop_index(op.f("ix_provenance_document_sha"), table_name="provenance")

    op.drop_table("provenance")
    op.drop_table("note")
    op.drop_table("mobility")
    op.drop_table("matrix_row")
    op.drop_table("matrix")
    op.drop_table("job_activity")
    op.drop_table("job")
    op.drop_table("competency")
    op.drop_table("certification_competency")
    op.drop_table("certification_block")
    op.drop_table("certification_activity")
    op.drop_table("certification")
    op.drop_index(op.f("ix_referential_version_referential_id"), table_name="referential_version")

    op.drop_table("referential_version")
    op.drop_table("source_document")
    op.drop_table("referential")
    op.drop_index(op.f("ix_import_log_at"), table_name="import_log")

    op.drop_table("import_log")
