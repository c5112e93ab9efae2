"""Certification juries on SQLite and PostgreSQL: sessions, candidates, evaluations, the record,
history, closing, and who may see what (issue 5, point 4).

The certification is the real RNCP referential (seed 003), imported at run time; the people and
accounts are tests/people_cast.py's, plus a second jury account sitting on another session.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from parcours.cli import app
from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.domain.access import AccessDenied, Principal
from parcours.domain.certification import Certification
from parcours.domain.errors import ConflictError, NotFoundError
from parcours.domain.jury import CompetencyEvaluation, JuryError, Outcome, thresholds
from parcours.ingest.pipeline import parse_document
from parcours.services import auth, juries
from parcours.services.access import principal_of
from parcours.services.auth import SYSTEM
from parcours.services.imports import import_documents
from parcours.services.ports import UowFactory
from parcours.store.uow import SqlUnitOfWork
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


@pytest.fixture
def setup(session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> Juries:
    return setup_juries(lambda: SqlUnitOfWork(session_factory))


def test_a_jury_records_a_partial_validation_then_the_record_is_kept(setup: Juries) -> None:
    jury = setup.principal(CAST.jury)
    assert jury.juries == frozenset({setup.first})
    assert [j.id for j in juries.list_juries(setup.uow, jury)] == [setup.first]
    assert {j.id for j in juries.list_juries(setup.uow, SYSTEM)} == {setup.first, setup.second}

    view = juries.jury_view(setup.uow, jury, setup.first)
    assert view.jury.members == (CAST.jury,) and view.jury.certification == CERT.title
    assert [(c.person.id, c.status) for c in view.candidates] == [
        ("n-3", juries.PENDING),
        ("n-4", juries.PENDING),
    ]
    # C9 (block B2) at 59 %: just under its 60 % threshold.
    sheet = juries.record_evaluation(
        setup.uow, jury, setup.first, "n-3", evaluations(scores={"C9": 0.59}), "Bon dossier"
    )
    assert sheet.record is not None
    assert sheet.record.validated_blocks == ("B1", "B3")
    assert sheet.record.partial_blocks == ("B1", "B3") and not sheet.record.title_granted
    assert sheet.status == juries.PARTIAL
    c9 = next(c for b in sheet.blocks for c in b.competencies if c.competency.code == "C9")
    assert (c9.questionnaire, c9.threshold) == (0.59, 0.6)
    assert c9.decision is not None
    assert c9.decision.reasons == ("questionnaire : 59\u202f% < 60\u202f%",)

    record = juries.candidate_record(setup.uow, jury, setup.first, "n-3")
    assert record.record == sheet.record and record.candidate.recorded_by == CAST.jury
    assert record.candidate.comment == "Bon dossier" and record.history == []
    data = juries.sheet_data(record)
    assert data["partial_blocks"] == ["B1", "B3"] and data["status"] == "partial"
    b2 = next(b for b in data["blocks"] if b["code"] == "B2")
    assert b2["validated"] is False
    assert [len(c["criteria"]) for c in b2["competencies"]] == [
        len(c.criteria) for c in CERT.blocks[1].competencies
    ]
    statuses = {
        c.person.id: c.status for c in juries.jury_view(setup.uow, SYSTEM, setup.first).candidates
    }
    assert statuses == {"n-3": juries.PARTIAL, "n-4": juries.PENDING}


def test_recording_again_replaces_and_keeps_history_until_closed(setup: Juries) -> None:
    jury = setup.principal(CAST.jury)
    juries.record_evaluation(
        setup.uow, jury, setup.first, "n-4", evaluations(unmet=frozenset({"C1"}))
    )
    again = juries.record_evaluation(setup.uow, jury, setup.first, "n-4", evaluations())
    assert again.record is not None and again.record.title_granted
    assert again.status == juries.GRANTED
    assert len(again.history) == 1
    assert again.history[0]["validated_blocks"] == ["B2", "B3"]
    assert again.history[0]["recorded_by"] == CAST.jury
    assert again.history[0]["evaluations"][0]["criteria"][0] == "not_met"

    closed = juries.close_jury(setup.uow, SYSTEM, setup.first)
    assert closed.closed
    with pytest.raises(ConflictError):
        juries.record_evaluation(setup.uow, jury, setup.first, "n-4", evaluations())
    with pytest.raises(ConflictError):
        juries.add_candidate(setup.uow, SYSTEM, setup.first, "n-5")
    with pytest.raises(ConflictError):
        juries.close_jury(setup.uow, SYSTEM, setup.first)
    # The record is still readable after closing, unchanged.
    kept = juries.candidate_record(setup.uow, jury, setup.first, "n-4")
    assert kept.record == again.record


def test_a_member_of_another_session_sees_nothing_of_this_one(setup: Juries) -> None:
    jury = setup.principal(CAST.jury)
    other = setup.principal(OTHER_JURY)
    juries.record_evaluation(setup.uow, jury, setup.first, "n-3", evaluations())
    for call in (
        lambda: juries.jury_view(setup.uow, other, setup.first),
        lambda: juries.candidate_sheet(setup.uow, other, setup.first, "n-3"),
        lambda: juries.candidate_record(setup.uow, other, setup.first, "n-3"),
        lambda: juries.record_evaluation(setup.uow, other, setup.first, "n-3", evaluations()),
    ):
        with pytest.raises(AccessDenied):
            call()
    # ...nor through its own session: n-3 is not its candidate.
    with pytest.raises(NotFoundError):
        juries.candidate_sheet(setup.uow, other, setup.second, "n-3")
    # and the first session's member cannot reach the second's candidate.
    with pytest.raises(AccessDenied):
        juries.candidate_sheet(setup.uow, jury, setup.second, "s-2")
    with pytest.raises(NotFoundError):
        juries.candidate_sheet(setup.uow, jury, setup.first, "s-2")
    # HR sees both.
    assert juries.candidate_sheet(setup.uow, SYSTEM, setup.second, "s-2").person.id == "s-2"


Call = Callable[[Principal], object]


def test_employees_and_managers_have_no_access_to_juries(setup: Juries) -> None:
    calls: list[Call] = [
        lambda a: juries.list_juries(setup.uow, a),
        lambda a: juries.jury_view(setup.uow, a, setup.first),
        lambda a: juries.candidate_sheet(setup.uow, a, setup.first, "n-3"),
        lambda a: juries.record_evaluation(setup.uow, a, setup.first, "n-3", evaluations()),
        lambda a: juries.add_candidate(setup.uow, a, setup.first, "n-5"),
        lambda a: juries.close_jury(setup.uow, a, setup.first),
    ]
    for login in (CAST.employee, CAST.manager, CAST.outsider):
        actor = setup.principal(login)
        for call in calls:
            with pytest.raises(AccessDenied):
                call(actor)


def test_only_hr_creates_adds_and_closes(setup: Juries) -> None:
    jury = setup.principal(CAST.jury)
    with pytest.raises(AccessDenied):
        juries.create_jury(
            setup.uow,
            jury,
            referential=REFERENTIAL,
            certification=CERT.title,
            held_on=HELD_ON,
            members=[CAST.jury],
        )
    with pytest.raises(AccessDenied):
        juries.add_candidate(setup.uow, jury, setup.first, "n-5")
    with pytest.raises(AccessDenied):
        juries.close_jury(setup.uow, jury, setup.first)
    with pytest.raises(ConflictError):
        juries.add_candidate(setup.uow, SYSTEM, setup.first, "n-3")
    with pytest.raises(NotFoundError):
        juries.add_candidate(setup.uow, SYSTEM, setup.first, "nobody")


def test_a_session_that_does_not_fit_is_refused(setup: Juries) -> None:
    cases: list[tuple[str, str, list[str], type[Exception]]] = [
        ("Référentiel absent", CERT.title, [CAST.jury], NotFoundError),
        (REFERENTIAL, "Certification absente", [CAST.jury], NotFoundError),
        (REFERENTIAL, CERT.title, [CAST.manager], juries.JuryInputError),  # no jury role
        (REFERENTIAL, CERT.title, ["inconnu"], juries.JuryInputError),
        (REFERENTIAL, CERT.title, [" "], juries.JuryInputError),
    ]
    for referential, certification, members, error in cases:
        with pytest.raises(error):
            juries.create_jury(
                setup.uow,
                SYSTEM,
                referential=referential,
                certification=certification,
                held_on=HELD_ON,
                members=members,
            )
    assert len(juries.list_juries(setup.uow, SYSTEM)) == 2


def test_an_evaluation_that_does_not_fit_stores_nothing(setup: Juries) -> None:
    jury = setup.principal(CAST.jury)
    bad = [CompetencyEvaluation("C1", (Outcome.MET,))]  # C1 has more criteria
    with pytest.raises(JuryError):
        juries.record_evaluation(setup.uow, jury, setup.first, "n-3", bad)
    with pytest.raises(NotFoundError):
        juries.candidate_record(setup.uow, jury, setup.first, "n-3")
    with setup.uow() as uow:
        writes = [e for e in uow.audit.list(subject="n-3") if e.action == "write"]
    assert [e.detail for e in writes] == ["jury 1 : candidat ajouté"]


def test_every_read_and_write_of_evaluations_is_audited(setup: Juries) -> None:
    jury = setup.principal(CAST.jury)
    juries.candidate_sheet(setup.uow, jury, setup.first, "n-3")
    juries.record_evaluation(setup.uow, jury, setup.first, "n-3", evaluations())
    juries.candidate_record(setup.uow, jury, setup.first, "n-3")
    juries.jury_view(setup.uow, jury, setup.first)
    with setup.uow() as uow:
        events = [e for e in uow.audit.list(subject="n-3") if e.actor == CAST.jury]
    assert [(e.action, e.detail, e.channel) for e in reversed(events)] == [
        ("read", "jury 1 : évaluations", "cli"),
        ("write", "jury 1 : évaluation (titre délivré)", "cli"),
        ("read", "jury 1 : procès-verbal", "cli"),
        ("read", "jury 1 : statut du candidat", "cli"),
    ]


# --- the command line -----------------------------------------------------------------------

runner = CliRunner()


def test_the_command_line_runs_a_session_end_to_end(
    engine: Engine,
    session_factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    setup = setup_juries(lambda: SqlUnitOfWork(session_factory))
    url = engine.url.render_as_string(hide_password=False)
    hr = auth.create_api_token(setup.uow, SYSTEM, CAST.hr, "tests", days=1)
    member = auth.create_api_token(setup.uow, SYSTEM, CAST.jury, "tests", days=1)
    other = auth.create_api_token(setup.uow, SYSTEM, OTHER_JURY, "tests", days=1)

    def run(token: str | None, *args: str) -> tuple[int, str]:
        extra = ["--token", token] if token else []
        result = runner.invoke(app, ["juries", *args, *extra, "--database-url", url])
        return result.exit_code, result.output

    code, output = run(
        hr,
        "create",
        "--referential",
        REFERENTIAL,
        "--certification",
        CERT.title,
        "--date",
        "2026-09-01",
        "--member",
        CAST.jury,
    )
    assert code == 0 and "Jury 3 créé" in output, output
    assert run(hr, "add-candidate", "3", "n-5")[0] == 0
    assert run(member, "add-candidate", "3", "n-6")[0] == 1  # HR only
    code, output = run(member, "list")
    assert code == 0 and "2026-09-01" in output and "Session de juillet" not in output

    payload = {
        "comment": "C9 à repasser",
        "evaluations": [
            {
                "code": e.code,
                "criteria": [o.value for o in e.criteria],
                "questionnaire": e.questionnaire,
            }
            for e in evaluations(scores={"C9": 0.59})
        ],
    }
    file = tmp_path / "evaluations.json"
    file.write_text(json.dumps(payload), "utf-8")
    code, output = run(member, "evaluate", "3", "n-5", "--file", str(file))
    assert code == 0 and "Validation partielle : blocs B1, B3" in output, output
    code, output = run(other, "evaluate", "3", "n-5", "--file", str(file))
    assert code == 1 and "accès refusé" in output
    code, output = run(member, "record", "3", "n-5")
    assert code == 0 and "questionnaire : 59% (seuil 60%)" in output, output
    code, output = run(member, "record", "3", "n-5", "--format", "json")
    record = json.loads(output)
    assert record["partial_blocks"] == ["B1", "B3"] and record["comment"] == "C9 à repasser"
    code, output = run(member, "show", "3")
    assert code == 0 and "validation partielle" in output
    assert run(None, "list")[0] == 2  # no token

    file.write_text(json.dumps([{"code": "C1", "criteria": ["peut-être"]}]), "utf-8")
    code, output = run(member, "evaluate", "3", "n-5", "--file", str(file))
    assert code == 1 and "résultat inconnu" in output
    assert run(member, "close", "3")[0] == 1
    assert run(hr, "close", "3")[0] == 0
    file.write_text(json.dumps(payload), "utf-8")
    code, output = run(member, "evaluate", "3", "n-5", "--file", str(file))
    assert code == 1 and "clos" in output


def test_the_stored_record_does_not_name_the_candidate_so_erasure_re_keys_it(
    setup: Juries,
) -> None:
    juries.record_evaluation(setup.uow, SYSTEM, setup.first, "n-3", evaluations())
    with setup.uow() as uow:
        stored = uow.juries.get_candidate(setup.first, "n-3")
        assert stored is not None and stored.record is not None
        assert "candidate" not in stored.record and "n-3" not in json.dumps(stored.record)
        uow.people.rename_person("n-3", "efface-1")
        uow.commit()
    sheet = juries.candidate_record(setup.uow, SYSTEM, setup.first, "efface-1")
    assert sheet.record is not None and sheet.record.candidate == "efface-1"
    assert sheet.record.title_granted
