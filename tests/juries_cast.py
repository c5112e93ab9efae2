"""Certification juries for tests: the real RNCP referential (seed 003) and its certification,
two sessions with their candidates on tests/people_cast.py's people (setup_juries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.domain.access import Principal
from parcours.domain.certification import Certification
from parcours.domain.jury import CompetencyEvaluation, Outcome, thresholds
from parcours.ingest.pipeline import parse_document
from parcours.services import auth, juries
from parcours.services.access import principal_of
from parcours.services.auth import SYSTEM
from parcours.services.imports import import_documents
from parcours.services.ports import UowFactory
from tests.conftest import seed_path
from tests.people_cast import CAST, PASSWORD, populate

_path = seed_path("003")
_part = parse_document(_path.read_bytes(), _path.name).parts[0]
REFERENTIAL = _part.name
(CERT,) = _part.certifications.values()
OTHER_JURY = "jeanne.jury"
HELD_ON = date(2026, 6, 15)


def evaluations(
    cert: Certification = CERT,
    score: float = 0.8,
    scores: dict[str, float | None] | None = None,
    unmet: frozenset[str] = frozenset(),
) -> list[CompetencyEvaluation]:
    """Every criterion met and every questionnaire at ``score``, except ``scores`` (per code)
    and the competencies in ``unmet`` (their first criterion not met)."""
    limits = thresholds(cert)
    out = []
    for block in cert.blocks:
        for c in block.competencies:
            criteria = [Outcome.MET] * len(c.criteria)
            if c.code in unmet:
                criteria[0] = Outcome.NOT_MET
            q = (scores or {}).get(c.code, score) if c.code in limits else None
            out.append(CompetencyEvaluation(c.code, tuple(criteria), q))
    return out


@dataclass
class Juries:
    """Two sessions on the same certification: ``first`` (CAST.jury sits on it, candidates n-3
    and n-4) and ``second`` (OTHER_JURY, candidate s-2)."""

    uow: UowFactory
    first: int
    second: int

    def principal(self, login: str) -> Principal:
        with self.uow() as uow:
            account = uow.accounts.get(login)
            assert account is not None
            return principal_of(uow, account, "cli")


def setup_juries(uow_factory: UowFactory) -> Juries:
    """Seed 003 and the sample imported, the cast, two sessions with their candidates."""
    report = import_documents(
        uow_factory, [(SAMPLE_NAME, sample_bytes()), (_path.name, _path.read_bytes())]
    )
    assert report.ok, [f.error for f in report.failed]
    populate(uow_factory)
    auth.create_account(uow_factory, SYSTEM, login=OTHER_JURY, roles=["jury"], password=PASSWORD)
    first = juries.create_jury(
        uow_factory,
        SYSTEM,
        referential=REFERENTIAL,
        certification=CERT.title,
        held_on=HELD_ON,
        members=[CAST.jury],
    )
    second = juries.create_jury(
        uow_factory,
        SYSTEM,
        referential=REFERENTIAL,
        certification=CERT.title,
        held_on=date(2026, 7, 1),
        members=[OTHER_JURY],
        name="Session de juillet",
    )
    for jury, person in ((first.id, "n-3"), (first.id, "n-4"), (second.id, "s-2")):
        juries.add_candidate(uow_factory, SYSTEM, jury, person)
    return Juries(uow_factory, first.id, second.id)
