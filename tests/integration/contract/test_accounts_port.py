"""AccountStore (services/ports/people.py): the fake and the SQL store alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from parcours.domain.people import Person
from parcours.services.ports import UowFactory
from parcours.services.ports.people import Account

NOW = datetime(2026, 5, 4, 10, tzinfo=UTC)


def seed(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        uow.people.upsert_people([Person("p-1")], document=None, lines=None)
        uow.accounts.save(
            Account("bob", frozenset({"employee"}), "Bob", person="p-1", oidc_subject="sub-b")
        )
        uow.accounts.save(Account("alice", frozenset({"hr", "manager"}), password_hash="h"))
        uow.accounts.save(Account("zed", frozenset(), active=False))
        uow.commit()


def test_accounts_are_found_by_login_and_subject(port_uow: UowFactory) -> None:
    seed(port_uow)
    with port_uow() as uow:
        alice = uow.accounts.get("alice")
        assert alice == Account("alice", frozenset({"hr", "manager"}), password_hash="h")
        assert uow.accounts.get("nobody") is None
        found = uow.accounts.by_oidc_subject("sub-b")
        assert found is not None and found.login == "bob"
        assert uow.accounts.by_oidc_subject("sub-x") is None
        assert [a.login for a in uow.accounts.list()] == ["alice", "bob", "zed"]
        locked = NOW + timedelta(minutes=5)
        uow.accounts.save(Account("alice", frozenset({"hr"}), failed_logins=3, locked_until=locked))
        uow.commit()
    with port_uow() as uow:
        again = uow.accounts.get("alice")
        assert again is not None and again.roles == frozenset({"hr"})
        assert again.password_hash is None and again.failed_logins == 3
        assert again.locked_until is not None
        assert again.locked_until.replace(tzinfo=UTC) == NOW + timedelta(minutes=5)


def test_sessions_expire_idle_and_end(port_uow: UowFactory) -> None:
    seed(port_uow)
    created = datetime.now(UTC)  # a session's last use starts when it is created
    with port_uow() as uow:
        for token, login in (("s1", "bob"), ("s2", "bob"), ("s3", "zed"), ("s4", "alice")):
            uow.accounts.create_session(token, login, created + timedelta(hours=8))
        uow.commit()
    with port_uow() as uow:
        bob = uow.accounts.session_account("s1", created)
        assert bob is not None and bob.login == "bob"
        assert uow.accounts.session_account("s1", created + timedelta(hours=9)) is None  # expired
        assert uow.accounts.session_account("s3", created) is None  # inactive account
        assert uow.accounts.session_account("nope", created) is None
        # unused for longer than the idle limit: ended
        idle = timedelta(minutes=30)
        assert uow.accounts.session_account("s2", created + timedelta(hours=1), idle) is None
        uow.accounts.delete_session("s1")
        uow.commit()
    with port_uow() as uow:
        assert uow.accounts.session_account("s2", created) is None
        assert uow.accounts.session_account("s1", created) is None
        uow.accounts.delete_sessions_of("alice")
        uow.commit()
    with port_uow() as uow:
        assert uow.accounts.session_account("s4", created) is None


def test_api_tokens(port_uow: UowFactory) -> None:
    seed(port_uow)
    with port_uow() as uow:
        uow.accounts.create_token("t1", "bob", "outil", NOW + timedelta(days=1))
        uow.accounts.create_token("t2", "bob", "sans fin", None)
        uow.accounts.create_token("t3", "alice", "rh", None)
        uow.commit()
    with port_uow() as uow:
        bob = uow.accounts.token_account("t1", NOW)
        assert bob is not None and bob.login == "bob"
        assert uow.accounts.token_account("t1", NOW + timedelta(days=2)) is None
        assert uow.accounts.token_account("t2", NOW + timedelta(days=999)) is not None
        assert uow.accounts.token_account("t9", NOW) is None
        assert uow.accounts.delete_tokens_of("bob") == 2
        uow.commit()
    with port_uow() as uow:
        assert uow.accounts.token_account("t2", NOW) is None
        assert uow.accounts.token_account("t3", NOW) is not None


def test_sign_in_failures_are_counted_by_login_and_address(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        uow.accounts.record_failure(login="k1", address="a1", at=NOW - timedelta(days=2))
        uow.accounts.record_failure(login="k1", address="a1", at=NOW - timedelta(minutes=10))
        uow.accounts.record_failure(login="k1", address="a2", at=NOW - timedelta(minutes=5))
        uow.accounts.record_failure(login="k2", address="a1", at=NOW)
        uow.commit()
    with port_uow() as uow:
        seen = uow.accounts.recent_failures(
            login="k1", address="a1", since=NOW - timedelta(hours=1)
        )
        assert (seen.login, seen.address) == (2, 2)
        assert seen.login_oldest is not None and seen.address_oldest is not None
        assert seen.login_oldest.replace(tzinfo=UTC) == NOW - timedelta(minutes=10)
        assert seen.address_oldest.replace(tzinfo=UTC) == NOW - timedelta(minutes=10)
        # the failure of two days ago went when a later one was recorded
        older = uow.accounts.recent_failures(
            login="k1", address="a9", since=NOW - timedelta(days=3)
        )
        assert (older.login, older.address, older.address_oldest) == (2, 0, None)
        uow.accounts.clear_failures(login="k1")
        uow.commit()
    with port_uow() as uow:
        after = uow.accounts.recent_failures(
            login="k1", address="a1", since=NOW - timedelta(hours=1)
        )
        assert (after.login, after.address) == (0, 1)


def test_an_app_secret_is_made_once(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        assert uow.accounts.secret("signin", "premier") == "premier"
        uow.commit()
    with port_uow() as uow:
        assert uow.accounts.secret("signin", "second") == "premier"
