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
import threading
import time
import unicodedata
import weakref
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from parcours.domain.access import ROLE_LABELS, Principal, Role, require_hr
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.french import count
from parcours.services.access import audit, principal_of
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.services.ports.people import Account, AuditEvent

# RFC 9106's second recommended option (Argon2id, 64 MiB, 3 passes, 4 lanes); above OWASP's
# minimum (19 MiB, 2 passes). Hashes made with other parameters are upgraded at sign-in.
ARGON2_TIME_COST, ARGON2_MEMORY_KIB, ARGON2_LANES = 3, 65536, 4
HASHER = PasswordHasher(
    time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB, parallelism=ARGON2_LANES
)
MIN_PASSWORD_LENGTH = 12
LOGIN_MAX = 128
MAX_TOKEN_DAYS = 3650


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


def hash_password(password: str, login: str | None = None) -> str:
    check_password_strength(password, login)
    return HASHER.hash(password)


# Words every guessing list starts with (NIST SP 800-63B: refuse "commonly-used, expected or
# compromised values"): a password that is one of these, or one of these with digits and
# punctuation around it (``password1234``, ``azertyuiop12``, ``Soleil2024!``), is refused.
COMMON_WORDS = frozenset(
    [
        "password",
        "passw0rd",
        "motdepasse",
        "motdepass",
        "mdp",
        "azerty",
        "azertyuiop",
        "azertyuiopqsdfghjklm",
        "qwerty",
        "qwertyuiop",
        "qwertz",
        "qsdfghjklm",
        "wxcvbn",
        "asdfgh",
        "asdfghjkl",
        "zxcvbn",
        "abcdef",
        "abcdefgh",
        "abcdefghijkl",
        "abc",
        "azertyui",
        "qwertyui",
        "admin",
        "administrator",
        "administrateur",
        "root",
        "toor",
        "user",
        "utilisateur",
        "login",
        "welcome",
        "bienvenue",
        "letmein",
        "iloveyou",
        "jetaime",
        "monkey",
        "dragon",
        "master",
        "shadow",
        "sunshine",
        "princess",
        "football",
        "baseball",
        "soccer",
        "superman",
        "batman",
        "trustno1",
        "starwars",
        "whatever",
        "freedom",
        "hello",
        "bonjour",
        "bonsoir",
        "salut",
        "soleil",
        "chocolat",
        "doudou",
        "loulou",
        "chouchou",
        "marseille",
        "paris",
        "lyon",
        "toulouse",
        "france",
        "nicolas",
        "julien",
        "thomas",
        "camille",
        "marie",
        "sophie",
        "changeme",
        "changezmoi",
        "secret",
        "secret123",
        "test",
        "testtest",
        "demo",
        "demodemo",
        "parcours",
        "banque",
        "banking",
        "bank",
        "credit",
        "agence",
        "conseiller",
        "client",
        "printemps",
        "ete",
        "automne",
        "hiver",
        "janvier",
        "fevrier",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "aout",
        "septembre",
        "octobre",
        "novembre",
        "decembre",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
    ]
)
_KEYBOARD_ROWS = ("azertyuiop", "qsdfghjklm", "wxcvbn", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_DIGITS = "01234567890"


def _core(password: str) -> str:
    """The password folded (lower case, no accents) without the digits and punctuation
    around it."""
    folded = unicodedata.normalize("NFKD", password.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return plain.strip("0123456789 !?.,;:-_*#@$%&+=/\\'\"()[]{}<>~^|")


def _is_sequence(text: str) -> bool:
    """A run along a keyboard row or the digits (forwards or backwards), repeated or not."""
    if len(text) < 4:
        return False
    for row in (*_KEYBOARD_ROWS, _DIGITS, "abcdefghijklmnopqrstuvwxyz"):
        for line in (row, row[::-1]):
            if text in line * (len(text) // len(line) + 2):
                return True
    return False


def check_password_strength(password: str, login: str | None = None) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"mot de passe trop court : {MIN_PASSWORD_LENGTH} caractères au moins")
    if len(set(password)) < 5:
        raise AccountError("mot de passe trop simple : variez les caractères")
    core = _core(password)
    folded = _core(password.casefold())
    if (
        core in COMMON_WORDS
        or not core
        or _is_sequence(core)
        or _is_sequence(password.casefold())
        or (login is not None and len(login) >= 3 and _core(login) in folded)
    ):
        raise AccountError(
            "mot de passe trop courant : il figure parmi les premiers essayés par un attaquant "
            "(mot usuel, suite de clavier, identifiant) ; choisissez une phrase de passe"
        )


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
        password_hash=hash_password(password, login) if password is not None else None,
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
            f"compte créé : {login} "
            f"({', '.join(sorted(ROLE_LABELS[Role(r)] for r in account.roles))})",
        )
        uow.commit()
    return account


def set_password(uow_factory: UowFactory, actor: Principal, login: str, password: str) -> None:
    """Change a password: one's own, or anyone's for HR. Every session and every API token of
    the account ends (a token made by whoever knew the old password must not outlive it)."""
    if actor.account != login:
        require_hr(actor, "le changement du mot de passe d'un autre compte")
    digest = hash_password(password, login)
    with uow_factory() as uow:
        account = uow.accounts.get(login)
        if account is None:
            raise NotFoundError(f"compte inconnu : {login}")
        uow.accounts.save(
            replace(account, password_hash=digest, failed_logins=0, locked_until=None)
        )
        uow.accounts.delete_sessions_of(login)
        tokens = uow.accounts.delete_tokens_of(login)
        audit(
            uow,
            actor,
            "account",
            account.person,
            f"mot de passe changé : {login} (sessions fermées, "
            f"{count(tokens, 'jeton', 'jetons')} d'API révoqué{'s' if tokens > 1 else ''})",
        )
        uow.commit()


@dataclass(frozen=True, slots=True)
class Throttle:
    """How many failed sign-ins are tolerated within ``window``, per login (whether it exists
    or not) and per address, before every attempt is refused without checking the password."""

    window: timedelta = timedelta(minutes=15)
    per_login: int = 5
    per_address: int = 20


class TooManyAttempts(AuthError):
    """Sign-in refused without checking the password: too many failures (HTTP 429)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)
        self.keys: tuple[str, ...] = ()  # the login or address keys over their limit


# Each Argon2id check takes 64 MiB and a quarter of a second of CPU: at most this many run at
# once in a process (``configure_password_checks``, setting ``password_checks``); a sign-in
# that waits longer than ``PASSWORD_CHECK_WAIT`` seconds is refused (429) rather than queued.
PASSWORD_CHECK_WAIT = 10.0
_checks = threading.BoundedSemaphore(4)


def configure_password_checks(limit: int) -> None:
    global _checks
    _checks = threading.BoundedSemaphore(max(1, limit))


def _verify(stored: str, password: str) -> bool:
    if not _checks.acquire(timeout=PASSWORD_CHECK_WAIT):
        raise TooManyAttempts(
            "trop de connexions en cours : réessayez dans quelques secondes", retry_after=5
        )
    try:
        HASHER.verify(stored, password)
        return True
    except (VerificationError, InvalidHashError):
        return False
    finally:
        _checks.release()


_signin_secrets: weakref.WeakKeyDictionary[UowFactory, str] = weakref.WeakKeyDictionary()


def signin_secret(uow_factory: UowFactory) -> str:
    """The key of the failures table's hashes: made once, shared by every worker through the
    database (two first sign-ins at once: the second reads the first one's)."""
    key = uow_factory
    found = _signin_secrets.get(key)
    if found is None:
        for attempt in range(3):
            try:
                found = app_secret(uow_factory, "signin")
                break
            except Exception:  # another process made it at the same moment: read it again
                if attempt == 2:
                    raise
        assert found is not None
        _signin_secrets[key] = found
    return found


def _keys(secret: str, login: str, address: str) -> tuple[str, str]:
    """The login and the address as keyed hashes (the failures table never holds them)."""
    return sign(secret, "login:" + login.casefold()), sign(secret, "address:" + address)


def _throttled(
    uow: UnitOfWork, keys: tuple[str, str], now: datetime, throttle: Throttle
) -> TooManyAttempts | None:
    since = now - throttle.window
    failures = uow.accounts.recent_failures(login=keys[0], address=keys[1], since=since)
    over = [
        (key, oldest + throttle.window - now)
        for key, count, oldest, limit in (
            (keys[0], failures.login, failures.login_oldest, throttle.per_login),
            (keys[1], failures.address, failures.address_oldest, throttle.per_address),
        )
        if count >= limit and oldest is not None
    ]
    if not over:
        return None
    seconds = int(max(wait for _, wait in over).total_seconds()) + 1
    minutes = -(-seconds // 60)
    refused = TooManyAttempts(
        "trop de tentatives de connexion pour cet identifiant ou depuis cette adresse : "
        f"connexion verrouillée, réessayez dans {minutes} min",
        retry_after=seconds,
    )
    refused.keys = tuple(key for key, _ in over)
    return refused


# Logins and addresses this process already refused, until when (monotonic clock): a flood of
# refused attempts costs no database query. The database stays the reference between workers.
_BLOCKED_MAX = 100_000
_blocked: dict[str, tuple[float, TooManyAttempts]] = {}
_blocked_lock = threading.Lock()


def _blocked_here(keys: tuple[str, str]) -> TooManyAttempts | None:
    now = time.monotonic()
    with _blocked_lock:
        for key in keys:
            found = _blocked.get(key)
            if found is not None and found[0] > now:
                remaining = int(found[0] - now) + 1
                return TooManyAttempts(str(found[1]), retry_after=remaining)
    return None


def _block_here(keys: tuple[str, ...], refused: TooManyAttempts) -> None:
    until = time.monotonic() + refused.retry_after
    with _blocked_lock:
        if len(_blocked) >= _BLOCKED_MAX:
            now = time.monotonic()
            for key in [k for k, (end, _) in _blocked.items() if end <= now]:
                del _blocked[key]
            if len(_blocked) >= _BLOCKED_MAX:
                _blocked.clear()
        for key in keys:
            _blocked[key] = (until, refused)


def _failed(uow: UnitOfWork, login: str, keys: tuple[str, str], now: datetime) -> None:
    uow.accounts.record_failure(login=keys[0], address=keys[1], at=now)
    uow.audit.record(AuditEvent(actor=login[:LOGIN_MAX], channel="web", action="login_failed"))
    uow.commit()


def authenticate(
    uow: UnitOfWork,
    login: str,
    password: str,
    *,
    now: datetime,
    address: str = "",
    throttle: Throttle | None = None,
    secret: str = "",
) -> Account:
    """The account for a login and password, or AuthError (committing the failure).

    The answer and the work are the same whether the login exists or not: an unknown login is
    checked against a dummy hash, and the throttle counts failures per login for any login,
    so neither the message, the status nor the time tells which logins exist."""
    throttle = throttle or Throttle()
    keys = _keys(secret, login, address)
    known = _blocked_here(keys)
    if known is not None:
        raise known
    refused = _throttled(uow, keys, now, throttle)
    if refused is not None:
        uow.rollback()
        _block_here(refused.keys, refused)
        raise refused
    account = uow.accounts.get(login)
    stored = account.password_hash if account is not None and account.active else None
    ok = _verify(stored or _dummy_hash(), password) and stored is not None
    if not ok or account is None:
        _failed(uow, login, keys, now)
        raise AuthError("identifiant ou mot de passe incorrect")
    uow.accounts.clear_failures(login=keys[0])
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
    address: str = "",
    max_failed_per_address: int = 20,
) -> tuple[str, Principal]:
    """Check a password and open a session: (session token, principal). ``address`` is the
    client's, for the throttle per address."""
    now = datetime.now(UTC)
    throttle = Throttle(timedelta(minutes=lockout_minutes), max_failed, max_failed_per_address)
    secret = signin_secret(uow_factory)
    with uow_factory() as uow:
        account = authenticate(
            uow,
            login_name.strip(),
            password,
            now=now,
            address=address,
            throttle=throttle,
            secret=secret,
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
                detail=f"compte créé par le SSO : {name} "
                f"({', '.join(sorted(ROLE_LABELS[Role(r)] for r in roles))})",
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
    uow_factory: UowFactory, token: str, channel: str = "web", idle_minutes: int | None = None
) -> Principal | None:
    """The principal of a live session; None when unknown, expired, or unused for more than
    ``idle_minutes`` (the session is then ended)."""
    idle = timedelta(minutes=idle_minutes) if idle_minutes else None
    with uow_factory() as uow:
        account = uow.accounts.session_account(token_hash(token), datetime.now(UTC), idle)
        if account is None:
            uow.commit()  # an idle session is deleted
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
    if days is not None and not 0 <= days <= MAX_TOKEN_DAYS:
        raise AccountError(
            f"durée de validité invalide : {count(days, 'jour', 'jours')} "
            f"(de 1 à {MAX_TOKEN_DAYS}, 0 sans fin)"
        )
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
