"""Links, decisions and canonical groups as pure domain rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parcours.domain.competency import Competency, CompetencyKind
from parcours.domain.links import (
    CanonicalGroup,
    Endpoint,
    GroupMember,
    Link,
    LinkDecisionError,
    LinkKind,
    LinkRelation,
    LinkStatus,
    competency_fingerprint,
    decide,
    join_groups,
    link_id,
    proposed_groups,
    refresh,
    requeue,
    split_member,
)
from parcours.domain.provenance import Provenance

AT = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
BANK = Endpoint("Banque", "orientation-client")
STUDY = Endpoint("Étude", "sens-du-client")
SHEET = Endpoint("Fiche", "etre-centre-client")


def link(
    a: Endpoint = BANK,
    b: Endpoint = STUDY,
    relation: LinkRelation = LinkRelation.EXACT,
    **kw: object,
) -> Link:
    return Link(
        kind=LinkKind.COMPETENCY,
        source=a,
        target=b,
        relation=relation,
        score=kw.pop("score", 0.8),  # type: ignore[arg-type]
        source_label=f"label {a.key}",
        target_label=f"label {b.key}",
        source_fingerprint=f"fp-{a.key}",
        target_fingerprint=f"fp-{b.key}",
        **kw,  # type: ignore[arg-type]
    )


def test_ends_are_ordered_and_the_relation_flips_with_them() -> None:
    narrower = link(STUDY, BANK, LinkRelation.NARROWER)  # Banque is narrower than Étude
    assert narrower.source == BANK and narrower.target == STUDY
    assert narrower.relation is LinkRelation.BROADER  # read from Banque: Étude is broader
    assert narrower.source_label == "label orientation-client"
    assert narrower.source_fingerprint == "fp-orientation-client"
    assert narrower.relation_from(STUDY) is LinkRelation.NARROWER
    assert narrower.id == link(BANK, STUDY, LinkRelation.BROADER).id


endpoints = st.builds(
    Endpoint,
    st.sampled_from(["A", "B", "Référentiel C"]),
    st.text(alphabet="abcdé-", min_size=1, max_size=8),
)


@given(endpoints, endpoints, st.sampled_from(list(LinkRelation)))
def test_a_pair_has_one_identity_whatever_the_order(
    a: Endpoint, b: Endpoint, relation: LinkRelation
) -> None:
    if a.referential == b.referential:
        with pytest.raises(ValueError):
            link(a, b, relation)
        return
    forward, backward = link(a, b, relation), link(b, a, relation.flipped())
    assert forward.id == backward.id == link_id(LinkKind.COMPETENCY, b, a)
    assert forward.relation_from(a) is backward.relation_from(a) is relation
    assert forward.source < forward.target


def test_link_ids_are_stable_and_depend_on_the_kind() -> None:
    assert link_id(LinkKind.COMPETENCY, BANK, STUDY) == link_id(LinkKind.COMPETENCY, BANK, STUDY)
    assert link_id(LinkKind.COMPETENCY, BANK, STUDY) != link_id(LinkKind.JOB, BANK, STUDY)
    assert len(link_id(LinkKind.JOB, BANK, STUDY)) == 17


def test_a_link_joins_two_referentials_with_a_score_in_range() -> None:
    with pytest.raises(ValueError):
        link(BANK, Endpoint("Banque", "autre"))
    with pytest.raises(ValueError):
        link(score=1.2)


def test_a_decision_is_signed_and_dated() -> None:
    accepted = decide(link(), LinkStatus.ACCEPTED, user="rh.martin", at=AT, note="ok")
    assert (accepted.status, accepted.decided_by, accepted.decided_at) == (
        LinkStatus.ACCEPTED,
        "rh.martin",
        AT,
    )
    assert accepted.note == "ok"
    retyped = decide(link(), LinkStatus.ACCEPTED, user="x", at=AT, relation=LinkRelation.CLOSE)
    assert retyped.relation is LinkRelation.CLOSE
    with pytest.raises(LinkDecisionError):
        decide(link(), LinkStatus.REJECTED, user="  ", at=AT)


def test_refresh_keeps_a_decision_while_both_items_are_unchanged() -> None:
    accepted = decide(link(), LinkStatus.ACCEPTED, user="rh", at=AT)
    again = link(score=0.7)
    kept = refresh(accepted, again)
    assert kept.status is LinkStatus.ACCEPTED and kept.decided_by == "rh"
    assert kept.score == 0.7  # the new score and evidence
    changed = replace(again, target_fingerprint="other")
    reopened = refresh(accepted, changed)
    assert reopened.status is LinkStatus.PROPOSED
    assert reopened.note is not None and "modifié" in reopened.note
    assert refresh(None, again) is again
    proposed = refresh(replace(link(), note="vu"), again)
    assert proposed.status is LinkStatus.PROPOSED and proposed.note == "vu"


def test_requeue_sends_changed_or_missing_items_back_to_the_queue() -> None:
    accepted = decide(link(), LinkStatus.ACCEPTED, user="rh", at=AT)
    same = {"orientation-client": "fp-orientation-client"}
    assert requeue(accepted, "Banque", same, 2) is None
    assert requeue(accepted, "Autre", {}, 2) is None  # not an end of this link

    changed = requeue(accepted, "Banque", {"orientation-client": "new"}, 3)
    assert changed is not None
    assert changed.status is LinkStatus.PROPOSED
    assert (
        changed.note
        == "Banque : « label orientation-client » modifié dans la version 3 (était accepté)"
    )
    assert changed.source_fingerprint == "new"
    assert requeue(changed, "Banque", {"orientation-client": "new"}, 4) is None

    gone = requeue(accepted, "Étude", {}, 7)
    assert gone is not None and gone.status is LinkStatus.PROPOSED
    assert gone.note is not None and "absent de la version 7" in gone.note


def test_competency_fingerprint_follows_content_not_provenance() -> None:
    comp = Competency("analyse", "Analyse", CompetencyKind.SAVOIR_FAIRE, definition="Identifier")
    moved = replace(comp, provenance=[Provenance("sha")], category="autre rubrique")
    assert competency_fingerprint(comp) == competency_fingerprint(moved)
    assert competency_fingerprint(comp) != competency_fingerprint(
        replace(comp, definition="Identifier et synthétiser")
    )
    assert competency_fingerprint(comp) != competency_fingerprint(
        replace(comp, kind=CompetencyKind.SAVOIR_ETRE)
    )


def test_joining_groups_keeps_the_largest_groups_id_and_name() -> None:
    big = CanonicalGroup(
        "g1",
        LinkKind.COMPETENCY,
        [GroupMember(BANK, "Orientation client"), GroupMember(STUDY, "Sens du client")],
        label="Orientation client",
    )
    joined = join_groups(
        LinkKind.COMPETENCY,
        [big],
        [GroupMember(STUDY, "Sens du client"), GroupMember(SHEET, "Être centré client")],
        user="rh",
        at=AT,
    )
    assert joined.id == "g1" and joined.label == "Orientation client"
    assert joined.endpoints == {BANK, STUDY, SHEET}
    fresh = join_groups(
        LinkKind.COMPETENCY, [], [GroupMember(SHEET, "Être centré client")], user="rh", at=AT
    )
    assert (
        fresh.id.startswith("g") and fresh.created_by == "rh" and fresh.name == "Être centré client"
    )


def test_splitting_takes_one_member_out_or_dissolves_a_pair() -> None:
    group = CanonicalGroup(
        "g1",
        LinkKind.COMPETENCY,
        [
            GroupMember(BANK, "Orientation client"),
            GroupMember(STUDY, "Sens du client"),
            GroupMember(SHEET, "Être centré client"),
        ],
    )
    rest = split_member(group, SHEET)
    assert rest is not None and rest.endpoints == {BANK, STUDY}
    assert rest.name == "Sens du client"  # the shortest label
    assert split_member(rest, BANK) is None
    with pytest.raises(LinkDecisionError):
        split_member(rest, SHEET)


def test_proposed_groups_are_connected_equivalences_not_rejected() -> None:
    other = Endpoint("Fiche", "analyse")
    links = [
        link(BANK, STUDY, LinkRelation.EXACT),
        link(STUDY, SHEET, LinkRelation.CLOSE),
        link(BANK, other, LinkRelation.RELATED),  # not an equivalence
        replace(link(SHEET, Endpoint("Zeta", "x"), LinkRelation.CLOSE), status=LinkStatus.REJECTED),
    ]
    (group,) = proposed_groups(links, LinkKind.COMPETENCY)
    assert group.endpoints == {BANK, STUDY, SHEET}
    assert proposed_groups(links, LinkKind.JOB) == []
