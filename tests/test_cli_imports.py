"""The command line starts without the store, the services or numpy.

`parcours --help` and the registration of every command import typer, rich and the domain's
types only; each command imports the services it calls when it runs. A module-level import of
a service in a module of parcours/cli/ would bring SQLAlchemy, Alembic or numpy back into every
start (seconds on a large referential's machine): these tests fail then. Checked in a fresh
interpreter, since the test session itself has imported everything. The package's imports go
one way: ``parcours.cli`` assembles the group modules, which import its helpers only.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import typer.main
from typer.core import TyperGroup

import parcours.cli

HEAVY = ("sqlalchemy", "alembic", "numpy", "scipy", "pydantic", "simplemma", "fastapi")


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted({m.split(".")[0] for m in modules} & set(HEAVY))


def test_importing_the_command_line_imports_no_store_service_or_numpy() -> None:
    assert not any(m.startswith("parcours.cli.") for m in _modules_after("import parcours.cli"))
    modules = _modules_after("from parcours.cli import app")
    assert "parcours.cli.engine" in modules and "parcours.cli.rgpd" in modules  # all registered
    assert _heavy(modules) == []
    assert sorted(m for m in modules if m.startswith(("parcours.services", "parcours.store"))) == []


def test_help_lists_every_command_without_the_store() -> None:
    code = (
        "import sys\n"
        "from parcours.cli import app\n"
        "try:\n"
        "    app(['--help'], prog_name='parcours')\n"
        "except SystemExit:\n"
        "    pass\n"
    )
    modules = _modules_after(code)
    assert _heavy(modules) == []


def test_opening_a_database_at_head_loads_neither_alembic_nor_the_other_stores(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'parcours.db'}"
    code = (
        "from parcours.bootstrap import build_uow_factory\n"
        "from parcours.settings import Settings\n"
        f"factory = build_uow_factory(Settings.from_environment(database_url={url!r}))\n"
        "with factory() as uow:\n"
        "    uow.referentials.list_referentials()\n"
    )
    created = _modules_after(code)  # a new database: Alembic creates the schema
    assert "alembic" in {m.split(".")[0] for m in created}
    modules = _modules_after(code)  # at the head revision now: Alembic is not needed
    assert _heavy(modules) == ["sqlalchemy"]  # the store (the settings need no pydantic)
    others = ("parcours.store.models_people", "parcours.store.audit", "parcours.services.imports")
    assert [m for m in others if m in modules] == []


def test_command_modules_import_the_shared_helpers_never_the_assembly() -> None:
    helpers = {"parcours.cli.common", "parcours.cli.documents"}
    package = Path(parcours.cli.__file__).parent
    wrong: list[str] = []
    for path in sorted(package.glob("*.py")):
        if path.name in ("__init__.py", "__main__.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            wrong += [
                f"{path.name}: {n}"
                for n in names
                if (n == "parcours.cli" or n.startswith("parcours.cli.")) and n not in helpers
            ]
    assert wrong == []


def test_the_table_of_commands_names_every_module_and_command() -> None:
    whole = typer.main.get_command(parcours.cli.build())
    assert isinstance(whole, TyperGroup)
    for module, names in parcours.cli.ROOT_COMMANDS.items():
        alone = typer.main.get_command(parcours.cli.build(module))
        assert isinstance(alone, TyperGroup)
        assert sorted(alone.commands) == sorted(names), module
        assert all(parcours.cli.module_of([name, "--help"]) == module for name in names)
    groups = set(parcours.cli.GROUPS)
    roots = {name for names in parcours.cli.ROOT_COMMANDS.values() for name in names}
    assert set(whole.commands) == groups | roots and not groups & roots
    modules = {p.stem for p in Path(parcours.cli.__file__).parent.glob("*.py")}
    helpers = {"__init__", "__main__", "common", "documents"}
    assert modules - helpers == set(parcours.cli.ROOT_COMMANDS) | set(parcours.cli.GROUPS.values())
    assert [parcours.cli.module_of(a) for a in ([], ["--help"], ["shw"])] == [None, None, None]


def test_a_command_typed_builds_its_module_only() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['parcours', 'people', '--help']\n"
        "from parcours.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
    )
    modules = _modules_after(code)
    built = sorted(m for m in modules if m.startswith("parcours.cli."))
    assert built == ["parcours.cli.common", "parcours.cli.people"]
