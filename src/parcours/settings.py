"""Settings, read from the environment (prefix PARCOURS_) and command-line options."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///parcours.db"


class Settings(BaseSettings):
    """Every setting is documented in docs/settings.md (a test checks it)."""

    model_config = SettingsConfigDict(env_prefix="PARCOURS_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8000
    language: str = "fr"

    # --- access control (docs/settings.md) ---
    # The catalogue (jobs, competencies, mobility) is open to anyone who can reach the server;
    # set to false to ask every visitor to sign in. Personal data always needs an account.
    public_catalogue: bool = True
    session_hours: int = 10
    # "auto": Secure cookies when the request came over HTTPS (behind a proxy: run uvicorn
    # with --proxy-headers); "true" forces them, "false" only for plain-HTTP tests.
    cookie_secure: str = "auto"
    max_failed_logins: int = 5
    lockout_minutes: int = 15
    # OpenID Connect (the bank's SSO): all four set = the option is on.
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_redirect_uri: str | None = None
    oidc_roles_claim: str = "roles"

    # --- personal data (docs/settings.md) ---
    # Salt of the pseudonyms derived from HR identifiers; keep it secret and never change it.
    pseudonym_salt: str = "parcours-demo-salt"
    # Groups smaller than this are never shown person by person to anyone but HR.
    min_group_size: int = 5
    # People who left more than this many days ago are erased by `parcours rgpd purge`.
    retention_days: int = 3 * 365
    audit_retention_days: int = 5 * 365
