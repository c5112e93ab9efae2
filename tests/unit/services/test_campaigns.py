"""Assessment campaigns through the services, on the in-memory unit of work (issue 5, point 2);
the same path on SQLite and PostgreSQL: tests/integration/test_service_smoke.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from parcours.domain.access import AccessDenied, Principal
from parcours.domain.errors import ConflictError, NotFoundError
from parcours.domain.people import PeopleError, Source
from parcours.services import campaigns
from parcours.services.access import principal_of
from parcours.services.ports import UowFactory
from tests.people_cast import CAST

# The sample's advisor job (people n-*): two savoir-être with 2 and 1 indicators, one
# savoir-faire, two savoirs, and « rigueur » (savoir-être, 1 indicator).
ADVISOR_RATINGS: dict[str, campaigns.Measure] = {
    "ecoute-active": [3, 4],
    "sens-du-service": [3],
    "conduite-d-entretien": 2,
    "produits-bancaires": 0.9,
    "outils-crm": 0.5,
    "rigueur": [1],
}


@pytest.fixture
def uow(seeded_uow: UowFactory) -> UowFactory:
    return seeded_uow


def who(uow: UowFactory, login: str) -> Principal:
    with uow() as u:
        account = u.accounts.get(login)
        assert account is not None
        return principal_of(u, account, "cli")


def open_campaign(uow: UowFactory, teams: tuple[str, ...] = ("agence-nord",)) -> int:
    made = campaigns.create_campaign(
        uow,
        who(uow, CAST.hr),
        name="Entretiens 2026",
        referential="banque-exemple",
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 3, 31),
        teams=teams,
    )
    assert made.id is not None
    return made.id


def test_a_full_review_compares_self_and_manager_and_counts_progress(uow: UowFactory) -> None:
    cid = open_campaign(uow, ("agence-nord", "crc-sud"))
    employee, manager = who(uow, CAST.employee), who(uow, CAST.manager)
    view = campaigns.rate(uow, employee, cid, "n-1", "self", ADVISOR_RATINGS, comment="Bilan")
    assert [line.item.competency for line in view.lines] == list(ADVISOR_RATINGS)
    assert view.can_rate_self and not view.shows_manager
    campaigns.submit(uow, employee, cid, "n-1", "self")
    # the manager sees the submitted self-assessment, rates with each scale, submits
    before = campaigns.person_review(uow, manager, cid, "n-1")
    assert before.shows_self and before.review.self_comment == "Bilan"
    assert before.can_rate_manager and not before.can_rate_self
    ratings: dict[str, campaigns.Measure] = {
        "ecoute-active": [1, 1],  # level 1 against 4 for self: a disagreement
        "sens-du-service": [3],
        "conduite-d-entretien": 1,  # under the expected 2
        "produits-bancaires": 0.95,
        "outils-crm": 0.45,
        "rigueur": [4],  # level 4 against 1: a disagreement the other way
    }
    view = campaigns.rate(uow, manager, cid, "n-1", "manager", ratings, submit=True)
    lines = {line.item.competency: line for line in view.lines}
    assert lines["ecoute-active"].self_rating is not None
    assert lines["ecoute-active"].self_rating.level == 4  # mean 3.5
    assert lines["ecoute-active"].manager_rating is not None
    assert lines["ecoute-active"].manager_rating.level == 1
    assert lines["ecoute-active"].difference == -3 and lines["ecoute-active"].disagreement
    assert lines["produits-bancaires"].difference == 0
    assert lines["conduite-d-entretien"].below_expected
    assert not lines["sens-du-service"].below_expected
    assert view.disagreements == 2 and lines["rigueur"].difference == 3
    assert view.below_expected == 2  # ecoute-active and conduite-d-entretien
    # the employee now sees the comparison
    own = campaigns.person_review(uow, employee, cid, "n-1")
    assert own.comparison_ready and own.lines[0].manager_rating is not None
    # the ratings are ordinary assessments of the campaign, on the kinds' scales
    with uow() as u:
        rows = [a for a in u.people.assessments_of("n-1") if a.campaign == cid]
    assert {(a.source, a.scale) for a in rows} >= {
        (Source.SELF, "frequence"),
        (Source.MANAGER, "performance"),
        (Source.MANAGER, "qcm"),
    }
    assert campaigns.frequencies_of(next(a for a in rows if a.competency == "ecoute-active")) == [
        3,
        4,
    ]
    # progress: HR sees both teams, the manager only theirs
    hr = campaigns.campaign_overview(uow, who(uow, CAST.hr), cid)
    nord = next(p for p in hr.progress if p.team == "agence-nord")
    assert (nord.members, nord.self_submitted, nord.manager_submitted, nord.both) == (6, 1, 1, 1)
    assert nord.percent == 17 and hr.total.members == 9
    mine = campaigns.campaign_overview(uow, manager, cid)
    assert [p.team for p in mine.progress] == ["agence-nord"]
    assert len(mine.people) == 6 and all(s.side is Source.MANAGER for s in mine.people)


def test_disagreements_are_two_levels_or_more(uow: UowFactory) -> None:
    cid = open_campaign(uow)
    own = {**ADVISOR_RATINGS, "conduite-d-entretien": 4}
    campaigns.rate(uow, who(uow, CAST.employee), cid, "n-1", "self", own, submit=True)
    manager = who(uow, CAST.manager)
    view = campaigns.rate(uow, manager, cid, "n-1", "manager", {"conduite-d-entretien": 3})
    line = next(x for x in view.lines if x.item.competency == "conduite-d-entretien")
    assert line.difference == -1 and not line.disagreement
    view = campaigns.rate(uow, manager, cid, "n-1", "manager", {"conduite-d-entretien": 2})
    line = next(x for x in view.lines if x.item.competency == "conduite-d-entretien")
    assert line.difference == -2 and line.disagreement and not line.below_expected


def test_only_hr_opens_and_closes_and_a_closed_campaign_takes_no_rating(uow: UowFactory) -> None:
    for login in (CAST.manager, CAST.employee):
        with pytest.raises(AccessDenied):
            open_campaign_as(uow, login)
    cid = open_campaign(uow)
    with pytest.raises(AccessDenied):
        campaigns.close_campaign(uow, who(uow, CAST.manager), cid)
    closed = campaigns.close_campaign(uow, who(uow, CAST.hr), cid)
    assert closed.status == "closed"
    with pytest.raises(ConflictError):
        campaigns.close_campaign(uow, who(uow, CAST.hr), cid)
    with pytest.raises(ConflictError):
        campaigns.rate(uow, who(uow, CAST.employee), cid, "n-1", "self", {"rigueur": [2]})
    with pytest.raises(ConflictError):
        campaigns.rate(uow, who(uow, CAST.manager), cid, "n-1", "manager", {"rigueur": [2]})


def open_campaign_as(uow: UowFactory, login: str) -> None:
    campaigns.create_campaign(
        uow,
        who(uow, login),
        name="x",
        referential="Banque Exemple",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 2, 1),
        teams=["agence-nord"],
    )


def test_creation_checks_its_input(uow: UowFactory) -> None:
    hr = who(uow, CAST.hr)
    base = {
        "name": "Revue",
        "referential": "Banque Exemple",
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2026, 2, 1),
        "teams": ["agence-nord"],
    }
    for change, error in (
        ({"name": "  "}, PeopleError),
        ({"ends_on": date(2025, 12, 1)}, PeopleError),
        ({"teams": []}, PeopleError),
        ({"teams": ["nulle-part"]}, NotFoundError),
        ({"referential": "inconnu"}, NotFoundError),
    ):
        with pytest.raises(error):
            campaigns.create_campaign(uow, hr, **{**base, **change})  # type: ignore[arg-type]
    assert campaigns.list_campaigns(uow, hr) == []


def test_access_rules_of_ratings_and_reviews(uow: UowFactory) -> None:
    cid = open_campaign(uow, ("agence-nord", "crc-sud"))
    manager, other = who(uow, CAST.manager), who(uow, CAST.other_manager)
    employee, colleague = who(uow, CAST.employee), who(uow, CAST.colleague)
    hr = who(uow, CAST.hr)
    denied: list[Callable[[], object]] = [
        # manager of another team
        lambda: campaigns.rate(uow, other, cid, "n-1", "manager", {"rigueur": [2]}),
        lambda: campaigns.person_review(uow, other, cid, "n-1"),
        lambda: campaigns.campaign_overview(uow, other, cid, team="agence-nord"),
        # a colleague
        lambda: campaigns.rate(uow, colleague, cid, "n-1", "self", {"rigueur": [2]}),
        lambda: campaigns.person_review(uow, colleague, cid, "n-1"),
        # an employee trying a manager rating (of themselves or of a colleague)
        lambda: campaigns.rate(uow, employee, cid, "n-1", "manager", {"rigueur": [2]}),
        lambda: campaigns.rate(uow, employee, cid, "n-2", "manager", {"rigueur": [2]}),
        # a manager cannot fill in a member's self-assessment, nor HR a manager rating
        lambda: campaigns.rate(uow, manager, cid, "n-1", "self", {"rigueur": [2]}),
        lambda: campaigns.rate(uow, hr, cid, "n-1", "manager", {"rigueur": [2]}),
    ]
    for attempt in denied:
        with pytest.raises(AccessDenied):
            attempt()
    # an employee sees their own progress line only, no team progress
    mine = campaigns.campaign_overview(uow, employee, cid)
    assert mine.progress == [] and [s.person.id for s in mine.people] == ["n-1"]
    assert mine.people[0].side is Source.SELF
    # the manager's own draft is hidden from the employee until submitted
    campaigns.rate(uow, manager, cid, "n-1", "manager", {"rigueur": [4]}, comment="Très bien")
    own = campaigns.person_review(uow, employee, cid, "n-1")
    assert not own.shows_manager and own.review.manager_comment is None
    assert all(line.manager_rating is None for line in own.lines)
    # and the employee's draft from the manager
    campaigns.rate(uow, employee, cid, "n-1", "self", {"rigueur": [1]})
    seen = campaigns.person_review(uow, manager, cid, "n-1")
    assert not seen.shows_self and all(line.self_rating is None for line in seen.lines)
    # a campaign that does not concern the actor
    nord_only = open_campaign(uow, ("agence-nord",))
    with pytest.raises(AccessDenied):
        campaigns.get_campaign(uow, who(uow, CAST.outsider), nord_only)
    assert nord_only not in [c.id for c in campaigns.list_campaigns(uow, other)]
    assert nord_only in [c.id for c in campaigns.list_campaigns(uow, employee)]
    # a person outside the campaign's teams
    with pytest.raises(NotFoundError):
        campaigns.rate(uow, who(uow, CAST.outsider), nord_only, "s-1", "self", {})


def test_a_submitted_side_can_no_longer_change(uow: UowFactory) -> None:
    cid = open_campaign(uow)
    employee = who(uow, CAST.employee)
    with pytest.raises(PeopleError, match="non évaluée"):
        campaigns.submit(uow, employee, cid, "n-1", "self")
    campaigns.rate(uow, employee, cid, "n-1", "self", ADVISOR_RATINGS, submit=True)
    with pytest.raises(ConflictError):
        campaigns.rate(uow, employee, cid, "n-1", "self", {"rigueur": [4]})
    with pytest.raises(ConflictError):
        campaigns.submit(uow, employee, cid, "n-1", "self", comment="autre")
    # the manager's side is still open
    campaigns.rate(uow, who(uow, CAST.manager), cid, "n-1", "manager", {"rigueur": [4]})


def test_bad_measures_record_nothing(uow: UowFactory) -> None:
    cid = open_campaign(uow)
    employee = who(uow, CAST.employee)
    for ratings in (
        {"rigueur": [2], "ecoute-active": [3]},  # two indicators, one frequency
        {"rigueur": [2], "produits-bancaires": 1.5},  # a share above 100 %
        {"rigueur": [2], "conduite-d-entretien": 5},  # no such anchor
        {"rigueur": [2], "conduite-d-entretien": 2.5},
        {"rigueur": [2], "ecoute-active": 3},  # a savoir-être needs frequencies
        {"rigueur": [2], "vente-a-distance": 3},  # not a competency of the job
        {"rigueur": [7]},
    ):
        with pytest.raises((PeopleError, NotFoundError)):
            campaigns.rate(uow, employee, cid, "n-1", "self", ratings)  # type: ignore[arg-type]
    with uow() as u:
        assert [a for a in u.people.assessments_of("n-1") if a.campaign == cid] == []


def test_every_read_and_write_is_audited(uow: UowFactory) -> None:
    cid = open_campaign(uow)
    employee = who(uow, CAST.employee)
    campaigns.rate(uow, employee, cid, "n-1", "self", {"rigueur": [2]})
    campaigns.person_review(uow, who(uow, CAST.manager), cid, "n-1")
    with uow() as u:
        events = u.audit.list(subject="n-1")
    assert [(e.actor, e.action) for e in events][:2] == [
        (CAST.manager, "read"),
        (CAST.employee, "write"),
    ]
