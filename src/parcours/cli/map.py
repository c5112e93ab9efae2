"""`parcours map`: the organisation's map (cartographie) and the role of each referential."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from parcours.cli.common import (
    DatabaseOption,
    FormatOption,
    OutputFormat,
    TokenOption,
    admin_or_actor,
    echo_json,
    fail,
    open_uow,
    out,
)
from parcours.domain.cartography import ROLE_LABELS, MapRole
from parcours.domain.errors import ParcoursError

app = typer.Typer(
    help="La cartographie de l'organisation : ses référentiels et tous leurs postes.",
    invoke_without_command=True,
)


@app.callback()
def show_map(
    ctx: typer.Context,
    output: FormatOption = OutputFormat.TABLE,
    database_url: DatabaseOption = None,
) -> None:
    """Affiche les postes de la cartographie par famille > filière > métier."""
    from parcours.services import cartography

    if ctx.invoked_subcommand is not None:
        return
    try:
        result = cartography.job_map(open_uow(database_url))
    except ParcoursError as exc:
        raise fail(exc) from exc
    if output is OutputFormat.JSON:
        echo_json(result)
        return
    out.print(
        f"Cartographie : {', '.join(result.organisation) or 'aucun référentiel'} "
        f"({result.job_count} postes)"
    )
    if result.references:
        out.print(f"Référentiels de référence : {', '.join(result.references)}")
    for group in result.groups:
        table = Table(title=f"{group.family} > {group.filiere} > {group.metier}")
        for column in ("Poste", "Grade", "Référentiel", "Source", "Équivalents / références"):
            table.add_column(column)
        for job in group.jobs:
            source = f"{job.document}, l. {job.line}" if job.document and job.line else ""
            linked = [f"= {e.title} ({e.referential})" for e in job.equivalents]
            linked += [
                f"{'→' if r.status == 'accepted' else '?'} {r.title} ({r.referential})"
                for r in job.references[:3]
            ]
            table.add_row(job.title, job.grade or "", job.referential, source, "\n".join(linked))
        out.print(table)


@app.command("roles")
def roles(output: FormatOption = OutputFormat.TABLE, database_url: DatabaseOption = None) -> None:
    """Liste les référentiels et leur rôle dans la cartographie."""
    from parcours.services import cartography

    members = cartography.map_members(open_uow(database_url))
    if output is OutputFormat.JSON:
        echo_json(members)
        return
    table = Table(title="Rôles des référentiels")
    for column in ("Référentiel", "Rôle", "Déclaré par", "Le"):
        table.add_column(column)
    for member in members:
        table.add_row(
            member.referential,
            ROLE_LABELS[member.role],
            member.declared_by or "(par défaut)",
            f"{member.declared_at:%d/%m/%Y}" if member.declared_at else "",
        )
    out.print(table)


@app.command("set")
def set_role(
    referential: Annotated[str, typer.Argument(help="Nom du référentiel.")],
    role: Annotated[
        str,
        typer.Option(help="organisation, reference, ou defaut (revenir au rôle par défaut)."),
    ],
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Déclare un référentiel partie de la cartographie de l'organisation ou de référence."""
    from parcours.services import cartography

    uow = open_uow(database_url)
    who = admin_or_actor(uow, token)
    wanted: MapRole | None
    if role in ("defaut", "défaut", "default"):
        wanted = None
    else:
        try:
            wanted = MapRole(role)
        except ValueError:
            raise fail(
                ParcoursError(f"rôle inconnu : « {role} » (organisation, reference ou defaut)")
            ) from None
    try:
        member = cartography.set_role(uow, who, referential, wanted)
    except ParcoursError as exc:
        raise fail(exc) from exc
    out.print(f"{member.referential} : {ROLE_LABELS[member.role]}")
