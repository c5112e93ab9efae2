"""Every CLI command, setting and importer is documented."""

from __future__ import annotations

from pathlib import Path

from typer.main import get_command

from parcours.cli import app
from parcours.ingest.registry import BUILTIN_IMPORTERS
from parcours.settings import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_command_is_documented() -> None:
    text = (DOCS / "cli.md").read_text("utf-8")
    commands = get_command(app).commands  # type: ignore[attr-defined]
    missing = [name for name in commands if f"`parcours {name}" not in text]
    assert commands and missing == []


def test_every_setting_is_documented() -> None:
    text = (DOCS / "settings.md").read_text("utf-8")
    missing = [
        name
        for name in Settings.model_fields
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
