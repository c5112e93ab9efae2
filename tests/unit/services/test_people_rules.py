"""Low items of issue 12 about people, on the in-memory unit of work: a closed jury no longer
accepts ``source=jury`` ratings, two people each other's manager (directly or through the
database) are refused, and a JSON import with a move to a job that does not exist warns and
leaves the move out."""

from __future__ import annotations

import json

import pytest

from parcours.demo import sample_bytes
from parcours.domain.errors import ConflictError
from parcours.domain.people import Source
from parcours.domain.profile import pseudonym
from parcours.services import juries, people
from parcours.services.access import principal_of
from parcours.services.auth import SYSTEM
from parcours.services.hris import import_hris
from parcours.services.imports import import_documents
from parcours.services.ports import UowFactory
from tests.juries_cast import setup_juries
from tests.people_cast import CAST, TEAM_LEAD

SALT = "sel-des-regles"
HEADER = "Matricule;Nom;Référentiel;Emploi;Équipe;Équipe nom;Manager\n"


@pytest.fixture
def uow(fake_uow: UowFactory) -> UowFactory:
    return fake_uow


def test_a_closed_jury_no_longer_accepts_jury_ratings(uow: UowFactory) -> None:
    setup = setup_juries(uow)
    with uow() as u:
        account = u.accounts.get(CAST.jury)
        assert account is not None
        member = principal_of(u, account, "api")
    people.assess(uow, member, "n-3", "outils-crm", source=Source.JURY, score=0.8)
    juries.close_jury(uow, SYSTEM, setup.first)
    with pytest.raises(ConflictError, match="jury clos"):
        people.assess(uow, member, "n-3", "outils-crm", source=Source.JURY, score=0.9)
    with uow() as u:
        kept = [a for a in u.people.assessments_of("n-3") if a.source is Source.JURY]
    assert [a.level for a in kept] == [kept[0].level] and len(kept) == 1


def _file(rows: list[tuple[str, str, str]]) -> bytes:
    lines = [HEADER]
    for hr_id, job, manager in rows:
        lines.append(f"{hr_id};Personne {hr_id};Banque Exemple;{job};t-b;Équipe B;{manager}\n")
    return "".join(lines).encode("utf-8")


def test_two_people_each_other_s_manager_are_refused(uow: UowFactory) -> None:
    setup_juries(uow)  # the sample and the cast
    data = _file([("9001", TEAM_LEAD, "9002"), ("9002", TEAM_LEAD, "9001")])
    report = import_hris(uow, SYSTEM, data, "boucle.csv", salt=SALT)
    assert not report.ok and not report.written
    assert [e.line for e in report.errors] == [2, 3]
    assert all("boucle de managers" in e.message for e in report.errors)
    # A loop through the database: 9101 is held, managed by 9102; a file makes 9102's
    # manager 9101.
    first = import_hris(
        uow,
        SYSTEM,
        _file([("9102", TEAM_LEAD, ""), ("9101", TEAM_LEAD, "9102")]),
        "a.csv",
        salt=SALT,
    )
    assert first.ok, first.errors
    looped = import_hris(uow, SYSTEM, _file([("9102", TEAM_LEAD, "9101")]), "b.csv", salt=SALT)
    assert not looped.ok and "boucle de managers" in looped.errors[0].message
    with uow() as u:
        held = u.people.get_person(pseudonym("9102", SALT))
        assert held is not None and held.manager is None  # nothing written


def test_a_json_move_to_an_unknown_job_is_left_out_with_a_warning(uow: UowFactory) -> None:
    document = json.loads(sample_bytes())
    ref_id = document["referentials"][0]["id"]
    document["referentials"][0]["name"] = "Banque Mobile"
    job = document["mobilities"][0]["from"]
    document["mobilities"] = [
        {"referential": ref_id, "from": job, "to": "directeur-fantome", "kind": "vertical"}
    ]
    report = import_documents(uow, [("mobile.json", json.dumps(document).encode())])
    [outcome] = report.files
    assert outcome.status != "failed", outcome.error
    assert any("directeur-fantome" in str(w) for w in outcome.warnings)
    with uow() as u:
        ref = u.referentials.get("Banque Mobile")
        assert ref is not None and ref.mobilities == []
