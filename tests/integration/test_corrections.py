"""HR's corrections on the real documents, on SQLite and PostgreSQL (issue 13): kept as an
editorial layer over the documents' facts, they survive re-imports of the same document, are
signed in the audit log, refused to anyone but HR, and reported when their fact disappears.
The documents' text is kept once per document, for the sources to quote."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from parcours.domain.access import AccessDenied, Principal, Role
from parcours.domain.competency import CompetencyKind, Importance
from parcours.domain.corrections import CorrectedField, CorrectionError, FactKind
from parcours.services import corrections
from parcours.services.corrections import CorrectionRequest
from parcours.services.drafts import create_draft, review_draft
from parcours.services.imports import import_documents
from parcours.services.ports import UowFactory
from parcours.store.models_corrections import DocumentLineRow
from parcours.store.uow import SqlUnitOfWork
from tests.conftest import seed_path

HR = Principal(account="rh", roles=frozenset({Role.HR}), channel="web")
MANAGER = Principal(account="manon", roles=frozenset({Role.MANAGER}), channel="web")
NAME = "Recouvrement"
JOB = "charge-de-recouvrement-amiable"
GUESSED = "analyse"  # 002 line 66: a savoir-faire the import guessed (confidence 0.9)


@pytest.fixture
def uow(session_factory: sessionmaker[Session]) -> UowFactory:
    return lambda: SqlUnitOfWork(session_factory)


def seed_002() -> tuple[str, bytes]:
    path = seed_path("002")
    return path.name, path.read_bytes()


def latest(uow: UowFactory):  # type: ignore[no-untyped-def]
    with uow() as u:
        ref = u.referentials.get(NAME)
    assert ref is not None
    return ref


def requests() -> list[CorrectionRequest]:
    return [
        CorrectionRequest(FactKind.JOB, JOB, CorrectedField.TITLE, "Chargé(e) de recouvrement"),
        CorrectionRequest(FactKind.COMPETENCY, GUESSED, CorrectedField.KIND, "savoir"),
        CorrectionRequest(
            FactKind.REQUIREMENT,
            JOB,
            CorrectedField.IMPORTANCE,
            "optional",
            competency=GUESSED,
        ),
    ]


def assert_corrected(uow: UowFactory) -> None:
    ref = latest(uow)
    assert ref.jobs[JOB].title == "Chargé(e) de recouvrement"
    assert ref.competencies[GUESSED].kind is CompetencyKind.SAVOIR
    (req,) = [r for r in ref.jobs[JOB].requirements if r.competency == GUESSED]
    assert req.importance is Importance.OPTIONAL


def test_a_correction_survives_reimports_of_the_same_document(uow: UowFactory) -> None:
    import_documents(uow, [seed_002()], referential=NAME)
    before = latest(uow)
    assert before.competencies[GUESSED].kind is CompetencyKind.SAVOIR_FAIRE

    outcome = corrections.correct(uow, HR, NAME, requests())
    assert outcome.version is not None and outcome.version.version == before.version + 1
    assert [c.author for c in outcome.corrections] == ["rh"] * 3
    assert [c.original for c in outcome.corrections] == [
        "Chargé de recouvrement amiable",
        "savoir-faire",
        "essential",
    ]
    assert_corrected(uow)

    # the same bytes again: nothing changes, the corrections stay
    again = import_documents(uow, [seed_002()], referential=NAME)
    assert again.versions == []
    assert_corrected(uow)

    # the same document changed (its slot's part is replaced, the parts merged again)
    name, data = seed_002()
    changed = import_documents(uow, [(name, data + b"\n\n")], referential=NAME)
    assert [v.unapplied for v in changed.versions] == [[]]
    assert_corrected(uow)
    # the parts keep what the document says
    with uow() as u:
        (part,) = u.referentials.get_parts(NAME)
    assert part.content.competencies[GUESSED].kind is CompetencyKind.SAVOIR_FAIRE

    # a draft of the same document proposes the corrected sheet too
    draft = create_draft(uow, HR, [(name, data + b"\n\n\n")], referential=NAME)
    (proposed,) = review_draft(uow, HR, draft.id).changes
    assert proposed.after is not None
    assert proposed.after.jobs[JOB].title == "Chargé(e) de recouvrement"


def test_a_correction_is_audited_with_its_author_and_withdrawn_on_record(
    uow: UowFactory,
) -> None:
    import_documents(uow, [seed_002()], referential=NAME)
    made = corrections.correct(uow, HR, NAME, requests()[:1]).corrections[0]
    assert made.id is not None
    outcome = corrections.withdraw(uow, HR, made.id)
    assert outcome.version is not None
    assert latest(uow).jobs[JOB].title == "Chargé de recouvrement amiable"
    with uow() as u:
        events = u.audit.search(actor="rh", action="write")
    details = [e.detail or "" for e in events]
    assert any(d.startswith(f"correction n° {made.id} : {NAME}, poste") for d in details)
    assert any(d.startswith(f"correction n° {made.id} retirée") for d in details)
    assert all(e.channel == "web" for e in events)
    (view,) = corrections.list_corrections(uow, NAME)
    assert view.correction.withdrawn_by == "rh" and view.status == "retirée"
    with pytest.raises(CorrectionError):
        corrections.withdraw(uow, HR, made.id)


def test_only_hr_corrects(uow: UowFactory) -> None:
    import_documents(uow, [seed_002()], referential=NAME)
    with pytest.raises(AccessDenied):
        corrections.correct(uow, MANAGER, NAME, requests())
    assert corrections.list_corrections(uow, NAME) == []
    made = corrections.correct(uow, HR, NAME, requests()[:1]).corrections[0]
    assert made.id is not None
    with pytest.raises(AccessDenied):
        corrections.withdraw(uow, MANAGER, made.id)


def test_refusals_name_the_reason(uow: UowFactory) -> None:
    import_documents(uow, [seed_002()], referential=NAME)
    wrong = [
        CorrectionRequest(FactKind.COMPETENCY, GUESSED, CorrectedField.KIND, "talent"),
        CorrectionRequest(FactKind.JOB, "nobody", CorrectedField.TITLE, "X"),
        CorrectionRequest(
            FactKind.JOB, JOB, CorrectedField.TITLE, "Chargé de recouvrement amiable"
        ),
    ]
    for request in wrong:
        with pytest.raises(CorrectionError):
            corrections.correct(uow, HR, NAME, [request])
    assert corrections.list_corrections(uow, NAME) == []


def test_a_correction_whose_fact_disappeared_is_reported(uow: UowFactory) -> None:
    import_documents(uow, [seed_002()], referential=NAME)
    corrections.correct(uow, HR, NAME, requests())
    name, data = seed_002()
    renamed = data.replace(b"recouvrement amiable", b"recouvrement judiciaire")
    report = import_documents(uow, [(name, renamed)], referential=NAME)
    (version,) = report.versions
    # the job has another key now: its title and its requirement's corrections find nothing
    lost = {(c.fact, c.field) for c in version.unapplied}
    assert lost == {
        (FactKind.JOB, CorrectedField.TITLE),
        (FactKind.REQUIREMENT, CorrectedField.IMPORTANCE),
    }
    views = corrections.list_corrections(uow, NAME)
    assert [v.found for v in views] == [False, True, False]
    assert views[0].status == "sans objet (fait disparu)"
    # the competency's kind still applies
    assert latest(uow).competencies[GUESSED].kind is CompetencyKind.SAVOIR


def test_the_documents_text_is_kept_once(
    uow: UowFactory, session_factory: sessionmaker[Session]
) -> None:
    name, data = seed_002()
    import_documents(uow, [(name, data)], referential=NAME)
    import_documents(uow, [(name, data)], referential=NAME)
    import_documents(uow, [(name, data)], referential="Autre")
    lines = data.decode("utf-8").split("\n")
    with session_factory() as session:
        count = session.scalar(select(func.count()).select_from(DocumentLineRow))
    assert count == len(lines)
    ref = latest(uow)
    (prov,) = next(r for r in ref.jobs[JOB].requirements if r.competency == GUESSED).provenance
    assert prov.position.line == 66
    with uow() as u:
        found = u.texts.lines({prov.document: range(64, 69)})
    assert [found[(prov.document, n)] for n in range(64, 69)] == lines[63:68]
