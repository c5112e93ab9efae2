"""The bundled sample referential (fictional bank, written for parcours' demo)."""

from __future__ import annotations

from importlib.resources import files

SAMPLE_NAME = "banque-exemple.json"


def sample_bytes() -> bytes:
    return files(__package__).joinpath(SAMPLE_NAME).read_bytes()
