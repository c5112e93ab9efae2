"""`parcours rgpd ...`: on the command line, acting as the account of an API token."""

from __future__ import annotations

import typer

from parcours.cli import app

rgpd_app = typer.Typer(help="rgpd", no_args_is_help=True)
app.add_typer(rgpd_app, name="rgpd")
