"""The engine's commands at the root of `parcours`: search, similar, mobility, recommend, path,
gap.

Like every command they call services only and turn domain errors into messages and exit codes.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from parcours.cli.common import (
    DatabaseOption,
    FormatOption,
    OutputFormat,
    ReferentialOption,
    echo_json,
    fail,
    open_uow,
    out,
)
from parcours.domain.errors import ParcoursError

if TYPE_CHECKING:  # the services are imported by the commands that run (see parcours.cli.common)
    from parcours.services import mobility
    from parcours.services.mobility import Recommendations

# Root-level commands: parcours.cli merges this app, unnamed, into `parcours`.
app = typer.Typer()

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
            open_uow(database_url),
            query,
            kinds=set(kind) if kind else None,
            referential=referential,
            limit=top,
        )
    except ParcoursError as exc:
        raise fail(exc) from exc
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
        uow = open_uow(database_url)
        result = mobility.similar_jobs(uow, job=job, referential=referential, k=top)
    except ParcoursError as exc:
        raise fail(exc) from exc
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
            open_uow(database_url), job=job, referential=referential, k=top
        )
    except ParcoursError as exc:
        raise fail(exc) from exc
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
        raise fail(ParcoursError(f"format inconnu : {format} (formats disponibles : csv)"))
    try:
        uow = open_uow(database_url)
        rows = mobility.batch_recommendations(uow, referential=referential, k=top)
    except ParcoursError as exc:
        raise fail(exc) from exc
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
            open_uow(database_url),
            source=source,
            target=target,
            target_group=to_group,
            referential=referential,
            k=k,
            max_steps=max_steps,
            allow_down=allow_down,
        )
    except ParcoursError as exc:
        raise fail(exc) from exc
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

    uow = open_uow(database_url)
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
        raise fail(exc) from exc
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
