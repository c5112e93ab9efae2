"""The `parcours` command: a thin layer that builds the services and translates errors.

Every command calls the services; none touches the store. Each module of this package is one
command group (or, for the commands at the root, one family of them) with its own Typer app;
this module only assembles them, in the order ``parcours --help`` lists them. The group modules
import ``parcours.cli.common`` (options, consoles, opening the database, errors, acting as a
token's account), never this module.

Only typer, rich and the domain's types are imported with the command line: `--help` and every
command's registration must not pay for the store (SQLAlchemy, Alembic), the services or numpy.
Each command imports what it uses when it runs (tests/test_cli_imports.py).
"""

from __future__ import annotations

import typer

from parcours.cli import (
    accounts,
    backup,
    campaigns,
    catalogue,
    corrections,
    engine,
    juries,
    links,
    people,
    rgpd,
    serve,
    teams,
    trainings,
)
from parcours.cli import map as map_

app = typer.Typer(
    help="parcours : la cartographie vivante des métiers et des compétences.",
    no_args_is_help=True,
    add_completion=False,
)

# Commands at the root (`parcours import`, `parcours search`...): merged, unnamed.
for commands in (catalogue, serve, engine, backup):
    app.add_typer(commands.app)

# Command groups (`parcours people list`...).
app.add_typer(accounts.app, name="accounts")
app.add_typer(campaigns.app, name="campaigns")
app.add_typer(corrections.app, name="corrections")
app.add_typer(people.app, name="people")
app.add_typer(links.app, name="links")
app.add_typer(juries.app, name="juries")
app.add_typer(map_.app, name="map")
app.add_typer(rgpd.app, name="rgpd")
app.add_typer(teams.app, name="teams")
app.add_typer(trainings.app, name="trainings")


def main() -> None:
    app()
