"""Search over jobs, competencies and certifications of the latest referential versions.

The index is rebuilt for a referential inside the transaction that stores its new version
(``reindex_referential``, called by the import). A query is turned into search terms (the same
normalisation as the indexed text); a term the vocabulary does not know is replaced by the
vocabulary terms one typo away; the store finds the documents containing every term, and the
engine ranks them and marks the matched words.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.referential import Referential
from parcours.engine.normalise import all_words, remember_terms
from parcours.engine.search import (
    KIND_NAMES,
    KINDS,
    MIN_TYPO_LENGTH,
    Highlight,
    QueryTerm,
    Scored,
    SearchHit,
    SearchResults,
    build_hit,
    document_frequencies,
    index_documents,
    index_forms,
    query_terms,
    rank,
    resolve_terms,
)
from parcours.services.ports import UnitOfWork, UowFactory

__all__ = [
    "KINDS",
    "KIND_NAMES",
    "Highlight",
    "QueryTerm",
    "SearchHit",
    "SearchResults",
    "reindex_all",
    "reindex_missing",
    "reindex_referential",
    "search",
]


# At most this many documents of a kind are ranked here (the database's own rank picks them
# when more match, and then the two databases may differ in what they pick).
CANDIDATE_CAP = 200
# Search as you type: a word being typed is completed once it has this many letters, into at
# most this many vocabulary terms (the most frequent: "con" starts hundreds of them).
MIN_PREFIX_LENGTH = 2
COMPLETIONS = 40


def reindex_referential(uow: UnitOfWork, *, name: str, referential: Referential) -> None:
    """Bring the search index of ``name`` to ``referential`` (its new latest version)."""
    documents = index_documents(referential)
    uow.search.replace_referential(
        name,
        referential.version,
        documents,
        document_frequencies(documents),
        index_forms(documents),
    )


def reindex_all(uow_factory: UowFactory) -> dict[str, int]:
    """Rebuild the index of every referential from its latest version (for a database whose
    referentials were imported before the index existed); returns name -> documents indexed."""
    counts: dict[str, int] = {}
    with uow_factory() as uow:
        for name in uow.referentials.latest_versions():
            referential = uow.referentials.get(name)
            if referential is None:
                continue
            reindex_referential(uow, name=name, referential=referential)
            counts[name] = uow.search.document_count(referential=name)
        uow.commit()
    return counts


def reindex_missing(uow_factory: UowFactory) -> dict[str, int]:
    """Index the referentials that have content but no search document, or an index without
    its words' terms: a database brought to the current schema from a revision before the
    index (0003) or before the words' terms (0017); the migrations create those tables empty,
    since filling them needs the application's normalisation. Once, at the first start after
    the upgrade (ROME 4.0: 8 s); cheap when nothing is missing (two look-ups per referential).
    Returns name -> documents indexed."""
    counts: dict[str, int] = {}
    with uow_factory() as uow:
        for name in uow.referentials.latest_versions():
            if uow.search.is_indexed(name) and uow.search.has_forms(name):
                continue
            referential = uow.referentials.get(name)
            if referential is None or not index_documents(referential):
                continue
            reindex_referential(uow, name=name, referential=referential)
            counts[name] = uow.search.document_count(referential=name)
        if counts:
            uow.commit()
    return counts


def search(
    uow_factory: UowFactory,
    query: str,
    *,
    kinds: set[str] | None = None,
    referential: str | None = None,
    limit: int = 20,
    prefix: bool = False,
) -> SearchResults:
    """Jobs, competencies and certifications matching every word of ``query`` (accents, case,
    plural, gender and one typo per word forgiven), grouped by kind, best first, at most
    ``limit`` per kind, with the matched words marked. With ``prefix``, the last word may also
    be the start of a word (search as you type).

    Raises ``ParcoursError`` for an unknown kind and ``NotFoundError`` for an unknown
    referential.
    """
    wanted = _kinds(kinds)
    if limit < 1:
        raise ParcoursError("le nombre de résultats doit être au moins 1")
    groups: dict[str, tuple[SearchHit, ...]] = {kind: () for kind in wanted}
    totals: dict[str, int] = dict.fromkeys(wanted, 0)
    with uow_factory() as uow:
        # The words the index knows get their terms from it, not from the lemmatiser.
        remember_terms(uow.search.known_forms(all_words(query)))
        terms = query_terms(query)
        if referential is not None and uow.search.document_count(referential=referential) == 0:
            _check_referential(uow, referential)
        resolved = _resolve(uow, terms, referential)
        if prefix and resolved and len(resolved[-1].term) >= MIN_PREFIX_LENGTH:
            last = resolved[-1]
            words = uow.search.completions(last.term, referential=referential, limit=COMPLETIONS)
            resolved[-1] = replace(last, completions=tuple(words))
        if not resolved or any(t.unknown for t in resolved):
            return SearchResults(query, tuple(resolved), groups, totals)
        alternatives = sorted({alt for t in resolved for alt in t.alternatives})
        frequencies = uow.search.term_frequencies(alternatives, referential=referential)
        documents = uow.search.document_count(referential=referential)
        wanted_terms = [list(t.alternatives) for t in resolved]
        found = uow.search.match(
            wanted_terms, kinds=wanted, referential=referential, cap=max(CANDIDATE_CAP, limit)
        )
        ranked: dict[str, list[Scored]] = {}
        for kind in wanted:
            totals[kind] = found[kind].total
            ranked[kind] = rank(found[kind].candidates, resolved, frequencies, documents)[:limit]
        fields = uow.search.fields([s.candidate.id for top in ranked.values() for s in top])
        texts = [text for items in fields.values() for _, text in items]
        texts += [s.candidate.label for top in ranked.values() for s in top]
        remember_terms(uow.search.known_forms({w for text in texts for w in all_words(text)}))
    for kind, top in ranked.items():
        groups[kind] = tuple(build_hit(s, fields.get(s.candidate.id, [])) for s in top)
    return SearchResults(query, tuple(resolved), groups, totals)


def _kinds(kinds: Collection[str] | None) -> list[str]:
    if not kinds:
        return list(KINDS)
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        names = ", ".join(KINDS)
        raise ParcoursError(f"type de résultat inconnu : {', '.join(unknown)} (parmi : {names})")
    return [k for k in KINDS if k in kinds]


def _check_referential(uow: UnitOfWork, name: str) -> None:
    if name not in uow.referentials.latest_versions():
        raise NotFoundError(f"référentiel inconnu : « {name} »")


def _resolve(uow: UnitOfWork, terms: list[str], referential: str | None) -> list[QueryTerm]:
    """The query terms, with typo corrections for those the vocabulary does not know."""
    known = uow.search.term_frequencies(terms, referential=referential)
    candidates = {
        term: uow.search.spelling_candidates(term, referential=referential)
        for term in terms
        if term not in known and len(term) >= MIN_TYPO_LENGTH
    }
    return resolve_terms(terms, known, candidates)
