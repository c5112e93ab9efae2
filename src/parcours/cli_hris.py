"""`parcours people import`: bulk import of an HRIS export (registered on the people group)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from parcours.cli import DatabaseOption, _settings, err, out
from parcours.cli_accounts import TokenOption, acting_as
from parcours.cli_people import people_app
from parcours.domain.french import count

if TYPE_CHECKING:  # the services are imported by the commands that run (see parcours.cli)
    from parcours.services.hris import HrisReport


def print_report(report: HrisReport) -> None:
    """The counts, or the table of errors (the first ones, with the total)."""
    if not report.ok:
        err.print(
            f"[red]Fichier refusé, rien n'a été importé :[/red] "
            f"{count(report.error_count, 'erreur', 'erreurs')}"
            f" sur {count(report.rows, 'ligne', 'lignes')}."
        )
        for error in report.errors:
            where = f"ligne {error.line}" if error.line is not None else "fichier"
            column = f" ({error.column})" if error.column else ""
            err.print(f"  {where}{column} : {error.message}", markup=False, soft_wrap=True)
        if report.truncated:
            others = report.error_count - len(report.errors)
            err.print(f"… et {count(others, 'autre erreur', 'autres erreurs')}.")
        return
    head = "Simulation (rien n'est écrit)" if report.dry_run else "Import terminé"
    rows = count(report.rows, "ligne", "lignes")
    out.print(f"{head} : {report.filename}, {rows}.", markup=False)
    if report.kind is not None and report.kind.value == "people":
        out.print(
            f"Personnes : {count(report.created, 'créée', 'créées')}, "
            f"{count(report.updated, 'modifiée', 'modifiées')}, "
            f"{count(report.unchanged, 'inchangée', 'inchangées')}.",
            markup=False,
        )
        out.print(
            f"Équipes : {count(report.teams_created, 'créée', 'créées')}, "
            f"{count(report.teams_updated, 'modifiée', 'modifiées')}.",
            markup=False,
        )
    else:
        out.print(
            f"Évaluations : {count(report.added, 'ajoutée', 'ajoutées')}, "
            f"{count(report.already_present, 'déjà présente', 'déjà présentes')}.",
            markup=False,
        )


@people_app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(help="Export du SIRH : CSV (UTF-8 ou CP1252, ; ou ,) ou Excel .xlsx.")
    ],
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="people ou assessments (défaut : d'après les en-têtes)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Vérifie et compte sans rien écrire.")
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            help="Encodage d'un CSV (utf-8, cp1252, shift_jis…) : défaut, détecté ou refusé.",
        ),
    ] = None,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Importe des personnes ou des évaluations d'un export SIRH (tout ou rien, RH seulement)."""
    from parcours.services.hris import import_hris
    from parcours.settings import pseudonym_key_problem

    settings = _settings(database_url)
    problem = pseudonym_key_problem(settings)
    if problem is not None:
        err.print(f"Import refusé : {problem}.", markup=False, soft_wrap=True)
        raise typer.Exit(2)
    with acting_as(database_url, token) as (uow, principal):
        try:
            data = file.read_bytes()
        except OSError as exc:
            err.print(f"[red]Fichier illisible :[/red] {exc}")
            raise typer.Exit(2) from exc
        report = import_hris(
            uow,
            principal,
            data,
            file.name,
            salt=settings.pseudonym_salt,
            kind=kind,
            dry_run=dry_run,
            encoding=encoding,
        )
    print_report(report)
    if not report.ok:
        raise typer.Exit(1)
