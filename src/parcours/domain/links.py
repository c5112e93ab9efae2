"""Links between competencies (or jobs) of different referentials, and HR decisions on them.

A link says that two items of two referentials name the same thing, or neighbouring things.
It is typed like a SKOS mapping, carries the score and the evidence of the proposal, and a
status HR changes. A link is identified by its two ends, ``(referential name, item key)``
pairs, never by a database id: decisions survive re-imports, because an item keeps its key
from one version to the next.

Ends are kept in a canonical order (the smaller ``(referential, key)`` first), so one pair of
items has one link whichever side proposed it; the relation is flipped with the ends.
``relation`` reads "source <relation> target": ``BROADER`` says the target is broader than the
source (SKOS ``broadMatch``), ``NARROWER`` that it is narrower (``narrowMatch``).

Each end carries a fingerprint of the item's content at the time of the proposal or the
decision; when a new version changes that content, the link goes back to the review queue.

Canonical groups gather items HR has accepted as one competency (or one job): accepting an
``exact`` or ``close`` link puts its two ends in one group, merging joins groups, splitting
takes one member out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from parcours.domain.competency import Competency
from parcours.domain.errors import ParcoursError
from parcours.domain.job import Job


class LinkKind(StrEnum):
    COMPETENCY = "competency"
    JOB = "job"


class LinkRelation(StrEnum):
    """SKOS mapping relations, read "source <relation> target"."""

    EXACT = "exact"
    CLOSE = "close"
    BROADER = "broader"
    NARROWER = "narrower"
    RELATED = "related"

    def flipped(self) -> LinkRelation:
        """The relation read from the other end."""
        if self is LinkRelation.BROADER:
            return LinkRelation.NARROWER
        if self is LinkRelation.NARROWER:
            return LinkRelation.BROADER
        return self

    @property
    def equivalence(self) -> bool:
        """Whether the two ends may be one canonical item (exact or close)."""
        return self in (LinkRelation.EXACT, LinkRelation.CLOSE)


class LinkStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Signal(StrEnum):
    """The signals a proposal may rest on; each one that fired is one piece of evidence."""

    SAME_LABEL = "same_label"  # identical normalised labels
    SYNONYMS = "synonyms"  # identical once the synonym list is applied
    TOKEN_OVERLAP = "token_overlap"  # weighted share of the label words
    CONTAINMENT = "containment"  # one label's words all inside the other's
    SHARED_LEMMA = "shared_lemma"  # same head word (same stem)
    TEXT_OVERLAP = "text_overlap"  # definitions, indicators, details, activities
    TRIGRAM = "trigram"  # character trigrams of the labels
    SAME_KIND = "same_kind"
    OTHER_KIND = "other_kind"
    ALT_TITLE = "alt_title"  # a job's alternative title matched
    SHARED_COMPETENCIES = "shared_competencies"  # jobs: linked requirements
    SAME_CODE = "same_code"
    SEMANTIC = "semantic"  # an optional encoder's cosine


@dataclass(frozen=True, slots=True, order=True)
class Endpoint:
    """One end of a link: an item (competency or job key) of a named referential."""

    referential: str
    key: str

    def __str__(self) -> str:
        return f"{self.referential} / {self.key}"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One signal that fired: its name, its value (0-1) and what it saw, in French."""

    signal: Signal
    value: float
    detail: str = ""


def link_id(kind: LinkKind, first: Endpoint, second: Endpoint) -> str:
    """The stable identifier of the link between two items, whatever their order."""
    a, b = sorted((first, second))
    text = "\x1f".join((kind.value, a.referential, a.key, b.referential, b.key))
    return "l" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _note(previous: str | None, added: str) -> str:
    return added if not previous else f"{previous} | {added}"


@dataclass(slots=True)
class Link:
    """A proposed or decided link between two items of two referentials.

    ``source_fingerprint``/``target_fingerprint`` are the items' content fingerprints when the
    link was last proposed or decided. ``decided_by``/``decided_at`` record the last decision.
    """

    kind: LinkKind
    source: Endpoint
    target: Endpoint
    relation: LinkRelation
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    status: LinkStatus = LinkStatus.PROPOSED
    note: str | None = None
    source_label: str = ""
    target_label: str = ""
    source_fingerprint: str = ""
    target_fingerprint: str = ""
    decided_by: str | None = None
    decided_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.source.referential == self.target.referential:
            raise ValueError("a link joins two different referentials")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must lie in [0, 1], got {self.score}")
        if self.target < self.source:
            self.source, self.target = self.target, self.source
            self.source_label, self.target_label = self.target_label, self.source_label
            self.source_fingerprint, self.target_fingerprint = (
                self.target_fingerprint,
                self.source_fingerprint,
            )
            self.relation = self.relation.flipped()

    @property
    def id(self) -> str:
        return link_id(self.kind, self.source, self.target)

    @property
    def ends(self) -> tuple[Endpoint, Endpoint]:
        return (self.source, self.target)

    def other(self, end: Endpoint) -> Endpoint:
        if end == self.source:
            return self.target
        if end == self.target:
            return self.source
        raise ValueError(f"{end} is not an end of link {self.id}")

    def fingerprint_of(self, end: Endpoint) -> str:
        return self.source_fingerprint if end == self.source else self.target_fingerprint

    def label_of(self, end: Endpoint) -> str:
        return self.source_label if end == self.source else self.target_label

    def relation_from(self, end: Endpoint) -> LinkRelation:
        """The relation read from ``end`` towards the other end."""
        return self.relation if end == self.source else self.relation.flipped()


# -- fingerprints -----------------------------------------------------------------------


def fingerprint(parts: Iterable[str]) -> str:
    """A short digest of an item's content (order-sensitive; white space collapsed)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(" ".join(part.split()).encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()[:16]


def competency_fingerprint(comp: Competency) -> str:
    """What a link on a competency rests on: label, kind, definition, indicators, details."""
    return fingerprint(
        [
            comp.label,
            comp.kind.value,
            comp.definition or "",
            "\x1f".join(comp.indicators),
            "\x1f".join(comp.details),
        ]
    )


def job_fingerprint(job: Job) -> str:
    """What a link on a job rests on: title, grade, alternative titles, activities, needs."""
    return fingerprint(
        [
            job.title,
            job.grade or "",
            job.code or "",
            "\x1f".join(job.alt_titles),
            "\x1f".join(a.label for a in job.activities),
            "\x1f".join(sorted(r.competency for r in job.requirements)),
        ]
    )


# -- decisions --------------------------------------------------------------------------


class DecisionAction(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    MERGE = "merge"
    SPLIT = "split"
    REQUEUE = "requeue"  # a new version changed an end: back to the review queue


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision in the history: who did what, when, on which link or group.

    ``endpoints`` names the items concerned (the link's ends, or the member split off), so
    the history stays readable when links and groups change.
    """

    action: DecisionAction
    user: str
    at: datetime
    kind: LinkKind = LinkKind.COMPETENCY
    link_id: str | None = None
    group_id: str | None = None
    endpoints: tuple[Endpoint, ...] = ()
    note: str | None = None


class LinkDecisionError(ParcoursError):
    """A decision that cannot apply (a split member outside its group, too few links...)."""


def decide(
    link: Link,
    status: LinkStatus,
    *,
    user: str,
    at: datetime,
    note: str | None = None,
    relation: LinkRelation | None = None,
) -> Link:
    """The link with HR's decision: a new status, who and when, and the relation if retyped."""
    if not user.strip():
        raise LinkDecisionError("une décision doit être signée (nom de l'utilisateur)")
    return replace(
        link,
        status=status,
        relation=relation or link.relation,
        decided_by=user,
        decided_at=at,
        note=note if note is not None else link.note,
    )


def refresh(existing: Link | None, proposed: Link) -> Link:
    """A new proposal for a pair that may already have a link.

    Scores, evidence and labels are the new ones; a decision is kept while neither item's
    content changed since it was made, and sent back to the queue otherwise.
    """
    if existing is None:
        return proposed
    if existing.status is LinkStatus.PROPOSED:
        return replace(proposed, note=existing.note)
    unchanged = (
        existing.source_fingerprint == proposed.source_fingerprint
        and existing.target_fingerprint == proposed.target_fingerprint
    )
    if unchanged:
        return replace(
            proposed,
            status=existing.status,
            relation=existing.relation,
            note=existing.note,
            decided_by=existing.decided_by,
            decided_at=existing.decided_at,
        )
    return replace(
        proposed,
        status=LinkStatus.PROPOSED,
        note=_note(existing.note, "contenu modifié depuis la décision : à revoir"),
        decided_by=existing.decided_by,
        decided_at=existing.decided_at,
    )


def requeue(
    link: Link, referential: str, fingerprints: dict[str, str], version: int
) -> Link | None:
    """The link once ``referential`` has a new version whose items have ``fingerprints``.

    None when the link's end in that referential is unchanged. Otherwise the link goes back to
    the review queue (status proposed) with a note saying what happened; a link already in the
    queue only gets the note. The stored fingerprint becomes the new one, so that a second
    version without change leaves the link alone.
    """
    changed: list[str] = []
    updated = link
    for end in link.ends:
        if end.referential != referential:
            continue
        new = fingerprints.get(end.key)
        if new is None:
            changed.append(f"« {link.label_of(end) or end.key} » absent de la version {version}")
            new = ""
        elif new != link.fingerprint_of(end):
            changed.append(f"« {link.label_of(end) or end.key} » modifié dans la version {version}")
        else:
            continue
        if end == link.source:
            updated = replace(updated, source_fingerprint=new)
        else:
            updated = replace(updated, target_fingerprint=new)
    if not changed:
        return None
    text = f"{referential} : " + ", ".join(changed)
    if link.status is not LinkStatus.PROPOSED:
        text += f" (était {STATUS_LABELS[link.status]})"
    return replace(updated, status=LinkStatus.PROPOSED, note=_note(link.note, text))


STATUS_LABELS: dict[LinkStatus, str] = {
    LinkStatus.PROPOSED: "proposé",
    LinkStatus.ACCEPTED: "accepté",
    LinkStatus.REJECTED: "rejeté",
}

RELATION_LABELS: dict[LinkRelation, str] = {
    LinkRelation.EXACT: "équivalent",
    LinkRelation.CLOSE: "proche",
    LinkRelation.BROADER: "plus large",
    LinkRelation.NARROWER: "plus précis",
    LinkRelation.RELATED: "apparenté",
}


# -- canonical groups -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupMember:
    endpoint: Endpoint
    label: str = ""


@dataclass(slots=True)
class CanonicalGroup:
    """Items of several referentials HR holds for one competency (or one job).

    ``id`` is derived from the members at creation and then kept: it is not a database id.
    ``label`` is HR's name for the group, else the shortest member label.
    """

    id: str
    kind: LinkKind
    members: list[GroupMember] = field(default_factory=list)
    label: str | None = None
    created_by: str | None = None
    created_at: datetime | None = None

    @property
    def name(self) -> str:
        if self.label:
            return self.label
        labels = sorted(
            (m.label or m.endpoint.key for m in self.members), key=lambda s: (len(s), s)
        )
        return labels[0] if labels else self.id

    @property
    def endpoints(self) -> set[Endpoint]:
        return {m.endpoint for m in self.members}

    def __contains__(self, end: object) -> bool:
        return end in self.endpoints


def group_id(kind: LinkKind, members: Iterable[Endpoint]) -> str:
    text = "\x1f".join([kind.value, *(f"{e.referential}\x1e{e.key}" for e in sorted(members))])
    return "g" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def join_groups(
    kind: LinkKind,
    groups: Sequence[CanonicalGroup],
    members: Iterable[GroupMember],
    *,
    user: str,
    at: datetime,
    label: str | None = None,
) -> CanonicalGroup:
    """One group holding ``members`` and every member of ``groups``.

    The largest of the existing groups (then the oldest id) keeps its id and label, so that a
    group named by HR keeps its name when others join it.
    """
    keeper = max(groups, key=lambda g: (len(g.members), g.id), default=None)
    seen: dict[Endpoint, GroupMember] = {}
    for group in sorted(groups, key=lambda g: g is not keeper):
        for member in group.members:
            seen.setdefault(member.endpoint, member)
    for member in members:
        known = seen.get(member.endpoint)
        if known is None or (not known.label and member.label):
            seen[member.endpoint] = member
    ordered = sorted(seen.values(), key=lambda m: m.endpoint)
    if keeper is None:
        return CanonicalGroup(
            id=group_id(kind, seen),
            kind=kind,
            members=ordered,
            label=label,
            created_by=user,
            created_at=at,
        )
    return replace(keeper, members=ordered, label=label or keeper.label)


def split_member(group: CanonicalGroup, end: Endpoint) -> CanonicalGroup | None:
    """The group without ``end``; None when fewer than two members would remain."""
    if end not in group:
        raise LinkDecisionError(f"« {end} » n'appartient pas au groupe {group.id}")
    rest = [m for m in group.members if m.endpoint != end]
    return replace(group, members=rest) if len(rest) >= 2 else None


def proposed_groups(links: Iterable[Link], kind: LinkKind) -> list[CanonicalGroup]:
    """Candidate groups: connected items through exact or close links not rejected.

    What the queue proposes as "one canonical competency"; nothing is stored.
    """
    parent: dict[Endpoint, Endpoint] = {}
    labels: dict[Endpoint, str] = {}

    def find(x: Endpoint) -> Endpoint:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        if link.kind is not kind or link.status is LinkStatus.REJECTED:
            continue
        if not link.relation.equivalence:
            continue
        labels[link.source] = link.source_label
        labels[link.target] = link.target_label
        a, b = find(link.source), find(link.target)
        if a != b:
            parent[max(a, b)] = min(a, b)
    components: dict[Endpoint, list[Endpoint]] = {}
    for end in list(parent):
        components.setdefault(find(end), []).append(end)
    out = [
        CanonicalGroup(
            id=group_id(kind, ends),
            kind=kind,
            members=[GroupMember(e, labels.get(e, "")) for e in sorted(ends)],
        )
        for ends in components.values()
        if len(ends) >= 2
    ]
    return sorted(out, key=lambda g: (-len(g.members), g.name))


# What each signal means, in French (the pages translate these messages): the "why" of a
# proposal is made of them.
SIGNAL_LABELS: dict[Signal, str] = {
    Signal.SAME_LABEL: "même libellé",
    Signal.SAME_CODE: "même code",
    Signal.SYNONYMS: "mêmes mots aux synonymes près",
    Signal.ALT_TITLE: "un intitulé proche correspond",
    Signal.CONTAINMENT: "un libellé contient l'autre",
    Signal.TOKEN_OVERLAP: "mots communs",
    Signal.SHARED_LEMMA: "même mot principal",
    Signal.TRIGRAM: "orthographe voisine",
    Signal.TEXT_OVERLAP: "définitions proches",
    Signal.SHARED_COMPETENCIES: "compétences requises reliées",
    Signal.SEMANTIC: "sens proche",
    Signal.SAME_KIND: "même nature",
    Signal.OTHER_KIND: "natures différentes",
}

# The text signals say little below this value: the "why" leaves them out.
WEAK_TEXT = 0.15


def why(link: Link) -> list[str]:
    """Why the link is proposed, strongest reason first: the labels of its evidence (in
    ``SIGNAL_LABELS`` order, weak text overlaps left out), each once."""
    fired = {e.signal: e.value for e in link.evidence}
    out: list[str] = []
    for signal, label in SIGNAL_LABELS.items():
        value = fired.get(signal)
        if value is None:
            continue
        if signal in (Signal.TEXT_OVERLAP, Signal.SEMANTIC) and value < WEAK_TEXT:
            continue
        out.append(label)
    return out
