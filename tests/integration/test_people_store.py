"""People, teams, assessments, accounts and the audit log in SQL, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from parcours.domain.people import Assessment, Person, Source, Team, current_levels
from parcours.services.ports.people import Account, AuditEvent
from parcours.store.uow import SqlUnitOfWork


def _people(n: int, team: str = "t") -> list[Person]:
    return [Person(f"p-{i}", "R", "job", team=team, display_name=f"N {i}") for i in range(n)]


def test_bulk_upsert_counts_created_updated_unchanged(
    session_factory: sessionmaker[Session],
) -> None:
    with SqlUnitOfWork(session_factory) as uow:
        assert uow.people.upsert_people(_people(12_000), document="rh.csv", lines=None) == (
            12_000,
            0,
            0,
        )
        uow.commit()
    changed = _people(12_000)
    changed[5] = Person("p-5", "R", "other-job", team="t", display_name="N 5")
    with SqlUnitOfWork(session_factory) as uow:
        assert uow.people.upsert_people(changed, document="rh.csv", lines=None) == (0, 1, 11_999)
        uow.commit()
    with SqlUnitOfWork(session_factory) as uow:
        assert uow.people.count_people(teams=["t"]) == 12_000
        person = uow.people.get_person("p-5")
        assert person is not None and person.job == "other-job"


def test_history_is_kept_and_the_current_level_follows_precedence(
    session_factory: sessionmaker[Session],
) -> None:
    with SqlUnitOfWork(session_factory) as uow:
        uow.people.upsert_people(_people(1), document=None, lines=None)
        uow.people.add_assessments(
            [
                Assessment("p-0", "c", 2, Source.SELF, date(2026, 3, 1), "qcm", raw=0.45),
                Assessment("p-0", "c", 3, Source.MANAGER, date(2026, 1, 1), "qcm", raw=0.7),
                Assessment("p-0", "c", 4, Source.SELF, date(2026, 6, 1), "qcm", raw=0.9),
            ]
        )
        uow.commit()
    with SqlUnitOfWork(session_factory) as uow:
        history = uow.people.assessments_of("p-0")
    assert [a.level for a in history] == [3, 2, 4]  # by date
    assert current_levels(history)["c"].source is Source.MANAGER


def test_renaming_a_person_moves_every_row_that_names_it(
    session_factory: sessionmaker[Session],
) -> None:
    with SqlUnitOfWork(session_factory) as uow:
        uow.people.upsert_teams([Team("t", "Équipe", manager="p-0")])
        uow.people.upsert_people(
            [*_people(2), Person("p-9", "R", "job", team="t", manager="p-0")],
            document=None,
            lines=None,
        )
        uow.people.add_assessments([Assessment("p-0", "c", 2, Source.SELF, date.today(), "qcm")])
        uow.accounts.save(Account("acc", frozenset({"manager"}), person="p-0"))
        uow.commit()
    with SqlUnitOfWork(session_factory) as uow:
        uow.people.rename_person("p-0", "anon-1")
        uow.commit()
    with SqlUnitOfWork(session_factory) as uow:
        assert uow.people.get_person("p-0") is None
        assert uow.people.get_person("anon-1") is not None
        assert [a.person for a in uow.people.assessments_of("anon-1")] == ["anon-1"]
        assert uow.people.teams_managed_by("anon-1") == ["t"]
        assert (uow.people.get_person("p-9") or Person("x")).manager == "anon-1"
        account = uow.accounts.get("acc")
        assert account is not None and account.person == "anon-1"


def test_sessions_and_tokens_expire(session_factory: sessionmaker[Session]) -> None:
    now = datetime.now(UTC)
    with SqlUnitOfWork(session_factory) as uow:
        uow.accounts.save(Account("a", frozenset({"hr"})))
        uow.accounts.create_session("s1", "a", now + timedelta(hours=1))
        uow.accounts.create_session("s2", "a", now - timedelta(seconds=1))
        uow.accounts.create_token("t1", "a", "cli", None)
        uow.accounts.create_token("t2", "a", "old", now - timedelta(days=1))
        uow.commit()
    with SqlUnitOfWork(session_factory) as uow:
        assert (uow.accounts.session_account("s1", now) or Account("x", frozenset())).login == "a"
        assert uow.accounts.session_account("s2", now) is None
        assert uow.accounts.token_account("t1", now) is not None
        assert uow.accounts.token_account("t2", now) is None
        uow.accounts.save(Account("a", frozenset({"hr"}), active=False))
        assert uow.accounts.session_account("s1", now) is None  # a disabled account


def test_the_audit_log_filters_renames_and_purges(session_factory: sessionmaker[Session]) -> None:
    old = datetime.now(UTC) - timedelta(days=400)
    with SqlUnitOfWork(session_factory) as uow:
        uow.audit.record(AuditEvent("rh", "web", "read", "p-1", at=old))
        uow.audit.record(AuditEvent("rh", "api", "write", "p-1"))
        uow.audit.record(AuditEvent("m", "cli", "read", "p-2"))
        uow.commit()
    with SqlUnitOfWork(session_factory) as uow:
        assert [e.action for e in uow.audit.list(subject="p-1")] == ["write", "read"]
        # Renaming (an erasure) rewrites events: only inside a redaction, whose proof is sealed.
        with uow.audit.redacting("p-1", [], []) as redaction:
            assert uow.audit.rename_subject("p-1", "anon") == 2
        uow.audit.record(AuditEvent("rh", "cli", "erase", "anon", proof=redaction.proof))
        assert uow.audit.purge_before(datetime.now(UTC) - timedelta(days=365)) == 1
        uow.commit()
    with SqlUnitOfWork(session_factory) as uow:
        # The purge seals the chain values bridging what it deleted into an event of its own.
        assert [e.subject for e in uow.audit.list()] == [None, "anon", "p-2", "anon"]
        assert uow.audit.list()[0].action == "purge"
        assert uow.audit.verify().ok
        assert uow.audit.list(subject="p-1") == []
