"""`parcours trainings ...`: the bank's training catalogue (list, import, delete), acting as the
account of an API token (HR for the changes; anyone may list)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from parcours.cli.common import (
    DatabaseOption,
    TokenOption,
    acting,
    acting_as,
    err,
    fail,
    open_uow,
    out,
)
from parcours.domain.errors import ParcoursError

if TYPE_CHECKING:  # the services are imported by the commands that run (see parcours.cli.common)
    from parcours.services.training_catalogue import CatalogueReport

app = typer.Typer(
    help="Catalogue de formations : lister, importer (CSV ou Excel), supprimer.",
    no_args_is_help=True,
)


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n <= 1 else plural}"


def print_report(report: CatalogueReport) -> None:
    """The counts, or every kept error with its line."""
    if not report.ok:
        err.print(
            "[red]Fichier refusé, rien n'a été importé :[/red] "
            f"{_count(report.error_count, 'erreur', 'erreurs')} sur "
            f"{_count(report.rows, 'ligne', 'lignes')}."
        )
        for error in report.errors:
            where = f"ligne {error.line}" if error.line is not None else "fichier"
            column = f" ({error.column})" if error.column else ""
            err.print(f"  {where}{column} : {error.message}", markup=False, soft_wrap=True)
        if report.truncated:
            err.print(f"… et {report.error_count - len(report.errors)} autres erreurs.")
        return
    head = "Simulation (rien n'est écrit)" if report.dry_run else "Import terminé"
    out.print(
        f"{head} : {report.filename}, {_count(report.rows, 'ligne', 'lignes')}. Formations : "
        f"{_count(report.created, 'créée', 'créées')}, "
        f"{_count(report.updated, 'modifiée', 'modifiées')}, "
        f"{_count(report.unchanged, 'inchangée', 'inchangées')}.",
        markup=False,
    )


@app.command("list")
def list_(database_url: DatabaseOption = None) -> None:
    """Liste le catalogue : les formations importées ou saisies, puis celles des études."""
    from parcours.services import training_catalogue as service

    try:
        view = service.catalogue(open_uow(database_url))
    except ParcoursError as exc:
        raise fail(exc) from exc
    table = Table("code", "formation", "durée", "modalité", "organisme", "compétences", "source")
    for t in view.trainings:
        table.add_row(
            t.key,
            t.title,
            t.duration or "",
            t.modality_label or "",
            t.provider or "",
            ", ".join(c.competency + (f" ({c.level})" if c.level else "") for c in t.competencies),
            f"{t.source or ''}" + (f", ligne {t.line}" if t.line else ""),
        )
    for s in view.study:
        if not s.overridden:
            table.add_row(
                s.training.key,
                s.training.title,
                s.training.duration or "",
                "",
                "",
                ", ".join(s.training.competencies),
                f"étude : {s.referential}",
            )
    out.print(table)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="Catalogue : CSV (; ou ,) ou Excel .xlsx.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Vérifie et compte sans rien écrire.")
    ] = False,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="Encodage d'un CSV (défaut : détecté).")
    ] = None,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Importe un catalogue de formations (tout ou rien, RH seulement)."""
    from parcours.services import training_catalogue as service

    with acting_as(database_url, token) as (uow, principal):
        try:
            data = file.read_bytes()
        except OSError as exc:
            err.print(f"[red]Fichier illisible :[/red] {exc}")
            raise typer.Exit(2) from exc
        report = service.import_catalogue(
            uow, principal, data, file.name, dry_run=dry_run, encoding=encoding
        )
    print_report(report)
    if not report.ok:
        raise typer.Exit(1)


@app.command("delete")
def delete(
    key: Annotated[str, typer.Argument(help="Code de la formation.")],
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Retire une formation du catalogue (RH seulement)."""
    from parcours.services import training_catalogue as service

    acting(database_url, token, service.delete_training, key)
    out.print(f"Formation « {key} » retirée du catalogue.", markup=False)
