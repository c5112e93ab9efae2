"""`parcours backup` and `parcours restore`: a consistent copy of the database while it runs.

- SQLite: the online backup API (a consistent snapshot even while the server writes), to a
  SQLite file; restore copies it into a database that holds nothing yet.
- PostgreSQL: ``pg_dump --format=custom`` (a consistent snapshot in one transaction), restored
  by ``pg_restore --no-owner`` into an empty database. The tools must be on the PATH (Debian:
  ``postgresql-client`` of the server's major version or newer). A URL whose ``options`` set a
  ``search_path`` dumps and restores that schema only.

The copy holds personal data (pseudonyms, ratings, the audit log): keep it as the database is
kept, encrypted, and let the bank's backup retention apply (docs/deploy.md).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from parcours.cli.common import DatabaseOption, err, load_settings, out

if TYPE_CHECKING:  # SQLAlchemy is imported by the commands that run (see parcours.cli.common)
    from sqlalchemy.engine import URL

# Root-level commands: parcours.cli merges this app, unnamed, into `parcours`.
app = typer.Typer()


def _libpq(url: URL) -> tuple[str, str | None]:
    """A libpq connection string for the PostgreSQL tools, and the schema of a ``search_path``
    option if any."""
    options = url.query.get("options")
    text = options if isinstance(options, str) else " ".join(options or ())
    match = re.search(r"search_path=([A-Za-z0-9_]+)", text)
    plain = url.set(drivername="postgresql").difference_update_query(["options"])
    return plain.render_as_string(hide_password=False), match.group(1) if match else None


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise typer.BadParameter("une base SQLite en fichier est nécessaire", param_hint="URL")
    return Path(url.database).expanduser()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        err.print(f"{name} introuvable : installez le client PostgreSQL (postgresql-client).")
        raise typer.Exit(2)
    return found


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        err.print(f"{Path(command[0]).name} a échoué : {done.stderr.strip()}", markup=False)
        raise typer.Exit(1)


def _empty(url: str, schema: str | None) -> bool:
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        return not inspect(engine).get_table_names(schema=schema)
    finally:
        engine.dispose()


@app.command()
def backup(
    target: Annotated[Path, typer.Argument(help="Fichier de sauvegarde à écrire.")],
    database_url: DatabaseOption = None,
) -> None:
    """Sauvegarde la base pendant qu'elle sert : API de sauvegarde en ligne de SQLite, ou
    pg_dump (format custom) pour PostgreSQL."""
    from sqlalchemy.engine import make_url

    url = make_url(load_settings(database_url).database_url)
    if target.exists():
        err.print(f"{target} existe déjà : choisissez un autre fichier.", markup=False)
        raise typer.Exit(2)
    if url.get_backend_name() == "sqlite":
        source = _sqlite_path(url)
        if not source.is_file():
            err.print(f"base introuvable : {source}", markup=False)
            raise typer.Exit(2)
        with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
            live.backup(copy)
        copy.close()
    else:
        dsn, schema = _libpq(url)
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}"]
        _run([*command, *([f"--schema={schema}"] if schema else []), dsn])
    size = target.stat().st_size
    out.print(f"Sauvegarde écrite : {target} ({size} octets)", markup=False)


@app.command()
def restore(
    source: Annotated[Path, typer.Argument(help="Fichier écrit par « parcours backup ».")],
    database_url: DatabaseOption = None,
) -> None:
    """Restaure une sauvegarde dans une base vide (jamais par-dessus des données)."""
    from sqlalchemy.engine import make_url

    url = make_url(load_settings(database_url).database_url)
    if not source.is_file():
        err.print(f"sauvegarde introuvable : {source}", markup=False)
        raise typer.Exit(2)
    if url.get_backend_name() == "sqlite":
        target = _sqlite_path(url)
        if target.exists() and target.stat().st_size > 0:
            if not _empty(url.render_as_string(hide_password=False), None):
                err.print(f"{target} contient déjà des tables : restaurez dans une base vide.")
                raise typer.Exit(2)
            target.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source) as saved, sqlite3.connect(target) as copy:
            saved.backup(copy)
        copy.close()
    else:
        dsn, schema = _libpq(url)
        if not _empty(url.render_as_string(hide_password=False), schema):
            err.print("la base cible contient déjà des tables : restaurez dans une base vide.")
            raise typer.Exit(2)
        environment = {**os.environ}
        done = subprocess.run(
            [_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={dsn}", str(source)],
            capture_output=True,
            text=True,
            check=False,
            env=environment,
        )
        if done.returncode != 0:
            err.print(f"pg_restore a échoué : {done.stderr.strip()}", markup=False)
            raise typer.Exit(1)
    out.print(
        f"Sauvegarde restaurée dans {url.render_as_string(hide_password=True)} ; vérifiez-la "
        "avec « parcours rgpd verify-audit » et « parcours export ».",
        markup=False,
    )
