"""LinkStore (services/ports/links.py): the fake and the SQL store alike, on what the link
services rely on: links found by query (best score first), decisions newest first, the
revision that keys the cached map, and canonical groups (one per item and kind)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from parcours.domain.links import (
    CanonicalGroup,
    Decision,
    DecisionAction,
    Endpoint,
    Evidence,
    GroupMember,
    Link,
    LinkKind,
    LinkRelation,
    LinkStatus,
    Signal,
)
from parcours.services.ports import UowFactory
from parcours.services.ports.links import LinkQuery

AT = datetime(2026, 5, 4, 10, tzinfo=UTC)
COMP = LinkKind.COMPETENCY


def end(referential: str, key: str) -> Endpoint:
    return Endpoint(referential, key)


def links() -> list[Link]:
    return [
        Link(
            COMP,
            end("rome", "accueil"),
            end("banque", "accueil-client"),
            LinkRelation.BROADER,
            0.8,
            [Evidence(Signal.TOKEN_OVERLAP, 0.5, "accueil")],
            source_label="Accueil",
            target_label="Accueil du client",
            source_fingerprint="f1",
        ),
        Link(COMP, end("rome", "vente"), end("banque", "vente"), LinkRelation.EXACT, 0.95),
        Link(COMP, end("rome", "caisse"), end("autre", "caisse"), LinkRelation.CLOSE, 0.8),
        Link(
            LinkKind.JOB,
            end("rome", "m-1"),
            end("banque", "b-1"),
            LinkRelation.RELATED,
            0.4,
            status=LinkStatus.ACCEPTED,
            decided_by="rh",
            decided_at=AT,
            note="vu",
        ),
    ]


def test_links_are_found_by_query_best_score_first(port_uow: UowFactory) -> None:
    made = links()
    with port_uow() as uow:
        uow.links.save(made)
        uow.commit()
    by_score = sorted(made, key=lambda link: (-link.score, link.id))
    with port_uow() as uow:
        assert uow.links.get(made[0].id) == made[0]  # the ends as ordered by Link itself
        assert uow.links.get("l-inconnu") is None
        assert uow.links.find(LinkQuery()) == by_score
        assert [lk.id for lk in uow.links.find(LinkQuery(), limit=2, offset=1)] == [
            lk.id for lk in by_score[1:3]
        ]
        assert uow.links.count(LinkQuery()) == 4
        comps = LinkQuery(kind=COMP, statuses=(LinkStatus.PROPOSED,))
        assert uow.links.count(comps) == 3
        assert [lk.id for lk in uow.links.find(LinkQuery(referential="autre"))] == [made[2].id]
        pair = LinkQuery(referential="rome", other="banque")
        assert {lk.id for lk in uow.links.find(pair)} == {made[0].id, made[1].id, made[3].id}
        assert uow.links.count(LinkQuery(referential="banque", other="autre")) == 0
        assert uow.links.count(LinkQuery(relations=(LinkRelation.NARROWER,))) == 1  # flipped
        assert uow.links.count(LinkQuery(min_score=0.8)) == 3
        assert [lk.id for lk in uow.links.find(LinkQuery(search="CLIENT"))] == [made[0].id]
        assert [lk.id for lk in uow.links.touching("autre")] == [made[2].id]
        changed = links()[2]
        changed.status, changed.score = LinkStatus.REJECTED, 0.5
        uow.links.save([changed])
        uow.links.delete([made[1].id, "l-inconnu"])
        uow.commit()
    with port_uow() as uow:
        assert uow.links.get(made[1].id) is None
        assert uow.links.get(changed.id) == changed
        assert uow.links.count(LinkQuery(statuses=(LinkStatus.REJECTED,))) == 1
        uow.links.delete([made[0].id])  # not committed
    with port_uow() as uow:
        assert uow.links.get(made[0].id) is not None


def test_decisions_are_read_newest_first(port_uow: UowFactory) -> None:
    link = links()[0]
    with port_uow() as uow:
        uow.links.record(
            Decision(DecisionAction.ACCEPT, "rh", AT, link_id=link.id, endpoints=link.ends)
        )
        uow.links.record(
            Decision(DecisionAction.MERGE, "rh", AT + timedelta(hours=1), group_id="g1")
        )
        uow.links.record(  # recorded later, dated earlier
            Decision(DecisionAction.REJECT, "chef", AT - timedelta(hours=1), link_id=link.id)
        )
        uow.links.record(Decision(DecisionAction.REQUEUE, "x", AT, link_id=link.id, note="n"))
        uow.commit()
    with port_uow() as uow:
        assert [d.action for d in uow.links.history()] == [
            DecisionAction.MERGE,
            DecisionAction.REQUEUE,  # same time as the accept, recorded after it
            DecisionAction.ACCEPT,
            DecisionAction.REJECT,
        ]
        mine = uow.links.history(link_id=link.id, limit=2)
        assert [d.action for d in mine] == [DecisionAction.REQUEUE, DecisionAction.ACCEPT]
        assert mine[1] == Decision(
            DecisionAction.ACCEPT, "rh", AT, link_id=link.id, endpoints=link.ends
        )
        assert [d.user for d in uow.links.history(group_id="g1")] == ["rh"]
        assert uow.links.history(link_id="l-x") == []


def test_the_revision_moves_with_decisions_and_groups(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        first = uow.links.revision()
        assert uow.links.revision() == first
        uow.links.record(Decision(DecisionAction.ACCEPT, "rh", AT))
        uow.commit()
    with port_uow() as uow:
        second = uow.links.revision()
        assert second != first and uow.links.revision() == second
        uow.links.save_group(CanonicalGroup("g1", COMP, [GroupMember(end("a", "x"))]))
        uow.commit()
    with port_uow() as uow:
        third = uow.links.revision()
        assert third not in (first, second)
        uow.links.save_group(CanonicalGroup("g1", COMP, [GroupMember(end("a", "x"))], "nom"))
        uow.commit()
    with port_uow() as uow:
        fourth = uow.links.revision()  # the same group saved again
        assert fourth not in (first, second, third)
        uow.links.delete_group("g1")
        uow.commit()
    with port_uow() as uow:
        # (the SQL stamp is the state's: with no group left it is the one of before the first)
        assert uow.links.revision() != fourth


def test_an_item_is_in_one_group_of_its_kind(port_uow: UowFactory) -> None:
    a, b, c, d = end("rome", "a"), end("banque", "b"), end("autre", "c"), end("rome", "d")
    first = CanonicalGroup(
        "g1",
        COMP,
        [GroupMember(b, "Bé"), GroupMember(a, "A"), GroupMember(c)],
        label="Groupe",
        created_by="rh",
        created_at=AT,
    )
    jobs = CanonicalGroup("g9", LinkKind.JOB, [GroupMember(a), GroupMember(b)])
    with port_uow() as uow:
        uow.links.save_groups([first, jobs])
        uow.commit()
    with port_uow() as uow:
        found = uow.links.group("g1")
        assert found is not None
        # members by referential and key; who made it and when as saved
        assert [m.endpoint for m in found.members] == [c, b, a]
        assert (found.label, found.created_by, found.created_at) == ("Groupe", "rh", AT)
        assert [m.label for m in found.members] == ["", "Bé", "A"]
        assert uow.links.group("g0") is None
        assert [g.id for g in uow.links.groups()] == ["g1", "g9"]
        assert [g.id for g in uow.links.groups(LinkKind.JOB)] == ["g9"]
        held = uow.links.group_of(COMP, a)
        assert held is not None and held.id == "g1"
        assert uow.links.group_of(COMP, d) is None
        # c and d make a new group: c leaves g1, the job group keeps its members
        uow.links.save_group(CanonicalGroup("g2", COMP, [GroupMember(c), GroupMember(d)]))
        uow.commit()
    with port_uow() as uow:
        left = uow.links.group("g1")
        assert left is not None and [m.endpoint for m in left.members] == [b, a]
        other = uow.links.group_of(COMP, c)
        assert other is not None and other.id == "g2"
        kept = uow.links.group("g9")
        assert kept is not None and len(kept.members) == 2
        # saved again: the label changes, the author and date stay
        uow.links.save_group(CanonicalGroup("g1", COMP, [GroupMember(a)], None, "autre", None))
        uow.commit()
    with port_uow() as uow:
        again = uow.links.group("g1")
        assert again is not None
        assert (again.label, again.created_by, again.created_at) == (None, "rh", AT)
        assert [m.endpoint for m in again.members] == [a]
        assert uow.links.group_of(COMP, b) is None
        uow.links.delete_group("g2")
        uow.links.delete_group("g-inconnu")
        uow.commit()
    with port_uow() as uow:
        assert [g.id for g in uow.links.groups()] == ["g1", "g9"]
        assert uow.links.group_of(COMP, c) is None
