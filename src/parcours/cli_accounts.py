"""`parcours accounts ...` and the authentication every personal-data command goes through.

Commands that read or write personal data act as an account: the one of the API token given
by ``--token`` or ``PARCOURS_TOKEN`` (``parcours accounts token``), so the command line obeys the
same role rules as the API and the pages, and its actions are audited under that account.
Creating accounts and tokens is the server administrator's job: it needs the database
credentials only, and is audited as « système ».
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Concatenate, ParamSpec, TypeVar

import typer
from rich.table import Table

from parcours.cli import DatabaseOption, _fail, _uow, app, err, out
from parcours.domain.access import Principal
from parcours.domain.errors import ParcoursError

if TYPE_CHECKING:  # the services are imported by the commands that run (see parcours.cli)
    from parcours.services.catalogue import UowFactory

accounts_app = typer.Typer(help="Comptes, mots de passe et jetons d'API.", no_args_is_help=True)
app.add_typer(accounts_app, name="accounts")

TokenOption = Annotated[
    str | None,
    typer.Option(
        "--token",
        envvar="PARCOURS_TOKEN",
        help="Jeton d'API du compte qui agit (défaut : PARCOURS_TOKEN).",
        show_envvar=False,
    ),
]


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
    uow = _uow(database_url)
    principal = actor(uow, token)
    try:
        yield uow, principal
    except ParcoursError as exc:
        raise _fail(exc) from exc


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
    """For the catalogue administration commands (``links propose``, ``links review``): the
    principal of ``--token`` when one is given (the rules apply: HR only), else the server
    administrator, who holds the database credentials (``SYSTEM``, signing as ``signer`` when
    named: an unverified name, see docs/security.md)."""
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


def _password(given: str | None) -> str | None:
    if given is not None:
        return given
    from_env = os.environ.get("PARCOURS_PASSWORD")
    if from_env:
        return from_env
    if not os.isatty(0):
        return None
    first = getpass.getpass("Mot de passe : ")
    if first != getpass.getpass("Confirmez : "):
        err.print("[red]Les deux saisies diffèrent.[/red]")
        raise typer.Exit(1)
    return first


@accounts_app.command("create")
def create(
    login: Annotated[str, typer.Argument(help="Identifiant du compte.")],
    role: Annotated[
        list[str], typer.Option("--role", help="employee, manager, jury ou hr (répétable).")
    ],
    person: Annotated[str | None, typer.Option(help="Pseudonyme de la personne liée.")] = None,
    name: Annotated[str | None, typer.Option(help="Nom affiché.")] = None,
    password: Annotated[
        str | None,
        typer.Option(help="Mot de passe (défaut : PARCOURS_PASSWORD, sinon demandé)."),
    ] = None,
    sso_only: Annotated[
        bool, typer.Option("--sso-only", help="Sans mot de passe : connexion par le SSO.")
    ] = False,
    oidc_subject: Annotated[
        str | None, typer.Option(help="Identifiant (sub) du compte chez le fournisseur SSO.")
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Crée un compte (administration du serveur)."""
    from parcours.services import auth

    secret = None if sso_only else _password(password)
    if secret is None and not sso_only:
        err.print("[red]Mot de passe requis[/red] (--password, PARCOURS_PASSWORD ou --sso-only).")
        raise typer.Exit(2)
    try:
        auth.create_account(
            _uow(database_url),
            auth.SYSTEM,
            login=login,
            roles=role,
            password=secret,
            person=person,
            display_name=name,
            oidc_subject=oidc_subject,
        )
    except ParcoursError as exc:
        raise _fail(exc) from exc
    out.print(f"Compte créé : {login} ({', '.join(sorted(role))})")


@accounts_app.command("list")
def list_(database_url: DatabaseOption = None) -> None:
    """Liste les comptes et leurs rôles."""
    from parcours.services import auth

    table = Table("compte", "nom", "rôles", "personne", "actif")
    for account in auth.list_accounts(_uow(database_url), auth.SYSTEM):
        table.add_row(
            account.login,
            account.display_name or "",
            ", ".join(sorted(account.roles)),
            account.person or "",
            "oui" if account.active else "non",
        )
    out.print(table)


@accounts_app.command("password")
def password_(
    login: Annotated[str, typer.Argument(help="Identifiant du compte.")],
    password: Annotated[
        str | None, typer.Option(help="Nouveau mot de passe (défaut : PARCOURS_PASSWORD).")
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Change le mot de passe d'un compte et ferme ses sessions."""
    secret = _password(password)
    if secret is None:
        err.print("[red]Mot de passe requis[/red] (--password ou PARCOURS_PASSWORD).")
        raise typer.Exit(2)
    from parcours.services import auth

    try:
        auth.set_password(_uow(database_url), auth.SYSTEM, login, secret)
    except ParcoursError as exc:
        raise _fail(exc) from exc
    out.print(f"Mot de passe changé : {login}")


@accounts_app.command("token")
def token_(
    login: Annotated[str, typer.Argument(help="Identifiant du compte.")],
    name: Annotated[str, typer.Option(help="À quoi sert le jeton.")] = "ligne de commande",
    days: Annotated[int, typer.Option(help="Durée de validité en jours (0 : sans fin).")] = 90,
    database_url: DatabaseOption = None,
) -> None:
    """Crée un jeton d'API pour un compte (affiché une seule fois)."""
    from parcours.services import auth

    try:
        token = auth.create_api_token(_uow(database_url), auth.SYSTEM, login, name, days or None)
    except ParcoursError as exc:
        raise _fail(exc) from exc
    out.print(token, soft_wrap=True)
