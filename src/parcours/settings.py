"""Settings, read from the environment (prefix PARCOURS_) and command-line options.

A plain dataclass rather than pydantic-settings: every command reads the settings, and importing
pydantic cost a tenth of a cold `parcours show` (the web app imports pydantic anyway, through
FastAPI; the command line no longer does). ``Settings.from_environment()`` reads the variables;
``Settings(...)`` alone takes only what it is given (tests stay hermetic). Each value is checked
(type, bounds, pattern) and every wrong one named in French (``explain``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

DEFAULT_DATABASE_URL = "sqlite:///parcours.db"
# The pseudonym key of the demonstration: public (it is in the docs), so pseudonyms made with it
# can be reversed by anyone who can guess HR numbers. `parcours serve` and the commands that
# pseudonymise refuse it outside the demo (see ``pseudonym_key_problem``).
DEMO_PSEUDONYM_SALT = "parcours-demo-salt"
MIN_PSEUDONYM_SALT_LENGTH = 16
# The audit log is kept at least this long: a purge never deletes younger events.
MIN_AUDIT_RETENTION_DAYS = 180
ENV_PREFIX = "PARCOURS_"
_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off"})


def _check(
    default: Any, *, ge: float | None = None, le: float | None = None, pattern: str = ""
) -> Any:
    """A setting's default with its bounds or pattern, checked by ``Settings.__post_init__``."""
    return field(default=default, metadata={"ge": ge, "le": le, "pattern": pattern})


@dataclass(frozen=True, slots=True)
class Problem:
    """One wrong setting: its name, what is wrong (a kind, as in ``explain``) and the value."""

    name: str
    kind: str
    value: object
    limit: object = None


class SettingsError(ValueError):
    """Settings that cannot be used; ``problems`` names each wrong one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(explain(self))


@dataclass(kw_only=True)
class Settings:
    """Every setting is documented in docs/settings.md (a test checks it)."""

    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8000
    language: str = "fr"

    # --- access control (docs/settings.md) ---
    # The catalogue (jobs, competencies, mobility) is open to anyone who can reach the server;
    # set to false to ask every visitor to sign in. Personal data always needs an account.
    public_catalogue: bool = True
    session_hours: int = _check(10, ge=1)
    # A session unused for this long ends (its next request asks to sign in again).
    session_idle_minutes: int = _check(30, ge=1)
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
    max_failed_logins: int = _check(5, ge=1)
    max_failed_logins_per_address: int = _check(20, ge=1)
    lockout_minutes: int = _check(15, ge=1)
    password_checks: int = _check(4, ge=1)
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
    retention_days: int = _check(3 * 365, ge=0)
    audit_retention_days: int = _check(5 * 365, ge=MIN_AUDIT_RETENTION_DAYS)

    # --- operations (docs/deploy.md) ---
    # How long a request waits for a database locked by another writer (SQLite) or an import
    # waits for another one, before answering 503 (exit code 2 on the command line).
    busy_timeout_seconds: float = _check(5.0, ge=0.1, le=600)
    # Logs of the web server: "text" (human) or "json" (one object a line, with the request id).
    log_format: str = _check("text", pattern="^(text|json)$")
    # Header carrying the request id (taken from the proxy when it sends one, else made).
    request_id_header: str = "X-Request-ID"

    # --- imports: what reading one file may cost (docs/settings.md, ingest/limits.py) ---
    # Past a limit the file is refused alone, named with the limit; the others are imported.
    import_max_file_bytes: int = _check(50 * 2**20, ge=1)
    import_max_upload_bytes: int = _check(50 * 2**20, ge=1)
    import_max_bundle_bytes: int = _check(64 * 2**20, ge=1)
    import_max_unpacked_bytes: int = _check(64 * 2**20, ge=1)
    import_max_zip_entries: int = _check(10_000, ge=1)
    import_max_compression_ratio: int = _check(100, ge=1)
    import_max_xml_elements: int = _check(1_000_000, ge=1)
    import_max_pdf_pages: int = _check(2_000, ge=1)
    import_max_stream_bytes: int = _check(16 * 2**20, ge=1)
    import_max_text_chars: int = _check(16_000_000, ge=1)
    import_max_lines: int = _check(100_000, ge=1)
    import_max_seconds: float = _check(60.0, ge=0)
    import_max_warnings: int = _check(200, ge=1)

    names: ClassVar[tuple[str, ...]]

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        for spec in fields(self):
            value = getattr(self, spec.name)
            try:
                value = _coerce(str(spec.type), value)
            except ValueError:
                problems.append(Problem(spec.name, "parsing", value))
                continue
            problems.extend(_limits(spec.name, value, spec.metadata))
            setattr(self, spec.name, value)
        if problems:
            raise SettingsError(problems)

    @classmethod
    def from_environment(
        cls, environ: Mapping[str, str] | None = None, /, **overrides: object
    ) -> Settings:
        """The settings of the environment (PARCOURS_<NAME>, any case), ``overrides`` (those not
        None) taking precedence; raises ``SettingsError`` naming every wrong value."""
        source = os.environ if environ is None else environ
        found = {key.upper(): value for key, value in source.items()}
        values: dict[str, object] = {}
        for name in cls.names:
            if overrides.get(name) is not None:
                values[name] = overrides[name]
            elif (ENV_PREFIX + name.upper()) in found:
                values[name] = found[ENV_PREFIX + name.upper()]
        return cls(**values)  # type: ignore[arg-type]


Settings.names = tuple(spec.name for spec in fields(Settings))


def _coerce(kind: str, value: object) -> object:
    """``value`` as the setting's type (strings from the environment parsed); ValueError else."""
    if value is None and kind.endswith("| None"):
        return None
    base = kind.removesuffix(" | None")
    if base == "str" and isinstance(value, str):
        return value
    if base == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
    elif base == "int" and not isinstance(value, bool):
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            return int(value.strip())
    elif base == "float" and not isinstance(value, bool):
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            return float(value.strip())
    raise ValueError(f"{value!r} is not a {kind}")


def _limits(name: str, value: object, metadata: Mapping[str, Any]) -> list[Problem]:
    low, high, pattern = metadata.get("ge"), metadata.get("le"), metadata.get("pattern")
    if isinstance(value, int | float) and low is not None and value < low:
        return [Problem(name, "ge", value, low)]
    if isinstance(value, int | float) and high is not None and value > high:
        return [Problem(name, "le", value, high)]
    if pattern and not re.fullmatch(pattern, str(value)):
        return [Problem(name, "pattern", value, pattern)]
    return []


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


def explain(error: SettingsError) -> str:
    """A settings error in French: each wrong setting with its variable."""
    parts = []
    for problem in error.problems:
        why = {
            "ge": f"doit valoir au moins {problem.limit}",
            "le": f"doit valoir au plus {problem.limit}",
            "pattern": f"valeur non reconnue (attendu : {problem.limit})",
        }.get(problem.kind, "valeur illisible")
        name = problem.name
        parts.append(f"{ENV_PREFIX}{name.upper()} ({name}) {why} : « {problem.value} »")
    return " ; ".join(parts)
