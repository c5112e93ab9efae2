"""What every command group shares: the consoles, the common options, opening the database,
turning a domain error into an exit code, acting as the account of a token, and ``--format
json`` output.

Imported by the group modules, never the other way: this module knows no command. Only typer,
rich and the domain's types are imported here; the settings, the store and the services are
imported inside the helpers, when a command runs (tests/test_cli_imports.py).
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, time
from enum import Enum, StrEnum
from pathlib import PurePath
from typing import TYPE_CHECKING, Annotated, Any, Concatenate, ParamSpec, TypeVar

import typer
from rich.console import Console

from parcours.domain.access import Principal
from parcours.domain.errors import ParcoursError

if TYPE_CHECKING:
    from parcours.services.ports import UowFactory
    from parcours.settings import Settings

out = Console()
err = Console(stderr=True)

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="URL SQLAlchemy de la base (défaut : PARCOURS_DATABASE_URL, sinon sqlite:///parcours.db).",
    ),
]

# Commands that read or write personal data act as an account: the one of the API token given
# by ``--token`` or ``PARCOURS_TOKEN`` (``parcours accounts token``), so the command line obeys
# the same role rules as the API and the pages, and its actions are audited under that account.
TokenOption = Annotated[
    str | None,
    typer.Option(
        "--token",
        envvar="PARCOURS_TOKEN",
        help="Jeton d'API du compte qui agit (défaut : PARCOURS_TOKEN).",
        show_envvar=False,
    ),
]

ReferentialOption = Annotated[str | None, typer.Option(help="Limiter à un référentiel.")]


def load_settings(database_url: str | None, **overrides: object) -> Settings:
    """The settings of the environment with the command's options; exit 2 when invalid."""
    from parcours.settings import Settings, SettingsError, explain

    try:
        return Settings.from_environment(database_url=database_url or None, **overrides)
    except SettingsError as exc:
        err.print(f"Réglage invalide : {explain(exc)}", markup=False, soft_wrap=True)
        raise typer.Exit(2) from exc


def open_uow(database_url: str | None) -> UowFactory:
    """The unit of work factory of the database (created or migrated); exit 2 if unreachable."""
    from parcours.bootstrap import build_uow_factory

    try:
        return build_uow_factory(load_settings(database_url))
    except Exception as exc:  # a database that cannot be opened is a user-facing error
        err.print(f"[red]Base de données inaccessible :[/red] {exc}")
        raise typer.Exit(2) from exc


def fail(exc: ParcoursError) -> typer.Exit:
    """Print a domain error; the exit (code 1) is returned for the caller to raise."""
    err.print(f"[red]Erreur :[/red] {exc}")
    return typer.Exit(1)


def actor(uow: UowFactory, token: str | None) -> Principal:
    """The principal of the token, or exit 2 with the reason."""
    if not token:
        err.print(
            "[red]Authentification requise :[/red] donnez --token ou PARCOURS_TOKEN "
            "(créé par « parcours accounts token »)."
        )
        raise typer.Exit(2)
    from parcours.services import auth

    principal = auth.token_principal(uow, token, "cli")
    if principal is None:
        err.print("[red]Jeton invalide ou expiré.[/red]")
        raise typer.Exit(2)
    return principal


P = ParamSpec("P")
T = TypeVar("T")


@contextmanager
def acting_as(
    database_url: str | None, token: str | None
) -> Iterator[tuple[UowFactory, Principal]]:
    """The unit of work factory and the principal of the token (exit 2 as ``actor``), for a
    command that makes several calls; a ``ParcoursError`` in the block exits 1 with its message."""
    uow = open_uow(database_url)
    principal = actor(uow, token)
    try:
        yield uow, principal
    except ParcoursError as exc:
        raise fail(exc) from exc


def acting(
    database_url: str | None,
    token: str | None,
    use_case: Callable[Concatenate[UowFactory, Principal, P], T],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Calls a use case as the account of the token: ``use_case(uow, principal, ...)``, with the
    errors of ``acting_as`` (exit 2 without a valid token, exit 1 on a ``ParcoursError``)."""
    with acting_as(database_url, token) as (uow, principal):
        return use_case(uow, principal, *args, **kwargs)


def admin_or_actor(uow: UowFactory, token: str | None, signer: str | None = None) -> Principal:
    """For the catalogue administration commands (links, map, corrections): the principal of
    ``--token`` when one is given (the rules apply: HR only), else the server administrator,
    who holds the database credentials (``SYSTEM``, signing as ``signer`` when named: an
    unverified name, see docs/security.md)."""
    from parcours.services import auth

    if token:
        if signer:
            err.print("[red]--user est réservé à l'administrateur du serveur (sans --token).[/red]")
            raise typer.Exit(2)
        return actor(uow, token)
    if signer:
        signer = signer.strip()
        if not signer or len(signer) > auth.LOGIN_MAX:
            err.print("[red]--user : un nom de 1 à 128 caractères.[/red]")
            raise typer.Exit(2)
        return replace(auth.SYSTEM, account=signer)
    return auth.SYSTEM


# Machine-readable output, ``--format json``: a command's result (the dataclasses a service
# returns) is turned into JSON generically, field by field, so a field added to a result later
# appears in the output without touching the command: dataclasses become objects, enums their
# values, dates ISO 8601 text, tuples and sets lists, numpy values plain numbers, and NaN or
# infinite floats ``null``. The text is UTF-8, accents kept as they are.


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", help="table (défaut, pour lire) ou json (pour les scripts)."),
]


def plain(value: Any) -> Any:
    """``value`` as JSON-ready values: dicts, lists, strings, numbers, booleans, None."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return plain(value.value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {_key(k): plain(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        items = [plain(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, PurePath):
        return str(value)
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):
        return plain(value.tolist())  # numpy scalars and arrays
    return str(value)


def _key(key: object) -> str:
    if isinstance(key, Enum):
        return str(key.value)
    if isinstance(key, tuple):
        return ":".join(_key(k) for k in key)
    return str(key)


def dumps(value: Any) -> str:
    return json.dumps(plain(value), ensure_ascii=False, indent=2)


def echo_json(value: Any) -> None:
    """Print ``value`` as JSON on the standard output, encoded in UTF-8 whatever the locale."""
    typer.echo((dumps(value) + "\n").encode("utf-8"), nl=False)
