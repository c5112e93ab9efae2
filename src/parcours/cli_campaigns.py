"""`parcours campaigns ...`: on the command line, acting as the account of an API token."""

from __future__ import annotations

import typer

from parcours.cli import app

campaigns_app = typer.Typer(help="campaigns", no_args_is_help=True)
app.add_typer(campaigns_app, name="campaigns")
