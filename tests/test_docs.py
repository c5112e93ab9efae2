"""Every CLI command, setting and importer is documented."""

from __future__ import annotations

from pathlib import Path

from typer.main import get_command

from parcours.cli import app
from parcours.ingest.registry import BUILTIN_IMPORTERS
from parcours.settings import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _command_names() -> list[str]:
    """Every command, groups' sub-commands as "group sub"."""
    names: list[str] = []
    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        names += [f"{name} {sub}" for sub in subs] if subs else [name]
    return names


def test_every_command_is_documented() -> None:
    # docs/cli.md, and the guides of the personal-data commands it points to.
    text = "\n".join(p.read_text("utf-8") for p in sorted(DOCS.glob("*.md")))
    names = _command_names()
    missing = [name for name in names if f"`parcours {name}" not in text]
    assert "accounts create" in names and missing == []


def test_every_setting_is_documented() -> None:
    text = (DOCS / "settings.md").read_text("utf-8")
    missing = [
        name
        for name in Settings.names
        if f"`{name}`" not in text or f"PARCOURS_{name.upper()}" not in text
    ]
    assert missing == []


def test_every_importer_is_documented() -> None:
    text = (DOCS / "importers.md").read_text("utf-8")
    missing = [
        type(imp).__name__
        for imp in BUILTIN_IMPORTERS
        if type(imp).__name__ not in text or f"`{imp.family.value}`" not in text
    ]
    assert missing == []
