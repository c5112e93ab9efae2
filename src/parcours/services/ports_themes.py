"""What the team-matrix use cases need from storage for request themes (store/themes.py)."""

from __future__ import annotations

from typing import Protocol


class ThemeStore(Protocol):
    pass
