"""The organisation's map on the five real seeds, in SQLite and PostgreSQL: accepted links make
one map that mobility, comparison, paths and gaps cross; a rejection undoes it at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from parcours.domain.access import AccessDenied, Principal, Role
from parcours.domain.cartography import MapRole
from parcours.domain.links import Endpoint, LinkKind, LinkRelation, LinkStatus
from parcours.domain.profile import profile_from_levels
from parcours.engine.recommend import Recommendation
from parcours.services import cartography, links, mobility
from parcours.services.catalogue import list_referentials
from parcours.services.imports import import_documents
from parcours.services.ports import UowFactory
from parcours.services.ports.links import LinkQuery
from parcours.store.uow import SqlUnitOfWork

HR = Principal("rh-test", frozenset({Role.HR}))
EMPLOYEE = Principal("salarie-test", frozenset({Role.EMPLOYEE}))
RISK_JOB = "CHARGE DE CLIENTELE RISQUES II.3"
RECOVERY = "Fiche métier — Chargé de recouvrement amiable"
LBP = "La Banque Postale"


@pytest.fixture
def uow(session_factory: sessionmaker[Session], all_seed_paths: list[Path]) -> UowFactory:
    def factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(session_factory)

    report = import_documents(factory, [(p.name, p.read_bytes()) for p in all_seed_paths])
    assert report.ok
    return factory


def _name(uow: UowFactory, prefix: str) -> str:
    (name,) = [s.name for s in list_referentials(uow) if s.name.startswith(prefix)]
    return name


def _accept_exact(uow: UowFactory) -> list[str]:
    """HR's scripted review: propose competency links and accept every exact one."""
    links.propose_links(uow, HR)
    query = LinkQuery(
        kind=LinkKind.COMPETENCY,
        statuses=(LinkStatus.PROPOSED,),
        relations=(LinkRelation.EXACT,),
    )
    with uow() as work:
        exact = work.links.find(query)
    for link in exact:
        links.accept_link(uow, HR, link.id)
    return [link.id for link in exact]


def _recovery_move(uow: UowFactory) -> Recommendation | None:
    result = mobility.recommend_for_job(uow, job=RISK_JOB, k=10)
    return next((r for r in result.items if r.referential == RECOVERY), None)


def test_default_roles_and_hr_declarations(uow: UowFactory) -> None:
    members = {m.referential: m for m in cartography.map_members(uow)}
    assert len(members) == 4
    assert all(m.role is MapRole.ORGANISATION and not m.declared for m in members.values())
    rncp = _name(uow, "RNCP")
    with pytest.raises(AccessDenied):
        cartography.set_role(uow, EMPLOYEE, rncp, MapRole.REFERENCE)
    member = cartography.set_role(uow, HR, rncp, MapRole.REFERENCE)
    assert member.role is MapRole.REFERENCE and member.declared_by == "rh-test"
    result = cartography.job_map(uow)
    assert rncp in result.references and rncp not in result.organisation
    referentials = {j.referential for g in result.groups for j in g.jobs}
    assert rncp not in referentials and LBP in referentials
    # Every job of the organisation's referentials is listed once, with its source document.
    listed = [(j.referential, j.key) for g in result.groups for j in g.jobs]
    assert len(listed) == len(set(listed)) == result.job_count
    assert all(j.document and j.line for g in result.groups for j in g.jobs if j.has_sheet)
    back = cartography.set_role(uow, HR, rncp, None)
    assert back.role is MapRole.ORGANISATION and not back.declared


def test_accepted_links_join_the_documents_and_a_rejection_undoes_it(uow: UowFactory) -> None:
    study = _name(uow, "Observatoire")
    assert _recovery_move(uow) is None or _recovery_move(uow).reasons.shared_count == 0  # type: ignore[union-attr]
    accepted = _accept_exact(uow)
    assert accepted

    # Mobility crosses documents: the recovery job, with shared competencies and the links.
    move = _recovery_move(uow)
    assert move is not None and move.reasons.shared_count > 0
    texts = [use.text for use in move.links]
    assert texts and all("lien validé par rh-test le" in t for t in texts)
    assert any("Être centré client" in t for t in texts)

    # Comparison: the two jobs now have common competencies, each named with its link.
    with uow() as work:
        lbp = work.referentials.get(LBP)
        recovery = work.referentials.get(RECOVERY)
    assert lbp is not None and recovery is not None
    risk = next(j for j in lbp.jobs.values() if j.title.startswith("CHARGE DE CLIENTELE RISQ"))
    (amiable,) = recovery.jobs.values()
    items = [
        (LBP, [r.competency for r in risk.requirements]),
        (RECOVERY, [r.competency for r in amiable.requirements]),
    ]
    bridge = mobility.competency_bridge(uow, items)
    shared = {bridge.key(LBP, r.competency) for r in risk.requirements} & {
        bridge.key(RECOVERY, r.competency) for r in amiable.requirements
    }
    assert shared

    # A career path from the study's junior advisor reaches a job of another document.
    paths = mobility.career_paths(
        uow, source="Conseiller junior", target=f"{RECOVERY}:{amiable.key}", max_steps=4
    )
    assert paths.paths, "no path from the study to the fiche métier"
    assert paths.paths[0].steps[-1].referential == RECOVERY
    assert paths.source.referential == study

    # A person rated on the study's competencies: their gap to an LBP job counts the links.
    with uow() as work:
        study_ref = work.referentials.get(study)
    assert study_ref is not None
    levels = {key: 3 for key in study_ref.competencies}
    profile = profile_from_levels("p-test", levels)
    report = mobility.gap_for_profile(uow, profile=profile, target=risk.key, referential=study)
    assert report.target.referential == LBP
    assert report.gap.covered and report.links
    covered_before = len(report.gap.covered)

    # Rejecting the link behind "Être centré client" takes its effect away at once.
    with uow() as work:
        found = [
            k
            for k in work.links.find(LinkQuery(kind=LinkKind.COMPETENCY))
            if k.status is LinkStatus.ACCEPTED
            and "Être centré client" in (k.source_label, k.target_label)
        ]
    assert found
    for link in found:
        links.reject_link(uow, HR, link.id)
    after = _recovery_move(uow)
    assert after is None or not any("Être centré client" in u.text for u in after.links)
    bridge_after = mobility.competency_bridge(uow, items)
    (centred,) = {e for k in found for e in k.ends if k.label_of(e) == "Être centré client"}
    # The item stands alone again: its own key, no longer the canonical group's.
    assert (
        bridge_after.key(centred.referential, centred.key)
        == f"{centred.referential}::{centred.key}"
    )
    # ... and rejecting a link the person's gap relied on lowers its coverage.
    used = next(u for u in report.links if u.link_id is not None)
    links.reject_link(uow, HR, used.link_id)  # type: ignore[arg-type]
    report_after = mobility.gap_for_profile(
        uow, profile=profile, target=risk.key, referential=study
    )
    assert len(report_after.gap.covered) < covered_before
    assert used.link_id not in {u.link_id for u in report_after.links}


def test_a_partial_link_counts_with_its_weight(uow: UowFactory) -> None:
    links.propose_links(uow, HR)
    with uow() as work:
        candidates = work.links.find(
            LinkQuery(kind=LinkKind.COMPETENCY, statuses=(LinkStatus.PROPOSED,), referential=LBP)
        )
    link = next(k for k in candidates if RECOVERY in (k.source.referential, k.target.referential))
    links.accept_link(uow, HR, link.id, relation=LinkRelation.RELATED)
    lbp_end = next(e for e in link.ends if e.referential == LBP)
    with uow() as work:
        lbp = work.referentials.get(LBP)
    assert lbp is not None
    holder = next(
        j for j in lbp.jobs.values() if any(r.competency == lbp_end.key for r in j.requirements)
    )
    result = mobility.recommend_for_job(uow, job=f"{LBP}:{holder.key}", k=10)
    move = next((r for r in result.items if r.referential == RECOVERY), None)
    assert move is not None
    partial = [u for u in move.links if u.relation is LinkRelation.RELATED]
    assert partial and "compte pour 25 %" in partial[0].text
    assert Endpoint(LBP, lbp_end.key) in (partial[0].source, partial[0].target)
