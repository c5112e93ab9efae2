"""Settings, read from the environment (prefix PARCOURS_) and command-line options."""

from __future__ import annotations

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///parcours.db"
# The pseudonym key of the demonstration: public (it is in the docs), so pseudonyms made with it
# can be reversed by anyone who can guess HR numbers. `parcours serve` and the commands that
# pseudonymise refuse it outside the demo (see ``pseudonym_key_problem``).
DEMO_PSEUDONYM_SALT = "parcours-demo-salt"
MIN_PSEUDONYM_SALT_LENGTH = 16
# The audit log is kept at least this long: a purge never deletes younger events.
MIN_AUDIT_RETENTION_DAYS = 180


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
    session_hours: int = Field(default=10, ge=1)
    # A session unused for this long ends (its next request asks to sign in again).
    session_idle_minutes: int = Field(default=30, ge=1)
    # "auto": Secure cookies when the request came over HTTPS (behind a proxy: run uvicorn
    # with --proxy-headers); "true" forces them, "false" only for plain-HTTP tests.
    cookie_secure: str = "auto"
    # Strict-Transport-Security max-age sent on responses over HTTPS (0: never sent); behind
    # a reverse proxy, its addresses (comma-separated, CIDR allowed, "*": any) are trusted to
    # say HTTPS in X-Forwarded-Proto (docs/security.md).
    hsts_seconds: int = 31_536_000
    trusted_proxies: str = ""
    # Sign-in throttling (docs/security.md): failures per login and per address within
    # ``lockout_minutes`` before a 429; password checks running at once (64 MiB each).
    max_failed_logins: int = Field(default=5, ge=1)
    max_failed_logins_per_address: int = Field(default=20, ge=1)
    lockout_minutes: int = Field(default=15, ge=1)
    password_checks: int = Field(default=4, ge=1)
    # OpenID Connect (the bank's SSO): all four set = the option is on.
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_redirect_uri: str | None = None
    oidc_roles_claim: str = "roles"

    # --- personal data (docs/settings.md) ---
    # Salt of the pseudonyms derived from HR identifiers; keep it secret and never change it.
    pseudonym_salt: str = DEMO_PSEUDONYM_SALT
    # Groups smaller than this are never shown person by person to anyone but HR.
    min_group_size: int = 5
    # People who left more than this many days ago are erased by `parcours rgpd purge`.
    retention_days: int = Field(default=3 * 365, ge=0)
    audit_retention_days: int = Field(default=5 * 365, ge=MIN_AUDIT_RETENTION_DAYS)

    # --- operations (docs/deploy.md) ---
    # How long a request waits for a database locked by another writer (SQLite) or an import
    # waits for another one, before answering 503 (exit code 2 on the command line).
    busy_timeout_seconds: float = Field(default=5.0, ge=0.1, le=600)
    # Logs of the web server: "text" (human) or "json" (one object a line, with the request id).
    log_format: str = Field(default="text", pattern="^(text|json)$")
    # Header carrying the request id (taken from the proxy when it sends one, else made).
    request_id_header: str = "X-Request-ID"

    # --- imports: what reading one file may cost (docs/settings.md, ingest/limits.py) ---
    # Past a limit the file is refused alone, named with the limit; the others are imported.
    import_max_file_bytes: int = Field(default=50 * 2**20, ge=1)
    import_max_upload_bytes: int = Field(default=50 * 2**20, ge=1)
    import_max_bundle_bytes: int = Field(default=64 * 2**20, ge=1)
    import_max_unpacked_bytes: int = Field(default=64 * 2**20, ge=1)
    import_max_zip_entries: int = Field(default=10_000, ge=1)
    import_max_compression_ratio: int = Field(default=100, ge=1)
    import_max_xml_elements: int = Field(default=1_000_000, ge=1)
    import_max_pdf_pages: int = Field(default=2_000, ge=1)
    import_max_stream_bytes: int = Field(default=16 * 2**20, ge=1)
    import_max_text_chars: int = Field(default=16_000_000, ge=1)
    import_max_lines: int = Field(default=100_000, ge=1)
    import_max_seconds: float = Field(default=60.0, ge=0)
    import_max_warnings: int = Field(default=200, ge=1)


def pseudonym_key_problem(settings: Settings) -> str | None:
    """Why the pseudonym key may not be used with real people, or None when it may."""
    salt = settings.pseudonym_salt
    if salt == DEMO_PSEUDONYM_SALT:
        return (
            "la clé des pseudonymes est celle, publique, de la démonstration : définissez "
            "PARCOURS_PSEUDONYM_SALT (une valeur secrète d'au moins "
            f"{MIN_PSEUDONYM_SALT_LENGTH} caractères, gardée à vie ; voir docs/deploy.md)"
        )
    if len(salt) < MIN_PSEUDONYM_SALT_LENGTH:
        return (
            f"la clé des pseudonymes est trop courte : {MIN_PSEUDONYM_SALT_LENGTH} caractères "
            "au moins (PARCOURS_PSEUDONYM_SALT)"
        )
    return None


def explain(error: ValidationError) -> str:
    """A settings validation error in French: each wrong setting with its variable."""
    parts = []
    for item in error.errors():
        name = ".".join(str(p) for p in item.get("loc", ()))
        context = item.get("ctx") or {}
        kind = item.get("type", "")
        if kind == "greater_than_equal":
            why = f"doit valoir au moins {context.get('ge')}"
        elif kind == "less_than_equal":
            why = f"doit valoir au plus {context.get('le')}"
        elif kind == "string_pattern_mismatch":
            why = f"valeur non reconnue (attendu : {context.get('pattern')})"
        elif kind.endswith("_parsing") or kind.endswith("_type"):
            why = "valeur illisible"
        else:
            why = str(item.get("msg", "valeur refusée"))
        parts.append(f"PARCOURS_{name.upper()} ({name}) {why} : « {item.get('input')} »")
    return " ; ".join(parts)
