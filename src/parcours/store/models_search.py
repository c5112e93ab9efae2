"""Row classes of the search tables (see migration 0003_search).

``search_document`` holds one row per job, competency and certification of the latest version
of each referential: its raw fields (for display and highlights) and, per weight class, its
search terms joined by spaces. ``search_term`` is the vocabulary (term -> number of documents
of the referential containing it) that typo tolerance looks words up in. ``search_form`` keeps
each folded word of the indexed texts with its search term (migration 0017_search_forms), so
that a query's words and the hits' words are not lemmatised again in every process.

The full-text index over the term columns is dialect-specific and is not a model: migration
0003 creates it as ``search_fts``, an FTS5 virtual table on SQLite (rowid = document id), a
table of tsvectors with a GIN index on PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parcours.store.models import Base


class SearchDocumentRow(Base):
    __tablename__ = "search_document"
    __table_args__ = (UniqueConstraint("referential_id", "kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed by the unique constraint, whose first column it is.
    referential_id: Mapped[int] = mapped_column(ForeignKey("referential.id", ondelete="CASCADE"))
    version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str]
    label: Mapped[str]
    # [[field name, raw text], ...] in document order.
    fields: Mapped[list[list[str]]]
    # Search terms of the fields of each weight class, joined by spaces (repeats kept).
    tokens_title: Mapped[str]
    tokens_alt: Mapped[str]
    tokens_label: Mapped[str]
    tokens_body: Mapped[str]
    tokens_details: Mapped[str]


# Terms are ASCII: byte order on PostgreSQL too (the database's default collation may be a
# language's), so that the terms starting with a prefix are one range of the index.
TERM = Text().with_variant(Text(collation="C"), "postgresql")


class SearchTermRow(Base):
    """A term of a referential's vocabulary; ``reversed_term`` serves suffix look-ups."""

    __tablename__ = "search_term"
    __table_args__ = (
        Index("ix_search_term_term", "term"),
        Index("ix_search_term_reversed_term", "reversed_term"),
    )

    referential_id: Mapped[int] = mapped_column(
        ForeignKey("referential.id", ondelete="CASCADE"), primary_key=True
    )
    term: Mapped[str] = mapped_column(TERM, primary_key=True)
    reversed_term: Mapped[str] = mapped_column(TERM)
    document_frequency: Mapped[int]


class SearchFormRow(Base):
    """A folded word of a referential's indexed texts and its search term."""

    __tablename__ = "search_form"
    __table_args__ = (Index("ix_search_form_form", "form"),)

    referential_id: Mapped[int] = mapped_column(
        ForeignKey("referential.id", ondelete="CASCADE"), primary_key=True
    )
    form: Mapped[str] = mapped_column(TERM, primary_key=True)
    term: Mapped[str] = mapped_column(TERM)
