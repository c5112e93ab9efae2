"""The search index repository (SQLite FTS5, PostgreSQL full-text and trigrams).

Both databases answer the same questions with their own means, and give the same answers:

- which documents contain, for every group of terms, one of its terms: an FTS5 ``MATCH`` on
  SQLite, a tsvector ``@@`` tsquery on PostgreSQL (both over the terms parcours normalised, so
  neither applies a language of its own). When more than the cap match, the database's own
  rank (bm25 with column weights, ts_rank with weights) chooses which ones are returned;
- which vocabulary terms may be one edit away from a term: a superset that the caller narrows
  down. Both look up the terms that share the term's first half (a range on ``term``) or its
  last half (a range on ``reversed_term``), since one edit leaves one of the two halves whole;
  PostgreSQL keeps those whose trigram similarity (pg_trgm) reaches a bound that no term one
  edit away falls below. (The trigram index alone was measured 50 times slower than the two
  btree ranges on a 12,000-term vocabulary: 20 ms against 0.4 ms per term.)

The repository never commits: the unit of work does.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Row, bindparam, delete, func, select, text
from sqlalchemy.orm import Session

from parcours.services.ports.search import Candidate, IndexDocument, Matches
from parcours.store.bulk import insert_many, refresh_statistics
from parcours.store.chunking import chunks
from parcours.store.models import ReferentialRow
from parcours.store.models_search import SearchDocumentRow, SearchFormRow, SearchTermRow
from parcours.store.snapshot import table_of

# Weight classes of the index documents, in the order of the token columns.
CLASSES = ("title", "alt", "label", "body", "details")
TOKEN_COLUMNS = tuple(f"tokens_{cls}" for cls in CLASSES)
# bm25 weights of the FTS5 columns (SQLite), and ts_rank weights {D, C, B, A} (PostgreSQL:
# A title, B alternative titles, C labels, D activities, definitions and details).
BM25_WEIGHTS = (10.0, 5.0, 3.0, 1.5, 1.0)
TS_RANK_WEIGHTS = "{0.1, 0.3, 0.5, 1.0}"
# Core tables: a bulk insert through them skips the ORM's per-row bookkeeping.
_DOCUMENTS = table_of(SearchDocumentRow)
_TERMS = table_of(SearchTermRow)
_FORMS = table_of(SearchFormRow)


class SearchRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name
        self._trgm_schema: str | None = None

    # --- writing ----------------------------------------------------------------------------

    def replace_referential(
        self,
        name: str,
        version: int,
        documents: Sequence[IndexDocument],
        vocabulary: Mapping[str, int],
        forms: Mapping[str, str] | None = None,
    ) -> None:
        referential_id = self._referential_id(name)
        if referential_id is None:
            raise ValueError(f"unknown referential: {name!r}")
        self._delete(referential_id)
        rows = [
            {
                "referential_id": referential_id,
                "version": version,
                "kind": document.kind,
                "key": document.key,
                "label": document.label,
                "fields": [list(item) for item in document.fields],
                **{
                    column: document.tokens.get(cls, "")
                    for cls, column in zip(CLASSES, TOKEN_COLUMNS, strict=True)
                },
            }
            for document in documents
        ]
        insert_many(self.session, _DOCUMENTS, rows)
        terms = [
            {
                "referential_id": referential_id,
                "term": term,
                "reversed_term": term[::-1],
                "document_frequency": frequency,
            }
            for term, frequency in sorted(vocabulary.items())
        ]
        insert_many(self.session, _TERMS, terms)
        insert_many(
            self.session,
            _FORMS,
            [
                {"referential_id": referential_id, "form": form, "term": term}
                for form, term in sorted((forms or {}).items())
            ],
        )
        self._fill_full_text(referential_id)
        # A fresh index planned from stale statistics: a query of a word that no document has
        # took 70 ms instead of 2 ms (25,000 documents).
        refresh_statistics(
            self.session,
            {
                "search_document": len(rows),
                "search_fts": len(rows),
                "search_term": len(terms),
                "search_form": len(forms or {}),
            },
        )

    def _delete(self, referential_id: int) -> None:
        if self.dialect == "sqlite":
            self.session.execute(
                text(
                    "DELETE FROM search_fts WHERE rowid IN "
                    "(SELECT id FROM search_document WHERE referential_id = :r)"
                ),
                {"r": referential_id},
            )
        # On PostgreSQL, search_fts rows go with their document (ON DELETE CASCADE).
        self.session.execute(
            delete(SearchDocumentRow).where(SearchDocumentRow.referential_id == referential_id)
        )
        self.session.execute(
            delete(SearchTermRow).where(SearchTermRow.referential_id == referential_id)
        )
        self.session.execute(
            delete(SearchFormRow).where(SearchFormRow.referential_id == referential_id)
        )

    def _fill_full_text(self, referential_id: int) -> None:
        columns = ", ".join(TOKEN_COLUMNS)
        if self.dialect == "sqlite":
            statement = (
                f"INSERT INTO search_fts (rowid, {columns}) SELECT id, {columns} "
                "FROM search_document WHERE referential_id = :r"
            )
        else:
            vector = (
                "setweight(to_tsvector('simple', tokens_title), 'A') || "
                "setweight(to_tsvector('simple', tokens_alt), 'B') || "
                "setweight(to_tsvector('simple', tokens_label), 'C') || "
                "setweight(to_tsvector('simple', tokens_body || ' ' || tokens_details), 'D')"
            )
            statement = (
                f"INSERT INTO search_fts (document_id, tsv) SELECT id, {vector} "
                "FROM search_document WHERE referential_id = :r"
            )
        self.session.execute(text(statement), {"r": referential_id})

    # --- reading ----------------------------------------------------------------------------

    def document_count(self, *, referential: str | None = None) -> int:
        query = select(func.count()).select_from(SearchDocumentRow)
        if referential is not None:
            query = query.where(SearchDocumentRow.referential_id == self._id_query(referential))
        return self.session.scalar(query) or 0

    def is_indexed(self, referential: str) -> bool:
        query = select(SearchDocumentRow.id).where(
            SearchDocumentRow.referential_id == self._id_query(referential)
        )
        return self.session.execute(query.limit(1)).first() is not None

    def has_forms(self, referential: str) -> bool:
        query = select(SearchFormRow.form).where(
            SearchFormRow.referential_id == self._id_query(referential)
        )
        return self.session.execute(query.limit(1)).first() is not None

    def known_forms(self, words: Collection[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for part in chunks(sorted(set(words))):
            query = select(SearchFormRow.form, SearchFormRow.term).where(
                SearchFormRow.form.in_(part)
            )
            out.update((form, term) for form, term in self.session.execute(query).all())
        return out

    def term_frequencies(
        self, terms: Collection[str], *, referential: str | None = None
    ) -> dict[str, int]:
        if not terms:
            return {}
        query = (
            select(SearchTermRow.term, func.sum(SearchTermRow.document_frequency))
            .where(SearchTermRow.term.in_(sorted(set(terms))))
            .group_by(SearchTermRow.term)
        )
        if referential is not None:
            query = query.where(SearchTermRow.referential_id == self._id_query(referential))
        return {term: int(total) for term, total in self.session.execute(query).all()}

    def spelling_candidates(self, term: str, *, referential: str | None = None) -> set[str]:
        # One edit leaves the term's first half or its last half whole: the terms that share
        # one of them (two range scans of the btree indexes on term and reversed_term), of a
        # length within one of the term's.
        length, half = len(term), len(term) // 2
        prefix, suffix = term[:half], term[half + 1 :][::-1]
        condition = (
            "((term >= :p AND term < :p_end) OR (reversed_term >= :s AND reversed_term < :s_end))"
            " AND length(term) BETWEEN :short AND :long"
        )
        params: dict[str, Any] = {
            "p": prefix,
            "p_end": _after(prefix),
            "s": suffix,
            "s_end": _after(suffix),
            "short": length - 1,
            "long": length + 1,
            "name": referential,
            "term": term,
            "bound": _trigram_bound(term),
        }
        if self.dialect == "postgresql":
            # And a trigram similarity that no term one edit away falls below (pg_trgm).
            similarity = f'"{self._pg_trgm_schema()}".similarity'
            condition += f" AND {similarity}(term, :term) >= :bound"
        if referential is not None:
            condition += f" AND referential_id = ({_ID_SQL})"
        statement = f"SELECT DISTINCT term FROM search_term WHERE {condition}"
        return set(self.session.scalars(text(statement), params).all())

    def completions(
        self, prefix: str, *, referential: str | None = None, limit: int = 20
    ) -> list[str]:
        # A range scan of the btree index on term (LIKE would need escaping and, on
        # PostgreSQL, a C collation to use the index).
        total = func.sum(SearchTermRow.document_frequency)
        query = (
            select(SearchTermRow.term)
            .where(SearchTermRow.term > prefix, SearchTermRow.term < _after(prefix))
            .group_by(SearchTermRow.term)
            .order_by(total.desc(), SearchTermRow.term)
            .limit(limit)
        )
        if referential is not None:
            query = query.where(SearchTermRow.referential_id == self._id_query(referential))
        return list(self.session.scalars(query).all())

    def match(
        self,
        groups: Sequence[Sequence[str]],
        *,
        kinds: Sequence[str],
        referential: str | None = None,
        cap: int = 400,
    ) -> dict[str, Matches]:
        found: dict[str, Matches] = {kind: Matches() for kind in kinds}
        if not kinds or not groups or any(not group for group in groups):
            return found
        # One pass over the full-text index: every match ranked by the database within its
        # kind, the first ``cap`` of each kind kept, with the number of matches of the kind.
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        if self.dialect == "sqlite":
            query = " AND ".join("(" + " OR ".join(f'"{t}"' for t in g) + ")" for g in groups)
            # MATERIALIZED: bm25 may only be called in the query over the FTS5 table itself.
            hits = (
                f"SELECT rowid AS id, bm25(search_fts, {weights}) AS score "
                "FROM search_fts WHERE search_fts MATCH :q"
            )
            cte, order = f"WITH hits AS MATERIALIZED ({hits})", "h.score, h.id"
        else:
            query = " & ".join("(" + " | ".join(g) + ")" for g in groups)
            hits = (
                f"SELECT document_id AS id, ts_rank('{TS_RANK_WEIGHTS}', tsv, q) AS score "
                "FROM search_fts, to_tsquery('simple', :q) AS q WHERE tsv @@ q"
            )
            cte, order = f"WITH hits AS ({hits})", "h.score DESC, h.id"
        scope = "" if referential is None else f" AND d.referential_id = ({_ID_SQL})"
        statement = text(
            f"{cte} SELECT id, kind, total FROM ("
            "SELECT h.id AS id, d.kind AS kind, "
            f"row_number() OVER (PARTITION BY d.kind ORDER BY {order}) AS position, "
            "count(*) OVER (PARTITION BY d.kind) AS total "
            "FROM hits h JOIN search_document d ON d.id = h.id "
            f"WHERE d.kind IN :kinds{scope}"
            ") AS ranked WHERE position <= :cap"
        ).bindparams(bindparam("kinds", expanding=True))
        params = {"q": query, "kinds": list(kinds), "name": referential, "cap": cap}
        rows = self.session.execute(statement, params).all()
        totals = {kind: total for _, kind, total in rows}
        candidates = self._candidates([doc_id for doc_id, _, _ in rows])
        for kind in kinds:
            found[kind] = Matches([c for c in candidates if c.kind == kind], totals.get(kind, 0))
        return found

    def _candidates(self, ids: list[int]) -> list[Candidate]:
        if not ids:
            return []
        query = (
            select(
                SearchDocumentRow.id,
                SearchDocumentRow.kind,
                ReferentialRow.name,
                SearchDocumentRow.key,
                SearchDocumentRow.label,
                *(getattr(SearchDocumentRow, column) for column in TOKEN_COLUMNS),
            )
            .join(ReferentialRow, ReferentialRow.id == SearchDocumentRow.referential_id)
            .where(SearchDocumentRow.id.in_(ids))
        )
        return [_candidate(row) for row in self.session.execute(query).all()]

    def fields(self, ids: Collection[int]) -> dict[int, list[tuple[str, str]]]:
        if not ids:
            return {}
        query = select(SearchDocumentRow.id, SearchDocumentRow.fields).where(
            SearchDocumentRow.id.in_(sorted(set(ids)))
        )
        return {
            doc_id: [(name, value) for name, value in fields]
            for doc_id, fields in self.session.execute(query).all()
        }

    # --- helpers ----------------------------------------------------------------------------

    def _referential_id(self, name: str) -> int | None:
        return self.session.scalar(select(ReferentialRow.id).where(ReferentialRow.name == name))

    def _id_query(self, name: str) -> Any:
        return select(ReferentialRow.id).where(ReferentialRow.name == name).scalar_subquery()

    def _pg_trgm_schema(self) -> str:
        if self._trgm_schema is None:
            self._trgm_schema = self.session.scalar(
                text(
                    "SELECT n.nspname FROM pg_extension e "
                    "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
                )
            )
            if self._trgm_schema is None:
                raise RuntimeError("the pg_trgm extension is missing (migration 0003_search)")
        return self._trgm_schema


_ID_SQL = "SELECT id FROM referential WHERE name = :name"


def _candidate(row: Row[Any]) -> Candidate:
    doc_id, kind, referential, key, label, *tokens = tuple(row)
    return Candidate(doc_id, kind, referential, key, label, dict(zip(CLASSES, tokens, strict=True)))


def _after(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix`` (ASCII terms)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else "\x7f"


def _trigram_bound(term: str) -> float:
    """A similarity that every term one edit away from ``term`` reaches (pg_trgm's measure).

    pg_trgm pads a word with two spaces before and one after and takes its distinct trigrams.
    One edit (insertion, deletion, replacement, or a swap of two adjacent letters) touches at
    most four trigram positions of either word, so with ``n`` distinct trigrams in ``term``
    at least ``n - 4`` are shared and at most ``n + 4`` are in the union: the similarity is at
    least (n - 4) / (n + 4). A little is taken off for float rounding. Zero or less: no bound.
    """
    padded = f"  {term} "
    count = len({padded[i : i + 3] for i in range(len(padded) - 2)})
    return (count - 4) / (count + 4) - 1e-4
