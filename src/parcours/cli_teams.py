"""`parcours teams ...`: on the command line, acting as the account of an API token."""

from __future__ import annotations

import typer

from parcours.cli import app

teams_app = typer.Typer(help="teams", no_args_is_help=True)
app.add_typer(teams_app, name="teams")
