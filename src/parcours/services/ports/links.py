"""What the link service needs from storage."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from parcours.domain.codec import referential_id
from parcours.domain.links import (
    CanonicalGroup,
    Decision,
    Endpoint,
    Link,
    LinkKind,
    LinkRelation,
    LinkStatus,
)


def search_key(text: str) -> str:
    """Text folded for the queue's search filter (case, accents, punctuation)."""
    return referential_id(text).replace("-", " ") if text.strip() else ""


def link_search_text(link: Link) -> str:
    parts = [link.source_label, link.target_label, link.source.key, link.target.key]
    return " ".join(search_key(p) for p in parts if p)


@dataclass(frozen=True, slots=True)
class LinkQuery:
    """A filter on links; every field left empty matches everything.

    ``referential`` matches either end; with ``other`` too, the link must join those two.
    ``search`` looks in both labels and keys, without case or accents.
    """

    kind: LinkKind | None = None
    statuses: tuple[LinkStatus, ...] = ()
    referential: str | None = None
    other: str | None = None
    relations: tuple[LinkRelation, ...] = ()
    min_score: float | None = None
    search: str | None = None

    def matches(self, link: Link) -> bool:
        """The same filter in Python (the in-memory store and tests use it)."""
        if self.kind is not None and link.kind is not self.kind:
            return False
        if self.statuses and link.status not in self.statuses:
            return False
        if self.relations and link.relation not in self.relations:
            return False
        if self.min_score is not None and link.score < self.min_score:
            return False
        names = {link.source.referential, link.target.referential}
        if self.referential is not None and self.referential not in names:
            return False
        if self.other is not None and self.other not in names:
            return False
        if self.search:
            wanted = search_key(self.search)
            if wanted and wanted not in link_search_text(link):
                return False
        return True


class LinkStore(Protocol):
    """Links between competencies (and jobs) of different referentials, and HR decisions.

    Links and groups are identified by their stable ids (``Link.id``, ``CanonicalGroup.id``),
    derived from ``(referential, key)`` ends, never by database ids.
    """

    def get(self, link_id: str) -> Link | None: ...

    def find(self, query: LinkQuery, *, limit: int | None = None, offset: int = 0) -> list[Link]:
        """Links matching ``query``, best score first (then by id)."""
        ...

    def count(self, query: LinkQuery) -> int: ...

    def touching(self, referential: str) -> list[Link]:
        """Every link with an end in ``referential``."""
        ...

    def save(self, links: Sequence[Link]) -> None:
        """Insert each link, or replace the stored link with the same id."""
        ...

    def delete(self, link_ids: Iterable[str]) -> None: ...

    def record(self, decision: Decision) -> None: ...

    def history(
        self, *, link_id: str | None = None, group_id: str | None = None, limit: int = 100
    ) -> list[Decision]:
        """Decisions, newest first, on one link or one group (all when both are None)."""
        ...

    def revision(self) -> str:
        """Changes whenever a decision is recorded or a group changes (cache key)."""
        ...

    def groups(self, kind: LinkKind | None = None) -> list[CanonicalGroup]: ...

    def group(self, group_id: str) -> CanonicalGroup | None: ...

    def group_of(self, kind: LinkKind, end: Endpoint) -> CanonicalGroup | None: ...

    def save_group(self, group: CanonicalGroup) -> None:
        """Insert the group, or replace the stored group with the same id (members too)."""
        ...

    def save_groups(self, groups: Sequence[CanonicalGroup]) -> None:
        """``save_group`` for many groups whose members are disjoint, in a few statements."""
        ...

    def delete_group(self, group_id: str) -> None: ...
