"""How verified SSO claims map to an account (services.auth.sso_account / sso_login), on an
in-memory unit of work: by subject, else by login (linked once), else provisioned from the
roles claim, else refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any, Self, cast

import pytest

from parcours.services import auth
from parcours.services.auth import AuthError
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.services.ports.people import Account, AuditEvent


class Accounts:
    def __init__(self) -> None:
        self.rows: dict[str, Account] = {}
        self.sessions: dict[str, str] = {}

    def get(self, login: str) -> Account | None:
        return self.rows.get(login)

    def by_oidc_subject(self, subject: str) -> Account | None:
        return next((a for a in self.rows.values() if a.oidc_subject == subject), None)

    def save(self, account: Account) -> None:
        self.rows[account.login] = account

    def create_session(self, token_hash: str, login: str, expires_at: datetime) -> None:
        self.sessions[token_hash] = login


class Audit:
    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def record(self, event: AuditEvent) -> None:
        self.events.append(event)


class People:
    def teams_managed_by(self, person: str) -> list[str]:
        return ["agence-nord"] if person == "m-nord" else []


class Juries:
    def juries_of_member(self, login: str) -> frozenset[int]:
        return frozenset()


class Uow:
    """Writes are kept only when committed (a refused sign-in must not link an account)."""

    def __init__(self) -> None:
        self.accounts = Accounts()
        self.audit = Audit()
        self.people = People()
        self.juries = Juries()
        self._saved: tuple[dict[str, Account], dict[str, str], list[AuditEvent]] = ({}, {}, [])
        self.commit()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.rollback()

    def commit(self) -> None:
        self._saved = (
            dict(self.accounts.rows),
            dict(self.accounts.sessions),
            list(self.audit.events),
        )

    def rollback(self) -> None:
        rows, sessions, events = self._saved
        self.accounts.rows, self.accounts.sessions = dict(rows), dict(sessions)
        self.audit.events = list(events)


@pytest.fixture
def uow() -> Uow:
    store = Uow()
    store.accounts.save(Account(login="marc", roles=frozenset({"manager"}), person="m-nord"))
    store.accounts.save(
        Account(login="lea", roles=frozenset({"hr"}), oidc_subject="sub-lea", person=None)
    )
    store.commit()
    return store


def factory(uow: Uow) -> UowFactory:
    return lambda: cast(UnitOfWork, uow)


def sign_in(uow: Uow, claims: dict[str, Any]) -> tuple[str, Any]:
    return auth.sso_login(factory(uow), claims, roles_claim="groupes_parcours", hours=1)


def test_the_subject_finds_the_account_whatever_the_username(uow: Uow) -> None:
    _, principal = sign_in(uow, {"sub": "sub-lea", "preferred_username": "autre"})
    assert principal.account == "lea" and principal.is_hr
    assert len(uow.accounts.sessions) == 1
    assert [e.action for e in uow.audit.events] == ["login"]


def test_an_unlinked_account_is_linked_by_its_login_once(uow: Uow) -> None:
    _, principal = sign_in(uow, {"sub": "sub-marc", "preferred_username": "marc"})
    assert principal.account == "marc" and principal.teams == frozenset({"agence-nord"})
    marc = uow.accounts.get("marc")
    assert marc is not None and marc.oidc_subject == "sub-marc"
    assert [e.action for e in uow.audit.events] == ["account", "login"]
    # another subject claiming the same username cannot take the account over
    with pytest.raises(AuthError, match="déjà lié"):
        sign_in(uow, {"sub": "sub-imposteur", "preferred_username": "marc"})
    assert uow.accounts.get("marc") == marc
    assert uow.audit.events[-1].action == "login_failed"


def test_a_verified_email_serves_as_login_an_unverified_one_does_not(uow: Uow) -> None:
    uow.accounts.save(Account(login="eve@banque.test", roles=frozenset({"employee"})))
    uow.commit()
    unverified = {"sub": "sub-eve", "email": "eve@banque.test", "email_verified": False}
    with pytest.raises(AuthError, match="aucun compte"):
        sign_in(uow, unverified)
    _, principal = sign_in(uow, {**unverified, "email_verified": True})
    assert principal.account == "eve@banque.test"


def test_roles_claim_provisions_only_with_parcours_roles(uow: Uow) -> None:
    claims = {"sub": "sub-new", "preferred_username": "nina", "name": "Nina"}
    with pytest.raises(AuthError, match="créer votre compte"):
        sign_in(uow, claims)
    with pytest.raises(AuthError):
        sign_in(uow, {**claims, "groupes_parcours": ["admin", "root"]})
    assert uow.accounts.get("nina") is None  # nothing kept of a refused sign-in
    _, principal = sign_in(uow, {**claims, "groupes_parcours": "jury, employee admin"})
    assert sorted(principal.roles) == ["employee", "jury"]
    nina = uow.accounts.get("nina")
    assert nina is not None and nina.password_hash is None and nina.display_name == "Nina"
    # roles of an existing account are not changed by the claim
    _, again = sign_in(uow, {**claims, "groupes_parcours": ["hr"]})
    assert not again.is_hr


def test_unusable_logins_and_inactive_accounts_are_refused(uow: Uow) -> None:
    with pytest.raises(AuthError):
        sign_in(uow, {"sub": "s1", "preferred_username": "a b", "groupes_parcours": ["hr"]})
    lea = uow.accounts.get("lea")
    assert lea is not None
    uow.accounts.save(replace(lea, active=False))
    uow.commit()
    with pytest.raises(AuthError, match="désactivé"):
        sign_in(uow, {"sub": "sub-lea"})
    assert uow.accounts.sessions == {}
