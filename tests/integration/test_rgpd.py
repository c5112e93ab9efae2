"""RGPD on SQLite and PostgreSQL: what an erasure leaves in the database (nothing of the person,
team aggregates unchanged) and an export without secrets (issue 5, 7); the rules of erasure,
export, the audit log and retention: tests/unit/services/test_rgpd.py."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, MetaData, select
from sqlalchemy.orm import Session, sessionmaker

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.domain.errors import NotFoundError
from parcours.domain.people import current_levels
from parcours.services import rgpd
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.store import models_people
from parcours.store.uow import SqlUnitOfWork
from tests.people_cast import ADVISOR, CAST, populate
from tests.rgpd_cast import ZQ_EVIDENCE, ZQ_LOGIN, ZQ_NAME, ZQ_TEXTS, RgpdWorld, add_zq

PERSONAL_TABLES = frozenset(
    getattr(row, "__tablename__", "")
    for row in vars(models_people).values()
    if getattr(row, "__module__", None) == models_people.__name__
) - {""}


@dataclass
class World(RgpdWorld):
    engine: Engine


@pytest.fixture
def world(engine: Engine, session_factory: sessionmaker[Session]) -> World:
    def make() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    report = import_documents(make, [(SAMPLE_NAME, sample_bytes())])
    assert report.ok
    populate(make)
    return World(make, add_zq(make), engine)


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
