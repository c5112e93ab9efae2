"""Which pairs of referentials ``propose_links`` links (in-memory store, real seed documents)."""

from __future__ import annotations

from parcours.domain.access import Principal, Role
from parcours.domain.links import LinkKind
from parcours.services import cartography, links
from parcours.services.imports import import_documents
from parcours.services.ports import UowFactory
from tests.conftest import seed_path

HR = Principal(account="rh", roles=frozenset({Role.HR}))


def pairs(report: links.ProposalReport) -> set[frozenset[str]]:
    return {frozenset((p.source, p.target)) for p in report.pairs}


def test_the_pages_proposals_leave_two_references_unlinked(fake_uow: UowFactory) -> None:
    files = [(seed_path(p).name, seed_path(p).read_bytes()) for p in ("000", "002", "004")]
    assert import_documents(fake_uow, files).ok
    names = sorted(m.referential for m in cartography.map_members(fake_uow))
    assert len(names) == 3
    organisation, *references = names
    for name in references:
        cartography.set_role(fake_uow, HR, name, "reference")
    every = pairs(links.propose_links(fake_uow, HR, kind=LinkKind.COMPETENCY))
    assert len(every) == 3
    mapped = links.propose_links(fake_uow, HR, kind=LinkKind.COMPETENCY, references_together=False)
    assert pairs(mapped) == every - {frozenset(references)}
    assert all(organisation in pair for pair in pairs(mapped))
    # A pair asked for by name is linked whatever the roles.
    asked = links.propose_links(
        fake_uow,
        HR,
        source=references[0],
        target=references[1],
        kind=LinkKind.COMPETENCY,
        references_together=False,
    )
    assert pairs(asked) == {frozenset(references)}
