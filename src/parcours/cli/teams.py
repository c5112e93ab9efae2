"""`parcours teams ...`: team skills matrices and request themes, acting as the account of an
API token (same rules as the API and the pages: HR all teams, a manager their own)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from parcours.cli.common import (
    DatabaseOption,
    TokenOption,
    acting,
    acting_as,
    fail,
    load_settings,
    out,
)
from parcours.domain.errors import ParcoursError
from parcours.domain.french import count

if TYPE_CHECKING:  # the services are imported by the commands that run (see parcours.cli.common)
    from parcours.services.teams import TeamMatrix

app = typer.Typer(
    help="Matrices de compétences des équipes et thèmes de demandes.", no_args_is_help=True
)

MARKS = {"not-assessed": "?", "below": "-", "at": "=", "above": "+", "not-required": ""}


def _minimum(database_url: str | None) -> int:
    return load_settings(database_url).min_group_size


@app.command("list")
def list_(token: TokenOption = None, database_url: DatabaseOption = None) -> None:
    """Liste les équipes dont vous pouvez voir la matrice."""
    from parcours.services import teams as service

    teams = acting(database_url, token, service.visible_teams)
    table = Table("code", "équipe", "effectif")
    for t in teams:
        table.add_row(t.code, t.name, str(t.size))
    out.print(table)


def matrix_csv(matrix: TeamMatrix) -> str:
    """The matrix as the CSV `teams matrix --format csv` writes (« ; », no formulas)."""
    from parcours.services.spreadsheet import write_csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    # Display names, jobs and keys come from HR files: never written as formulas.
    if matrix.rows is not None:
        write_csv(writer, [["personne", "nom", "poste", *(c.key for c in matrix.columns)]])
        for row in matrix.rows:
            cells = [
                f"{lvl or ''}/{exp or ''}" if exp else str(lvl or "")
                for lvl, exp in zip(row.levels, row.expected, strict=True)
            ]
            write_csv(writer, [[row.person, row.label, row.job or "", *cells]])
    else:
        write_csv(writer, [["compétence", "requise_pour", "titulaires", "part"]])
        write_csv(writer, ([c.key, c.needed, c.holders, f"{c.share:.4f}"] for c in matrix.columns))
    return buffer.getvalue()


def _text(matrix: TeamMatrix) -> None:
    people = count(matrix.size, "personne", "personnes")
    out.print(f"[bold]Matrice {matrix.title}[/bold] : {people}", markup=True)
    if matrix.rows is not None:
        table = Table("personne", *(c.key for c in matrix.columns))
        for row in matrix.rows:
            table.add_row(
                row.label,
                *(
                    f"{lvl or '–'}{'/' + str(exp) if exp else ''} {MARKS[st]}".strip()
                    for lvl, exp, st in zip(row.levels, row.expected, row.status, strict=True)
                ),
            )
        out.print(table)
        out.print("Légende : niveau/attendu ; + au-dessus, = au niveau, - en dessous, ? non évalué")
    else:
        out.print(
            f"Groupe de moins de {matrix.minimum} personnes : totaux seulement, sans personne."
        )
    coverage = Table("compétence", "requise pour", "titulaires", "part")
    for c in matrix.columns:
        coverage.add_row(c.label, str(c.needed), str(c.holders), f"{100 * c.share:.0f} %")
    out.print(coverage)
    for w in matrix.weak_spots:
        who = f" ({', '.join(w.names)})" if w.names else ""
        holders = count(w.holders, "titulaire", "titulaires")
        state = "aucun titulaire" if w.holders == 0 else f"{holders}{who}"
        out.print(f"Fragilité : {w.label} : {state}", markup=False)
    for t in matrix.themes:
        state = "ALERTE goulot d'étranglement" if t.alert else "suffisant"
        who = f" : {', '.join(t.names)}" if t.names else ""
        out.print(
            f"Thème {t.name} : {t.capable} / minimum {t.min_advisors} — {state}{who}", markup=False
        )
    if matrix.advice:
        a = matrix.advice
        out.print(
            f"Formation recommandée : {a.label} au niveau {a.level} "
            f"(ouvre {', '.join(a.themes)} à {count(a.candidates, 'personne', 'personnes')})",
            markup=False,
        )


@app.command("matrix")
def matrix(
    team: Annotated[list[str], typer.Argument(help="Code(s) d'équipe.")],
    job: Annotated[str | None, typer.Option(help="Seulement les personnes de ce poste.")] = None,
    format: Annotated[str, typer.Option("--format", help="text, csv ou json.")] = "text",
    assessed: Annotated[
        bool, typer.Option("--assessed", help="Ajouter les compétences évaluées hors poste.")
    ] = False,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Affiche la matrice de compétences d'une ou plusieurs équipes."""
    from parcours.services import teams as service

    if format not in ("text", "csv", "json"):
        raise fail(ParcoursError(f"format inconnu : {format} (text, csv ou json)"))
    with acting_as(database_url, token) as (uow, principal):
        result = service.team_matrix(
            uow,
            principal,
            team,
            minimum=_minimum(database_url),
            job=job,
            include_assessed=assessed,
        )
    if format == "json":
        typer.echo(json.dumps(asdict(result), ensure_ascii=False, indent=2))
    elif format == "csv":
        typer.echo(matrix_csv(result), nl=False)
    else:
        _text(result)


@app.command("themes")
def themes(
    referential: Annotated[str | None, typer.Option(help="Référentiel.")] = None,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Liste les thèmes de demandes (RH et managers)."""
    from parcours.services import teams as service

    found = acting(database_url, token, service.list_themes, referential)
    table = Table("id", "référentiel", "thème", "compétences", "minimum", "part")
    for t in found:
        table.add_row(
            str(t.id),
            t.referential,
            t.name,
            ", ".join(f"{c}≥{lvl}" for c, lvl in t.competencies),
            str(t.min_advisors),
            f"{100 * t.share:.0f} %" if t.share is not None else "",
        )
    out.print(table)


@app.command("themes-import")
def themes_import(
    file: Annotated[Path, typer.Argument(help="CSV thème;compétence;niveau;minimum[;part].")],
    referential: Annotated[str, typer.Option(help="Référentiel des compétences.")],
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Importe des thèmes de demandes depuis un CSV (RH ; tout ou rien)."""
    from parcours.services import teams as service
    from parcours.services.teams import ThemeImportError

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise fail(ParcoursError(f"fichier illisible : {file} ({exc.strerror})")) from exc
    with acting_as(database_url, token) as (uow, principal):
        try:
            report = service.import_themes(uow, principal, referential, data)
        except ThemeImportError as exc:
            for line, reason in exc.errors:
                out.print(f"ligne {line} : {reason}", markup=False)
            raise ParcoursError("aucun thème importé") from exc
    created = count(report.created, "thème créé", "thèmes créés")
    out.print(f"{created}, {count(report.replaced, 'remplacé', 'remplacés')}")
