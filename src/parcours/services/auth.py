"""Authentication use cases: accounts, passwords, sessions and API tokens.

Passwords are hashed with Argon2id (argon2-cffi's defaults follow RFC 9106's recommendation);
a hash made with older parameters is upgraded at the next successful sign-in. After
``max_failed_logins`` failures in a row an account is locked for ``lockout_minutes``. Session and
API tokens are 256-bit random strings, stored as their SHA-256.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from parcours.domain.access import Principal, Role, require_hr
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.services.access import audit, principal_of
from parcours.services.catalogue import UowFactory
from parcours.services.ports import UnitOfWork
from parcours.services.ports_people import Account, AuditEvent

# RFC 9106's second recommended option (Argon2id, 64 MiB, 3 passes, 4 lanes); above OWASP's
# minimum (19 MiB, 2 passes). Hashes made with other parameters are upgraded at sign-in.
ARGON2_TIME_COST, ARGON2_MEMORY_KIB, ARGON2_LANES = 3, 65536, 4
HASHER = PasswordHasher(
    time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB, parallelism=ARGON2_LANES
)
MIN_PASSWORD_LENGTH = 12
LOGIN_MAX = 128


@cache
def _dummy_hash() -> str:
    """A hash checked when the login is unknown, so that an unknown login takes as long as a
    wrong password and does not reveal which logins exist. Made on first use, not at import:
    every command-line start imports this module."""
    return HASHER.hash(secrets.token_urlsafe(16))


# The principal of whoever runs administration commands on the server itself: they hold the
# database credentials, so the rules cannot stop them; their actions are still audited.
SYSTEM = Principal(account="système", roles=frozenset({Role.HR}), channel="cli")


class AuthError(ParcoursError):
    """Sign-in refused. The message never says whether the login exists."""


class AccountError(ParcoursError):
    """An account cannot be created or changed as asked (weak password, unknown role...)."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_password(password: str) -> str:
    check_password_strength(password)
    return HASHER.hash(password)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"mot de passe trop court : {MIN_PASSWORD_LENGTH} caractères au moins")
    if len(set(password)) < 5:
        raise AccountError("mot de passe trop simple : variez les caractères")


def _roles(roles: list[str] | tuple[str, ...] | frozenset[str]) -> frozenset[str]:
    known = {r.value for r in Role}
    unknown = sorted(set(roles) - known)
    if unknown:
        raise AccountError(
            f"rôle inconnu : {', '.join(unknown)} (attendu : {', '.join(sorted(known))})"
        )
    if not roles:
        raise AccountError("un compte a au moins un rôle")
    return frozenset(roles)


def create_account(
    uow_factory: UowFactory,
    actor: Principal,
    *,
    login: str,
    roles: list[str] | tuple[str, ...],
    password: str | None = None,
    person: str | None = None,
    display_name: str | None = None,
    oidc_subject: str | None = None,
) -> Account:
    """A new account (HR only). Without a password it can sign in through the SSO only."""
    require_hr(actor, "la création de comptes")
    login = login.strip()
    if not login or len(login) > LOGIN_MAX or any(c.isspace() for c in login):
        raise AccountError("identifiant invalide : sans espace, 128 caractères au plus")
    account = Account(
        login=login,
        roles=_roles(roles),
        display_name=display_name,
        person=person,
        password_hash=hash_password(password) if password is not None else None,
        oidc_subject=oidc_subject,
    )
    with uow_factory() as uow:
        if uow.accounts.get(login) is not None:
            raise AccountError(f"le compte « {login} » existe déjà")
        if person is not None and uow.people.get_person(person) is None:
            raise NotFoundError(f"personne inconnue : {person}")
        uow.accounts.save(account)
        audit(
            uow,
            actor,
            "account",
            person,
            f"compte créé : {login} ({', '.join(sorted(account.roles))})",
        )
        uow.commit()
    return account


def set_password(uow_factory: UowFactory, actor: Principal, login: str, password: str) -> None:
    """Change a password: one's own, or anyone's for HR. Every session of the account ends."""
    if actor.account != login:
        require_hr(actor, "le changement du mot de passe d'un autre compte")
    digest = hash_password(password)
    with uow_factory() as uow:
        account = uow.accounts.get(login)
        if account is None:
            raise NotFoundError(f"compte inconnu : {login}")
        uow.accounts.save(
            replace(account, password_hash=digest, failed_logins=0, locked_until=None)
        )
        uow.accounts.delete_sessions_of(login)
        audit(uow, actor, "account", account.person, f"mot de passe changé : {login}")
        uow.commit()


def _failed(
    uow: UnitOfWork,
    account: Account | None,
    login: str,
    now: datetime,
    max_failed: int,
    lockout: timedelta,
) -> None:
    if account is not None:
        failures = account.failed_logins + 1
        locked = now + lockout if failures >= max_failed else account.locked_until
        uow.accounts.save(replace(account, failed_logins=failures, locked_until=locked))
    uow.audit.record(AuditEvent(actor=login[:LOGIN_MAX], channel="web", action="login_failed"))
    uow.commit()


def authenticate(
    uow: UnitOfWork,
    login: str,
    password: str,
    *,
    now: datetime,
    max_failed: int = 5,
    lockout: timedelta = timedelta(minutes=15),
) -> Account:
    """The account for a login and password, or AuthError (committing the failure count)."""
    account = uow.accounts.get(login)
    if account is not None and account.locked_until is not None and account.locked_until > now:
        _failed(uow, None, login, now, max_failed, lockout)
        raise AuthError(
            "compte temporairement verrouillé après trop d'échecs ; réessayez plus tard"
        )
    stored = account.password_hash if account is not None and account.active else None
    try:
        HASHER.verify(stored or _dummy_hash(), password)
        ok = stored is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or account is None:
        _failed(uow, account, login, now, max_failed, lockout)
        raise AuthError("identifiant ou mot de passe incorrect")
    assert account.password_hash is not None
    if HASHER.check_needs_rehash(account.password_hash):
        account = replace(account, password_hash=HASHER.hash(password))
    return replace(account, failed_logins=0, locked_until=None)


def start_session(
    uow: UnitOfWork, account: Account, *, now: datetime, hours: int, channel: str = "web"
) -> str:
    """Open a session for a signed-in account: the token for the cookie."""
    token = new_token()
    uow.accounts.save(account)
    uow.accounts.create_session(token_hash(token), account.login, now + timedelta(hours=hours))
    uow.audit.record(
        AuditEvent(actor=account.login, channel=channel, action="login", subject=account.person)
    )
    return token


def login(
    uow_factory: UowFactory,
    login_name: str,
    password: str,
    *,
    hours: int = 10,
    max_failed: int = 5,
    lockout_minutes: int = 15,
) -> tuple[str, Principal]:
    """Check a password and open a session: (session token, principal)."""
    now = datetime.now(UTC)
    with uow_factory() as uow:
        account = authenticate(
            uow,
            login_name.strip(),
            password,
            now=now,
            max_failed=max_failed,
            lockout=timedelta(minutes=lockout_minutes),
        )
        token = start_session(uow, account, now=now, hours=hours)
        principal = principal_of(uow, account, "web")
        uow.commit()
    return token, principal


def _claim_roles(value: object) -> frozenset[str]:
    """The parcours roles a claim names (a list or a space/comma-separated string)."""
    if isinstance(value, str):
        items: list[object] = list(value.replace(",", " ").split())
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        return frozenset()
    known = {r.value for r in Role}
    return frozenset(str(i) for i in items if str(i) in known)


def _sso_login_name(claims: dict[str, Any]) -> str | None:
    """The login the SSO proposes: preferred_username, else a verified email."""
    name = claims.get("preferred_username")
    if not (isinstance(name, str) and name.strip()):
        name = claims.get("email") if claims.get("email_verified") is not False else None
    if not isinstance(name, str):
        return None
    name = name.strip()
    if not name or len(name) > LOGIN_MAX or any(c.isspace() for c in name):
        return None
    return name


def sso_account(uow: UnitOfWork, claims: dict[str, Any], *, roles_claim: str) -> Account:
    """The account of verified ID-token claims (see docs/security.md, « SSO »):

    1. the account whose ``oidc_subject`` is the token's ``sub``;
    2. else the account whose login is the ``preferred_username`` (or verified ``email``) and
       that has no subject yet: it is linked to this subject from now on;
    3. else, when the ``roles_claim`` names parcours roles, a new SSO-only account with those
       roles (no password, no person: HR links the person);
    4. else AuthError: HR must create the account first.
    """
    subject = str(claims["sub"])
    account = uow.accounts.by_oidc_subject(subject)
    name = _sso_login_name(claims)
    if account is None and name is not None:
        candidate = uow.accounts.get(name)
        if candidate is not None:
            if candidate.oidc_subject is not None:
                raise AuthError(
                    "ce compte parcours est déjà lié à une autre identité de l'entreprise"
                )
            account = replace(candidate, oidc_subject=subject)
            uow.accounts.save(account)
            uow.audit.record(
                AuditEvent(
                    actor=name,
                    channel="web",
                    action="account",
                    subject=account.person,
                    detail=f"compte lié au SSO : {name}",
                )
            )
    if account is None:
        roles = _claim_roles(claims.get(roles_claim))
        if not roles or name is None:
            raise AuthError(
                "aucun compte parcours n'est associé à votre identité de l'entreprise : "
                "demandez à un administrateur RH de créer votre compte"
            )
        display = claims.get("name")
        account = Account(
            login=name,
            roles=roles,
            display_name=display if isinstance(display, str) else None,
            oidc_subject=subject,
        )
        uow.accounts.save(account)
        uow.audit.record(
            AuditEvent(
                actor=name,
                channel="web",
                action="account",
                detail=f"compte créé par le SSO : {name} ({', '.join(sorted(roles))})",
            )
        )
    if not account.active:
        raise AuthError("compte désactivé : adressez-vous à un administrateur RH")
    return account


def sso_login(
    uow_factory: UowFactory, claims: dict[str, Any], *, roles_claim: str = "roles", hours: int = 10
) -> tuple[str, Principal]:
    """Open a session for verified ID-token claims: (session token, principal)."""
    now = datetime.now(UTC)
    with uow_factory() as uow:
        try:
            account = sso_account(uow, claims, roles_claim=roles_claim)
        except AuthError as exc:
            uow.rollback()
            uow.audit.record(
                AuditEvent(
                    actor=str(claims.get("sub", "?"))[:LOGIN_MAX],
                    channel="web",
                    action="login_failed",
                    detail=f"SSO : {exc}",
                )
            )
            uow.commit()
            raise
        token = start_session(uow, account, now=now, hours=hours)
        principal = principal_of(uow, account, "web")
        uow.commit()
    return token, principal


def logout(uow_factory: UowFactory, token: str) -> None:
    with uow_factory() as uow:
        uow.accounts.delete_session(token_hash(token))
        uow.commit()


def session_principal(
    uow_factory: UowFactory, token: str, channel: str = "web"
) -> Principal | None:
    with uow_factory() as uow:
        account = uow.accounts.session_account(token_hash(token), datetime.now(UTC))
        if account is None:
            return None
        principal = principal_of(uow, account, channel)
        uow.commit()  # the session's last use
    return principal


def create_api_token(
    uow_factory: UowFactory, actor: Principal, login: str, name: str, days: int | None = 90
) -> str:
    """A bearer token for the API and the command line; shown once, stored hashed."""
    if actor.account != login:
        require_hr(actor, "la création d'un jeton pour un autre compte")
    token = "pct_" + new_token()
    expires = datetime.now(UTC) + timedelta(days=days) if days else None
    with uow_factory() as uow:
        account = uow.accounts.get(login)
        if account is None:
            raise NotFoundError(f"compte inconnu : {login}")
        uow.accounts.create_token(token_hash(token), login, name, expires)
        audit(uow, actor, "account", account.person, f"jeton d'API créé pour {login} : {name}")
        uow.commit()
    return token


def token_principal(uow_factory: UowFactory, token: str, channel: str) -> Principal | None:
    with uow_factory() as uow:
        account = uow.accounts.token_account(token_hash(token), datetime.now(UTC))
        if account is None:
            return None
        principal = principal_of(uow, account, channel)
        uow.commit()
    return principal


def app_secret(uow_factory: UowFactory, name: str) -> str:
    """A secret shared by every process of the app (made once, kept in the database)."""
    with uow_factory() as uow:
        value = uow.accounts.secret(name, secrets.token_hex(32))
        uow.commit()
    return value


def sign(secret: str, value: str) -> str:
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()


def list_accounts(uow_factory: UowFactory, actor: Principal) -> list[Account]:
    require_hr(actor, "la liste des comptes")
    with uow_factory() as uow:
        return uow.accounts.list()
