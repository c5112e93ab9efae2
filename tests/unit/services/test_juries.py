"""Certification juries on the in-memory unit of work: sessions, candidates, evaluations, the
record, history, closing, and who may see what (issue 5, point 4). The command line and one path
run on SQLite and PostgreSQL: tests/integration/test_juries.py and test_service_smoke.py.

The certification is the real RNCP referential (seed 003), imported at run time; the people and
accounts are tests/people_cast.py's, plus a second jury account sitting on another session
(tests/juries_cast.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from parcours.domain.access import AccessDenied, Principal
from parcours.domain.errors import ConflictError, NotFoundError
from parcours.domain.jury import CompetencyEvaluation, JuryError, Outcome
from parcours.services import juries
from parcours.services.auth import SYSTEM
from tests.juries_cast import CERT, HELD_ON, OTHER_JURY, REFERENTIAL, Juries, evaluations
from tests.people_cast import CAST


@pytest.fixture
def setup(seeded_juries: Juries) -> Juries:
    return seeded_juries


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
