"""Erasure leaves no identifier or name of the person anywhere (issue 12, point 1).

A person is imported from the HRIS by HR identifier, rates and is rated (the HRIS `evaluateur`
column), signs in, decides on links, names a team, is mentioned in notes and drafts; then HR
erases them through the API. Every text, JSON and binary value of every table of the database
(reflected, so tables the models do not know are read too: the full-text index, Alembic's) is
then searched for each identifier and name they had, on SQLite and PostgreSQL. The HR
identifiers themselves are never stored at all, erased or not.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, MetaData, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.domain.profile import pseudonym
from parcours.services import auth, career, people
from parcours.services.access import principal_of
from parcours.services.auth import SYSTEM
from parcours.services.hris import import_hris
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.settings import Settings
from parcours.store import db
from parcours.store.db import create_engine_for, migrate
from parcours.store.models import ReferentialRow
from parcours.store.models_drafts import DraftImportRow
from parcours.store.models_links import LinkDecisionRow, LinkGroupRow, LinkRow
from parcours.store.models_people import JuryCandidateRow, JuryRow
from parcours.store.uow import SqlUnitOfWork, make_session_factory
from parcours.web.app import create_app
from tests.people_cast import ADVISOR, CAST, PASSWORD, SAMPLE, TEAM_LEAD, populate

SALT = "sel-effacement"
ZQ_HR = "E-99317"  # the person erased
AV_HR = "E-99318"  # a colleague: rates ZQ, is rated by ZQ
ZQ_NAME = "Zéphyrine Quasimodo"
ZQ_LOGIN = "zephyrine.q"
ZQ_EVIDENCE = "preuve-zq-unique"
ZQ = pseudonym(ZQ_HR, SALT)
AV = pseudonym(AV_HR, SALT)

PEOPLE = (
    "matricule;nom;referentiel;emploi;equipe;equipe_nom;manager\n"
    f"{ZQ_HR};{ZQ_NAME};{SAMPLE};{ADVISOR};agence-zq;Équipe de {ZQ_NAME};\n"
    f"{AV_HR};Anatole Vernet;{SAMPLE};{ADVISOR};agence-zq;Équipe de {ZQ_NAME};{ZQ_HR}\n"
)
ASSESSMENTS = (
    "matricule;competence;niveau;source;date;evaluateur;preuve\n"
    f"{AV_HR};ecoute-active;3;manager;2026-01-20;{ZQ_HR};vu en agence\n"
    f"{ZQ_HR};ecoute-active;2;manager;2026-01-21;{AV_HR};{ZQ_EVIDENCE} : entretien\n"
    f"{ZQ_HR};rigueur;3;auto-évaluation;2026-01-22;{ZQ_HR};\n"
)


@dataclass
class World:
    engine: Engine
    uow: UowFactory
    client: TestClient
    hr_headers: dict[str, str]


def _build(engine: Engine, url: str) -> World:
    sessions: sessionmaker[Session] = make_session_factory(engine)

    def make() -> UnitOfWork:
        return SqlUnitOfWork(sessions)

    assert import_documents(make, [(SAMPLE_NAME, sample_bytes())]).ok
    populate(make)
    for name, data in (("sirh-personnes.csv", PEOPLE), ("sirh-evaluations.csv", ASSESSMENTS)):
        report = import_hris(make, SYSTEM, data.encode(), name, salt=SALT)
        assert report.ok, report.errors
    auth.create_account(
        make,
        SYSTEM,
        login=ZQ_LOGIN,
        roles=["employee", "manager"],
        password=PASSWORD,
        person=ZQ,
        display_name=ZQ_NAME,
    )
    auth.create_api_token(make, SYSTEM, ZQ_LOGIN, f"outil de {ZQ_NAME}", days=1)
    auth.login(make, ZQ_LOGIN, PASSWORD)
    now = datetime(2026, 2, 1, tzinfo=UTC)
    with SqlUnitOfWork(sessions) as uow:
        session = uow.session
        session.add(
            LinkRow(
                id="zq-link-1",
                kind="competency",
                source_referential=SAMPLE,
                source_key="ecoute-active",
                source_label="Écoute active",
                source_fingerprint="0" * 32,
                target_referential=SAMPLE,
                target_key="rigueur",
                target_label="Rigueur",
                target_fingerprint="0" * 32,
                relation="related",
                score=0.5,
                evidence=[],
                status="accepted",
                note=f"vu avec {ZQ_NAME} ({ZQ})",
                decided_by=ZQ_LOGIN,
                decided_at=now,
                search_text="ecoute active rigueur",
            )
        )
        session.add(
            LinkDecisionRow(
                at=now,
                action="accept",
                kind="competency",
                link_id="zq-link-1",
                endpoints=[[SAMPLE, "ecoute-active"], [SAMPLE, "rigueur"]],
                user=ZQ_LOGIN,
                note=f"décision de {ZQ_NAME}",
            )
        )
        session.add(LinkGroupRow(id="zq-group-1", kind="competency", created_by=ZQ_LOGIN))
        session.add(
            DraftImportRow(
                status="discarded",
                referential=SAMPLE,
                files=[{"name": f"fiche relue par {ZQ_NAME}.txt", "size": 1, "sha256": "0"}],
                content=b"x",
                report=[{"warning": f"relu par {ZQ_LOGIN}"}],
                outcome=f"abandonné à la demande de {ZQ_NAME}",
            )
        )
        session.execute(
            update(ReferentialRow).where(ReferentialRow.name == SAMPLE).values(map_role_by=ZQ_LOGIN)
        )
        jury = JuryRow(
            name="Jury de printemps",
            referential=SAMPLE,
            certification="Certification",
            held_on=now.date(),
            members=[CAST.jury, ZQ_LOGIN],
            created_by=ZQ_LOGIN,
        )
        session.add(jury)
        session.flush()
        session.add(
            JuryCandidateRow(
                jury=jury.id,
                person=AV,
                evaluations=[{"code": "C1", "note": f"évalué par {ZQ_NAME}"}],
                record={"candidate": AV, "members": [ZQ_LOGIN], "by": ZQ},
                recorded_by=ZQ_LOGIN,
            )
        )
        uow.commit()
    settings = Settings.from_environment(database_url=url, pseudonym_salt=SALT)
    client = TestClient(create_app(settings, make))
    token = auth.create_api_token(make, SYSTEM, CAST.hr, "tests", days=1)
    with make() as unit:
        account = unit.accounts.get(ZQ_LOGIN)
        assert account is not None
        zq = principal_of(unit, account, "api")
    people.person_profile(make, zq, AV)  # ZQ reads a report's profile: audited under ZQ
    # ZQ follows a job, shared with their manager, in their own words (issue 14)
    career.follow_job(
        make, zq, referential=SAMPLE, job=TEAM_LEAD, shared=True, note=f"{ZQ_NAME} : {ZQ_EVIDENCE}"
    )
    return World(engine, make, client, {"Authorization": f"Bearer {token}"})


@pytest.fixture
def world(engine: Engine) -> World:
    return _build(engine, engine.url.render_as_string(hide_password=False))


def stored_values(engine: Engine) -> Iterator[tuple[str, str, str]]:
    """(table, column, text) of every text, JSON and binary value of every table."""
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as connection:
        for table in meta.sorted_tables:
            for row in connection.execute(select(table)).mappings():
                for column, value in row.items():
                    if isinstance(value, str):
                        yield table.name, column, value
                    elif isinstance(value, dict | list):
                        yield table.name, column, json.dumps(value, ensure_ascii=False)
                    elif isinstance(value, bytes | memoryview):
                        yield table.name, column, bytes(value).decode("utf-8", "replace")


def leaks(engine: Engine, needles: tuple[str, ...]) -> list[tuple[str, str, str]]:
    folded = [(n, n.casefold()) for n in needles]
    return [
        (table, column, needle)
        for table, column, value in stored_values(engine)
        for needle, wanted in folded
        if wanted in value.casefold()
    ]


def test_hr_identifiers_are_never_stored_and_assessors_are_pseudonyms(world: World) -> None:
    assert leaks(world.engine, (ZQ_HR, AV_HR)) == []
    response = world.client.get(f"/api/v1/people/{AV}/assessments", headers=world.hr_headers)
    assert response.status_code == 200
    assert {a["assessor"] for a in response.json()} >= {ZQ}
    mine = world.client.get(f"/api/v1/people/{ZQ}/assessments", headers=world.hr_headers)
    assert {a["assessor"] for a in mine.json() if a["evidence"]} == {AV}


def test_erasure_leaves_no_identifier_or_name_in_any_table(world: World) -> None:
    needles = (ZQ, ZQ_HR, AV_HR, ZQ_LOGIN, "Zéphyrine", "Quasimodo", ZQ_EVIDENCE)
    before = {needle for _table, _column, needle in leaks(world.engine, needles)}
    assert before == {ZQ, ZQ_LOGIN, "Zéphyrine", "Quasimodo", ZQ_EVIDENCE}
    response = world.client.delete(
        f"/api/v1/people/{ZQ}", params={"confirm": ZQ}, headers=world.hr_headers
    )
    assert response.status_code == 200, response.text
    anonymous = response.json()["anonymous_id"]
    assert leaks(world.engine, needles) == []
    with world.uow() as uow:
        rated = uow.people.assessments_of(AV)
        assert {a.assessor for a in rated} == {anonymous}  # still the same (anonymous) rater
        colleague = uow.people.get_person(AV)
        assert colleague is not None and colleague.manager == anonymous
        assert colleague.display_name == "Anatole Vernet"
        team = uow.people.get_team("agence-zq")
        assert team is not None and team.name == f"Équipe de {anonymous}"
    assert world.client.get(f"/api/v1/people/{AV}", headers=world.hr_headers).status_code == 200


# --- what is left in the files ---------------------------------------------------------------


def test_sqlite_connections_zero_deleted_content(tmp_path: Path) -> None:
    # Some builds of SQLite (Debian's) zero deleted content by default, others do not: parcours
    # turns it on itself, whatever the build's default.
    connection = sqlite3.connect(tmp_path / "x.db")
    try:
        connection.execute("PRAGMA secure_delete=OFF")
        db._configure_sqlite(connection, None)
        assert connection.execute("PRAGMA secure_delete").fetchone() == (1,)
    finally:
        connection.close()
    engine = create_engine_for(f"sqlite:///{tmp_path / 'y.db'}")
    try:
        with engine.connect() as connection_of_engine:
            assert connection_of_engine.execute(text("PRAGMA secure_delete")).scalar() == 1
    finally:
        engine.dispose()


def test_an_erased_person_is_not_left_in_the_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "parcours.db"
    engine = create_engine_for(f"sqlite:///{path}")
    try:
        migrate(engine)
        world = _build(engine, f"sqlite:///{path}")
        raw = (ZQ, ZQ_LOGIN, "Quasimodo", ZQ_EVIDENCE)
        with engine.connect() as connection:
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        assert all(n.encode() in path.read_bytes() for n in raw)
        response = world.client.delete(
            f"/api/v1/people/{ZQ}", params={"confirm": ZQ}, headers=world.hr_headers
        )
        assert response.status_code == 200
        engine.dispose()  # every connection closed: the write-ahead log is checkpointed
        files = [p for p in tmp_path.iterdir() if p.name.startswith("parcours.db")]
        found = [(p.name, n) for p in files for n in raw if n.encode() in p.read_bytes()]
        assert found == []
    finally:
        engine.dispose()
