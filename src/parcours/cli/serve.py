"""`parcours serve` and `parcours demo`: the web application on the current database, or on the
fictitious bank of the demonstration."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer

from parcours.cli.common import DatabaseOption, err, fail, load_settings, open_uow, out
from parcours.cli.documents import print_report
from parcours.domain.errors import ParcoursError

if TYPE_CHECKING:
    from parcours.settings import Settings

# Root-level commands: parcours.cli merges this app, unnamed, into `parcours`.
app = typer.Typer()


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
    settings = load_settings(database_url, host=host, port=port)
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
    open_uow(settings.database_url)  # migrate once, before the workers start
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

    uow = open_uow(database_url)
    report = import_documents(uow, [(SAMPLE_NAME, sample_bytes())])
    print_report(report)
    if report.failed:
        raise typer.Exit(1)
    settings = load_settings(database_url)
    try:
        loaded = load_demo(
            uow, salt=settings.pseudonym_salt, password=os.environ.get("PARCOURS_DEMO_PASSWORD")
        )
    except ParcoursError as exc:
        raise fail(exc) from exc
    for message in loaded.messages:
        out.print(message)
    out.print(
        f"Comptes de démonstration : {', '.join(loaded.accounts)} — "
        f"mot de passe : [bold]{loaded.password}[/bold]"
    )
    if serve_app:
        _serve(load_settings(database_url, host=host, port=port), demo=True)
