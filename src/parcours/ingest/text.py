"""Text extracted from a document, line by line, with positions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from parcours.domain.provenance import Position


@dataclass(frozen=True, slots=True)
class Line:
    """One line of extracted text: its 1-based number, its text, its page when known."""

    number: int
    text: str
    page: int | None = None


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """The text of a document as a sequence of numbered lines."""

    lines: tuple[Line, ...]
    format: str

    @classmethod
    def from_string(cls, text: str, format: str = "txt", page: int | None = None) -> ExtractedText:
        return cls(
            tuple(Line(i, line, page) for i, line in enumerate(text.split("\n"), start=1)),
            format,
        )

    @classmethod
    def from_pages(cls, pages: Sequence[str], format: str) -> ExtractedText:
        lines: list[Line] = []
        for page_no, page in enumerate(pages, start=1):
            for line in page.split("\n"):
                lines.append(Line(len(lines) + 1, line, page_no))
        return cls(tuple(lines), format)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def __iter__(self) -> Iterator[Line]:
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def position(self, start: int, end: int | None = None) -> Position:
        """Position of lines ``start``..``end`` given as 0-based indexes into ``lines``."""
        first = self.lines[start]
        last = self.lines[end] if end is not None else first
        return Position(
            line=first.number,
            end_line=last.number if last.number != first.number else None,
            page=first.page,
        )
