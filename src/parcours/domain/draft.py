"""What an importer returns: referential content, with provenance and warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from parcours.domain.provenance import NOWHERE, Position, SourceDocument
from parcours.domain.referential import Referential


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class ImportWarning:
    """Something the importer was unsure of, for HR to review."""

    code: str
    message: str
    position: Position = NOWHERE
    severity: Severity = Severity.WARNING

    def __str__(self) -> str:
        return f"[{self.code}] {self.position}: {self.message}"


@dataclass(slots=True)
class ImportDraft:
    """The result of parsing one document: one or more referential parts and warnings.

    Most documents give one part; a parcours JSON export may carry several referentials.
    """

    document: SourceDocument
    parts: list[Referential] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    # The text the importer read, line 1 first (provenance lines count in it); empty for a
    # bundle and a parcours JSON export, whose facts cite other documents.
    lines: tuple[str, ...] = ()

    def warn(self, code: str, message: str, position: Position = NOWHERE) -> None:
        self.warnings.append(ImportWarning(code, message, position))
