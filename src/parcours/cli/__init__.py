"""The `parcours` command: a thin layer that builds the services and translates errors.

Every command calls the services; none touches the store. Each module of this package is one
command group (or, for the commands at the root, one family of them) with its own Typer app;
this module only assembles them, in the order ``parcours --help`` lists them. The group modules
import ``parcours.cli.common`` (options, consoles, opening the database, errors, acting as a
token's account), never this module.

Only typer, rich and the domain's types are imported with the command line: `--help` and every
command's registration must not pay for the store (SQLAlchemy, Alembic), the services or numpy.
Each command imports what it uses when it runs (tests/test_cli_imports.py).

``app`` is the whole command line (built when first asked for: ``from parcours.cli import
app``). ``main`` builds only the module of the command typed when it can tell which one it is
(``module_of``): a cold ``parcours show`` then neither imports the other twelve modules nor
builds their hundred commands. Anything else (no command, an option first, a name it does not
know) goes to the whole command line, which answers as before.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

HELP = "parcours : la cartographie vivante des métiers et des compétences."

# The modules whose commands sit at the root (`parcours import`, `parcours search`...), merged
# unnamed, and the names of their commands (tests/test_cli_imports.py checks both ways).
ROOT_COMMANDS: dict[str, tuple[str, ...]] = {
    "catalogue": ("init", "import", "referentials", "versions", "jobs", "show", "export"),
    "serve": ("serve", "demo"),
    "engine": ("search", "mobility", "similar", "recommend", "gap", "path"),
    "backup": ("backup", "restore"),
}
# Command groups (`parcours people list`...): name -> module, in the order of the help.
GROUPS: dict[str, str] = {
    "accounts": "accounts",
    "campaigns": "campaigns",
    "corrections": "corrections",
    "people": "people",
    "links": "links",
    "juries": "juries",
    "map": "map",
    "rgpd": "rgpd",
    "teams": "teams",
    "trainings": "trainings",
}


def build(only: str | None = None) -> typer.Typer:
    """The command line: every module, or only the module ``only``."""
    import typer

    assembled = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False)
    for module in ROOT_COMMANDS:
        if only in (None, module):
            assembled.add_typer(import_module(f"parcours.cli.{module}").app)
    for name, module in GROUPS.items():
        if only in (None, module):
            assembled.add_typer(import_module(f"parcours.cli.{module}").app, name=name)
    return assembled


def module_of(args: list[str]) -> str | None:
    """The module holding the command ``args`` start with; None when the first word is no
    command's name (nothing, an option such as ``--help``, a typo)."""
    if not args:
        return None
    first = args[0]
    if first in GROUPS:
        return GROUPS[first]
    return next((m for m, names in ROOT_COMMANDS.items() if first in names), None)


def __getattr__(name: str) -> typer.Typer:
    # ``app`` is built on first use and kept (PEP 562): importing this module builds nothing.
    if name == "app":
        assembled = build()
        globals()["app"] = assembled
        return assembled
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    module = module_of(sys.argv[1:])
    command = build(module) if module is not None else __getattr__("app")
    command()
