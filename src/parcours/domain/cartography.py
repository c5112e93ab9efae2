"""The organisation's map: its own referentials taken together, made one by HR's links.

A bank describes itself in several documents (fiches fonction per family, a fiche-métier
dictionary, a study...). Each is imported as its own referential; the map puts the
*organisation* referentials together and leaves the *reference* taxonomies (ROME, ESCO,
certifications HR keeps as references) outside, linked to it.

``compose`` builds one ``Referential`` out of the organisation's referentials, so that the
engine (similarity, mobility, paths, gaps) works across documents without knowing it:

- **canonical competencies**: items joined by accepted equivalence links (``exact`` /
  ``close``) or by HR's canonical groups become one competency; a job requiring any member
  requires the canonical one. A rejected or merely proposed link never joins anything.
- **partial links**: accepted ``broader`` / ``narrower`` / ``related`` links between two
  canonical competencies count with the weight of ``PARTIAL_WEIGHTS`` (the engine spreads a
  requirement's weight over its partial neighbours by that factor).
- **job equivalences**: jobs of two organisation referentials joined by an accepted
  equivalence link are one job of the map (the one with a sheet and the most requirements
  stands for the others), so that a move declared towards a title in one document reaches
  the job described in another. Equivalences through a reference taxonomy are not followed:
  two bank jobs both close to one broad ROME fiche are not the same job.
- **reference moves**: a move a reference taxonomy declares (ROME's mobility table) from X to
  Y is offered from every organisation job linked to X towards every one linked to Y.

Everything the map joins keeps where it came from (``job_origin``, ``competency_members``,
``requirement_origin``), so that answers can name the documents and the links they relied on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from parcours.domain.competency import Importance, Requirement
from parcours.domain.job import Job
from parcours.domain.links import (
    RELATION_LABELS,
    CanonicalGroup,
    Endpoint,
    Link,
    LinkKind,
    LinkRelation,
    LinkStatus,
    group_id,
)
from parcours.domain.mobility import Mobility, MobilityOrigin
from parcours.domain.provenance import DocumentFamily
from parcours.domain.referential import Referential

MAP_NAME = "Cartographie"

# How much an accepted non-equivalence link counts, as a share of the linked requirement.
PARTIAL_WEIGHTS: dict[LinkRelation, float] = {
    LinkRelation.BROADER: 0.5,
    LinkRelation.NARROWER: 0.5,
    LinkRelation.RELATED: 0.25,
}

# Referentials imported from these families are reference taxonomies unless HR says otherwise.
REFERENCE_FAMILIES = frozenset({DocumentFamily.ROME.value, DocumentFamily.ESCO.value})

_IMPORTANCE_ORDER = {Importance.ESSENTIAL: 3, Importance.OPTIONAL: 2, Importance.INDICATIVE: 1}


class MapRole(StrEnum):
    ORGANISATION = "organisation"
    REFERENCE = "reference"


ROLE_LABELS: dict[MapRole, str] = {
    MapRole.ORGANISATION: "cartographie de l'organisation",
    MapRole.REFERENCE: "référentiel de référence",
}


@dataclass(frozen=True, slots=True)
class MapMember:
    """A referential's place in the map: declared by HR (who, when) or given by default."""

    referential: str
    role: MapRole
    declared_by: str | None = None
    declared_at: datetime | None = None

    @property
    def declared(self) -> bool:
        return self.declared_by is not None


def default_role(families: Iterable[str]) -> MapRole:
    """Taxonomies imported as bundles (ROME, ESCO) are references; documents are the map."""
    found = {str(f) for f in families}
    if found and found <= REFERENCE_FAMILIES:
        return MapRole.REFERENCE
    return MapRole.ORGANISATION


@dataclass(frozen=True, slots=True)
class LinkUse:
    """A link an answer relied on: its ends, relation, weight and HR's decision."""

    link_id: str | None
    kind: LinkKind
    source: Endpoint
    target: Endpoint
    source_label: str
    target_label: str
    relation: LinkRelation
    weight: float
    decided_by: str | None = None
    decided_at: datetime | None = None
    group: str | None = None  # set when the items were joined by a canonical group
    text: str = ""  # ``describe()``, kept as a field so that JSON answers carry it

    def __post_init__(self) -> None:
        if not self.text:
            object.__setattr__(self, "text", self.describe())

    def describe(self) -> str:
        """In French: « Orientation client ≈ Être centré client, lien validé par rh le … »."""
        sign = "≈" if self.relation.equivalence else "~"
        text = f"{self.source_label} {sign} {self.target_label}"
        if not self.relation.equivalence:
            text += f" ({RELATION_LABELS[self.relation]}, compte pour {round(self.weight * 100)} %)"
        how = "regroupement validé" if self.group and not self.link_id else "lien validé"
        if self.decided_by:
            how += f" par {self.decided_by}"
        if self.decided_at is not None:
            how += f" le {self.decided_at:%d/%m/%Y}"
        return f"{text}, {how}"


@dataclass(slots=True)
class ComposedMap:
    """The organisation's referentials as one referential, and where each part came from."""

    referential: Referential
    members: tuple[str, ...]
    versions: dict[str, int]
    job_origin: dict[str, Endpoint] = field(default_factory=dict)  # map key -> stands for
    job_key: dict[Endpoint, str] = field(default_factory=dict)  # every member job -> map key
    job_equivalents: dict[str, list[Endpoint]] = field(default_factory=dict)
    competency_members: dict[str, tuple[Endpoint, ...]] = field(default_factory=dict)
    competency_key: dict[Endpoint, str] = field(default_factory=dict)
    requirement_origin: dict[tuple[str, str], Endpoint] = field(default_factory=dict)
    equivalences: dict[frozenset[Endpoint], LinkUse] = field(default_factory=dict)
    partial: list[tuple[str, str, LinkUse]] = field(default_factory=list)
    reference_moves: dict[tuple[str, str], str] = field(default_factory=dict)
    labels: dict[Endpoint, str] = field(default_factory=dict)  # member competency labels
    group_decisions: dict[str, tuple[str | None, datetime | None]] = field(default_factory=dict)

    def map_key(self, referential: str, key: str) -> str | None:
        return self.job_key.get(Endpoint(referential, key))

    def canonical(self, referential: str, key: str) -> str | None:
        return self.competency_key.get(Endpoint(referential, key))

    def links_between(
        self, source_job: str, target_job: str, competency: str
    ) -> tuple[LinkUse, ...]:
        """The links that make ``competency`` shared by two map jobs whose own items differ:
        the direct link, else the chain of accepted links, else HR's group (empty when both
        jobs name the same item)."""
        a = self.requirement_origin.get((source_job, competency))
        b = self.requirement_origin.get((target_job, competency))
        if a is None or b is None:
            return ()
        return self.item_links(a, b, competency)

    def item_links(self, a: Endpoint, b: Endpoint, competency: str) -> tuple[LinkUse, ...]:
        """Why items ``a`` and ``b`` are both the canonical ``competency``."""
        if a == b:
            return ()
        direct = self.equivalences.get(frozenset((a, b)))
        if direct is not None:
            return (direct,)
        chain = self._chain(a, b)
        if chain:
            return chain
        made_by, made_at = self.group_decisions.get(competency, (None, None))
        label = self.labels
        return (
            LinkUse(
                None,
                LinkKind.COMPETENCY,
                a,
                b,
                label.get(a, a.key),
                label.get(b, b.key),
                LinkRelation.EXACT,
                1.0,
                made_by,
                made_at,
                group=competency,
            ),
        )

    def _chain(self, a: Endpoint, b: Endpoint) -> tuple[LinkUse, ...]:
        """The shortest chain of accepted equivalence links from ``a`` to ``b``."""
        neighbours: dict[Endpoint, list[tuple[Endpoint, LinkUse]]] = {}
        for pair, use in self.equivalences.items():
            x, y = sorted(pair)
            neighbours.setdefault(x, []).append((y, use))
            neighbours.setdefault(y, []).append((x, use))
        previous: dict[Endpoint, tuple[Endpoint, LinkUse] | None] = {a: None}
        queue = [a]
        while queue:
            here = queue.pop(0)
            if here == b:
                break
            for there, use in neighbours.get(here, []):
                if there not in previous:
                    previous[there] = (here, use)
                    queue.append(there)
        if b not in previous:
            return ()
        out: list[LinkUse] = []
        step = previous[b]
        while step is not None:
            out.append(step[1])
            step = previous[step[0]]
        return tuple(reversed(out))


def _map_job_key(referential: str, key: str) -> str:
    return f"{referential}::{key}"


def _map_competency_key(referential: str, key: str) -> str:
    return f"{referential}::{key}"


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Endpoint, Endpoint] = {}

    def find(self, x: Endpoint) -> Endpoint:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: Endpoint, b: Endpoint) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def components(self) -> list[list[Endpoint]]:
        out: dict[Endpoint, list[Endpoint]] = {}
        for x in list(self.parent):
            out.setdefault(self.find(x), []).append(x)
        return [sorted(v) for v in out.values()]


def _use(link: Link, weight: float) -> LinkUse:
    return LinkUse(
        link.id,
        link.kind,
        link.source,
        link.target,
        link.source_label or link.source.key,
        link.target_label or link.target.key,
        link.relation,
        weight,
        link.decided_by,
        link.decided_at,
    )


def _accepted(links: Iterable[Link], kind: LinkKind) -> list[Link]:
    return [k for k in links if k.kind is kind and k.status is LinkStatus.ACCEPTED]


def _joined(
    accepted: Sequence[Link], groups: Sequence[CanonicalGroup], kind: LinkKind
) -> list[tuple[Endpoint, Endpoint]]:
    """The pairs of items that are one: what HR's decisions say now.

    Accepting an equivalence puts its ends in a canonical group, but rejecting it later or
    splitting a member out does not undo the other decisions; so a group counts through its
    members that still hold an accepted equivalence inside it (a member whose links were all
    rejected, or that was split out, stands alone), and an accepted equivalence between two
    items of different groups (one was split off) joins nothing.
    """
    equivalences = [k for k in accepted if k.relation.equivalence]
    group_of: dict[Endpoint, str] = {}
    for group in groups:
        if group.kind is kind:
            for end in group.endpoints:
                group_of[end] = group.id
    held: dict[str, list[Endpoint]] = {}
    pairs: list[tuple[Endpoint, Endpoint]] = []
    for link in equivalences:
        ga, gb = group_of.get(link.source), group_of.get(link.target)
        if ga is None and gb is None:
            pairs.append(link.ends)
        elif ga is not None and ga == gb:
            held.setdefault(ga, []).extend(link.ends)
    for members in held.values():
        ordered = sorted(set(members))
        pairs.extend((ordered[0], end) for end in ordered[1:])
    return pairs


def _stronger(a: Requirement, b: Requirement) -> Requirement:
    """One requirement out of two on the same canonical competency: the stronger importance,
    the higher level, both provenances."""
    importance = max(a.importance, b.importance, key=lambda i: _IMPORTANCE_ORDER[i])
    levels = [lvl for lvl in (a.level, b.level) if lvl is not None]
    return Requirement(
        a.competency,
        importance,
        max(levels) if levels else None,
        [*a.provenance, *b.provenance],
    )


@dataclass(slots=True)
class _Builder:
    organisation: Sequence[Referential]
    references: Sequence[Referential]
    links: Sequence[Link]
    groups: Sequence[CanonicalGroup]
    out: ComposedMap = field(init=False)

    def __post_init__(self) -> None:
        self.out = ComposedMap(
            Referential(name=MAP_NAME, organisation=None, description=None),
            tuple(r.name for r in self.organisation),
            {r.name: r.version for r in self.organisation},
        )

    # -- competencies -----------------------------------------------------------------

    def competencies(self) -> None:
        names = {r.name for r in self.organisation}
        uf = _UnionFind()
        labels: dict[Endpoint, str] = {}
        for ref in self.organisation:
            for key, comp in ref.competencies.items():
                end = Endpoint(ref.name, key)
                uf.find(end)
                labels[end] = comp.label
        accepted = _accepted(self.links, LinkKind.COMPETENCY)
        for a, b in _joined(accepted, self.groups, LinkKind.COMPETENCY):
            uf.union(a, b)
        for link in accepted:
            if link.relation.equivalence:
                self.out.equivalences[frozenset(link.ends)] = _use(link, 1.0)
        group_label: dict[Endpoint, str] = {}
        group_made: dict[Endpoint, tuple[str | None, datetime | None]] = {}
        for group in self.groups:
            if group.kind is not LinkKind.COMPETENCY:
                continue
            for end in group.endpoints:
                group_made[end] = (group.created_by, group.created_at)
                if group.label:
                    group_label[end] = group.label
        self.out.labels = labels
        for component in uf.components():
            inside = [e for e in component if e.referential in names and e in labels]
            if not inside:
                continue
            if len(inside) == 1:
                key = _map_competency_key(inside[0].referential, inside[0].key)
            else:
                key = "c" + group_id(LinkKind.COMPETENCY, inside)[1:]
            self.out.competency_members[key] = tuple(inside)
            made = next((group_made[e] for e in inside if e in group_made), None)
            if made is not None:
                self.out.group_decisions[key] = made
            for end in inside:
                self.out.competency_key[end] = key
            self._add_competency(key, inside, labels, group_label)
        for link in accepted:
            weight = PARTIAL_WEIGHTS.get(link.relation)
            if weight is None:
                continue
            first = self.out.competency_key.get(link.source)
            second = self.out.competency_key.get(link.target)
            if first is not None and second is not None and first != second:
                self.out.partial.append((first, second, _use(link, weight)))

    def _add_competency(
        self,
        key: str,
        members: Sequence[Endpoint],
        labels: Mapping[Endpoint, str],
        group_label: Mapping[Endpoint, str],
    ) -> None:
        by_name = {r.name: r for r in self.organisation}
        comps = [by_name[e.referential].competencies[e.key] for e in members]
        first = comps[0]
        label = next((group_label[e] for e in members if e in group_label), None)
        if label is None:
            label = sorted((c.label for c in comps), key=lambda s: (len(s), s))[0]
        merged = replace(
            first,
            key=key,
            label=label,
            definition=next((c.definition for c in comps if c.definition), None),
            indicators=[i for c in comps for i in c.indicators],
            details=[d for c in comps for d in c.details],
            codes=[code for c in comps for code in c.codes],
            provenance=[p for c in comps for p in c.provenance],
        )
        self.out.referential.competencies[key] = merged

    # -- jobs -------------------------------------------------------------------------

    def jobs(self) -> None:
        uf = _UnionFind()
        jobs: dict[Endpoint, Job] = {}
        for ref in self.organisation:
            for key, job in ref.jobs.items():
                end = Endpoint(ref.name, key)
                uf.find(end)
                jobs[end] = job
        for a, b in _joined(_accepted(self.links, LinkKind.JOB), self.groups, LinkKind.JOB):
            # Only direct equivalences between two organisation jobs make one job.
            if a in jobs and b in jobs:
                uf.union(a, b)
        order = {r.name: i for i, r in enumerate(self.organisation)}
        for component in sorted(uf.components(), key=lambda c: (order[c[0].referential], c[0])):
            members = [e for e in component if e in jobs]
            if not members:
                continue
            keeper = min(
                members,
                key=lambda e: (
                    not jobs[e].has_sheet,
                    -len(jobs[e].requirements),
                    order[e.referential],
                    e.key,
                ),
            )
            key = _map_job_key(keeper.referential, keeper.key)
            self.out.job_origin[key] = keeper
            self.out.job_equivalents[key] = [e for e in members if e != keeper]
            for end in members:
                self.out.job_key[end] = key
            self.out.referential.jobs[key] = self._merged_job(key, keeper, members, jobs)

    def _merged_job(
        self, key: str, keeper: Endpoint, members: Sequence[Endpoint], jobs: Mapping[Endpoint, Job]
    ) -> Job:
        requirements: dict[str, Requirement] = {}
        origin = self.out.requirement_origin
        # The keeper's own requirements first, so that the origin named is the keeper's item.
        for end in sorted(members, key=lambda e: e != keeper):
            for req in jobs[end].requirements:
                canonical = self.out.competency_key.get(Endpoint(end.referential, req.competency))
                if canonical is None:
                    continue
                mapped = replace(req, competency=canonical)
                known = requirements.get(canonical)
                requirements[canonical] = mapped if known is None else _stronger(known, mapped)
                origin.setdefault((key, canonical), Endpoint(end.referential, req.competency))
        base = jobs[keeper]
        others = [jobs[e] for e in members if e != keeper]
        alt = list(base.alt_titles)
        for job in others:
            for title in (job.title, *job.alt_titles):
                if title != base.title and title not in alt:
                    alt.append(title)
        return replace(
            base,
            key=key,
            alt_titles=alt,
            requirements=list(requirements.values()),
            has_sheet=base.has_sheet or any(j.has_sheet for j in others),
            provenance=[p for j in (base, *others) for p in j.provenance],
        )

    # -- moves ------------------------------------------------------------------------

    def moves(self) -> None:
        seen: set[tuple[str, str, str]] = set()
        for ref in self.organisation:
            for move in ref.mobilities:
                if move.origin is not MobilityOrigin.DECLARED:
                    continue
                self._add_move(
                    self.out.map_key(ref.name, move.source),
                    self.out.map_key(ref.name, move.target),
                    move,
                    seen,
                )
        self._reference_moves(seen)

    def _add_move(
        self,
        source: str | None,
        target: str | None,
        move: Mobility,
        seen: set[tuple[str, str, str]],
    ) -> bool:
        if source is None or target is None or source == target:
            return False
        identity = (source, target, move.kind.value)
        if identity in seen:
            return False
        seen.add(identity)
        self.out.referential.mobilities.append(replace(move, source=source, target=target))
        return True

    def _reference_moves(self, seen: set[tuple[str, str, str]]) -> None:
        """Moves of the reference taxonomies, from and to the organisation jobs linked to
        their two ends (accepted job links of any relation)."""
        linked: dict[Endpoint, set[str]] = {}
        for link in _accepted(self.links, LinkKind.JOB):
            for end in link.ends:
                mapped = self.out.job_key.get(end)
                if mapped is not None:
                    linked.setdefault(link.other(end), set()).add(mapped)
        for ref in self.references:
            for move in ref.mobilities:
                sources = linked.get(Endpoint(ref.name, move.source), set())
                targets = linked.get(Endpoint(ref.name, move.target), set())
                if not sources or not targets:
                    continue
                a, b = ref.jobs.get(move.source), ref.jobs.get(move.target)
                label = f"{ref.name} : {_job_name(a, move.source)} → {_job_name(b, move.target)}"
                for s in sorted(sources):
                    for t in sorted(targets):
                        if self._add_move(s, t, move, seen):
                            self.out.reference_moves.setdefault((s, t), label)


def _job_name(job: Job | None, key: str) -> str:
    if job is None:
        return key
    return f"{job.code} {job.title}" if job.code else job.title


def compose(
    organisation: Sequence[Referential],
    references: Sequence[Referential],
    links: Sequence[Link],
    groups: Sequence[CanonicalGroup],
) -> ComposedMap:
    """The map of the ``organisation`` referentials (see the module docstring)."""
    builder = _Builder(organisation, references, links, groups)
    builder.competencies()
    builder.jobs()
    builder.moves()
    return builder.out


__all__ = [
    "MAP_NAME",
    "PARTIAL_WEIGHTS",
    "ComposedMap",
    "LinkUse",
    "MapMember",
    "MapRole",
    "compose",
    "default_role",
]
