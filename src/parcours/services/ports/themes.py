"""What the team-matrix use cases need from storage for request themes (store/themes.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RequestTheme:
    """A contact-centre request theme of one referential: the competencies an advisor needs to
    take it (competency key -> level), how many advisors it needs at least, and its share of the
    incoming requests when known."""

    referential: str
    name: str
    competencies: tuple[tuple[str, int], ...]
    min_advisors: int = 2
    share: float | None = None
    id: int | None = None


class ThemeStore(Protocol):
    def list_themes(self, referential: str | None = None) -> list[RequestTheme]:
        """Themes ordered by referential then name (all referentials when None)."""
        ...

    def save_theme(self, theme: RequestTheme) -> int:
        """Insert, or replace the theme of the same referential and name; returns its id."""
        ...

    def save_themes(self, themes: Sequence[RequestTheme]) -> tuple[int, int]:
        """Save several themes; (created, replaced)."""
        ...

    def delete_theme(self, theme_id: int) -> bool: ...
