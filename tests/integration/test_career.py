"""The employee's career space and career wishes on SQLite and PostgreSQL (issue 14, point 1),
and plans that do not mislead towards a job without described competencies (point 3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.domain.access import AccessDenied, Principal
from parcours.domain.errors import NotFoundError
from parcours.services import campaigns, career, development, rgpd
from parcours.services.access import principal_of
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.store.uow import SqlUnitOfWork
from tests.people_cast import CAST, CONFIRMED, SAMPLE, TEAM_LEAD, populate

Who = Callable[[str], Principal]
DIRECTOR = "directeur-d-agence--iv-a"  # named only as an evolution target: no requirement


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


def test_the_space_shows_moves_with_match_type_and_what_to_develop(
    uow: UowFactory, who: Who
) -> None:
    eve = who(CAST.employee)
    space = career.career_space(uow, eve, today=date(2026, 2, 1))
    assert space.person.id == "n-1"
    assert space.rated, "the latest ratings are shown"
    assert 1 <= len(space.moves) <= career.MOVES
    for move in space.moves:
        assert move.move_type in ("progression", "laterale")
        assert move.match is None or 0 <= move.match <= 100
        assert all(i.status.value != "covered" for i in move.develop)
    confirmed = next(m for m in space.moves if m.job == CONFIRMED)
    assert confirmed.move_type == "progression" and confirmed.develop
    # no wish yet: the plan goes to the best move of the person's referential
    assert space.plan is not None and space.focus == space.moves[0].job
    with uow() as u:
        events = u.audit.list(actor=CAST.employee)
    assert any(e.detail == "espace carrière" and e.subject == "n-1" for e in events)


def test_the_open_campaign_is_a_todo_until_the_self_assessment_is_submitted(
    uow: UowFactory, who: Who
) -> None:
    hr, eve = who(CAST.hr), who(CAST.employee)
    opened = campaigns.create_campaign(
        uow,
        hr,
        name="Entretiens 2026",
        referential=SAMPLE,
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 3, 31),
        teams=["agence-nord"],
    )
    todos = career.career_space(uow, eve).todos
    assert [(t.kind, t.href) for t in todos] == [
        ("campaign", f"/campagnes/{opened.id}/personnes/n-1")
    ]
    assert todos[0].due == date(2026, 3, 31)
    # the outsider's team is not in the campaign: nothing to do
    assert career.career_space(uow, who(CAST.outsider)).todos == ()


def test_following_sharing_and_leaving_a_target(uow: UowFactory, who: Who) -> None:
    eve, marc = who(CAST.employee), who(CAST.manager)
    career.follow_job(uow, eve, referential=SAMPLE, job=TEAM_LEAD, note="  encadrer  une équipe ")
    career.follow_job(uow, eve, referential=SAMPLE, job=CONFIRMED, shared=True)
    space = career.career_space(uow, eve)
    assert [(w.wish.job, w.wish.shared, w.wish.note) for w in space.wishes] == [
        (TEAM_LEAD, False, "encadrer une équipe"),
        (CONFIRMED, True, None),
    ]
    # the plan now goes to the first job followed
    assert space.focus == TEAM_LEAD and space.plan is not None
    assert space.plan.target.key == TEAM_LEAD
    # the manager sees only what is shared; a colleague nothing
    assert [w.wish.job for w in career.shared_wishes_of(uow, marc, "n-1")] == [CONFIRMED]
    with pytest.raises(AccessDenied):
        career.shared_wishes_of(uow, who(CAST.colleague), "n-1")
    with pytest.raises(AccessDenied):
        career.shared_wishes_of(uow, who(CAST.other_manager), "n-1")
    career.share_wish(uow, eve, referential=SAMPLE, job=TEAM_LEAD, shared=True)
    assert len(career.shared_wishes_of(uow, marc, "n-1")) == 2
    # leaving a target ends the wish: kept in the history, gone from the space
    career.stop_following(uow, eve, referential=SAMPLE, job=TEAM_LEAD)
    assert [w.wish.job for w in career.career_space(uow, eve).wishes] == [CONFIRMED]
    with uow() as u:
        history = u.careers.wishes_of("n-1", include_ended=True)
    assert [(w.job, w.active) for w in history] == [(TEAM_LEAD, False), (CONFIRMED, True)]
    # following again brings it back, with its note
    again = career.follow_job(uow, eve, referential=SAMPLE, job=TEAM_LEAD)
    assert again.active and again.note == "encadrer une équipe"
    with pytest.raises(NotFoundError):
        career.stop_following(uow, eve, referential=SAMPLE, job="inconnu")
    with pytest.raises(NotFoundError):
        career.follow_job(uow, eve, referential=SAMPLE, job="inconnu")
    # an account without a person has no career space
    with pytest.raises(AccessDenied):
        career.career_space(uow, who(CAST.hr))


def test_the_export_lists_the_wishes_and_erasure_rekeys_them_and_clears_the_note(
    uow: UowFactory, who: Who
) -> None:
    eve, hr = who(CAST.employee), who(CAST.hr)
    career.follow_job(uow, eve, referential=SAMPLE, job=TEAM_LEAD, note="devenir manager")
    exported = rgpd.export_own(uow, eve)
    assert [(w["job"], w["note"]) for w in exported["career_wishes"]] == [
        (TEAM_LEAD, "devenir manager")
    ]
    report = rgpd.erase_person(uow, hr, "n-1", confirm="n-1")
    with uow() as u:
        assert u.careers.wishes_of("n-1", include_ended=True) == []
        kept = u.careers.wishes_of(report.anonymous_id, include_ended=True)
    assert [(w.job, w.note) for w in kept] == [(TEAM_LEAD, None)]


def test_a_plan_towards_a_job_without_described_competencies_says_so(
    uow: UowFactory, who: Who
) -> None:
    eve = who(CAST.employee)
    plan = development.training_plan(uow, eve, "n-1", DIRECTOR)
    assert not plan.described and plan.remaining == ()
    # only the trainings of the path's intermediate jobs, none for the undescribed target
    assert len(plan.path) > 1
    assert all(DIRECTOR not in t.prepares for t in plan.trainings)
    assert plan.person_name == "Conseiller Nord 1"
    described = development.training_plan(uow, eve, "n-1", CONFIRMED)
    assert described.described and described.report.gap.coverage < 100
