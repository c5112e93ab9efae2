"""The referentials' commands at the root of `parcours`: init, import, referentials, versions,
jobs, show, export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from parcours.cli.common import DatabaseOption, err, fail, load_settings, open_uow, out
from parcours.cli.documents import expand, print_report, read_bundles, read_files
from parcours.domain.errors import BusyError, ParcoursError
from parcours.domain.french import count

# Root-level commands: parcours.cli merges this app, unnamed, into `parcours`.
app = typer.Typer()


@app.command()
def init(database_url: DatabaseOption = None) -> None:
    """Crée la base (ou la met à jour vers le dernier schéma)."""
    settings = load_settings(database_url)
    open_uow(database_url)
    out.print(f"Base prête : {settings.database_url}")


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="Documents (ou dossiers) à importer.")],
    referential: Annotated[
        str | None,
        typer.Option(help="Nom du référentiel (défaut : celui que propose le document)."),
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Importe des documents : fiches fonction ou métier, référentiels RNCP, études, exports.

    Chaque fichier est lu dans les limites des réglages PARCOURS_IMPORT_* (taille, contenu
    décompressé, pages, temps) : un fichier qui les dépasse est refusé seul, les autres sont
    importés."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from parcours.services.imports import import_documents, limits_from

    uow = open_uow(database_url)
    limits = limits_from(load_settings(database_url))
    paths, folders, skipped = expand(files)
    for path in skipped:
        err.print(f"ignoré : {path} (à côté d'un export reconnu, importé comme un document)")
    loaded, unreadable = read_files(paths, limits)
    bundles, unreadable_bundles = read_bundles(folders, limits)
    unreadable += unreadable_bundles
    with Progress(
        TextColumn("[bold]Lecture"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
    ) as progress:
        # One step per file, and per member file of a bundle (each CSV of the ROME export).
        steps = len(loaded) + sum(len(members) for _, members in bundles)
        task = progress.add_task("", total=steps)

        def advance(name: str) -> None:
            progress.update(task, advance=1, description=name)

        try:
            report = import_documents(
                uow,
                loaded,
                bundles=bundles,
                referential=referential,
                progress=advance,
                limits=limits,
            )
        except BusyError as exc:
            err.print(f"Import impossible : {exc}.", markup=False, soft_wrap=True)
            raise typer.Exit(2) from exc
    report.files[:0] = unreadable
    print_report(report)
    if report.failed:
        raise typer.Exit(1)


@app.command()
def referentials(database_url: DatabaseOption = None) -> None:
    """Liste les référentiels et leur dernière version."""
    from parcours.services import catalogue

    table = Table("Référentiel", "Organisation", "Version", "Postes", "Compétences", "Mobilités")
    for s in catalogue.list_referentials(open_uow(database_url)):
        table.add_row(
            s.name,
            s.organisation or "",
            str(s.version),
            str(s.jobs),
            str(s.competencies),
            str(s.mobilities),
        )
    out.print(table)


@app.command()
def versions(
    name: Annotated[str, typer.Argument(help="Nom du référentiel.")],
    database_url: DatabaseOption = None,
) -> None:
    """Liste les versions d'un référentiel et ce qui a changé."""
    from parcours.services import catalogue

    try:
        infos = catalogue.list_versions(open_uow(database_url), name)
    except ParcoursError as exc:
        raise fail(exc) from exc
    table = Table("Version", "Date", "Statut", "Documents", "Changements")
    for v in infos:
        table.add_row(
            str(v.number),
            f"{v.created_at:%Y-%m-%d %H:%M}",
            v.status,
            str(v.documents),
            v.summary or "",
        )
    out.print(table)


@app.command()
def jobs(
    search: Annotated[str | None, typer.Option("--search", "-s", help="Mots cherchés.")] = None,
    referential: Annotated[str | None, typer.Option(help="Limiter à un référentiel.")] = None,
    with_sheet: Annotated[
        bool, typer.Option(help="Seulement les postes décrits par une fiche.")
    ] = False,
    database_url: DatabaseOption = None,
) -> None:
    """Liste les postes, éventuellement filtrés par des mots."""
    from parcours.services import catalogue

    try:
        found = catalogue.list_jobs(
            open_uow(database_url),
            search=search,
            referential=referential,
            with_sheet_only=with_sheet,
        )
    except ParcoursError as exc:
        raise fail(exc) from exc
    table = Table("Référentiel", "Intitulé", "Grade", "Fiche")
    # The key is what `parcours show` takes: never truncated.
    table.add_column("Clé", overflow="fold")
    for j in found:
        table.add_row(j.referential, j.title, j.grade or "", "oui" if j.has_sheet else "non", j.key)
    out.print(table)
    out.print(f"{count(len(found), 'poste', 'postes')}.")


@app.command()
def show(
    job: Annotated[str, typer.Argument(help="Clé, intitulé (avec grade) ou mots de l'intitulé.")],
    referential: Annotated[str | None, typer.Option(help="Limiter à un référentiel.")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Affiche la fiche d'un poste, avec la source de chaque information, et ses équivalences
    et correspondances dans d'autres référentiels (liens validés, puis proposés)."""
    from parcours.services import catalogue, crosswalks

    uow = open_uow(database_url)
    try:
        sheet = catalogue.job_sheet(uow, job, referential)
        walks = crosswalks.job_crosswalks(uow, sheet.referential, sheet.job.key)
    except ParcoursError as exc:
        raise fail(exc) from exc
    j = sheet.job
    docs = sheet.documents

    def src(prov: list) -> str:  # type: ignore[type-arg]
        if not prov:
            return ""
        p = prov[0]
        name = docs[p.document].filename if p.document in docs else p.document[:12]
        return f"[dim]({name}, {p.position})[/dim]"

    out.print(
        f"[bold]{j.title}[/bold] {j.grade or ''}  — {sheet.referential} "
        f"v{sheet.version} {src(j.provenance)}"
    )
    for label, value in (
        ("Famille", j.family),
        ("Filière", j.filiere),
        ("Métier", j.metier),
        ("Classification", j.classification),
        ("Niveau", j.level),
        ("Rattachement", j.reporting_line),
        ("Lieu d'exercice", j.workplace),
        ("Effectif", j.headcount),
        ("Employeur", j.employer),
    ):
        if value:
            out.print(f"{label} : {value}")
    if not j.has_sheet:
        out.print("[italic]Poste cité comme évolution possible, sans fiche propre.[/italic]")
    if j.alt_titles:
        out.print("Autres intitulés : " + ", ".join(j.alt_titles))
    for line in j.purpose:
        out.print(line)
    if j.activities:
        out.print("[bold]Activités[/bold]")
        for a in j.activities:
            out.print(f"  - {a.domain + ' : ' if a.domain else ''}{a.label} {src(a.provenance)}")
    if j.access_conditions:
        out.print("[bold]Conditions d'accès[/bold]")
        for c in j.access_conditions:
            out.print(f"  - {c}")
    if j.requirements:
        out.print("[bold]Compétences[/bold]")
        for r in j.requirements:
            comp = sheet.competencies.get(r.competency)
            label = comp.label if comp else r.competency
            kind = comp.kind.value if comp else ""
            out.print(
                f"  - {label} [dim]{kind}, {r.importance.value}"
                f"{', niveau ' + str(r.level) if r.level else ''}[/dim] {src(r.provenance)}"
            )
            for detail in r.details:
                out.print(f"      · {detail}", markup=False)
    if sheet.moves_out:
        out.print("[bold]Évolutions possibles[/bold]")
        for m, target in sheet.moves_out:
            out.print(
                f"  → {target.title} {target.grade or ''} "
                f"[dim]{m.kind.value}, {m.origin.value}[/dim]"
            )
    if sheet.moves_in:
        out.print("[bold]Postes d'origine[/bold]")
        for m, source in sheet.moves_in:
            out.print(f"  ← {source.title} {source.grade or ''} [dim]{m.kind.value}[/dim]")
    if walks:
        out.print("[bold]Équivalences et correspondances[/bold]")
        for w in walks:
            state = "validé" if w.accepted else f"proposé, score {w.score:.2f}"
            code = f"{w.code} " if w.code else ""
            uri = f" <{w.uri}>" if w.uri else ""
            out.print(
                f"  ≈ {escape(w.referential)} : {escape(code + w.title)}{escape(uri)} "
                f"[dim]{w.relation_label}, {state}[/dim]"
            )


@app.command()
def export(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Fichier à écrire ('-' : sortie standard).")
    ],
    format: Annotated[str, typer.Option("--format", help="Format d'export : json.")] = "json",
    referential: Annotated[
        list[str] | None, typer.Option(help="Référentiel(s) à exporter (défaut : tous).")
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Exporte les référentiels au format JSON parcours/1 (réimportable)."""
    if format != "json":
        err.print(f"[red]Format inconnu : {format} (formats disponibles : json)[/red]")
        raise typer.Exit(2)
    from parcours.services import catalogue

    try:
        document = catalogue.export_document(open_uow(database_url), referential or None)
    except ParcoursError as exc:
        raise fail(exc) from exc
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    if str(output) == "-":
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        out.print(f"Export écrit : {output} ({len(document['jobs'])} postes)")
