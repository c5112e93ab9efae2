"""In-memory SearchStore for service tests."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, Self

from parcours.engine.search import CLASSES
from parcours.services.ports.search import Candidate, IndexDocument, Matches


class FakeSearchStore:
    """The index as dictionaries; matching by sets of terms, spelling candidates by length.

    ``FakeStore`` deep-copies itself around a unit of work; the search store is shared
    state that those copies must not duplicate (see fakes.py), hence ``__deepcopy__``.
    """

    def __init__(self) -> None:
        self.documents: dict[str, list[tuple[int, int, IndexDocument]]] = {}
        self.vocabulary: dict[str, dict[str, int]] = {}
        self.next_id = 1

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self

    def replace_referential(
        self,
        name: str,
        version: int,
        documents: Sequence[IndexDocument],
        vocabulary: Mapping[str, int],
    ) -> None:
        rows = []
        for document in documents:
            rows.append((self.next_id, version, document))
            self.next_id += 1
        self.documents[name] = rows
        self.vocabulary[name] = dict(vocabulary)

    def _scope(self, referential: str | None) -> list[str]:
        return list(self.documents) if referential is None else [referential]

    def document_count(self, *, referential: str | None = None) -> int:
        return sum(len(self.documents.get(name, [])) for name in self._scope(referential))

    def term_frequencies(
        self, terms: Collection[str], *, referential: str | None = None
    ) -> dict[str, int]:
        out: dict[str, int] = {}
        for name in self._scope(referential):
            for term, frequency in self.vocabulary.get(name, {}).items():
                if term in terms:
                    out[term] = out.get(term, 0) + frequency
        return out

    def spelling_candidates(self, term: str, *, referential: str | None = None) -> set[str]:
        return {
            known
            for name in self._scope(referential)
            for known in self.vocabulary.get(name, {})
            if abs(len(known) - len(term)) <= 1
        }

    def match(
        self,
        groups: Sequence[Sequence[str]],
        *,
        kinds: Sequence[str],
        referential: str | None = None,
        cap: int = 400,
    ) -> dict[str, Matches]:
        found: dict[str, list[Candidate]] = {kind: [] for kind in kinds}
        for name in self._scope(referential):
            for doc_id, _version, document in self.documents.get(name, []):
                words = {t for text in document.tokens.values() for t in text.split()}
                if document.kind in found and all(words & set(group) for group in groups):
                    tokens = {cls: document.tokens.get(cls, "") for cls in CLASSES}
                    found[document.kind].append(
                        Candidate(doc_id, document.kind, name, document.key, document.label, tokens)
                    )
        return {kind: Matches(rows[:cap], len(rows)) for kind, rows in found.items()}

    def fields(self, ids: Collection[int]) -> dict[int, list[tuple[str, str]]]:
        return {
            doc_id: list(document.fields)
            for rows in self.documents.values()
            for doc_id, _version, document in rows
            if doc_id in ids
        }
