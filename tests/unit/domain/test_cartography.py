"""The composition of the organisation's map from referentials and HR's decisions (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from parcours.domain.cartography import MapRole, compose, default_role
from parcours.domain.competency import Competency, CompetencyKind, Importance, Requirement
from parcours.domain.job import Job
from parcours.domain.links import (
    CanonicalGroup,
    Endpoint,
    GroupMember,
    Link,
    LinkKind,
    LinkRelation,
    LinkStatus,
)
from parcours.domain.mobility import Mobility, MobilityKind
from parcours.domain.referential import Referential

AT = datetime(2026, 12, 6, tzinfo=UTC)


def _comp(key: str, label: str) -> Competency:
    return Competency(key, label, CompetencyKind.SAVOIR_FAIRE)


def _job(
    key: str, *needs: str, sheet: bool = True, importance: Importance = Importance.ESSENTIAL
) -> Job:
    return Job(
        key,
        key.replace("-", " ").title(),
        has_sheet=sheet,
        requirements=[Requirement(n, importance) for n in needs],
    )


def _ref(
    name: str, jobs: list[Job], comps: list[Competency], moves: Sequence[Mobility] = ()
) -> Referential:
    return Referential(
        name=name,
        version=1,
        jobs={j.key: j for j in jobs},
        competencies={c.key: c for c in comps},
        mobilities=list(moves),
    )


def _link(
    kind: LinkKind,
    a: tuple[str, str],
    b: tuple[str, str],
    relation: LinkRelation = LinkRelation.EXACT,
    status: LinkStatus = LinkStatus.ACCEPTED,
) -> Link:
    return Link(
        kind,
        Endpoint(*a),
        Endpoint(*b),
        relation,
        0.9,
        status=status,
        source_label=a[1],
        target_label=b[1],
        decided_by="rh",
        decided_at=AT,
    )


def _group(kind: LinkKind, *ends: tuple[str, str]) -> CanonicalGroup:
    return CanonicalGroup(
        "g" + "".join(k for _, k in ends),
        kind,
        [GroupMember(Endpoint(*e), e[1]) for e in ends],
        created_by="rh",
        created_at=AT,
    )


BANK = _ref(
    "Banque",
    [
        _job("conseiller", "orientation-client", "analyse"),
        _job("directeur-agence", sheet=False),
    ],
    [_comp("orientation-client", "Orientation client"), _comp("analyse", "Analyse")],
    [Mobility("conseiller", "directeur-agence", MobilityKind.VERTICAL)],
)
DICTIONARY = _ref(
    "Dictionnaire",
    [
        _job("directeur-d-agence", "pilotage", "centre-client"),
        _job("gestionnaire", "centre-client", importance=Importance.OPTIONAL),
    ],
    [_comp("centre-client", "Être centré client"), _comp("pilotage", "Pilotage")],
)


def test_default_roles_follow_the_families() -> None:
    assert default_role({"rome"}) is MapRole.REFERENCE
    assert default_role({"esco"}) is MapRole.REFERENCE
    assert default_role({"fiche_fonction"}) is MapRole.ORGANISATION
    assert default_role({"rome", "fiche_fonction"}) is MapRole.ORGANISATION
    assert default_role(set()) is MapRole.ORGANISATION


def test_without_decisions_the_documents_stay_apart() -> None:
    composed = compose([BANK, DICTIONARY], [], [], [])
    keys = set(composed.referential.competencies)
    assert keys == {
        "Banque::orientation-client",
        "Banque::analyse",
        "Dictionnaire::centre-client",
        "Dictionnaire::pilotage",
    }
    assert len(composed.referential.jobs) == 4
    assert composed.job_origin["Banque::conseiller"] == Endpoint("Banque", "conseiller")


def test_an_accepted_equivalence_makes_one_competency_and_is_named() -> None:
    link = _link(
        LinkKind.COMPETENCY,
        ("Banque", "orientation-client"),
        ("Dictionnaire", "centre-client"),
        LinkRelation.CLOSE,
    )
    group = _group(
        LinkKind.COMPETENCY, ("Banque", "orientation-client"), ("Dictionnaire", "centre-client")
    )
    composed = compose([BANK, DICTIONARY], [], [link], [group])
    key = composed.canonical("Banque", "orientation-client")
    assert key is not None and key == composed.canonical("Dictionnaire", "centre-client")
    jobs = composed.referential.jobs
    assert key in {r.competency for r in jobs["Banque::conseiller"].requirements}
    assert key in {r.competency for r in jobs["Dictionnaire::gestionnaire"].requirements}
    (use,) = composed.links_between("Banque::conseiller", "Dictionnaire::gestionnaire", key)
    assert use.text == "orientation-client ≈ centre-client, lien validé par rh le 06/12/2026"
    # The canonical competency is named by the shorter label, with both provenances.
    assert composed.referential.competencies[key].label == "Orientation client"


def test_proposed_and_rejected_links_join_nothing() -> None:
    for status in (LinkStatus.PROPOSED, LinkStatus.REJECTED):
        link = _link(
            LinkKind.COMPETENCY,
            ("Banque", "orientation-client"),
            ("Dictionnaire", "centre-client"),
            status=status,
        )
        composed = compose([BANK, DICTIONARY], [], [link], [])
        assert composed.canonical("Banque", "orientation-client") != composed.canonical(
            "Dictionnaire", "centre-client"
        )


def test_a_member_whose_link_was_rejected_leaves_the_group() -> None:
    third = _ref(
        "Etude", [_job("superviseur", "sens-client")], [_comp("sens-client", "Sens du client")]
    )
    kept = _link(LinkKind.COMPETENCY, ("Dictionnaire", "centre-client"), ("Etude", "sens-client"))
    rejected = _link(
        LinkKind.COMPETENCY,
        ("Banque", "orientation-client"),
        ("Dictionnaire", "centre-client"),
        status=LinkStatus.REJECTED,
    )
    group = _group(
        LinkKind.COMPETENCY,
        ("Banque", "orientation-client"),
        ("Dictionnaire", "centre-client"),
        ("Etude", "sens-client"),
    )
    composed = compose([BANK, DICTIONARY, third], [], [kept, rejected], [group])
    assert composed.canonical("Dictionnaire", "centre-client") == composed.canonical(
        "Etude", "sens-client"
    )
    assert composed.canonical("Banque", "orientation-client") == "Banque::orientation-client"


def test_partial_links_are_kept_with_their_weight() -> None:
    link = _link(
        LinkKind.COMPETENCY,
        ("Banque", "analyse"),
        ("Dictionnaire", "pilotage"),
        LinkRelation.RELATED,
    )
    composed = compose([BANK, DICTIONARY], [], [link], [])
    ((a, b, use),) = composed.partial
    assert {a, b} == {"Banque::analyse", "Dictionnaire::pilotage"}
    assert use.weight == 0.25 and "compte pour 25 %" in use.text


def test_an_equivalent_job_receives_the_moves_declared_towards_its_title() -> None:
    same = _link(
        LinkKind.JOB, ("Banque", "directeur-agence"), ("Dictionnaire", "directeur-d-agence")
    )
    composed = compose([BANK, DICTIONARY], [], [same], [])
    target = composed.map_key("Banque", "directeur-agence")
    # The job described in the dictionary stands for the title without a sheet.
    assert target == "Dictionnaire::directeur-d-agence"
    assert composed.map_key("Dictionnaire", "directeur-d-agence") == target
    moves = [(m.source, m.target) for m in composed.referential.mobilities]
    assert moves == [("Banque::conseiller", target)]
    merged = composed.referential.jobs[target]
    assert "Directeur Agence" in merged.alt_titles and merged.has_sheet
    assert len(composed.referential.jobs) == 3


def test_reference_moves_are_offered_between_the_linked_jobs() -> None:
    rome = _ref(
        "ROME",
        [_job("K1"), _job("K2")],
        [],
        [Mobility("K1", "K2", MobilityKind.HORIZONTAL)],
    )
    links = [
        _link(LinkKind.JOB, ("Banque", "conseiller"), ("ROME", "K1"), LinkRelation.CLOSE),
        _link(LinkKind.JOB, ("Dictionnaire", "gestionnaire"), ("ROME", "K2"), LinkRelation.BROADER),
        _link(
            LinkKind.JOB,
            ("Dictionnaire", "directeur-d-agence"),
            ("ROME", "K2"),
            status=LinkStatus.REJECTED,
        ),
    ]
    composed = compose([BANK, DICTIONARY], [rome], links, [])
    pair = ("Banque::conseiller", "Dictionnaire::gestionnaire")
    assert pair in {(m.source, m.target) for m in composed.referential.mobilities}
    assert composed.reference_moves[pair].startswith("ROME : ")
    # Two bank jobs close to one ROME fiche are not made one job.
    assert "Banque::conseiller" in composed.referential.jobs
    rejected = ("Banque::conseiller", "Dictionnaire::directeur-d-agence")
    assert rejected not in composed.reference_moves
