"""The audit log is append-only and chained (issue 12, point 11), on SQLite and PostgreSQL.

- UPDATE and DELETE are refused by the database unless parcours unlocks them for an erasure's
  redaction or the purge of expired events;
- every event is chained to the previous one; ``verify`` (``parcours rgpd verify-audit``) walks
  the chain and names the first event that was edited, deleted, inserted or reordered, each
  kind of tampering tried here as someone holding the database credentials would;
- the chain stays verifiable after erasures and purges (their proofs are sealed in the chain);
- the retention cannot go under 180 days (``audit_retention_days=0`` used to delete everything).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import cast

import pytest
from sqlalchemy import Engine, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from parcours.cli import app as cli_app
from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.domain.access import Principal
from parcours.domain.errors import ParcoursError
from parcours.services import auth, people, rgpd
from parcours.services.access import principal_of
from parcours.services.auth import SYSTEM
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.services.ports.people import AuditEvent
from parcours.settings import Settings, SettingsError
from parcours.store.audit import unlock_audit
from parcours.store.models_ops import AuditHeadRow
from parcours.store.models_people import AuditRow
from parcours.store.uow import SqlUnitOfWork
from tests.people_cast import CAST, populate

runner = CliRunner()


@pytest.fixture
def uow(session_factory: sessionmaker[Session]) -> UowFactory:
    def make() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    assert import_documents(make, [(SAMPLE_NAME, sample_bytes())]).ok
    populate(make)
    return make


def _principal(uow: UowFactory, login: str) -> Principal:
    with uow() as u:
        account = u.accounts.get(login)
        assert account is not None
        return principal_of(u, account, "api")


def _events(uow: UowFactory, count: int, *, at: datetime | None = None) -> None:
    with uow() as u:
        for i in range(count):
            u.audit.record(AuditEvent(CAST.hr, "web", "read", "n-3", f"lecture {i}", at=at))
        u.commit()


def _as_attacker(session: Session) -> None:
    """What someone holding the database credentials can do: unlock, drop the guards."""
    unlock_audit(session, True)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
    else:
        session.execute(text("DROP TRIGGER audit_log_append_only_update"))
        session.execute(text("DROP TRIGGER audit_log_append_only_delete"))


def _cover_tracks(session: Session) -> None:
    """The attacker puts PostgreSQL's guards back after the deed: the chain must tell all the
    same (and the test schema is left as the migrations made it, so it is not rebuilt)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))


def _tamper(session_factory: sessionmaker[Session], *statements: str) -> None:
    with session_factory() as session:
        _as_attacker(session)
        for statement in statements:
            session.execute(text(statement))
        _cover_tracks(session)
        session.commit()


def _ids(uow: UowFactory) -> list[int]:
    with uow() as u:
        return [e.id or 0 for e in reversed(u.audit.search(limit=None))]


def test_the_database_refuses_to_update_or_delete_audit_events(
    uow: UowFactory, session_factory: sessionmaker[Session]
) -> None:
    _events(uow, 3)
    statements = (
        update(AuditRow).values(detail="réécrit"),
        text("DELETE FROM audit_log"),
        text("UPDATE audit_log SET chain = NULL"),
    )
    for statement in statements:
        with session_factory() as session, pytest.raises(DBAPIError, match="ajout seul"):
            session.execute(statement)
            session.commit()
    with uow() as u:
        assert u.audit.count(actor=CAST.hr) >= 3 and u.audit.verify().ok


def test_events_are_chained_in_commit_order_and_verify(uow: UowFactory) -> None:
    _events(uow, 5)
    with uow() as u:
        outcome = u.audit.verify()
        total = u.audit.count()
    assert outcome.ok and outcome.events == total == outcome.head_seq


def _swap(session: Session, ids: list[int]) -> None:
    a, b = (session.get(AuditRow, i) for i in (ids[-3], ids[-2]))
    assert a is not None and b is not None
    sa, sb = a.seq, b.seq
    a.seq = -1
    session.flush()
    b.seq = sa
    session.flush()
    a.seq = sb


def _sql(*statements: str) -> Callable[[Session, list[int]], None]:
    def run(session: Session, ids: list[int]) -> None:
        for statement in statements:
            session.execute(text(statement.format(*[ids[-k] for k in range(1, 7)])))

    return run


# Each kind of tampering: (what is done, which event is reported first: -k is ids[-k]).
TAMPERING: dict[str, tuple[Callable[[Session, list[int]], None], int | None]] = {
    "detail rewritten": (_sql("UPDATE audit_log SET detail = 'rien' WHERE id = {2}"), -3),
    "actor rewritten": (_sql("UPDATE audit_log SET actor = 'personne' WHERE id = {3}"), -4),
    "action rewritten": (_sql("UPDATE audit_log SET action = 'write' WHERE id = {1}"), -2),
    "subject rewritten": (_sql("UPDATE audit_log SET subject = 'n-9' WHERE id = {4}"), -5),
    "event deleted": (_sql("DELETE FROM audit_log WHERE id = {4}"), -4),
    "digest rewritten with the content": (
        _sql("UPDATE audit_log SET detail = 'x', digest = '" + "a" * 64 + "' WHERE id = {2}"),
        -3,
    ),
    "event inserted by hand": (
        _sql(
            "INSERT INTO audit_log (at, actor, channel, action, subject, detail) VALUES "
            "('2026-01-01 10:00:00', 'intrus', 'web', 'read', 'n-1', 'faux')"
        ),
        None,  # outside the chain: reported with its own id
    ),
    "last events deleted": (_sql("DELETE FROM audit_log WHERE id >= {1}"), None),
    "two events swapped": (_swap, -2),
    "head rewritten": (_sql("UPDATE audit_head SET seq = seq + 1"), None),
}


@pytest.mark.parametrize("kind", list(TAMPERING))
def test_tampering_is_found_with_the_first_broken_event(
    uow: UowFactory, session_factory: sessionmaker[Session], kind: str
) -> None:
    _events(uow, 6)
    ids = _ids(uow)
    tamper, first = TAMPERING[kind]
    with session_factory() as session:
        _as_attacker(session)
        tamper(session, ids)
        _cover_tracks(session)
        session.commit()
    with uow() as u:
        outcome = u.audit.verify()
    assert not outcome.ok and outcome.reason, kind
    if first is not None:
        assert outcome.broken_id == ids[first], (kind, outcome)


def test_erasure_and_purge_keep_the_chain_verifiable(uow: UowFactory) -> None:
    hr = _principal(uow, CAST.hr)
    _events(uow, 3, at=datetime(2018, 1, 1, tzinfo=UTC))
    people.person_profile(uow, hr, "n-2")  # a read about the person, then their erasure
    _events(uow, 2)
    _events(uow, 2, at=datetime(2019, 6, 1, tzinfo=UTC))  # old, but after recent ones
    report = rgpd.erase_person(uow, hr, "n-2", "n-2")
    with uow() as u:
        assert u.audit.verify().ok
        [erase] = u.audit.search(action="erase", limit=None)
        assert erase.subject == report.anonymous_id
    done = rgpd.purge(uow, hr, retention_days=365, audit_retention_days=365)
    assert done.audit_events == 5
    with uow() as u:
        outcome = u.audit.verify()
        assert outcome.ok, outcome
        assert u.audit.count(until=datetime(2020, 1, 1, tzinfo=UTC)) == 0
    # A second purge with nothing to delete, then more events: still verifiable.
    rgpd.purge(uow, hr, retention_days=365, audit_retention_days=365)
    _events(uow, 2)
    with uow() as u:
        assert u.audit.verify().ok


def test_a_purge_cannot_go_under_the_minimum_retention(uow: UowFactory) -> None:
    hr = _principal(uow, CAST.hr)
    _events(uow, 2, at=datetime.now(UTC) - timedelta(days=30))
    for days in (0, -1, 179):
        with pytest.raises(ParcoursError, match="180 au moins"):
            rgpd.purge(uow, hr, retention_days=365, audit_retention_days=days)
    with pytest.raises(ParcoursError, match="négative"):
        rgpd.purge(uow, hr, retention_days=-1, audit_retention_days=365)
    for value in ("0", "-1", "179"):
        with pytest.raises(SettingsError):
            Settings.from_environment(audit_retention_days=value)
    with uow() as u:
        assert u.audit.count(until=datetime.now(UTC) - timedelta(days=29)) == 2


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_the_command_line_verifies_and_refuses_a_wiping_purge(
    uow: UowFactory, engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    token = auth.create_api_token(uow, SYSTEM, CAST.hr, "cli", days=1)
    options = ["--database-url", _url(engine), "--token", token]
    _events(uow, 4, at=datetime.now(UTC) - timedelta(days=10))
    with uow() as u:
        before = u.audit.count()
    wipe = runner.invoke(
        cli_app, ["rgpd", "purge", *options], env={"PARCOURS_AUDIT_RETENTION_DAYS": "0"}
    )
    assert wipe.exit_code == 2 and "PARCOURS_AUDIT_RETENTION_DAYS" in wipe.output
    with uow() as u:
        assert u.audit.count() == before  # nothing deleted
    ok = runner.invoke(cli_app, ["rgpd", "verify-audit", *options])
    assert ok.exit_code == 0 and "intègre" in ok.output, ok.output
    victim = _ids(uow)[-3]
    _tamper(session_factory, f"UPDATE audit_log SET detail = 'effacé' WHERE id = {victim}")
    broken = runner.invoke(cli_app, ["rgpd", "verify-audit", *options])
    assert broken.exit_code == 1
    assert f"événement n° {victim}" in broken.output and "ROMPU" in broken.output


def test_concurrent_writers_get_one_chain(uow: UowFactory) -> None:
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for _ in range(10):
                _events(uow, 2)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with uow() as u:
        outcome = u.audit.verify()
        session = cast(SqlUnitOfWork, u).session  # the fixture ``uow`` makes SqlUnitOfWork
        seqs = list(session.scalars(select(AuditRow.seq).order_by(AuditRow.seq)))
        head = session.get(AuditHeadRow, 1)
        assert head is not None and head.seq == len(seqs)
    assert outcome.ok and seqs == list(range(1, len(seqs) + 1))
