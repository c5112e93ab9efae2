"""`parcours accounts ...`: accounts, passwords and API tokens.

Creating accounts and tokens is the server administrator's job: it needs the database
credentials only, and is audited as « système ». The tokens made here are what the
personal-data commands act with (``--token``, see ``acting`` in parcours.cli.common).
"""

from __future__ import annotations

import getpass
import os
from typing import Annotated

import typer
from rich.table import Table

from parcours.cli.common import DatabaseOption, err, fail, open_uow, out
from parcours.domain.errors import ParcoursError

app = typer.Typer(help="Comptes, mots de passe et jetons d'API.", no_args_is_help=True)


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


@app.command("create")
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
            open_uow(database_url),
            auth.SYSTEM,
            login=login,
            roles=role,
            password=secret,
            person=person,
            display_name=name,
            oidc_subject=oidc_subject,
        )
    except ParcoursError as exc:
        raise fail(exc) from exc
    out.print(f"Compte créé : {login} ({', '.join(sorted(role))})")


@app.command("list")
def list_(database_url: DatabaseOption = None) -> None:
    """Liste les comptes et leurs rôles."""
    from parcours.services import auth

    table = Table("compte", "nom", "rôles", "personne", "actif")
    for account in auth.list_accounts(open_uow(database_url), auth.SYSTEM):
        table.add_row(
            account.login,
            account.display_name or "",
            ", ".join(sorted(account.roles)),
            account.person or "",
            "oui" if account.active else "non",
        )
    out.print(table)


@app.command("password")
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
        auth.set_password(open_uow(database_url), auth.SYSTEM, login, secret)
    except ParcoursError as exc:
        raise fail(exc) from exc
    out.print(f"Mot de passe changé : {login}")


@app.command("token")
def token_(
    login: Annotated[str, typer.Argument(help="Identifiant du compte.")],
    name: Annotated[str, typer.Option(help="À quoi sert le jeton.")] = "ligne de commande",
    days: Annotated[int, typer.Option(help="Durée de validité en jours (0 : sans fin).")] = 90,
    database_url: DatabaseOption = None,
) -> None:
    """Crée un jeton d'API pour un compte (affiché une seule fois)."""
    from parcours.services import auth

    try:
        uow = open_uow(database_url)
        token = auth.create_api_token(uow, auth.SYSTEM, login, name, days or None)
    except ParcoursError as exc:
        raise fail(exc) from exc
    out.print(token, soft_wrap=True)
