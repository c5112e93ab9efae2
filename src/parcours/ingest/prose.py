"""Small helpers on plain text shared by the importers: white space and quoting."""

from __future__ import annotations

import re
from collections.abc import Iterable

_SPACES = re.compile(r"\s+")


def collapse(text: str) -> str:
    """Collapse white space runs to one space and strip."""
    return _SPACES.sub(" ", text).strip()


def quoted(items: Iterable[str]) -> str:
    """The items in French quotes, comma-separated: "« a », « b »"."""
    return ", ".join(f"« {item} »" for item in items)
