"""Juries and campaigns that check themselves (issue 14, point 4), on SQLite and PostgreSQL:
a criterion "60 % de bonnes réponses" marked met next to a questionnaire at 45 % is flagged,
so is an evaluation recorded before the session's date; a refused title names the validated
blocks; a campaign on a referential none of a team's jobs belongs to is refused with the
reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.domain.access import Principal
from parcours.domain.jury import CompetencyEvaluation, Outcome, contradictions, criterion_score
from parcours.domain.people import PeopleError, Person, Team
from parcours.services import campaigns, juries
from parcours.services.access import principal_of
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.store.uow import SqlUnitOfWork
from tests.people_cast import CAST, SAMPLE, populate

Who = Callable[[str], Principal]
CERTIFICATION = "Certificat de conseiller bancaire à distance"
MET, NOT_MET = Outcome.MET, Outcome.NOT_MET


@pytest.fixture
def uow(session_factory: sessionmaker[Session]) -> UowFactory:
    def make() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    assert import_documents(make, [(SAMPLE_NAME, sample_bytes())]).ok
    populate(make)
    return make


@pytest.fixture
def who(uow: UowFactory) -> Who:
    def principal(login: str) -> Principal:
        with uow() as u:
            account = u.accounts.get(login)
            assert account is not None
            return principal_of(u, account, "web")

    return principal


def test_criterion_scores_are_read_from_their_text() -> None:
    assert criterion_score("60 % de bonnes réponses au questionnaire") == 0.6
    assert criterion_score("75,5% de bonnes reponses") == 0.755
    assert criterion_score("La réponse est exacte") is None


def _jury(uow: UowFactory, hr: Principal, held_on: date) -> int:
    jury = juries.create_jury(
        uow,
        hr,
        referential=SAMPLE,
        certification=CERTIFICATION,
        held_on=held_on,
        members=[CAST.jury],
    )
    assert jury.id is not None
    juries.add_candidate(uow, hr, jury.id, "n-1")
    return jury.id


def test_contradictory_outcomes_and_an_early_evaluation_are_flagged(
    uow: UowFactory, who: Who
) -> None:
    hr = who(CAST.hr)
    jury = _jury(uow, hr, date(2026, 6, 15))
    evaluations = [
        CompetencyEvaluation("C1", (MET, MET)),
        # "60 % de bonnes réponses au questionnaire" marked met, the questionnaire at 45 %
        CompetencyEvaluation("C2", (MET, MET), 0.45),
        # marked not met while the questionnaire reaches 80 %
        CompetencyEvaluation("C3", (NOT_MET,), 0.8),
    ]
    sheet = juries.record_evaluation(
        uow, hr, jury, "n-1", evaluations, now=datetime(2026, 6, 1, 9, tzinfo=UTC)
    )
    assert sheet.warnings == (
        "C2, critère 2 « 60 % de bonnes réponses au questionnaire » noté atteint alors que "
        "le questionnaire est à 45\u202f%",
        "C3, critère 1 « 60 % de bonnes réponses au questionnaire » noté non atteint alors "
        "que le questionnaire est à 80\u202f%",
        "évaluation enregistrée le 01/06/2026, avant la date de la session (15/06/2026)",
    )
    # the decision follows the score: C2 is not validated, whatever its criterion says
    c2 = next(c for b in sheet.blocks for c in b.competencies if c.competency.code == "C2")
    assert c2.decision is not None and not c2.decision.validated
    data = juries.sheet_data(juries.candidate_record(uow, hr, jury, "n-1"))
    assert len(data["warnings"]) == 3
    # coherent outcomes, recorded on the day: nothing to flag
    coherent = [
        CompetencyEvaluation("C1", (MET, MET)),
        CompetencyEvaluation("C2", (MET, MET), 0.75),
        CompetencyEvaluation("C3", (NOT_MET,), 0.45),
    ]
    again = juries.record_evaluation(
        uow, hr, jury, "n-1", coherent, now=datetime(2026, 6, 15, 14, tzinfo=UTC)
    )
    assert again.warnings == ()
    assert again.record is not None and again.record.validated_blocks == ("B1",)
    assert again.status == juries.REFUSED


def test_a_criterion_met_without_any_questionnaire_score_is_flagged(
    uow: UowFactory, who: Who
) -> None:
    hr = who(CAST.hr)
    jury = _jury(uow, hr, date(2026, 1, 1))
    with uow() as u:
        j = u.juries.get_jury(jury)
        assert j is not None
        cert = juries.find_certification(u.referentials.get(SAMPLE), CERTIFICATION)  # type: ignore[arg-type]
    assert cert is not None
    found = contradictions(cert, [CompetencyEvaluation("C3", (MET,))])
    assert found == (
        "C3, critère 1 « 60 % de bonnes réponses au questionnaire » noté atteint sans score "
        "de questionnaire",
    )


def test_a_campaign_on_a_referential_none_of_a_teams_jobs_belongs_to_is_refused(
    uow: UowFactory, who: Who
) -> None:
    with uow() as u:
        u.people.upsert_teams([Team("credit-ouest", "Crédit Ouest")])
        u.people.upsert_people(
            [Person("o-1", "Autre banque", "analyste", team="credit-ouest")],
            document=None,
            lines=None,
        )
        u.commit()
    hr = who(CAST.hr)
    with pytest.raises(PeopleError) as refused:
        campaigns.create_campaign(
            uow,
            hr,
            name="Entretiens 2026",
            referential=SAMPLE,
            starts_on=date(2026, 1, 5),
            ends_on=date(2026, 3, 31),
            teams=["agence-nord", "credit-ouest"],
        )
    assert str(refused.value) == (
        "aucun poste de l'équipe « credit-ouest » (ses postes relèvent de « Autre banque ») "
        "ne relève du référentiel « Banque Exemple » : ouvrez la campagne sur le référentiel "
        "de ses postes"
    )
    opened = campaigns.create_campaign(
        uow,
        hr,
        name="Entretiens 2026",
        referential=SAMPLE,
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 3, 31),
        teams=["agence-nord"],
    )
    assert opened.teams == ("agence-nord",)
