"""RGPD use cases on SQLite and PostgreSQL: audit log, export, erasure, retention (issue 5, 7)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, MetaData, select
from sqlalchemy.orm import Session, sessionmaker

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.domain.access import AccessDenied, Principal
from parcours.domain.errors import NotFoundError
from parcours.domain.people import Assessment, Person, Source, current_levels
from parcours.domain.profile import pseudonym
from parcours.services import auth, people, rgpd
from parcours.services.access import principal_of
from parcours.services.auth import SYSTEM
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.services.ports.people import AuditEvent
from parcours.services.rgpd import AuditFilter, ConfirmationError
from parcours.store import models_people
from parcours.store.models_people import (
    CampaignReviewRow,
    CampaignRow,
    JuryCandidateRow,
    JuryRow,
)
from parcours.store.uow import SqlUnitOfWork
from tests.people_cast import ADVISOR, CAST, PASSWORD, SAMPLE, populate

PERSONAL_TABLES = frozenset(
    getattr(row, "__tablename__", "")
    for row in vars(models_people).values()
    if getattr(row, "__module__", None) == models_people.__name__
) - {""}
ZQ_LOGIN = "zephyrine.q"
ZQ_NAME = "Zéphyrine Quasimodo"
ZQ_EVIDENCE = "preuve-zq-unique : entretien observé"
ZQ_TEXTS = ("commentaire-zq-soi", "commentaire-zq-manager", "jury-zq-note", "zq-eval-remarque")


@dataclass
class World:
    uow: UowFactory
    engine: Engine
    zq: str  # the distinctive person's pseudonym

    def principal(self, login: str) -> Principal:
        with self.uow() as uow:
            account = uow.accounts.get(login)
            assert account is not None
            return principal_of(uow, account, "api")


@pytest.fixture
def world(engine: Engine, session_factory: sessionmaker[Session]) -> World:
    def make() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    report = import_documents(make, [(SAMPLE_NAME, sample_bytes())])
    assert report.ok
    populate(make)
    zq = pseudonym("E-99317", "sel-des-tests")
    with SqlUnitOfWork(session_factory) as uow:
        uow.people.upsert_people(
            [
                Person(
                    zq,
                    SAMPLE,
                    ADVISOR,
                    team="agence-nord",
                    manager="m-nord",
                    display_name=ZQ_NAME,
                    left_on=date(2020, 3, 31),
                )
            ],
            document="sirh-2026.csv",
            lines=[42],
        )
        uow.people.add_assessments(
            [
                Assessment(
                    zq,
                    "ecoute-active",
                    3,
                    Source.IMPORT,
                    date(2025, 12, 1),
                    "frequence",
                    evidence=ZQ_EVIDENCE,
                    document="sirh-2026.csv",
                    line=42,
                )
            ]
        )
        session = uow.session
        campaign = CampaignRow(
            name="Entretiens 2026",
            referential=SAMPLE,
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 3, 1),
            teams=["agence-nord"],
            created_by=CAST.hr,
        )
        jury = JuryRow(
            name="Jury de printemps",
            referential=SAMPLE,
            certification="Certification",
            held_on=date(2026, 4, 1),
            members=[CAST.jury, ZQ_LOGIN],
            created_by=CAST.hr,
        )
        session.add_all([campaign, jury])
        session.flush()
        session.add_all(
            [
                CampaignReviewRow(
                    campaign=campaign.id,
                    person=zq,
                    self_submitted_at=datetime(2026, 1, 20, tzinfo=UTC),
                    manager_submitted_at=datetime(2026, 1, 25, tzinfo=UTC),
                    manager_account=CAST.manager,
                    self_comment=ZQ_TEXTS[0],
                    manager_comment=f"{ZQ_TEXTS[1]} pour {ZQ_NAME}",
                ),
                JuryCandidateRow(
                    jury=jury.id,
                    person=zq,
                    evaluations=[{"code": "C1", "criteria": [True], "comment": ZQ_TEXTS[3]}],
                    record={"candidate": zq, "title_granted": False, "blocks": []},
                    recorded_by=CAST.jury,
                    recorded_at=datetime(2026, 4, 1, 12, tzinfo=UTC),
                    comment=ZQ_TEXTS[2],
                ),
            ]
        )
        uow.commit()
    auth.create_account(
        make,
        SYSTEM,
        login=ZQ_LOGIN,
        roles=["employee"],
        password=PASSWORD,
        person=zq,
        display_name=ZQ_NAME,
    )
    auth.create_api_token(make, SYSTEM, ZQ_LOGIN, "outil", days=1)
    auth.login(make, ZQ_LOGIN, PASSWORD)
    w = World(make, engine, zq)
    people.record_assessment(
        make, w.principal(ZQ_LOGIN), zq, "produits-bancaires", 0.6, source=Source.SELF
    )
    people.person_profile(make, w.principal(CAST.hr), zq)
    people.person_profile(make, w.principal(CAST.hr), "n-1")
    return w


def _strings(engine: Engine) -> list[tuple[str, str, str]]:
    """(table, column, text) of every text or JSON value of every table of the database."""
    meta = MetaData()
    meta.reflect(engine)
    found = []
    with engine.connect() as connection:
        for table in meta.sorted_tables:
            for row in connection.execute(select(table)).mappings():
                for column, value in row.items():
                    if isinstance(value, str):
                        found.append((table.name, column, value))
                    elif isinstance(value, dict | list):
                        found.append((table.name, column, json.dumps(value, ensure_ascii=False)))
    return found


def _team_aggregate(uow_factory: UowFactory, team: str) -> tuple[Counter[tuple[str, int]], ...]:
    with uow_factory() as uow:
        members = uow.people.list_people(teams=[team], include_erased=True)
        held = uow.people.assessments_of_many([p.id for p in members])
    all_levels: Counter[tuple[str, int]] = Counter()
    current: Counter[tuple[str, int]] = Counter()
    sources: Counter[tuple[str, int]] = Counter()
    for assessments in held.values():
        for a in assessments:
            all_levels[(a.competency, a.level)] += 1
            sources[(a.source.value, a.level)] += 1
        for key, a in current_levels(assessments).items():
            current[(key, a.level)] += 1
    jobs: Counter[tuple[str, int]] = Counter((p.job or "", 1) for p in members)
    return all_levels, current, sources, jobs


# --- erasure -------------------------------------------------------------------------------


def test_erasure_keeps_team_aggregates_and_leaves_nothing_of_the_person(world: World) -> None:
    before = _team_aggregate(world.uow, "agence-nord")
    assert sum(before[0].values()) >= 5
    hr = world.principal(CAST.hr)
    report = rgpd.erase_person(world.uow, hr, world.zq, confirm=world.zq)
    assert report.anonymous_id.startswith("anon-") and report.anonymous_id != world.zq
    assert report.scrub.accounts_deleted == 1
    assert report.scrub.assessments == 2
    assert _team_aggregate(world.uow, "agence-nord") == before

    needles = (world.zq, ZQ_LOGIN, "Zéphyrine", "Quasimodo", "preuve-zq-unique", *ZQ_TEXTS)
    leaks = [(t, c, n) for t, c, text in _strings(world.engine) for n in needles if n in text]
    assert leaks == []

    with world.uow() as uow:
        anon = uow.people.get_person(report.anonymous_id)
        assert anon is not None and anon.erased and anon.display_name is None
        assert anon.left_on is None and anon.team == "agence-nord" and anon.job == ADVISOR
        assert uow.people.get_person(world.zq) is None
        assert uow.accounts.get(ZQ_LOGIN) is None
        assert all(p.id != report.anonymous_id for p in uow.people.list_people())
        record = uow.rgpd.person_record(report.anonymous_id)
        assert record is not None and record.source_document is None
        assert record.source_line is None
        assessments = uow.people.assessments_of(report.anonymous_id)
        assert all(a.evidence is None and a.line is None for a in assessments)
        reviews = uow.rgpd.reviews_of(report.anonymous_id)
        assert [r.self_submitted_at is not None for r in reviews] == [True]
        candidacies = uow.rgpd.candidacies_of(report.anonymous_id)
        assert candidacies[0].record == {
            "candidate": report.anonymous_id,
            "title_granted": False,
            "blocks": [],
        }
        events = uow.audit.search(subject=report.anonymous_id, limit=None)
        assert uow.audit.search(subject=world.zq, limit=None) == []
    erase = [e for e in events if e.action == "erase"]
    assert len(erase) == 1 and erase[0].actor == CAST.hr
    assert world.zq not in (erase[0].detail or "")
    assert {"read", "write", "login", "account"} <= {e.action for e in events}
    with pytest.raises(NotFoundError):
        rgpd.export_person(world.uow, hr, world.zq)


def test_erasing_a_cast_member_keeps_neighbours_intact(world: World) -> None:
    before = _team_aggregate(world.uow, "agence-nord")
    hr = world.principal(CAST.hr)
    report = rgpd.erase_person(world.uow, hr, "n-1", confirm="n-1")
    assert _team_aggregate(world.uow, "agence-nord") == before
    exact = [(t, c) for t, c, text in _strings(world.engine) if text in ("n-1", CAST.employee)]
    assert exact == []
    whole = re.compile(r"(?<![\w.@-])(n-1|Conseiller Nord 1|eve\.employe)(?![\w@-])")
    leaks = [
        (t, c, text)
        for t, c, text in _strings(world.engine)
        if t in PERSONAL_TABLES and whole.search(text)
    ]
    assert leaks == []
    with world.uow() as uow:
        assert uow.people.get_person("n-10") is None  # never existed: nothing was invented
        colleague = uow.people.get_person("n-2")
        assert colleague is not None and colleague.display_name == "Conseiller Nord 2"
        assert uow.accounts.get(CAST.colleague) is not None
        assert len(uow.people.assessments_of(report.anonymous_id)) == 2


def test_erasure_needs_hr_and_the_right_confirmation(world: World) -> None:
    manager = world.principal(CAST.manager)  # n-1 is in their team
    with pytest.raises(AccessDenied):
        rgpd.erase_person(world.uow, manager, "n-1", confirm="n-1")
    hr = world.principal(CAST.hr)
    for wrong in (None, "", "n-2", "N-1", "n-1 "[:2]):
        with pytest.raises(ConfirmationError):
            rgpd.erase_person(world.uow, hr, "n-1", confirm=wrong)
    with pytest.raises(NotFoundError):
        rgpd.erase_person(world.uow, hr, "inconnu", confirm="inconnu")
    with world.uow() as uow:
        person = uow.people.get_person("n-1")
        assert person is not None and not person.erased
        assert uow.audit.count(action="erase") == 0


# --- export --------------------------------------------------------------------------------


def test_export_holds_everything_on_the_person_and_no_secret(world: World) -> None:
    hr = world.principal(CAST.hr)
    doc = rgpd.export_person(world.uow, hr, world.zq)
    assert doc["format"] == "parcours-rgpd-export" and doc["version"] == 1
    assert doc["person"]["id"] == world.zq
    assert doc["person"]["display_name"] == ZQ_NAME
    assert doc["person"]["team_name"] == "Agence Nord"
    assert doc["person"]["source_document"] == "sirh-2026.csv"
    assert doc["person"]["source_line"] == 42
    assert doc["person"]["left_on"] == "2020-03-31"
    assert {(a["source"], a["evidence"]) for a in doc["assessments"]} == {
        ("import", ZQ_EVIDENCE),
        ("self", None),
    }
    assert {a["assessor"] for a in doc["assessments"]} == {None, ZQ_LOGIN}
    assert doc["campaign_reviews"][0]["self_comment"] == ZQ_TEXTS[0]
    assert doc["jury_candidacies"][0]["comment"] == ZQ_TEXTS[2]
    assert doc["jury_candidacies"][0]["evaluations"][0]["comment"] == ZQ_TEXTS[3]
    [account] = doc["accounts"]
    assert account["login"] == ZQ_LOGIN and account["roles"] == ["employee"]
    kinds = sorted(c["kind"] for c in account["sessions_and_tokens"])
    assert kinds == ["api_token", "session"]
    actions = [e["action"] for e in doc["audit_events"]]
    assert {"account", "login", "write", "read"} <= set(actions)
    text = json.dumps(doc, ensure_ascii=False)
    assert "argon2" not in text and "password" not in text and "token_hash" not in text
    with world.uow() as uow:
        tokens = [t for _, c, t in _strings(world.engine) if c == "token_hash"]
        assert tokens and not any(t in text for t in tokens)
        [event] = uow.audit.search(action="export", limit=None)
    assert event.subject == world.zq and event.actor == CAST.hr


def test_a_person_exports_their_own_data_and_nobody_else_but_hr_can(world: World) -> None:
    employee = world.principal(CAST.employee)
    own = rgpd.export_own(world.uow, employee)
    assert own["person"]["id"] == "n-1"
    assert rgpd.export_person(world.uow, employee, "n-1")["person"]["id"] == "n-1"
    refused: list[tuple[str, str]] = [
        (CAST.employee, "n-2"),  # a colleague
        (CAST.manager, "n-1"),  # the manager of their team
        (CAST.other_manager, "n-1"),
        (CAST.jury, "n-1"),
    ]
    for login, person in refused:
        with pytest.raises(AccessDenied):
            rgpd.export_person(world.uow, world.principal(login), person)
    with pytest.raises(NotFoundError):
        rgpd.export_own(world.uow, world.principal(CAST.hr))  # no person behind the account


# --- audit log -----------------------------------------------------------------------------


def test_audit_log_filters_and_pages_for_hr_only(world: World) -> None:
    hr = world.principal(CAST.hr)
    page = rgpd.audit_log(world.uow, hr, AuditFilter(person="n-1"), limit=50)
    assert page.total >= 2 and all(e.subject == "n-1" for e in page.events)
    reads = rgpd.audit_log(world.uow, hr, AuditFilter(actor=CAST.hr, action="read"))
    assert reads.events and all(e.actor == CAST.hr and e.action == "read" for e in reads.events)
    accounts = AuditFilter(action="account")  # reading the log adds reads, not these
    first = rgpd.audit_log(world.uow, hr, accounts, limit=3, offset=0)
    second = rgpd.audit_log(world.uow, hr, accounts, limit=3, offset=3)
    assert first.total == second.total >= 6
    assert len(first.events) == 3 and not {e.id for e in first.events} & {
        e.id for e in second.events
    }
    today = datetime.now(UTC).date()
    assert rgpd.audit_log(world.uow, hr, AuditFilter(until=date(2000, 1, 1))).total == 0
    assert rgpd.audit_log(world.uow, hr, AuditFilter(since=today, until=today)).total > 0
    events = rgpd.audit_log_export(world.uow, hr, AuditFilter(person="n-1"))
    csv_text = rgpd.audit_csv(events)
    assert csv_text.splitlines()[0] == "id,at,actor,channel,action,subject,detail"
    assert len(csv_text.splitlines()) == len(events) + 1
    for login in (CAST.manager, CAST.employee, CAST.jury):
        with pytest.raises(AccessDenied):
            rgpd.audit_log(world.uow, world.principal(login), AuditFilter(person="n-1"))
        with pytest.raises(AccessDenied):
            rgpd.audit_log_export(world.uow, world.principal(login), AuditFilter())


def test_a_person_sees_who_accessed_their_data(world: World) -> None:
    page = rgpd.own_audit_log(world.uow, world.principal(CAST.employee))
    assert page.events and all(e.subject == "n-1" for e in page.events)
    assert any(e.actor == CAST.hr and e.action == "read" for e in page.events)
    colleague = rgpd.own_audit_log(world.uow, world.principal(CAST.colleague))
    assert all(e.subject == "n-2" for e in colleague.events)


# --- retention -----------------------------------------------------------------------------


def _old_event(world: World, at: datetime) -> None:
    with world.uow() as uow:
        uow.audit.record(AuditEvent(CAST.hr, "web", "read", "n-3", "ancien", at=at))
        uow.commit()


def test_purge_erases_leavers_past_retention_and_old_audit_events(world: World) -> None:
    hr = world.principal(CAST.hr)
    with world.uow() as uow:
        recent = uow.people.get_person("n-4")
        assert recent is not None
        uow.people.save_person(replace(recent, left_on=date(2026, 5, 1)))
        uow.commit()
    _old_event(world, datetime(2018, 1, 1, tzinfo=UTC))
    _old_event(world, datetime(2025, 1, 1, tzinfo=UTC))
    now = datetime(2026, 6, 1, 12, tzinfo=UTC)
    run: Callable[[bool], rgpd.PurgeReport] = lambda dry: rgpd.purge(  # noqa: E731
        world.uow, hr, retention_days=365, audit_retention_days=3 * 365, dry_run=dry, now=now
    )
    preview = run(True)
    assert preview.people == [world.zq] and preview.audit_events == 1
    with world.uow() as uow:
        assert uow.people.get_person(world.zq) is not None
        assert uow.audit.count(until=datetime(2019, 1, 1, tzinfo=UTC)) == 1
    done = run(False)
    assert done.people_erased == 1 and done.audit_events == 1
    with world.uow() as uow:
        assert uow.people.get_person(world.zq) is None
        n4 = uow.people.get_person("n-4")
        assert n4 is not None and not n4.erased
        assert uow.audit.count(until=datetime(2019, 1, 1, tzinfo=UTC)) == 0
        assert uow.audit.count(until=datetime(2025, 6, 1, tzinfo=UTC)) == 1
        [purge_event] = uow.audit.search(action="purge", limit=None)
        assert world.zq not in (purge_event.detail or "")
        assert uow.audit.count(action="erase") == 1
    again = run(False)
    assert again.people_erased == 0 and again.audit_events == 0
    with pytest.raises(AccessDenied):
        rgpd.purge(
            world.uow,
            world.principal(CAST.manager),
            retention_days=1,
            audit_retention_days=1,
            dry_run=True,
        )


def test_erasing_a_manager_moves_their_team_and_reports_to_the_anonymous_id(
    world: World,
) -> None:
    hr = world.principal(CAST.hr)
    people.record_assessment(
        world.uow,
        world.principal(CAST.manager),
        "n-2",
        "ecoute-active",
        [3, 3, 4],
        source=Source.MANAGER,
    )
    report = rgpd.erase_person(world.uow, hr, "m-nord", confirm="m-nord")
    anon = report.anonymous_id
    with world.uow() as uow:
        team = uow.people.get_team("agence-nord")
        assert team is not None and team.manager == anon
        assert uow.people.teams_managed_by(anon) == ["agence-nord"]
        members = uow.people.list_people(teams=["agence-nord"])
        assert members and all(p.manager == anon for p in members)
        assert uow.accounts.get(CAST.manager) is None
        rated = [a for a in uow.people.assessments_of("n-2") if a.source is Source.MANAGER]
        assert {a.assessor for a in rated} >= {anon}
        assert CAST.manager not in {a.assessor for a in rated}
        reviews = uow.rgpd.reviews_of(world.zq)
        assert [r.manager_account for r in reviews] == [anon]  # the reviewer's login went too
        assert [r.manager_comment for r in reviews] != [None]  # about someone else: stays
