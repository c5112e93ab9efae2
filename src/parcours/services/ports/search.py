"""What the search service needs from storage."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from parcours.engine.search import Candidate, IndexDocument

__all__ = ["Candidate", "IndexDocument", "Matches", "SearchStore"]


@dataclass(frozen=True, slots=True)
class Matches:
    """The documents of one kind that match a query: at most the cap asked for, chosen by the
    database's own rank when there are more, and how many match in all."""

    candidates: list[Candidate] = field(default_factory=list)
    total: int = 0


class SearchStore(Protocol):
    """The search index of the latest version of every referential, and its vocabulary."""

    def replace_referential(
        self,
        name: str,
        version: int,
        documents: Sequence[IndexDocument],
        vocabulary: Mapping[str, int],
        forms: Mapping[str, str] | None = None,
    ) -> None:
        """Make ``documents`` (with ``vocabulary``: term -> document frequency, and ``forms``:
        folded word of their texts -> its search term) the index of the referential ``name``,
        replacing what it had; the referential must exist."""
        ...

    def known_forms(self, words: Collection[str]) -> dict[str, str]:
        """The search terms the index keeps for these folded words (those of any referential's
        texts; a word's term is the same in all of them)."""
        ...

    def document_count(self, *, referential: str | None = None) -> int:
        """How many documents the index holds (of one referential, or of all)."""
        ...

    def is_indexed(self, referential: str) -> bool:
        """Whether the index holds a document of ``referential`` (without counting them)."""
        ...

    def has_forms(self, referential: str) -> bool:
        """Whether the index keeps the words of ``referential``'s texts with their terms."""
        ...

    def term_frequencies(
        self, terms: Collection[str], *, referential: str | None = None
    ) -> dict[str, int]:
        """The document frequency of each of ``terms`` that the vocabulary holds."""
        ...

    def spelling_candidates(self, term: str, *, referential: str | None = None) -> set[str]:
        """Vocabulary terms that may be one edit away from ``term``: at least all of those that
        are (the caller checks the distance)."""
        ...

    def completions(
        self, prefix: str, *, referential: str | None = None, limit: int = 20
    ) -> list[str]:
        """Vocabulary terms longer than ``prefix`` that start with it, the most frequent first
        (then in alphabetical order), at most ``limit``."""
        ...

    def match(
        self,
        groups: Sequence[Sequence[str]],
        *,
        kinds: Sequence[str],
        referential: str | None = None,
        cap: int = 400,
    ) -> dict[str, Matches]:
        """Per kind, the documents that contain, for every group, at least one of its terms."""
        ...

    def fields(self, ids: Collection[int]) -> dict[int, list[tuple[str, str]]]:
        """The raw fields (name, text) of the documents with these ids."""
        ...
