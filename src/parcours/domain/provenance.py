"""Where a fact came from: a source document, a position in it, and how sure the importer was."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DocumentFamily(StrEnum):
    """The families of documents parcours knows how to read."""

    FICHE_FONCTION = "fiche_fonction"
    FICHE_METIER = "fiche_metier"
    CERTIFICATION = "certification"
    STUDY = "study"
    PARCOURS_JSON = "parcours_json"
    ROME = "rome"
    ESCO = "esco"


@dataclass(frozen=True, slots=True)
class Position:
    """A place in the text extracted from a document (1-based lines, pages when known)."""

    line: int | None = None
    end_line: int | None = None
    page: int | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.line is not None:
            if self.end_line is not None and self.end_line != self.line:
                parts.append(f"l. {self.line}-{self.end_line}")
            else:
                parts.append(f"l. {self.line}")
        return ", ".join(parts) or "?"


# The position of a fact whose place in the document is unknown.
NOWHERE = Position()


@dataclass(frozen=True, slots=True)
class Provenance:
    """A fact's origin: the document's sha256, the position, and the importer's confidence."""

    document: str
    position: Position = NOWHERE
    confidence: float = 1.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must lie in [0, 1], got {self.confidence}")


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A document as received: its bytes' sha256, file name, format and detected family."""

    sha256: str
    filename: str
    format: str
    family: DocumentFamily
    size: int = 0
