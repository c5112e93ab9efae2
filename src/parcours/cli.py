"""The `parcours` command: a thin layer that builds the services and translates errors.

Every command calls the services; none touches the store.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from parcours.domain.errors import BusyError, DocumentError, ParcoursError
from parcours.domain.french import count

# Only typer, rich and the domain's types are imported with the command line: `--help` and
# every command's registration must not pay for the store (SQLAlchemy, Alembic), the services
# or numpy. Each command imports what it uses when it runs (tests/test_cli_imports.py).
if TYPE_CHECKING:
    from parcours.services.imports import FileOutcome, ImportReport, Limits, UowFactory
    from parcours.settings import Settings

app = typer.Typer(
    help="parcours : la cartographie vivante des métiers et des compétences.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="URL SQLAlchemy de la base (défaut : PARCOURS_DATABASE_URL, sinon sqlite:///parcours.db).",
    ),
]


def _settings(database_url: str | None, **overrides: object) -> Settings:
    from pydantic import ValidationError

    from parcours.settings import Settings, explain

    values = {k: v for k, v in overrides.items() if v is not None}
    if database_url:
        values["database_url"] = database_url
    try:
        return Settings(**values)  # type: ignore[arg-type]
    except ValidationError as exc:
        err.print(f"Réglage invalide : {explain(exc)}", markup=False, soft_wrap=True)
        raise typer.Exit(2) from exc


def _uow(database_url: str | None) -> UowFactory:
    from parcours.bootstrap import build_uow_factory

    try:
        return build_uow_factory(_settings(database_url))
    except Exception as exc:  # a database that cannot be opened is a user-facing error
        err.print(f"[red]Base de données inaccessible :[/red] {exc}")
        raise typer.Exit(2) from exc


def _fail(exc: ParcoursError) -> typer.Exit:
    err.print(f"[red]Erreur :[/red] {exc}")
    return typer.Exit(1)


@app.command()
def init(database_url: DatabaseOption = None) -> None:
    """Crée la base (ou la met à jour vers le dernier schéma)."""
    settings = _settings(database_url)
    _uow(database_url)
    out.print(f"Base prête : {settings.database_url}")


Bundle = tuple[Path, list[str], str]  # folder, its member files, the document's name


def _expand(paths: list[Path]) -> tuple[list[Path], list[Bundle], list[Path]]:
    """The files to import one by one, the folders that form one document each (bundles,
    such as the ROME export: the folder with the names of the files its importer reads), and
    the files left aside because they sit beside a recognised export."""
    files: list[Path] = []
    bundles: list[Bundle] = []
    skipped: list[Path] = []
    for path in paths:
        if path.is_dir():
            _walk(path, files, bundles, skipped)
        else:
            files.append(path)
    return files, bundles, skipped


def _members(folder: Path) -> list[str]:
    from parcours.services.imports import bundle_members

    try:
        return bundle_members(p.name for p in folder.iterdir() if p.is_file())
    except OSError:
        return []


NOTE_SUFFIXES = (".md", ".rst")


def _is_note(path: Path) -> bool:
    """A file of notes beside an export (README, SOURCE.md, licence), not a document."""
    name = path.name.lower()
    return path.suffix.lower() in NOTE_SUFFIXES or name.startswith(("readme", "licen", "lisezmoi"))


def _walk(folder: Path, files: list[Path], bundles: list[Bundle], skipped: list[Path]) -> None:
    from parcours.services.imports import bundle_members

    try:
        entries = sorted(folder.iterdir())
    except OSError:
        files.append(folder)  # reported as unreadable, with the reason
        return
    members = bundle_members(p.name for p in entries if p.is_file())
    if members:
        bundles.append((folder, members, folder.resolve().name))
        return
    # A folder holding an export in a sub-folder (e.g. rome-v344/csv beside its notes and an
    # XML copy): the export is a document; the notes and the other sub-folders are its
    # packaging, set aside; other files beside it are documents as usual. When nothing else is
    # imported, the export is named after this folder (rome-v344 rather than csv).
    inner = [(e, m) for e in entries if e.is_dir() and (m := _members(e))]
    if inner:
        kept = {sub for sub, _ in inner}
        documents = [e for e in entries if e.is_file() and not _is_note(e)]
        for sub, found in inner:
            alone = len(inner) == 1 and not documents
            bundles.append((sub, found, folder.resolve().name if alone else sub.resolve().name))
        files.extend(documents)
        for entry in entries:
            if entry.is_file() and _is_note(entry):
                skipped.append(entry)
            elif entry.is_dir() and entry not in kept:
                skipped.extend(p for p in sorted(entry.rglob("*")) if p.is_file())
        return
    for entry in entries:
        if entry.is_dir():
            _walk(entry, files, bundles, skipped)
        elif entry.is_file():
            files.append(entry)


def _read_bundles(
    bundles: list[Bundle], limits: Limits | None = None
) -> tuple[list[tuple[str, dict[str, bytes]]], list[FileOutcome]]:
    """Each bundle's member files' bytes by file name; a failed outcome when one is unreadable
    or the members pass the size limits (checked on the file system, before reading; the
    default limits when None)."""
    from parcours.services.imports import DEFAULT_LIMITS, FileOutcome, check_bundle_sizes, refused

    limits = DEFAULT_LIMITS if limits is None else limits
    loaded: list[tuple[str, dict[str, bytes]]] = []
    failed: list[FileOutcome] = []
    for folder, members, name in bundles:
        try:
            check_bundle_sizes(name, {n: (folder / n).stat().st_size for n in members}, limits)
            loaded.append((name, {n: (folder / n).read_bytes() for n in members}))
        except DocumentError as exc:
            failed.append(refused(str(folder), exc))
        except OSError as exc:
            reason = f"fichier illisible ({exc.filename}: {exc.strerror or exc})"
            failed.append(FileOutcome(str(folder), "failed", error=reason))
    return loaded, failed


def _read_files(
    paths: list[Path], limits: Limits | None = None
) -> tuple[list[tuple[str, bytes]], list[FileOutcome]]:
    """The files' bytes, and a failed outcome (with its reason) for each one that can't be read
    or is larger than ``max_file_bytes`` (never read into memory then; the default limits
    when None)."""
    from parcours.services.imports import DEFAULT_LIMITS, FileOutcome, refused, too_large

    limits = DEFAULT_LIMITS if limits is None else limits
    loaded: list[tuple[str, bytes]] = []
    failed: list[FileOutcome] = []
    for path in paths:
        if not path.exists():
            failed.append(FileOutcome(str(path), "failed", error="fichier introuvable"))
            continue
        try:
            size = path.stat().st_size
            if size > limits.max_file_bytes:
                failed.append(refused(str(path), too_large(str(path), size, limits)))
                continue
            # A file that grew since is refused by the pipeline's own size check.
            loaded.append((path.name, path.read_bytes()))
        except OSError as exc:
            reason = f"fichier illisible ({exc.strerror or exc})"
            failed.append(FileOutcome(str(path), "failed", error=reason))
    return loaded, failed


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

    uow = _uow(database_url)
    limits = limits_from(_settings(database_url))
    paths, folders, skipped = _expand(files)
    for path in skipped:
        err.print(f"ignoré : {path} (à côté d'un export reconnu, importé comme un document)")
    loaded, unreadable = _read_files(paths, limits)
    bundles, unreadable_bundles = _read_bundles(folders, limits)
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
    _print_report(report)
    if report.failed:
        raise typer.Exit(1)


_STATUS = {"imported": "importé", "unchanged": "inchangé", "failed": "ÉCHEC"}
_COUNTS = (
    ("jobs", "postes"),
    ("competencies", "compétences"),
    ("mobilities", "mobilités"),
    ("certifications", "certifications"),
)


def _print_report(report: ImportReport) -> None:
    """One line per file (readable in any terminal width), then warnings and new versions."""
    for f in report.files:
        status = _STATUS.get(f.status, f.status)
        if f.status == "failed":
            out.print(f"[red]ÉCHEC {f.filename} : {f.error}[/red]", soft_wrap=True)
            continue
        counts = ", ".join(f"{f.counts.get(k, 0)} {label}" for k, label in _COUNTS)
        out.print(
            f"{status} {f.filename} [{f.family}] → {', '.join(f.referentials)} : {counts}, "
            f"{count(len(f.warnings), 'alerte', 'alertes')}",
            soft_wrap=True,
            markup=False,
        )
    for f in report.files:
        for w in f.warnings:
            out.print(f"alerte {f.filename} {w}", soft_wrap=True, markup=False)
    for v in report.versions:
        out.print(
            f"Référentiel « {v.name} » : version {v.version} ({v.diff.summary()})",
            soft_wrap=True,
            markup=False,
        )
    ok = sum(1 for f in report.files if f.status != "failed")
    out.print(f"{count(ok, 'fichier traité', 'fichiers traités')}, {len(report.failed)} en échec.")


@app.command()
def referentials(database_url: DatabaseOption = None) -> None:
    """Liste les référentiels et leur dernière version."""
    from parcours.services import catalogue

    table = Table("Référentiel", "Organisation", "Version", "Postes", "Compétences", "Mobilités")
    for s in catalogue.list_referentials(_uow(database_url)):
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
        infos = catalogue.list_versions(_uow(database_url), name)
    except ParcoursError as exc:
        raise _fail(exc) from exc
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
            _uow(database_url), search=search, referential=referential, with_sheet_only=with_sheet
        )
    except ParcoursError as exc:
        raise _fail(exc) from exc
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

    uow = _uow(database_url)
    try:
        sheet = catalogue.job_sheet(uow, job, referential)
        walks = crosswalks.job_crosswalks(uow, sheet.referential, sheet.job.key)
    except ParcoursError as exc:
        raise _fail(exc) from exc
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
        document = catalogue.export_document(_uow(database_url), referential or None)
    except ParcoursError as exc:
        raise _fail(exc) from exc
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    if str(output) == "-":
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        out.print(f"Export écrit : {output} ({len(document['jobs'])} postes)")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Adresse d'écoute (défaut 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (défaut 8000).")] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1, max=64, help="Processus de service (plusieurs : PostgreSQL conseillé)."
        ),
    ] = 1,
    database_url: DatabaseOption = None,
) -> None:
    """Sert l'application web sur la base courante (refuse la clé des pseudonymes de la
    démonstration : réglez PARCOURS_PSEUDONYM_SALT)."""
    settings = _settings(database_url, host=host, port=port)
    _serve(settings, workers=workers, demo=False)


def _serve(settings: Settings, *, workers: int = 1, demo: bool) -> None:
    """Start the web server: one process, or ``workers`` processes sharing the port (each
    builds the app from the environment: ``parcours.web.asgi``)."""
    import uvicorn

    from parcours.settings import pseudonym_key_problem
    from parcours.web.operations import configure_logging

    problem = pseudonym_key_problem(settings)
    if problem is not None and not demo:
        err.print(f"Démarrage refusé : {problem}.", markup=False, soft_wrap=True)
        raise typer.Exit(2)
    if problem is not None:
        out.print(
            "Démonstration : clé des pseudonymes publique, à ne jamais utiliser avec des "
            "personnes réelles.",
            markup=False,
        )
    else:
        out.print("Clé des pseudonymes : la vôtre (PARCOURS_PSEUDONYM_SALT).", markup=False)
    configure_logging(settings)
    options = {"host": settings.host, "port": settings.port, "log_level": "warning"}
    if workers == 1:
        from parcours.web.app import create_app

        application = create_app(settings)
        address = f"http://{settings.host}:{settings.port}/"
        out.print(f"parcours sur {address}  (base : {settings.database_url})")
        uvicorn.run(application, access_log=False, **options)  # type: ignore[arg-type]
        return
    # The workers read their settings from the environment: hand them this command's.
    _uow(settings.database_url)  # migrate once, before the workers start
    os.environ["PARCOURS_DATABASE_URL"] = settings.database_url
    os.environ["PARCOURS_HOST"] = settings.host
    os.environ["PARCOURS_PORT"] = str(settings.port)
    if demo:
        os.environ["PARCOURS_DEMO_MODE"] = "1"
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        import tempfile

        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="parcours-metrics-")
    out.print(
        f"parcours sur http://{settings.host}:{settings.port}/  ({workers} processus, base : "
        f"{settings.database_url})"
    )
    uvicorn.run(
        "parcours.web.asgi:create",
        factory=True,
        workers=workers,
        access_log=False,
        **options,  # type: ignore[arg-type]
    )


@app.command()
def demo(
    serve_app: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Servir l'application ensuite.")
    ] = True,
    host: Annotated[str | None, typer.Option(help="Adresse d'écoute.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Importe le référentiel d'exemple fourni (banque fictive), ses personnes fictives et des
    comptes de démonstration, puis sert l'application."""
    from parcours.demo import SAMPLE_NAME, sample_bytes
    from parcours.services.demo import load_demo
    from parcours.services.imports import import_documents

    uow = _uow(database_url)
    report = import_documents(uow, [(SAMPLE_NAME, sample_bytes())])
    _print_report(report)
    if report.failed:
        raise typer.Exit(1)
    settings = _settings(database_url)
    try:
        loaded = load_demo(
            uow, salt=settings.pseudonym_salt, password=os.environ.get("PARCOURS_DEMO_PASSWORD")
        )
    except ParcoursError as exc:
        raise _fail(exc) from exc
    for message in loaded.messages:
        out.print(message)
    out.print(
        f"Comptes de démonstration : {', '.join(loaded.accounts)} — "
        f"mot de passe : [bold]{loaded.password}[/bold]"
    )
    if serve_app:
        _serve(_settings(database_url, host=host, port=port), demo=True)


# The engine's commands (search, similar, mobility, recommend, path, gap, links), the accounts,
# and the personal-data commands (people, campaigns, juries, teams, rgpd: they act as the account
# of an API token) register themselves on ``app``.
from parcours import (  # noqa: E402
    cli_accounts,  # noqa: F401
    cli_campaigns,  # noqa: F401
    cli_corrections,  # noqa: F401
    cli_development,  # noqa: F401
    cli_engine,  # noqa: F401
    cli_hris,  # noqa: F401
    cli_juries,  # noqa: F401
    cli_map,  # noqa: F401
    cli_ops,  # noqa: F401
    cli_people,  # noqa: F401
    cli_rgpd,  # noqa: F401
    cli_teams,  # noqa: F401
    cli_trainings,  # noqa: F401
)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
