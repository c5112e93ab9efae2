"""Moves from one job to another."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from parcours.domain.provenance import Provenance


class MobilityKind(StrEnum):
    VERTICAL = "vertical"
    HORIZONTAL = "horizontal"
    WITHIN_METIER = "within_metier"
    EXAMPLE_PATH = "example_path"
    UNSPECIFIED = "unspecified"


class MobilityOrigin(StrEnum):
    DECLARED = "declared"
    COMPUTED = "computed"


@dataclass(slots=True)
class Mobility:
    """A move from job ``source`` to job ``target`` (job keys of the same referential)."""

    source: str
    target: str
    kind: MobilityKind = MobilityKind.UNSPECIFIED
    origin: MobilityOrigin = MobilityOrigin.DECLARED
    provenance: list[Provenance] = field(default_factory=list)

    @property
    def identity(self) -> tuple[str, str, str]:
        return (self.source, self.target, self.kind.value)
