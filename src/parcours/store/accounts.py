"""Accounts, web sessions, API tokens and app secrets (tables in models_people.py).

Session and API tokens are stored as their SHA-256 only: a copy of the database does not let
anyone sign in.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from parcours.services.ports.people import Account, SignInFailures
from parcours.store.models_ops import SignInFailureRow
from parcours.store.models_people import AccountRow, ApiTokenRow, AppSecretRow, WebSessionRow

SEEN_EVERY = timedelta(minutes=1)


def _account(row: AccountRow) -> Account:
    return Account(
        login=row.login,
        roles=frozenset(row.roles),
        display_name=row.display_name,
        person=row.person,
        password_hash=row.password_hash,
        oidc_subject=row.oidc_subject,
        active=row.active,
        failed_logins=row.failed_logins,
        locked_until=row.locked_until,
    )


class AccountRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, login: str) -> Account | None:
        row = self.session.get(AccountRow, login)
        return _account(row) if row is not None else None

    def by_oidc_subject(self, subject: str) -> Account | None:
        row = self.session.scalar(select(AccountRow).where(AccountRow.oidc_subject == subject))
        return _account(row) if row is not None else None

    def list(self) -> list[Account]:
        return [_account(r) for r in self.session.scalars(select(AccountRow).order_by("login"))]

    def save(self, account: Account) -> None:
        row = self.session.get(AccountRow, account.login)
        if row is None:
            row = AccountRow(login=account.login)
            self.session.add(row)
        row.display_name = account.display_name
        row.password_hash = account.password_hash
        row.roles = sorted(account.roles)
        row.person = account.person
        row.oidc_subject = account.oidc_subject
        row.active = account.active
        row.failed_logins = account.failed_logins
        row.locked_until = account.locked_until
        self.session.flush()

    def create_session(self, token_hash: str, login: str, expires_at: datetime) -> None:
        self.session.add(WebSessionRow(token_hash=token_hash, account=login, expires_at=expires_at))
        self.session.flush()

    def session_account(
        self, token_hash: str, now: datetime, idle: timedelta | None = None
    ) -> Account | None:
        row = self.session.get(WebSessionRow, token_hash)
        if row is None or row.expires_at <= now:
            return None
        if idle is not None and now - row.last_seen_at > idle:
            self.session.delete(row)  # unused for too long: ended
            self.session.flush()
            return None
        # Every request reads the session: write its last use at most once a minute, so that
        # browsing does not turn each page into a write.
        if now - row.last_seen_at > SEEN_EVERY:
            row.last_seen_at = now
        account = self.session.get(AccountRow, row.account)
        return _account(account) if account is not None and account.active else None

    def delete_session(self, token_hash: str) -> None:
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == token_hash))

    def delete_sessions_of(self, login: str) -> None:
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.account == login))

    def delete_tokens_of(self, login: str) -> int:
        result = self.session.execute(delete(ApiTokenRow).where(ApiTokenRow.account == login))
        return int(getattr(result, "rowcount", 0) or 0)

    # --- sign-in failures (the throttle of services/auth.py) --------------------------------

    def recent_failures(self, *, login: str, address: str, since: datetime) -> SignInFailures:
        def count(column: object, key: str) -> tuple[int, datetime | None]:
            found = self.session.execute(
                select(func.count(), func.min(SignInFailureRow.at)).where(
                    column == key,  # type: ignore[arg-type]
                    SignInFailureRow.at >= since,
                )
            ).one()
            oldest = found[1]
            if isinstance(oldest, str):  # SQLite's min() of a datetime column is text
                oldest = datetime.fromisoformat(oldest)
            if isinstance(oldest, datetime) and oldest.tzinfo is None:
                oldest = oldest.replace(tzinfo=since.tzinfo)
            return int(found[0] or 0), oldest

        by_login, login_oldest = count(SignInFailureRow.login, login)
        by_address, address_oldest = count(SignInFailureRow.address, address)
        return SignInFailures(by_login, login_oldest, by_address, address_oldest)

    def record_failure(self, *, login: str, address: str, at: datetime) -> None:
        self.session.add(SignInFailureRow(login=login, address=address, at=at))
        # Failures older than a day are of no use to any throttle window: dropped as we go.
        self.session.execute(
            delete(SignInFailureRow).where(SignInFailureRow.at < at - timedelta(days=1))
        )
        self.session.flush()

    def clear_failures(self, *, login: str) -> None:
        self.session.execute(delete(SignInFailureRow).where(SignInFailureRow.login == login))

    def create_token(
        self, token_hash: str, login: str, name: str, expires_at: datetime | None
    ) -> None:
        self.session.add(
            ApiTokenRow(token_hash=token_hash, account=login, name=name, expires_at=expires_at)
        )
        self.session.flush()

    def token_account(self, token_hash: str, now: datetime) -> Account | None:
        row = self.session.get(ApiTokenRow, token_hash)
        if row is None or (row.expires_at is not None and row.expires_at <= now):
            return None
        row.last_used_at = now
        account = self.session.get(AccountRow, row.account)
        return _account(account) if account is not None and account.active else None

    def secret(self, name: str, make: str) -> str:
        row = self.session.get(AppSecretRow, name)
        if row is None:
            row = AppSecretRow(name=name, value=make)
            self.session.add(row)
            self.session.flush()
        return row.value
