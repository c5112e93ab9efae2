"""`parcours links ...`: links between the competencies (and jobs) of different referentials,
proposed by the engine and reviewed by HR (or the server administrator)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from parcours.cli.common import (
    DatabaseOption,
    ReferentialOption,
    TokenOption,
    admin_or_actor,
    err,
    fail,
    open_uow,
    out,
)
from parcours.domain.errors import ParcoursError
from parcours.domain.french import count, word
from parcours.domain.links import (
    RELATION_LABELS,
    STATUS_LABELS,
    Endpoint,
    LinkKind,
    LinkRelation,
    LinkStatus,
)

app = typer.Typer(help="Liens entre compétences (et postes) de référentiels différents.")


@app.command("propose")
def links_propose(
    source: Annotated[str | None, typer.Option(help="Référentiel source (défaut : tous).")] = None,
    target: Annotated[str | None, typer.Option(help="Référentiel cible (défaut : autres).")] = None,
    jobs: Annotated[bool, typer.Option(help="Lier aussi les postes.")] = False,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Propose des liens entre référentiels (à revoir ensuite)."""
    from parcours.services import links as link_service

    uow = open_uow(database_url)
    who = admin_or_actor(uow, token)
    try:
        kinds = [LinkKind.COMPETENCY, LinkKind.JOB] if jobs else [LinkKind.COMPETENCY]
        for kind in kinds:  # competencies first: job scores use the competency links
            report = link_service.propose_links(uow, who, source=source, target=target, kind=kind)
            out.print(
                f"{kind.value} : {report.total('new')} nouveaux, "
                f"{report.total('updated')} mis à jour, {report.total('kept')} gardés, "
                f"{report.total('reopened')} à revoir de nouveau"
            )
    except ParcoursError as exc:
        raise fail(exc) from exc


@app.command("review")
def links_review(
    referential: ReferentialOption = None,
    other: Annotated[
        str | None, typer.Option(help="Avec --referential : les liens entre ces deux-là.")
    ] = None,
    kind: Annotated[
        LinkKind | None, typer.Option(help="competency ou job (défaut : les deux).")
    ] = None,
    relation: Annotated[
        LinkRelation | None, typer.Option(help="exact, close, broader, narrower ou related.")
    ] = None,
    min_score: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="Score minimal (0 à 1).")
    ] = None,
    status: Annotated[str, typer.Option(help="proposed, accepted, rejected ou all.")] = "proposed",
    limit: Annotated[int, typer.Option(help="Nombre de liens affichés.")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Liens sautés avant ceux affichés.")] = 0,
    accept: Annotated[list[str] | None, typer.Option(help="Accepter ce lien (id).")] = None,
    reject: Annotated[list[str] | None, typer.Option(help="Rejeter ce lien (id).")] = None,
    accept_all: Annotated[
        bool,
        typer.Option(
            "--accept-all",
            help="Accepter tous les liens proposés qui passent les filtres "
            "(--kind, --relation, --min-score, --referential, --other).",
        ),
    ] = False,
    reject_all: Annotated[
        bool,
        typer.Option(
            "--reject-all", help="Rejeter tous les liens proposés qui passent les filtres."
        ),
    ] = False,
    note: Annotated[str | None, typer.Option(help="Note jointe aux décisions.")] = None,
    merge: Annotated[
        list[str] | None, typer.Option(help="Fusionner ces liens en un groupe (ids).")
    ] = None,
    split: Annotated[
        str | None, typer.Option(help="Retirer REFERENTIEL:CLE de son groupe (avec --group).")
    ] = None,
    group: Annotated[str | None, typer.Option(help="Groupe visé par --split.")] = None,
    user: Annotated[
        str | None,
        typer.Option(help="Nom qui signe les décisions de l'administrateur (sans --token)."),
    ] = None,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """La file de revue des liens ; --accept / --reject / --merge / --split pour décider,
    --accept-all / --reject-all pour décider en une fois de tous les liens proposés filtrés.

    Les décisions sont signées du compte du jeton (--token, rôle RH), ou, sans jeton, de
    l'administrateur du serveur (« système », ou le nom donné par --user)."""
    from parcours.services import links as link_service

    if accept_all and reject_all:
        err.print("[red]--accept-all et --reject-all s'excluent.[/red]")
        raise typer.Exit(2)
    uow = open_uow(database_url)
    who = admin_or_actor(uow, token, user)
    try:
        for link_id in accept or []:
            link_service.accept_link(uow, who, link_id, note=note)
        for link_id in reject or []:
            link_service.reject_link(uow, who, link_id, note=note)
        if accept_all or reject_all:
            decision = LinkStatus.ACCEPTED if accept_all else LinkStatus.REJECTED
            outcome = link_service.decide_many(
                uow,
                who,
                decision,
                kind=kind,
                relation=relation,
                referential=referential,
                other=other,
                min_score=min_score,
                note=note,
            )
            n = outcome.decided
            decided = (
                count(n, "lien accepté", "liens acceptés")
                if accept_all
                else count(n, "lien rejeté", "liens rejetés")
            )
            groups = len(outcome.groups)
            grouped = (
                f", {count(groups, 'groupe canonique formé', 'groupes canoniques formés')}"
                f" ou {word(groups, 'complété', 'complétés')}"
                if outcome.groups
                else ""
            )
            out.print(f"{decided}{grouped}.")
        if merge:
            link_service.merge_links(uow, who, merge)
        if split:
            if not group:
                raise ParcoursError("--split demande --group")
            name, _, key = split.rpartition(":")
            link_service.split_member(uow, who, group, Endpoint(name, key))
        page = link_service.review_queue(
            uow,
            limit=limit,
            offset=offset,
            status=None if status == "all" else LinkStatus(status),
            kind=kind,
            relation=relation,
            referential=referential,
            other=other,
            min_score=min_score,
        )
    except (ParcoursError, ValueError) as exc:
        raise fail(exc if isinstance(exc, ParcoursError) else ParcoursError(str(exc))) from exc
    table = Table()
    table.add_column("Id", no_wrap=True, min_width=17)  # whole: it is what --accept takes
    table.add_column("Score", no_wrap=True)
    table.add_column("Relation", no_wrap=True, min_width=11)
    table.add_column("Source")
    table.add_column("Cible")
    table.add_column("Statut", no_wrap=True, min_width=7)
    table.add_column("Pourquoi", overflow="fold")
    for link in page.links:
        table.add_row(
            link.id,
            f"{link.score:.2f}",
            RELATION_LABELS[link.relation],
            f"{link.source_label} ({link.source.referential})",
            f"{link.target_label} ({link.target.referential})",
            STATUS_LABELS[link.status],
            ", ".join(link_service.why(link)),
        )
    if page.links:
        out.print(table)
        shown = f"{offset + 1} à {offset + len(page.links)}"
        listed = count(len(page.links), "lien affiché", "liens affichés")
        out.print(f"{listed} ({shown}) sur {page.total}.")
    else:
        out.print(f"Aucun lien à afficher ({page.total} au total).")
