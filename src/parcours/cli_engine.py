"""`parcours` commands of the engine: search, similar, mobility, recommend, path, gap, links.

Registered on the main app by ``parcours.cli``; like every command they call services only
and turn domain errors into messages and exit codes.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from parcours.cli import DatabaseOption, _fail, _uow, app, err, out
from parcours.cli_accounts import TokenOption, admin_or_actor
from parcours.cli_output import FormatOption, OutputFormat, echo_json
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

if TYPE_CHECKING:  # the services are imported by the commands that run (see parcours.cli)
    from parcours.services import mobility
    from parcours.services.mobility import Recommendations

ReferentialOption = Annotated[str | None, typer.Option(help="Limiter à un référentiel.")]
TopOption = Annotated[int, typer.Option("--top", "-k", help="Nombre de résultats.")]


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Mots cherchés (accents, casse, pluriel, 1 faute).")],
    kind: Annotated[
        list[str] | None, typer.Option(help="job, competency ou certification (répétable).")
    ] = None,
    referential: ReferentialOption = None,
    top: TopOption = 10,
    database_url: DatabaseOption = None,
) -> None:
    """Cherche dans les postes, les compétences et les certifications."""
    from parcours.services.search import search as search_service

    try:
        results = search_service(
            _uow(database_url),
            query,
            kinds=set(kind) if kind else None,
            referential=referential,
            limit=top,
        )
    except ParcoursError as exc:
        raise _fail(exc) from exc
    for term, alternatives in results.expansions.items():
        out.print(f"« {term} » compris comme : {', '.join(alternatives)}", markup=False)
    names = {"job": "Postes", "competency": "Compétences", "certification": "Certifications"}
    for group, hits in results.groups.items():
        if not hits:
            continue
        out.print(f"[bold]{names.get(group, group)}[/bold] ({results.totals.get(group, 0)})")
        for hit in hits:
            out.print(
                f"  {hit.score:6.2f}  {hit.label}  [{hit.referential} : {hit.key}]",
                markup=False,
                soft_wrap=True,
            )
    if not any(results.groups.values()):
        out.print("Aucun résultat.")


def _why(item: mobility.Recommendation) -> list[str]:
    """Each term of the score with its share of it (the shares add up to the score), then the
    links between documents and the reference move it relied on."""
    parts = item.reasons.parts
    lines = [f"{t.label} : {round(100 * t.share)} %" for t in parts.terms] if parts else []
    lines += [use.text for use in item.links]
    if item.via:
        lines.append(f"mobilité proposée par {item.via}")
    return lines


def _print_recommendations(result: Recommendations) -> None:
    from parcours.services import mobility

    head = result.source.title if result.source else (result.person or "profil")
    out.print(f"[bold]{head}[/bold] — {result.referential} v{result.version}")
    table = Table(
        "Rang", "Poste", "Score", "Origine", "Type", "Pourquoi", "Partagées", "Manquantes"
    )
    for item in result.items:
        r = item.reasons
        shared = ", ".join(c.label for c in r.shared[:3])
        missing = ", ".join(c.label for c in r.missing[:3])
        table.add_row(
            str(item.rank),
            item.title + (f"\n({item.referential})" if item.referential else ""),
            f"{item.score:.3f}",
            "déclarée" if item.declared else "calculée",
            mobility.MOVE_TYPE_LABELS.get(item.move_type or "", ""),
            "\n".join(_why(item)),
            f"{r.shared_count} ({shared})" if r.shared_count else "0",
            f"{r.missing_count} ({missing})" if r.missing_count else "0",
        )
    out.print(table)
    if result.unknown:
        out.print("Compétences du profil inconnues du référentiel : " + ", ".join(result.unknown))


@app.command()
def similar(
    job: Annotated[str, typer.Argument(help="Poste : clé, code, intitulé ou mots.")],
    referential: ReferentialOption = None,
    top: TopOption = 10,
    format: FormatOption = OutputFormat.TABLE,
    database_url: DatabaseOption = None,
) -> None:
    """Les postes les plus proches d'un poste (compétences, hiérarchie, grade, intitulé)."""
    from parcours.services import mobility

    try:
        result = mobility.similar_jobs(_uow(database_url), job=job, referential=referential, k=top)
    except ParcoursError as exc:
        raise _fail(exc) from exc
    if format is OutputFormat.JSON:
        echo_json(result)
    else:
        _print_recommendations(result)


@app.command("mobility")
def mobility_(
    job: Annotated[str, typer.Argument(help="Poste de départ.")],
    referential: ReferentialOption = None,
    top: TopOption = 10,
    format: FormatOption = OutputFormat.TABLE,
    database_url: DatabaseOption = None,
) -> None:
    """Les mobilités possibles depuis un poste : déclarées d'abord, puis calculées, expliquées."""
    from parcours.services import mobility

    try:
        result = mobility.recommend_for_job(
            _uow(database_url), job=job, referential=referential, k=top
        )
    except ParcoursError as exc:
        raise _fail(exc) from exc
    if format is OutputFormat.JSON:
        echo_json(result)
    else:
        _print_recommendations(result)


@app.command()
def recommend(
    referential: Annotated[str, typer.Option(help="Référentiel dont les postes sont traités.")],
    top: TopOption = 10,
    format: Annotated[str, typer.Option("--format", help="csv")] = "csv",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Fichier (défaut : sortie standard).")
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Pour chaque poste d'un référentiel, ses K meilleures cibles (job,target,rank,score)."""
    from parcours.services import mobility
    from parcours.services.spreadsheet import write_csv

    if format != "csv":
        raise _fail(ParcoursError(f"format inconnu : {format} (formats disponibles : csv)"))
    try:
        rows = mobility.batch_recommendations(_uow(database_url), referential=referential, k=top)
    except ParcoursError as exc:
        raise _fail(exc) from exc
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    write_csv(
        writer,
        [
            ["job", "target", "rank", "score"],
            *([row.job, row.target, row.rank, f"{row.score:.6f}"] for row in rows),
        ],
    )
    if output is None:
        typer.echo(buffer.getvalue(), nl=False)
    else:
        output.write_text(buffer.getvalue(), encoding="utf-8")


@app.command()
def path(
    source: Annotated[str, typer.Argument(help="Poste de départ.")],
    target: Annotated[str | None, typer.Argument(help="Poste visé.")] = None,
    to_group: Annotated[
        str | None, typer.Option("--to-group", help="Viser tout poste d'une famille ou filière.")
    ] = None,
    referential: ReferentialOption = None,
    k: Annotated[int, typer.Option("-k", help="Nombre de chemins.")] = 3,
    max_steps: Annotated[int, typer.Option(help="Nombre d'étapes au plus.")] = 4,
    allow_down: Annotated[bool, typer.Option(help="Autoriser les baisses de grade.")] = False,
    format: FormatOption = OutputFormat.TABLE,
    database_url: DatabaseOption = None,
) -> None:
    """Les meilleurs parcours d'un poste à un autre, chaque étape expliquée."""
    from parcours.services import mobility

    try:
        result = mobility.career_paths(
            _uow(database_url),
            source=source,
            target=target,
            target_group=to_group,
            referential=referential,
            k=k,
            max_steps=max_steps,
            allow_down=allow_down,
        )
    except ParcoursError as exc:
        raise _fail(exc) from exc
    if format is OutputFormat.JSON:
        echo_json(result)
        return
    if not result.paths:
        out.print(f"Aucun parcours en {max_steps} étapes au plus.")
    for number, found in enumerate(result.paths, start=1):
        out.print(f"[bold]Parcours {number}[/bold] (coût {found.cost:.2f})")
        for step in found.steps:
            r = step.reasons
            missing = ", ".join(c.label for c in r.missing[:4])
            out.print(
                f"  → {step.title} ({'déclarée' if step.declared else 'calculée'}, "
                f"score {step.score:.2f}; à acquérir : {missing or 'rien'})",
                markup=False,
                soft_wrap=True,
            )


@app.command()
def gap(
    profile: Annotated[str, typer.Argument(help="Fichier de profil (JSON/CSV) ou poste actuel.")],
    target: Annotated[str, typer.Argument(help="Poste visé.")],
    referential: ReferentialOption = None,
    format: FormatOption = OutputFormat.TABLE,
    database_url: DatabaseOption = None,
) -> None:
    """L'écart entre un profil (ou un poste) et un poste visé, et les formations qui le comblent."""
    from parcours.services import mobility

    uow = _uow(database_url)
    try:
        file = Path(profile)
        if file.is_file():
            report = mobility.gap_for_profile(
                uow,
                profile=mobility.read_profile(file.read_bytes(), file.name),
                target=target,
                referential=referential,
            )
        else:
            report = mobility.gap_between_jobs(
                uow, source=profile, target=target, referential=referential
            )
    except ParcoursError as exc:
        raise _fail(exc) from exc
    if format is OutputFormat.JSON:
        echo_json(report)
        return
    g = report.gap
    out.print(f"[bold]{g.target_title}[/bold] : couverture {g.coverage:.0f} %")
    for title, items in (
        ("Acquises", g.covered),
        ("Niveau insuffisant", g.under_level),
        ("Manquantes", g.missing),
    ):
        if items:
            out.print(f"{title} ({len(items)})")
            for item in items:
                levels = f" {item.held_level or '?'}/{item.required_level or '?'}"
                out.print(f"  - {item.label}{levels if item.required_level else ''}", markup=False)
    for option in g.trainings:
        out.print(
            f"Formation : {option.title} ({option.duration or 'durée ?'}) "
            f"comble {option.closes_weight:.0%} de l'écart",
            markup=False,
        )
    if report.reachable:
        out.print(
            "Postes accessibles : "
            + ", ".join(f"{r.job.title} ({r.steps})" for r in report.reachable[:10])
        )


links_app = typer.Typer(help="Liens entre compétences (et postes) de référentiels différents.")
app.add_typer(links_app, name="links")


@links_app.command("propose")
def links_propose(
    source: Annotated[str | None, typer.Option(help="Référentiel source (défaut : tous).")] = None,
    target: Annotated[str | None, typer.Option(help="Référentiel cible (défaut : autres).")] = None,
    jobs: Annotated[bool, typer.Option(help="Lier aussi les postes.")] = False,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Propose des liens entre référentiels (à revoir ensuite)."""
    from parcours.services import links as link_service

    uow = _uow(database_url)
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
        raise _fail(exc) from exc


@links_app.command("review")
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
    uow = _uow(database_url)
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
        raise _fail(exc if isinstance(exc, ParcoursError) else ParcoursError(str(exc))) from exc
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
