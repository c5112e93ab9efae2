"""`parcours juries ...`: on the command line, acting as the account of an API token."""

from __future__ import annotations

import typer

from parcours.cli import app

juries_app = typer.Typer(help="juries", no_args_is_help=True)
app.add_typer(juries_app, name="juries")
