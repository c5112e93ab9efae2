"""In-memory LinkStore for service tests."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence

from parcours.domain.links import CanonicalGroup, Decision, Endpoint, Link, LinkKind
from parcours.services.ports.links import LinkQuery


class FakeLinkStore:
    def __init__(self) -> None:
        self.links: dict[str, Link] = {}
        self.decisions: list[Decision] = []
        self.stored_groups: dict[str, CanonicalGroup] = {}

    # -- links ---------------------------------------------------------------------------

    def get(self, link_id: str) -> Link | None:
        link = self.links.get(link_id)
        return copy.deepcopy(link) if link is not None else None

    def find(self, query: LinkQuery, *, limit: int | None = None, offset: int = 0) -> list[Link]:
        found = sorted(
            (link for link in self.links.values() if query.matches(link)),
            key=lambda link: (-link.score, link.id),
        )
        end = None if limit is None else offset + limit
        return copy.deepcopy(found[offset:end])

    def count(self, query: LinkQuery) -> int:
        return sum(1 for link in self.links.values() if query.matches(link))

    def touching(self, referential: str) -> list[Link]:
        return self.find(LinkQuery(referential=referential))

    def save(self, links: Sequence[Link]) -> None:
        for link in links:
            self.links[link.id] = copy.deepcopy(link)

    def delete(self, link_ids: Iterable[str]) -> None:
        for link_id in list(link_ids):
            self.links.pop(link_id, None)

    # -- decisions -----------------------------------------------------------------------

    def record(self, decision: Decision) -> None:
        self.decisions.append(decision)

    def history(
        self, *, link_id: str | None = None, group_id: str | None = None, limit: int = 100
    ) -> list[Decision]:
        found = [
            d
            for d in reversed(self.decisions)
            if (link_id is None or d.link_id == link_id)
            and (group_id is None or d.group_id == group_id)
        ]
        return found[:limit]

    # -- groups --------------------------------------------------------------------------

    def revision(self) -> str:
        groups = sorted((g.id, len(g.members), g.label or "") for g in self.stored_groups.values())
        return f"{len(self.decisions)}:{groups}"

    def groups(self, kind: LinkKind | None = None) -> list[CanonicalGroup]:
        return [
            copy.deepcopy(g)
            for _, g in sorted(self.stored_groups.items())
            if kind is None or g.kind is kind
        ]

    def group(self, group_id: str) -> CanonicalGroup | None:
        group = self.stored_groups.get(group_id)
        return copy.deepcopy(group) if group is not None else None

    def group_of(self, kind: LinkKind, end: Endpoint) -> CanonicalGroup | None:
        for group in self.stored_groups.values():
            if group.kind is kind and end in group:
                return copy.deepcopy(group)
        return None

    def save_group(self, group: CanonicalGroup) -> None:
        for other in list(self.stored_groups.values()):  # an item is in one group of its kind
            if other.id != group.id and other.kind is group.kind:
                other.members = [m for m in other.members if m.endpoint not in group]
        self.stored_groups[group.id] = copy.deepcopy(group)

    def save_groups(self, groups: Sequence[CanonicalGroup]) -> None:
        for group in groups:
            self.save_group(group)

    def delete_group(self, group_id: str) -> None:
        self.stored_groups.pop(group_id, None)
