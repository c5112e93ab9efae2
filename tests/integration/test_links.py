"""Links through the services on SQLite and PostgreSQL: proposals, HR decisions, groups, and
what a re-import does to them."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from parcours.domain.access import AccessDenied, Principal, Role
from parcours.domain.cartography import MapRole
from parcours.domain.errors import NotFoundError
from parcours.domain.links import (
    DecisionAction,
    Endpoint,
    Link,
    LinkDecisionError,
    LinkKind,
    LinkRelation,
    LinkStatus,
    Signal,
)
from parcours.domain.links import proposed_groups as connected_domain_groups
from parcours.services import cartography, links
from parcours.services.imports import import_documents
from parcours.services.ports import UowFactory
from parcours.store.db import create_engine_for
from parcours.store.uow import SqlUnitOfWork, make_session_factory
from tests.conftest import seed_path

LBP = "La Banque Postale"
SHEET = "Fiche métier — Chargé de recouvrement amiable"
STUDY = (
    "Observatoire des métiers de la banque — "
    "Les métiers de la relation client à distance dans les banques"
)
RNCP = "RNCP — Chargé de clientèle particuliers (niveau 6)"


def hr(account: str) -> Principal:
    """An HR administrator: decisions are signed with their account."""
    return Principal(account=account, roles=frozenset({Role.HR}))


RH = hr("rh")


@pytest.fixture
def uow(session_factory: sessionmaker[Session]) -> UowFactory:
    return lambda: SqlUnitOfWork(session_factory)


def seeds(*prefixes: str) -> list[tuple[str, bytes]]:
    return [(seed_path(p).name, seed_path(p).read_bytes()) for p in prefixes]


def find(uow: UowFactory, first: str, second: str, *, status: LinkStatus | None = None) -> Link:
    """The link between the items labelled ``first`` and ``second``."""
    page = links.review_queue(uow, status=status, limit=1000)
    for link in page.links:
        if {link.source_label, link.target_label} == {first, second}:
            return link
    raise AssertionError(f"no link {first} / {second}")


def test_propose_accept_then_a_changed_document_requeues_only_the_touched_link(
    uow: UowFactory,
) -> None:
    import_documents(uow, seeds("000", "002"))
    report = links.propose_links(uow, RH, source=LBP, target=SHEET)
    (pair,) = report.pairs
    assert (pair.source, pair.target) == (SHEET, LBP) and pair.new == pair.candidates > 5

    client = find(uow, "Orientation client", "Être centré client")
    assert client.relation is LinkRelation.EXACT
    assert {e.signal for e in client.evidence} >= {Signal.SYNONYMS, Signal.SAME_KIND}
    flexible = find(uow, "Adaptabilité", "Faire preuve de flexibilité")
    links.accept_link(uow, hr("rh.durand"), client.id, note="même compétence")
    links.accept_link(uow, hr("rh.durand"), flexible.id)

    # The fiche métier changes the definition of "Être centré client" only.
    name, data = seeds("002")[0]
    text = data.decode("utf-8")
    assert "au centre de notre attention" in text
    changed = text.replace("au centre de notre attention", "au cœur de nos priorités").encode()
    report_import = import_documents(uow, [(name, changed)])
    assert [(v.name, v.version) for v in report_import.versions] == [(SHEET, 2)]

    touched = links.get_link(uow, client.id)
    assert touched.status is LinkStatus.PROPOSED
    assert touched.note is not None
    assert "« Être centré client » modifié dans la version 2" in touched.note
    assert "était accepté" in touched.note
    untouched = links.get_link(uow, flexible.id)
    assert untouched.status is LinkStatus.ACCEPTED and untouched.decided_by == "rh.durand"

    (last, accepted) = links.link_history(uow, client.id)[:2]
    assert (last.action, last.user) == (DecisionAction.REQUEUE, links.IMPORT_USER)
    assert (accepted.action, accepted.user, accepted.note) == (
        DecisionAction.ACCEPT,
        "rh.durand",
        "même compétence",
    )
    queue = links.review_queue(uow, referential=SHEET)
    assert client.id in {link.id for link in queue.links}
    assert flexible.id not in {link.id for link in queue.links}

    # Proposing again re-scores the queue and keeps the decision on the untouched pair.
    again = links.propose_links(uow, RH, source=LBP, target=SHEET)
    assert again.pairs[0].kept == 1 and again.pairs[0].new == 0
    assert links.get_link(uow, flexible.id).status is LinkStatus.ACCEPTED
    assert links.get_link(uow, client.id).status is LinkStatus.PROPOSED


def test_an_item_that_disappears_sends_its_links_back_and_leaves_its_group(
    uow: UowFactory,
) -> None:
    import_documents(uow, seeds("000", "002"))
    links.propose_links(uow, RH)
    flexible = find(uow, "Adaptabilité", "Faire preuve de flexibilité")
    links.accept_link(uow, RH, flexible.id)
    (group,) = links.canonical_groups(uow)
    assert group.endpoints == set(flexible.ends)

    name, data = seeds("002")[0]
    lines = [
        line
        for line in data.decode("utf-8").splitlines(keepends=True)
        if "Faire preuve de flexibilité" not in line
    ]
    import_documents(uow, [(name, "".join(lines).encode())])
    gone = links.get_link(uow, flexible.id)
    assert gone.status is LinkStatus.PROPOSED
    assert gone.note is not None and "absent de la version 2" in gone.note
    assert links.canonical_groups(uow) == []  # a group of two loses a member: dissolved


def test_an_unchanged_reimport_touches_no_decision(uow: UowFactory) -> None:
    import_documents(uow, seeds("000", "002"))
    links.propose_links(uow, RH)
    client = find(uow, "Orientation client", "Être centré client")
    rejected = links.reject_link(uow, RH, client.id, note="pas la même")
    assert rejected.status is LinkStatus.REJECTED
    import_documents(uow, seeds("000", "002"))  # same bytes: no new version
    assert links.get_link(uow, client.id).status is LinkStatus.REJECTED
    links.propose_links(uow, RH)  # a new run keeps the rejection
    kept = links.get_link(uow, client.id)
    assert (kept.status, kept.decided_by, kept.note) == (LinkStatus.REJECTED, "rh", "pas la même")


def test_merge_gathers_links_into_one_canonical_group_and_split_takes_one_out(
    uow: UowFactory,
) -> None:
    import_documents(uow, seeds("000", "001", "002", "004"))
    links.propose_links(uow, RH)
    lbp_sheet = find(uow, "Orientation client", "Être centré client")
    lbp_study = find(uow, "Orientation client", "Sens du client")
    analysis = find(uow, "Analyse", "Analyse et synthèse")

    group = links.merge_links(uow, RH, [lbp_sheet.id, lbp_study.id], label="Sens client")
    assert group.label == "Sens client"
    assert {e.key for e in group.endpoints} == {
        "orientation-client",
        "etre-centre-client",
        "sens-du-client",
    }
    assert links.get_link(uow, lbp_sheet.id).status is LinkStatus.ACCEPTED

    # Accepting a close link that touches the group adds to it.
    sheet_study = find(uow, "Être centré client", "Sens du client")
    links.accept_link(uow, RH, sheet_study.id)
    links.accept_link(uow, RH, analysis.id)
    groups = links.canonical_groups(uow)
    assert [len(g.members) for g in groups] == [3, 2]
    assert groups[0].id == group.id and groups[0].label == "Sens client"

    member = Endpoint(STUDY, "sens-du-client")
    rest = links.split_member(uow, hr("rh.lead"), group.id, member, note="périmètre différent")
    assert rest is not None and member not in rest.endpoints and len(rest.members) == 2
    assert links.get_link(uow, lbp_study.id).status is LinkStatus.REJECTED
    assert links.get_link(uow, sheet_study.id).status is LinkStatus.REJECTED
    assert links.get_link(uow, lbp_sheet.id).status is LinkStatus.ACCEPTED
    with pytest.raises(LinkDecisionError):
        links.split_member(uow, RH, group.id, member)

    history = links.link_history(uow, lbp_study.id)
    assert [d.action for d in history][:2] == [DecisionAction.REJECT, DecisionAction.ACCEPT]
    # A proposal run does not bring the split member back.
    links.propose_links(uow, RH)
    assert links.get_link(uow, lbp_study.id).status is LinkStatus.REJECTED
    # The queue proposes one canonical competency per connected group of close links.
    proposals = links.proposed_groups(uow, referential=SHEET)
    labels = [{m.label for m in p.group.members} for p in proposals]
    assert any({"Analyse", "Analyse et discernement", "Analyse et synthèse"} <= g for g in labels)


def test_the_review_queue_filters_and_pages(uow: UowFactory) -> None:
    import_documents(uow, seeds("000", "002", "004"))
    links.propose_links(uow, RH)
    everything = links.review_queue(uow, limit=1000)
    assert everything.total == len(everything.links) > 10
    scores = [link.score for link in everything.links]
    assert scores == sorted(scores, reverse=True)

    page = links.review_queue(uow, limit=5, offset=5)
    assert page.total == everything.total
    assert [link.id for link in page.links] == [link.id for link in everything.links[5:10]]

    by_pair = links.review_queue(uow, referential=LBP, other=STUDY, limit=1000)
    assert by_pair.links and all(
        {link.source.referential, link.target.referential} == {LBP, STUDY} for link in by_pair.links
    )
    search = links.review_queue(uow, search="CENTRE client", limit=1000)  # no accents
    assert search.links and all(
        "centré" in (link.source_label + link.target_label).lower() for link in search.links
    )
    exact = links.review_queue(uow, relation=LinkRelation.EXACT, min_score=0.7, limit=1000)
    assert exact.links and all(
        link.relation is LinkRelation.EXACT and link.score >= 0.7 for link in exact.links
    )
    links.reject_link(uow, RH, exact.links[0].id)
    assert links.review_queue(uow, limit=1000).total == everything.total - 1
    rejected = links.review_queue(uow, status=LinkStatus.REJECTED)
    assert [link.id for link in rejected.links] == [exact.links[0].id]


def test_jobs_link_through_alternative_titles(uow: UowFactory) -> None:
    import_documents(uow, seeds("003", "004"))
    links.propose_links(uow, RH)
    report = links.propose_links(uow, RH, kind=LinkKind.JOB, source=STUDY, target=RNCP)
    assert report.pairs[0].new >= 1
    job = find(uow, "Conseiller en e-agence", "Chargé de clientèle particuliers")
    assert job.kind is LinkKind.JOB
    assert Signal.ALT_TITLE in {e.signal for e in job.evidence}
    assert links.review_queue(uow, kind=LinkKind.COMPETENCY, referential=RNCP).links is not None


def test_unknown_links_groups_and_referentials_are_reported(uow: UowFactory) -> None:
    import_documents(uow, seeds("002"))
    with pytest.raises(NotFoundError):
        links.accept_link(uow, RH, "l0000000000000000")
    with pytest.raises(NotFoundError):
        links.propose_links(uow, RH, source="Inconnu")
    with pytest.raises(NotFoundError):
        links.split_member(uow, RH, "g0", Endpoint(SHEET, "analyse"))
    assert links.propose_links(uow, RH).pairs == []  # one referential: no pair


def test_decisions_are_keyed_by_items_not_rows(uow: UowFactory, tmp_path: Path) -> None:
    """A decided link is found again by its two items, whatever the version holding them."""
    import_documents(uow, seeds("000", "002"))
    links.propose_links(uow, RH)
    client = find(uow, "Orientation client", "Être centré client")
    links.accept_link(uow, RH, client.id)
    import_documents(uow, seeds("001"))  # La Banque Postale gets version 2, same competency
    again = links.get_link(uow, client.id)
    assert again.status is LinkStatus.ACCEPTED
    assert again.source == Endpoint(SHEET, "etre-centre-client")
    assert again.target == Endpoint(LBP, "orientation-client")


def test_only_hr_proposes_and_decides(uow: UowFactory) -> None:
    """A manager, a jury member or an employee cannot touch the links; nothing is stored."""
    import_documents(uow, seeds("000", "002"))
    others = Principal(account="marc", roles=frozenset({Role.EMPLOYEE, Role.MANAGER, Role.JURY}))
    with pytest.raises(AccessDenied, match="administrateurs RH"):
        links.propose_links(uow, others)
    assert links.review_queue(uow, status=None).total == 0
    links.propose_links(uow, RH)
    first, second = links.review_queue(uow, limit=2).links
    group_first = links.merge_links(uow, RH, [first.id])
    for attempt in (
        lambda: links.accept_link(uow, others, second.id),
        lambda: links.reject_link(uow, others, second.id),
        lambda: links.merge_links(uow, others, [second.id]),
        lambda: links.split_member(uow, others, group_first.id, first.source),
    ):
        with pytest.raises(AccessDenied):
            attempt()
    assert links.get_link(uow, second.id).status is LinkStatus.PROPOSED
    assert links.get_link(uow, first.id).decided_by == "rh"
    assert len(links.canonical_groups(uow)) == 1


def test_bulk_accept_decides_each_link_as_a_single_accept_would(uow: UowFactory) -> None:
    import_documents(uow, seeds("000", "001", "002", "004"))
    links.propose_links(uow, RH)
    # one group named by HR first: the bulk decision must keep its id and name
    client = find(uow, "Orientation client", "Être centré client")
    named = links.merge_links(uow, RH, [client.id], label="Sens client")
    wanted = links.review_queue(uow, relation=LinkRelation.EXACT, min_score=0.7, limit=1000)
    assert wanted.total >= 5
    others = Principal(account="marc", roles=frozenset({Role.MANAGER}))
    with pytest.raises(AccessDenied):
        links.decide_many(uow, others, LinkStatus.ACCEPTED, relation=LinkRelation.EXACT)
    with pytest.raises(LinkDecisionError, match="la file a changé"):
        links.decide_many(
            uow, RH, LinkStatus.ACCEPTED, relation=LinkRelation.EXACT, min_score=0.7, expected=1
        )
    assert links.review_queue(uow, relation=LinkRelation.EXACT, min_score=0.7).total == (
        wanted.total
    )

    outcome = links.decide_many(
        uow,
        hr("rh.durand"),
        LinkStatus.ACCEPTED,
        kind=LinkKind.COMPETENCY,
        relation=LinkRelation.EXACT,
        min_score=0.7,
        note="revue groupée",
        expected=wanted.total,
    )
    assert outcome.decided == wanted.total
    assert {link.id for link in outcome.links} == {link.id for link in wanted.links}
    assert links.review_queue(uow, relation=LinkRelation.EXACT, min_score=0.7).total == 0
    for link in wanted.links:
        stored = links.get_link(uow, link.id)
        assert (stored.status, stored.decided_by) == (LinkStatus.ACCEPTED, "rh.durand")
        last = links.link_history(uow, link.id)[0]
        assert (last.action, last.user, last.note) == (
            DecisionAction.ACCEPT,
            "rh.durand",
            "revue groupée",
        )
        group = next(g for g in links.canonical_groups(uow) if g.id == last.group_id)
        assert set(link.ends) <= group.endpoints
    # the groups are the connected items of the accepted equivalences, as one by one
    accepted = links.review_queue(uow, status=LinkStatus.ACCEPTED, limit=1000).links
    expected_groups = {
        frozenset(g.endpoints) for g in connected_domain_groups(accepted, LinkKind.COMPETENCY)
    }
    assert {frozenset(g.endpoints) for g in links.canonical_groups(uow)} == expected_groups
    kept = next(g for g in links.canonical_groups(uow) if g.id == named.id)
    assert kept.label == "Sens client"
    # nothing left to decide: nothing happens
    again = links.decide_many(uow, RH, LinkStatus.ACCEPTED, relation=LinkRelation.EXACT)
    assert again.decided == 0


def test_bulk_reject_leaves_groups_alone_and_keeps_other_kinds(uow: UowFactory) -> None:
    import_documents(uow, seeds("000", "002", "003", "004"))
    links.propose_links(uow, RH)
    links.propose_links(uow, RH, kind=LinkKind.JOB)
    competencies = links.review_queue(uow, kind=LinkKind.COMPETENCY).total
    all_jobs = links.review_queue(uow, kind=LinkKind.JOB).total
    jobs = links.review_queue(uow, kind=LinkKind.JOB, referential=RNCP, limit=1000)
    assert jobs.total >= 1 and competencies >= 1
    outcome = links.decide_many(uow, RH, LinkStatus.REJECTED, kind=LinkKind.JOB, referential=RNCP)
    assert outcome.decided == jobs.total and outcome.groups == []
    assert links.review_queue(uow, kind=LinkKind.JOB).total == all_jobs - jobs.total
    assert links.review_queue(uow, kind=LinkKind.COMPETENCY).total == competencies
    rejected = links.review_queue(uow, kind=LinkKind.JOB, status=LinkStatus.REJECTED)
    assert {link.decided_by for link in rejected.links} == {"rh"}
    assert links.link_history(uow, jobs.links[0].id)[0].action is DecisionAction.REJECT
    assert links.canonical_groups(uow) == []
    with pytest.raises(LinkDecisionError):
        links.decide_many(uow, RH, LinkStatus.PROPOSED)


def test_bulk_accept_of_hundreds_of_links_is_one_batch(uow: UowFactory) -> None:
    """600 exact links in chains of three items (A-B, B-C) across two made-up referentials:
    300 groups of three, each decision in the history."""
    made: list[Link] = []
    for i in range(300):
        a, b, c = (
            Endpoint("Réf A", f"a{i}"),
            Endpoint("Réf B", f"b{i}"),
            Endpoint("Réf C", f"c{i}"),
        )
        for source, target in ((a, b), (b, c)):
            made.append(
                Link(
                    kind=LinkKind.COMPETENCY,
                    source=source,
                    target=target,
                    relation=LinkRelation.EXACT,
                    score=0.9,
                    source_label=source.key,
                    target_label=target.key,
                )
            )
    with uow() as unit:
        unit.links.save(made)
        unit.commit()
    outcome = links.decide_many(uow, RH, LinkStatus.ACCEPTED, relation=LinkRelation.EXACT)
    assert outcome.decided == 600 and len(outcome.groups) == 300
    groups = links.canonical_groups(uow)
    assert len(groups) == 300 and {len(g.members) for g in groups} == {3}
    with uow() as unit:
        assert len(unit.links.history(limit=1000)) == 600


def test_other_writes_go_through_while_links_are_scored(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(session_factory)

    assert import_documents(uow, seeds("000", "002", "004")).ok
    # Another process, waiting a fifth of a second at most for a writer to finish.
    other_engine = create_engine_for(
        engine.url.render_as_string(hide_password=False), busy_timeout=0.2
    )
    other_sessions = make_session_factory(other_engine)

    def other() -> SqlUnitOfWork:
        return SqlUnitOfWork(other_sessions)

    steps: list[str] = []

    def meanwhile(step: str) -> None:
        # Before the second pair is scored: the first one's links are known (and, written
        # as they came, used to hold SQLite's writer lock until the end of the run).
        if len(steps) == 1:
            cartography.set_role(other, RH, SHEET, "reference")
        steps.append(step)

    try:
        report = links.propose_links(uow, RH, progress=meanwhile)
        assert len(steps) == 3 and report.total("new") > 0
        roles = {m.referential: m.role for m in cartography.map_members(uow)}
        assert roles[SHEET] is MapRole.REFERENCE
    finally:
        other_engine.dispose()
