"""The bundled sample referential (fictional bank, written for parcours' demo)."""

from __future__ import annotations

from importlib.resources import files

SAMPLE_NAME = "banque-exemple.json"


def sample_bytes() -> bytes:
    return files(__package__).joinpath(SAMPLE_NAME).read_bytes()


PEOPLE_NAME = "personnes-exemple.csv"
ASSESSMENTS_NAME = "evaluations-exemple.csv"
TRAININGS_NAME = "formations-exemple.csv"


def demo_file(name: str) -> bytes:
    """A file of the demo (fictional people and their assessments, written for parcours)."""
    return files(__package__).joinpath(name).read_bytes()
