"""Job crosswalks on the real documents, on SQLite and PostgreSQL: with the five seeds, ROME 4.0
and ESCO imported and the job links of La Banque Postale proposed (the reference corpus of
tests/corpus.py, built once a run), every La Banque Postale job with a sheet has a ROME
crosswalk proposal (code, title, reasons) and ESCO ones (URI); HR's decisions order them
(accepted first) and a rejected link leaves the sheet."""

from __future__ import annotations

from typer.testing import CliRunner

from parcours.cli import app
from parcours.domain.access import Principal, Role
from parcours.domain.links import LinkStatus
from parcours.services import crosswalks, links
from parcours.services.ports import UnitOfWork
from parcours.store.uow import SqlUnitOfWork, make_session_factory
from tests.ingest.test_esco import NAME as ESCO
from tests.ingest.test_rome import NAME as ROME
from tests.integration.conftest import CorpusCopy

LBP = "La Banque Postale"
RH = Principal(account="rh", roles=frozenset({Role.HR}))
# Proposing the job links of La Banque Postale against the four other referentials, ROME and
# ESCO takes about 3 s on a quiet machine (benchmarks/linking_eval.py jobs).
PROPOSE_SECONDS = 60.0


def test_every_bank_job_with_a_sheet_gets_rome_and_esco_crosswalks(
    reference_corpus: CorpusCopy,
) -> None:
    engine = reference_corpus.engine
    session_factory = make_session_factory(engine)

    def uow() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    build = reference_corpus.build  # the imports, then La Banque Postale's links proposed
    assert build.report.ok, [f.error for f in build.report.failed]
    assert build.propose_seconds < PROPOSE_SECONDS
    assert build.proposed > 0

    with uow() as u:
        lbp = u.referentials.get(LBP)
    assert lbp is not None
    sheets = sorted(k for k, j in lbp.jobs.items() if j.has_sheet)
    assert len(sheets) == 2
    for key in sheets:
        found = crosswalks.job_crosswalks(uow, LBP, key)
        to_rome = [c for c in found if c.referential == ROME]
        assert to_rome, f"{key}: no ROME crosswalk"
        for c in to_rome:
            assert c.status is LinkStatus.PROPOSED and c.exists and c.reference
            assert c.code and c.code.lower() == c.key and c.title and c.reasons
        to_esco = [c for c in found if c.referential == ESCO]
        assert to_esco, f"{key}: no ESCO crosswalk"
        assert all(c.uri and c.uri.startswith("http://data.europa.eu/esco/") for c in to_esco)

    # Recovery is one of the risk job's trades: ROME's recovery fiche is among its crosswalks.
    risk = "charge-de-clientele-risque--ii-3"
    walks = crosswalks.job_crosswalks(uow, LBP, risk)
    assert "D1422" in [c.code for c in walks if c.referential == ROME]

    # HR accepts the last one and rejects the first: accepted first, rejected gone.
    last, first = walks[-1], walks[0]
    links.accept_link(uow, RH, last.link_id)
    links.reject_link(uow, RH, first.link_id)
    after = crosswalks.job_crosswalks(uow, LBP, risk)
    assert after[0].link_id == last.link_id and after[0].accepted
    assert after[0].decided_by == "rh"
    assert first.link_id not in {c.link_id for c in after}
    assert len(after) == len(walks) - 1

    # parcours show prints them after the sheet.
    url = engine.url.render_as_string(hide_password=False)
    shown = CliRunner().invoke(app, ["show", risk, "--referential", LBP, "--database-url", url])
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())  # the console wraps long lines
    assert "Équivalences et correspondances" in text
    assert f"{last.referential} : {last.code + ' ' if last.code else ''}{last.title}" in text
    assert "validé" in text and "proposé, score 0." in text
    assert first.title not in text.split("Équivalences et correspondances")[1]

    # The other end sees the same link from its side, the relation read the other way.
    other = crosswalks.job_crosswalks(uow, last.referential, last.key)
    back = next(c for c in other if c.link_id == last.link_id)
    assert (back.referential, back.key) == (LBP, risk)
    assert back.relation is last.relation.flipped() and not back.reference
