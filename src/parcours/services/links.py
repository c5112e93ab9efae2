"""Competency and job links across referentials: proposals, evidence, HR review.

- ``propose_links`` scores candidate links between two referentials (or every pair) and
  stores them; a pair HR has decided on keeps its decision while both items are unchanged.
- ``review_queue`` lists links (by default the proposed ones), filtered and paged;
  ``proposed_groups`` shows what the queue proposes as one canonical competency.
- ``accept_link``, ``reject_link``, ``merge_links`` and ``split_member`` record HR's
  decisions, signed with the acting account and dated; ``link_history`` reads them back.
  ``decide_many`` accepts or rejects every proposed link of a filter at once, each link
  decided as ``accept_link`` / ``reject_link`` would, in one transaction.
- ``why`` names the evidence of a proposal in French (``SIGNAL_LABELS``); both live in the
  domain (a job sheet shows them without loading the linking engine) and are re-exported here.
- Proposing and deciding take the acting ``Principal`` and require the HR role (reading the
  queue and the groups is open like the catalogue).
- ``requeue_for_version`` runs after every new referential version, in the import's
  transaction: links whose item changed or disappeared go back to the review queue.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from parcours.domain.access import Principal, require_hr
from parcours.domain.cartography import MapRole
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.links import SIGNAL_LABELS as SIGNAL_LABELS
from parcours.domain.links import (
    CanonicalGroup,
    Decision,
    DecisionAction,
    Endpoint,
    GroupMember,
    Link,
    LinkDecisionError,
    LinkKind,
    LinkRelation,
    LinkStatus,
    competency_fingerprint,
    decide,
    job_fingerprint,
    join_groups,
    refresh,
    requeue,
)
from parcours.domain.links import proposed_groups as connected_groups
from parcours.domain.links import (
    split_member as split_group_member,
)
from parcours.domain.links import why as why
from parcours.domain.referential import Referential
from parcours.engine.linking import (
    DEFAULT_THRESHOLD,
    Candidate,
    Linked,
    LinkItem,
    ProposalSettings,
    competency_items,
    job_items,
    propose,
)
from parcours.engine.semantic import Encoder
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.services.ports.links import LinkQuery

Progress = Callable[[str], None]

# Who signs the decisions an import makes on its own (links sent back to the queue).
IMPORT_USER = "import"


def _now() -> datetime:
    return datetime.now(UTC)


# -- proposals ---------------------------------------------------------------------------


@dataclass(slots=True)
class PairOutcome:
    """What one ``propose_links`` run did for one pair of referentials."""

    source: str
    target: str
    kind: LinkKind
    candidates: int = 0  # scored at or above the threshold
    new: int = 0  # links that did not exist
    updated: int = 0  # proposed links re-scored
    kept: int = 0  # decided links whose items are unchanged: decision kept
    reopened: int = 0  # decided links whose items changed: back in the queue
    removed: int = 0  # proposed links no longer proposed


@dataclass(slots=True)
class ProposalReport:
    pairs: list[PairOutcome] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(int(getattr(p, name)) for p in self.pairs)


def _pairs(names: Sequence[str], source: str | None, target: str | None) -> list[tuple[str, str]]:
    known = set(names)
    for name in (source, target):
        if name is not None and name not in known:
            raise NotFoundError(f"référentiel inconnu : « {name} »")
    if source is not None and target is not None:
        if source == target:
            raise ParcoursError("les liens relient deux référentiels différents")
        return [(min(source, target), max(source, target))]
    one = source if source is not None else target
    if one is not None:
        return [(min(one, n), max(one, n)) for n in sorted(known) if n != one]
    return list(itertools.combinations(sorted(known), 2))


def _items(ref: Referential, kind: LinkKind, include_unsheeted: bool) -> list[LinkItem]:
    if kind is LinkKind.COMPETENCY:
        return competency_items(ref)
    return job_items(ref, with_sheet_only=not include_unsheeted)


def _fingerprints(ref: Referential, kind: LinkKind) -> dict[str, str]:
    if kind is LinkKind.COMPETENCY:
        return {k: competency_fingerprint(c) for k, c in ref.competencies.items()}
    return {k: job_fingerprint(j) for k, j in ref.jobs.items()}


def _linked_competencies(uow: UnitOfWork, a: str, b: str) -> Linked:
    """Competency links between ``a`` and ``b`` not rejected, both ways, for job scoring."""
    query = LinkQuery(
        kind=LinkKind.COMPETENCY,
        statuses=(LinkStatus.PROPOSED, LinkStatus.ACCEPTED),
        referential=a,
        other=b,
    )
    out: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for link in uow.links.find(query):
        s = (link.source.referential, link.source.key)
        t = (link.target.referential, link.target.key)
        out.setdefault(s, set()).add(t)
        out.setdefault(t, set()).add(s)
    return {k: frozenset(v) for k, v in out.items()}


def _to_link(kind: LinkKind, candidate: Candidate, fingerprints: dict[str, dict[str, str]]) -> Link:
    s, t = candidate.source, candidate.target
    return Link(
        kind=kind,
        source=Endpoint(s.referential, s.key),
        target=Endpoint(t.referential, t.key),
        relation=candidate.relation,
        score=candidate.score,
        evidence=list(candidate.evidence),
        source_label=s.label,
        target_label=t.label,
        source_fingerprint=fingerprints[s.referential].get(s.key, ""),
        target_fingerprint=fingerprints[t.referential].get(t.key, ""),
    )


def propose_links(
    uow_factory: UowFactory,
    actor: Principal,
    *,
    source: str | None = None,
    target: str | None = None,
    kind: LinkKind = LinkKind.COMPETENCY,
    threshold: float = DEFAULT_THRESHOLD,
    include_unsheeted: bool = True,
    encoder: Encoder | None = None,
    progress: Progress | None = None,
    references_together: bool = True,
) -> ProposalReport:
    """Propose links between ``source`` and ``target`` (one of them: against every other
    referential; neither: every pair), and store them in one transaction.

    Without ``references_together`` (and neither ``source`` nor ``target``), two reference
    referentials of the organisation's map (ROME, ESCO) are not linked with each other: every
    pair has one of the organisation's documents at least. Linking two taxonomies of
    thousands of jobs takes most of the time and joins nothing of the organisation's.

    Job links use the competency links already there (proposed or accepted) as one of their
    signals: propose competencies first. ``include_unsheeted`` keeps jobs only named as
    evolution targets (their title is all there is to match).
    """
    require_hr(actor, "la proposition de liens")
    if not 0.0 <= threshold <= 1.0:
        raise ParcoursError(f"le seuil doit être compris entre 0 et 1 (reçu {threshold})")
    settings = ProposalSettings(threshold=threshold)
    report = ProposalReport()
    with uow_factory() as uow:
        names = list(uow.referentials.latest_versions())
        pairs = _pairs(names, source, target)
        if not references_together and source is None and target is None:
            references = {
                m.referential for m in uow.referentials.map_members() if m.role is MapRole.REFERENCE
            }
            pairs = [(a, b) for a, b in pairs if not (a in references and b in references)]
        refs: dict[str, Referential] = {}
        for name in sorted({n for pair in pairs for n in pair}):
            ref = uow.referentials.jobs_and_competencies(name)
            if ref is None:  # listed a moment ago: only a concurrent deletion gets here
                raise NotFoundError(f"référentiel inconnu : « {name} »")
            refs[name] = ref
        fingerprints = {name: _fingerprints(ref, kind) for name, ref in refs.items()}
        # Every pair is scored before anything is written: the write transaction (SQLite's
        # one writer lock) lasts the writes, not the seconds of scoring, during which other
        # people's writes would wait and then fail as busy.
        scored: list[tuple[str, str, list[Candidate]]] = []
        for a, b in pairs:
            if progress:
                progress(f"{a} ↔ {b}")
            linked = _linked_competencies(uow, a, b) if kind is LinkKind.JOB else None
            candidates = propose(
                _items(refs[a], kind, include_unsheeted),
                _items(refs[b], kind, include_unsheeted),
                settings=settings,
                linked=linked,
                encoder=encoder,
            )
            scored.append((a, b, candidates))
        for a, b, candidates in scored:
            report.pairs.append(_store_pair(uow, kind, a, b, candidates, fingerprints))
        uow.commit()
    return report


def _store_pair(
    uow: UnitOfWork,
    kind: LinkKind,
    a: str,
    b: str,
    candidates: Sequence[Candidate],
    fingerprints: dict[str, dict[str, str]],
) -> PairOutcome:
    outcome = PairOutcome(a, b, kind, candidates=len(candidates))
    existing = {
        link.id: link for link in uow.links.find(LinkQuery(kind=kind, referential=a, other=b))
    }
    fresh: dict[str, Link] = {}
    for candidate in candidates:
        link = _to_link(kind, candidate, fingerprints)
        known = fresh.get(link.id)  # the same pair reached twice: keep the best score
        if known is not None and known.score >= link.score:
            continue
        fresh[link.id] = link
    out: list[Link] = []
    for link_id, link in fresh.items():
        known = existing.get(link_id)
        merged = refresh(known, link)
        if known is None:
            outcome.new += 1
        elif known.status is LinkStatus.PROPOSED:
            outcome.updated += 1
        elif merged.status is known.status:
            outcome.kept += 1
        else:
            outcome.reopened += 1
        out.append(merged)
    stale = [
        i for i, link in existing.items() if i not in fresh and link.status is LinkStatus.PROPOSED
    ]
    outcome.removed = len(stale)
    uow.links.save(out)
    uow.links.delete(stale)
    return outcome


# -- the review queue --------------------------------------------------------------------


@dataclass(slots=True)
class ReviewPage:
    links: list[Link]
    total: int
    offset: int
    limit: int


def review_queue(
    uow_factory: UowFactory,
    *,
    kind: LinkKind | None = None,
    status: LinkStatus | None = LinkStatus.PROPOSED,
    referential: str | None = None,
    other: str | None = None,
    relation: LinkRelation | None = None,
    min_score: float | None = None,
    search: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> ReviewPage:
    """Links to review, best score first: by default the proposed ones (``status=None``: all)."""
    query = LinkQuery(
        kind=kind,
        statuses=(status,) if status is not None else (),
        referential=referential,
        other=other,
        relations=(relation,) if relation is not None else (),
        min_score=min_score,
        search=search,
    )
    with uow_factory() as uow:
        return ReviewPage(
            links=uow.links.find(query, limit=limit, offset=offset),
            total=uow.links.count(query),
            offset=offset,
            limit=limit,
        )


def get_link(uow_factory: UowFactory, link_id: str) -> Link:
    with uow_factory() as uow:
        return _get(uow, link_id)


def link_history(uow_factory: UowFactory, link_id: str) -> list[Decision]:
    """Every decision on a link, newest first."""
    with uow_factory() as uow:
        _get(uow, link_id)
        return uow.links.history(link_id=link_id)


def _get(uow: UnitOfWork, link_id: str) -> Link:
    link = uow.links.get(link_id)
    if link is None:
        raise NotFoundError(f"lien inconnu : « {link_id} »")
    return link


# -- decisions ---------------------------------------------------------------------------


def _record(
    uow: UnitOfWork, action: DecisionAction, link: Link, user: str, at: datetime, **extra: object
) -> None:
    uow.links.record(
        Decision(
            action=action,
            user=user,
            at=at,
            kind=link.kind,
            link_id=link.id,
            endpoints=link.ends,
            **extra,  # type: ignore[arg-type]
        )
    )


def _join(
    uow: UnitOfWork,
    kind: LinkKind,
    links: Iterable[Link],
    *,
    user: str,
    at: datetime,
    label: str | None = None,
) -> CanonicalGroup:
    """Put the ends of ``links`` in one canonical group, merging the groups they were in."""
    members: dict[Endpoint, GroupMember] = {}
    for link in links:
        for end in link.ends:
            members.setdefault(end, GroupMember(end, link.label_of(end)))
    groups: dict[str, CanonicalGroup] = {}
    for end in members:
        found = uow.links.group_of(kind, end)
        if found is not None:
            groups[found.id] = found
    joined = join_groups(
        kind, list(groups.values()), members.values(), user=user, at=at, label=label
    )
    for group_id in groups:
        if group_id != joined.id:
            uow.links.delete_group(group_id)
    uow.links.save_group(joined)
    return joined


def accept_link(
    uow_factory: UowFactory,
    actor: Principal,
    link_id: str,
    *,
    note: str | None = None,
    relation: LinkRelation | None = None,
) -> Link:
    """Accept a link (optionally retyped). An exact or close link puts its two items in one
    canonical group (joining the groups they already belong to)."""
    require_hr(actor, "la revue des liens")
    user = actor.account
    with uow_factory() as uow:
        at = _now()
        link = decide(
            _get(uow, link_id), LinkStatus.ACCEPTED, user=user, at=at, note=note, relation=relation
        )
        uow.links.save([link])
        group_id = None
        if link.relation.equivalence:
            group_id = _join(uow, link.kind, [link], user=user, at=at).id
        _record(uow, DecisionAction.ACCEPT, link, user, at, note=note, group_id=group_id)
        uow.commit()
    return link


def reject_link(
    uow_factory: UowFactory, actor: Principal, link_id: str, *, note: str | None = None
) -> Link:
    """Reject a link: it leaves the queue and stays rejected while both items are unchanged.

    Canonical groups are not touched: take an item out of a group with ``split_member``.
    """
    require_hr(actor, "la revue des liens")
    user = actor.account
    with uow_factory() as uow:
        at = _now()
        link = decide(_get(uow, link_id), LinkStatus.REJECTED, user=user, at=at, note=note)
        uow.links.save([link])
        _record(uow, DecisionAction.REJECT, link, user, at, note=note)
        uow.commit()
    return link


@dataclass(slots=True)
class BulkOutcome:
    """What one ``decide_many`` did: the links decided (all now ``status``) and the canonical
    groups created or grown by the accepted equivalences."""

    status: LinkStatus
    links: list[Link] = field(default_factory=list)
    groups: list[CanonicalGroup] = field(default_factory=list)

    @property
    def decided(self) -> int:
        return len(self.links)


def decide_many(
    uow_factory: UowFactory,
    actor: Principal,
    status: LinkStatus,
    *,
    kind: LinkKind | None = None,
    relation: LinkRelation | None = None,
    referential: str | None = None,
    other: str | None = None,
    min_score: float | None = None,
    search: str | None = None,
    note: str | None = None,
    expected: int | None = None,
) -> BulkOutcome:
    """Accept (or reject) every proposed link matching the filters, in one transaction.

    Each link is decided exactly as ``accept_link`` / ``reject_link`` would: status, signer and
    date on the link, one decision in its history, and, for an accepted exact or close link,
    its two items in one canonical group (joining the groups they belong to). The groups are
    computed once for the whole batch, so hundreds of links take a few queries, not a few per
    link. ``expected``: the number of links the caller saw; when the queue no longer holds that
    many, nothing is decided (the queue changed in between).
    """
    require_hr(actor, "la revue des liens")
    if status is LinkStatus.PROPOSED:
        raise LinkDecisionError("une décision groupée accepte ou rejette les liens")
    if min_score is not None and not 0.0 <= min_score <= 1.0:
        raise ParcoursError(f"le score minimal doit être compris entre 0 et 1 (reçu {min_score})")
    user = actor.account
    query = LinkQuery(
        kind=kind,
        statuses=(LinkStatus.PROPOSED,),
        referential=referential,
        other=other,
        relations=(relation,) if relation is not None else (),
        min_score=min_score,
        search=search,
    )
    outcome = BulkOutcome(status)
    with uow_factory() as uow:
        found = uow.links.find(query)
        if expected is not None and len(found) != expected:
            raise LinkDecisionError(
                f"la file a changé : {len(found)} lien(s) correspondent à ce filtre au lieu de "
                f"{expected} ; rien n'a été décidé, relisez la file"
            )
        if not found:
            return outcome
        at = _now()
        decided = [decide(link, status, user=user, at=at, note=note) for link in found]
        uow.links.save(decided)
        joined: dict[str, str] = {}  # link id -> the canonical group its ends are now in
        if status is LinkStatus.ACCEPTED:
            for group_kind in LinkKind:
                equivalences = [
                    link
                    for link in decided
                    if link.kind is group_kind and link.relation.equivalence
                ]
                if equivalences:
                    outcome.groups += _join_many(uow, group_kind, equivalences, joined, user, at)
        action = DecisionAction.ACCEPT if status is LinkStatus.ACCEPTED else DecisionAction.REJECT
        for link in decided:
            _record(uow, action, link, user, at, note=note, group_id=joined.get(link.id))
        uow.commit()
    outcome.links = decided
    return outcome


def _join_many(
    uow: UnitOfWork,
    kind: LinkKind,
    links: Sequence[Link],
    joined: dict[str, str],
    user: str,
    at: datetime,
) -> list[CanonicalGroup]:
    """``_join`` for many links at once: the stored groups are read once, the items of the
    links and the groups they touch are gathered by connected component, and each component
    becomes one group (the largest stored group of it keeps its id and label). Fills
    ``joined`` with each link's group id; returns the groups written."""
    owner: dict[Endpoint, CanonicalGroup] = {}
    for group in uow.links.groups(kind):
        for end in group.endpoints:
            owner[end] = group
    parent: dict[Endpoint, Endpoint] = {}

    def find(end: Endpoint) -> Endpoint:
        parent.setdefault(end, end)
        while parent[end] != end:
            parent[end] = parent[parent[end]]
            end = parent[end]
        return end

    def union(a: Endpoint, b: Endpoint) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for link in links:
        union(link.source, link.target)
        for end in link.ends:
            stored = owner.get(end)
            if stored is not None:  # the whole stored group joins the component
                union(end, min(stored.endpoints))
    members: dict[Endpoint, dict[Endpoint, GroupMember]] = {}
    touched: dict[Endpoint, dict[str, CanonicalGroup]] = {}
    for link in links:
        root = find(link.source)
        for end in link.ends:
            members.setdefault(root, {}).setdefault(end, GroupMember(end, link.label_of(end)))
            stored = owner.get(end)
            if stored is not None:
                touched.setdefault(root, {})[stored.id] = stored
    written: dict[Endpoint, CanonicalGroup] = {}
    for root, items in members.items():
        groups = list(touched.get(root, {}).values())
        group = join_groups(kind, groups, items.values(), user=user, at=at)
        for stale in groups:
            if stale.id != group.id:
                uow.links.delete_group(stale.id)
        written[root] = group
    uow.links.save_groups(list(written.values()))
    for link in links:
        joined[link.id] = written[find(link.source)].id
    return list(written.values())


def merge_links(
    uow_factory: UowFactory,
    actor: Principal,
    link_ids: Sequence[str],
    *,
    label: str | None = None,
    note: str | None = None,
) -> CanonicalGroup:
    """Accept the links as equivalences and put all their items in one canonical group.

    Two links sharing no item (A-B and C-D) give one group A, B, C, D; ``label`` names it.
    A broader, narrower or related link merged becomes ``close``.
    """
    require_hr(actor, "la revue des liens")
    user = actor.account
    if not link_ids:
        raise LinkDecisionError("indiquer au moins un lien à fusionner")
    with uow_factory() as uow:
        at = _now()
        links = [_get(uow, i) for i in dict.fromkeys(link_ids)]
        kinds = {link.kind for link in links}
        if len(kinds) > 1:
            raise LinkDecisionError("impossible de fusionner des liens de compétences et de postes")
        accepted = [
            decide(
                link,
                LinkStatus.ACCEPTED,
                user=user,
                at=at,
                note=note,
                relation=link.relation if link.relation.equivalence else LinkRelation.CLOSE,
            )
            for link in links
        ]
        uow.links.save(accepted)
        group = _join(uow, links[0].kind, accepted, user=user, at=at, label=label)
        uow.links.record(
            Decision(
                action=DecisionAction.MERGE,
                user=user,
                at=at,
                kind=group.kind,
                group_id=group.id,
                endpoints=tuple(sorted(group.endpoints)),
                note=note,
            )
        )
        for link in accepted:
            _record(uow, DecisionAction.ACCEPT, link, user, at, note=note, group_id=group.id)
        uow.commit()
    return group


def split_member(
    uow_factory: UowFactory,
    actor: Principal,
    group_id: str,
    member: Endpoint,
    *,
    note: str | None = None,
) -> CanonicalGroup | None:
    """Take ``member`` out of a canonical group; its accepted links to the other members are
    rejected, so a new proposal run does not put it back. None when the group had only two
    members (it is dissolved)."""
    require_hr(actor, "la revue des liens")
    user = actor.account
    with uow_factory() as uow:
        at = _now()
        group = uow.links.group(group_id)
        if group is None:
            raise NotFoundError(f"groupe inconnu : « {group_id} »")
        rest = split_group_member(group, member)
        others = group.endpoints - {member}
        query = LinkQuery(
            kind=group.kind, statuses=(LinkStatus.ACCEPTED,), referential=member.referential
        )
        rejected = [
            decide(
                link,
                LinkStatus.REJECTED,
                user=user,
                at=at,
                note=note or f"séparé du groupe {group.name}",
            )
            for link in uow.links.find(query)
            if member in link.ends and link.other(member) in others
        ]
        uow.links.save(rejected)
        if rest is None:
            uow.links.delete_group(group_id)
        else:
            uow.links.save_group(rest)
        uow.links.record(
            Decision(
                action=DecisionAction.SPLIT,
                user=user,
                at=at,
                kind=group.kind,
                group_id=group_id,
                endpoints=(member,),
                note=note,
            )
        )
        for link in rejected:
            _record(uow, DecisionAction.REJECT, link, user, at, note=link.note, group_id=group_id)
        uow.commit()
    return rest


# -- canonical groups --------------------------------------------------------------------


def canonical_groups(
    uow_factory: UowFactory, *, kind: LinkKind | None = None, referential: str | None = None
) -> list[CanonicalGroup]:
    """The canonical groups HR built (accepted equivalences, merges), largest first."""
    with uow_factory() as uow:
        groups = uow.links.groups(kind)
    if referential is not None:
        groups = [g for g in groups if any(e.referential == referential for e in g.endpoints)]
    return sorted(groups, key=lambda g: (-len(g.members), g.name))


@dataclass(slots=True)
class GroupProposal:
    """Items the queue proposes as one canonical competency (or job), with the links that
    join them; ``score`` is the weakest of those links."""

    group: CanonicalGroup
    links: list[Link]
    score: float


def proposed_groups(
    uow_factory: UowFactory,
    *,
    kind: LinkKind = LinkKind.COMPETENCY,
    referential: str | None = None,
    min_score: float | None = None,
) -> list[GroupProposal]:
    """Items joined by exact or close links not rejected (proposed or accepted), grouped.

    Nothing is stored: this is how the queue reads as "one canonical competency, these
    names"; ``merge_links`` with the group's links makes it a canonical group.
    """
    query = LinkQuery(
        kind=kind,
        statuses=(LinkStatus.PROPOSED, LinkStatus.ACCEPTED),
        relations=(LinkRelation.EXACT, LinkRelation.CLOSE),
        min_score=min_score,
    )
    with uow_factory() as uow:
        links = uow.links.find(query)
    out: list[GroupProposal] = []
    for group in connected_groups(links, kind):
        if referential is not None and all(e.referential != referential for e in group.endpoints):
            continue
        members = group.endpoints
        inside = [link for link in links if link.source in members and link.target in members]
        out.append(GroupProposal(group, inside, min(link.score for link in inside)))
    return out


# -- after a new version -----------------------------------------------------------------


def requeue_for_version(
    uow: UnitOfWork, *, name: str, referential: Referential, previous: Referential | None
) -> None:
    """A new version of ``name``: the links it touches go back to the review queue.

    A link whose item in ``name`` changed (label, kind, definition, indicators, details; for
    a job: title, grade, alternative titles, activities, requirements) or disappeared is set
    back to proposed with a note; an accepted or rejected one also gets a "requeue" decision
    signed by the import. Links whose items are unchanged keep their status. An item that
    disappeared leaves its canonical group. Runs inside the import's transaction.
    """
    links = uow.links.touching(name)
    if not links:
        return
    at = _now()
    fingerprints = {kind: _fingerprints(referential, kind) for kind in LinkKind}
    changed: list[Link] = []
    for link in links:
        updated = requeue(link, name, fingerprints[link.kind], referential.version)
        if updated is None:
            continue
        changed.append(updated)
        if link.status is not LinkStatus.PROPOSED:
            _record(uow, DecisionAction.REQUEUE, link, IMPORT_USER, at, note=updated.note)
    uow.links.save(changed)
    for group in uow.links.groups():
        gone = [
            e
            for e in group.endpoints
            if e.referential == name and e.key not in fingerprints[group.kind]
        ]
        if not gone:
            continue
        rest = [m for m in group.members if m.endpoint not in gone]
        if len(rest) >= 2:
            group.members = rest
            uow.links.save_group(group)
        else:
            uow.links.delete_group(group.id)
        uow.links.record(
            Decision(
                action=DecisionAction.SPLIT,
                user=IMPORT_USER,
                at=at,
                kind=group.kind,
                group_id=group.id,
                endpoints=tuple(gone),
                note=f"absent de la version {referential.version} de {name}",
            )
        )


# -- the words of the review -------------------------------------------------------------

KIND_LABELS: dict[LinkKind, str] = {
    LinkKind.COMPETENCY: "compétences",
    LinkKind.JOB: "postes",
}
