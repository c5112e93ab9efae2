"""`parcours people ...`: on the command line, acting as the account of an API token."""

from __future__ import annotations

import typer

from parcours.cli import app

people_app = typer.Typer(help="people", no_args_is_help=True)
app.add_typer(people_app, name="people")
