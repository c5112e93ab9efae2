"""Training modules that develop competencies and serve job transitions."""

from __future__ import annotations

from dataclasses import dataclass, field

from parcours.domain.provenance import Provenance


@dataclass(slots=True)
class Training:
    key: str
    title: str
    duration: str | None = None
    validation: str | None = None
    competencies: list[str] = field(default_factory=list)
    transitions: list[tuple[str, str]] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)
