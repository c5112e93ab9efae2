"""Search index: normalised documents and their vocabulary.

Revision ID: 0003_search
Revises: 0002_job_code

The tables ``search_document`` and ``search_term`` are models (``store/models_search.py``).
The full-text index over the documents' term columns is dialect-specific and created here only:

- SQLite: ``search_fts``, an FTS5 virtual table (rowid = ``search_document.id``), ranked with
  bm25 and column weights;
- PostgreSQL: ``search_fts``, one weighted tsvector per document (the 'simple' configuration
  over terms that parcours has already normalised) with a GIN index, ranked with ts_rank.

On PostgreSQL the vocabulary's terms use the "C" collation (byte order, so that a range scan
finds the terms starting with a prefix), and typo look-ups filter them with pg_trgm's
similarity. pg_trgm is created in the ``public`` schema when it is missing (rather than in the
current schema, so that dropping a schema never drops the extension that others use).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003_search"
down_revision: str | Sequence[str] | None = "0002_job_code"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Byte order on PostgreSQL (the default collation may be a language's), as in the models.
TERM = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
TOKEN_COLUMNS = ("tokens_title", "tokens_alt", "tokens_label", "tokens_body", "tokens_details")


def upgrade() -> None:
    op.create_table(
        "search_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referential_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in TOKEN_COLUMNS),
        sa.ForeignKeyConstraint(
            ["referential_id"],
            ["referential.id"],
            name=op.f("fk_search_document_referential_id_referential"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_document")),
        sa.UniqueConstraint(
            "referential_id", "kind", "key", name=op.f("uq_search_document_referential_id_kind_key")
        ),
    )
    op.create_table(
        "search_term",
        sa.Column("referential_id", sa.Integer(), nullable=False),
        sa.Column("term", TERM, nullable=False),
        sa.Column("reversed_term", TERM, nullable=False),
        sa.Column("document_frequency", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["referential_id"],
            ["referential.id"],
            name=op.f("fk_search_term_referential_id_referential"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("referential_id", "term", name=op.f("pk_search_term")),
    )
    op.create_index(op.f("ix_search_term_term"), "search_term", ["term"], unique=False)
    op.create_index(
        op.f("ix_search_term_reversed_term"), "search_term", ["reversed_term"], unique=False
    )

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        columns = ", ".join(TOKEN_COLUMNS)
        op.execute(f"CREATE VIRTUAL TABLE search_fts USING fts5({columns}, tokenize = 'ascii')")
    elif dialect == "postgresql":
        op.create_table(
            "search_fts",
            sa.Column("document_id", sa.Integer(), nullable=False),
            sa.Column("tsv", postgresql.TSVECTOR(), nullable=False),
            sa.ForeignKeyConstraint(
                ["document_id"],
                ["search_document.id"],
                name="search_fts_document_id_fkey",
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("document_id", name="search_fts_pkey"),
        )
        op.execute("CREATE INDEX search_fts_tsv ON search_fts USING gin (tsv)")
        _create_pg_trgm()


def _create_pg_trgm() -> None:
    """Create pg_trgm in ``public`` unless the database has it (in whatever schema)."""
    bind = op.get_bind()
    # Two migrations at once on a new database must not both try to create the extension.
    bind.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('parcours:pg_trgm'))"))
    exists = bind.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"))
    if exists.scalar() is None:
        bind.execute(sa.text("CREATE EXTENSION pg_trgm WITH SCHEMA public"))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
    elif dialect == "postgresql":
        op.drop_table("search_fts")  # pg_trgm stays: other schemas may use it
    op.drop_index(op.f("ix_search_term_reversed_term"), table_name="search_term")
    op.drop_index(op.f("ix_search_term_term"), table_name="search_term")
    op.drop_table("search_term")
    op.drop_table("search_document")
