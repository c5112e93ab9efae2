"""Keys cut into the lists of one ``IN (...)`` each."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

# Keys or ids per IN (...) list: far below SQLite's and PostgreSQL's parameter limits.
IN_LIST = 500


def chunks(items: Sequence[T], size: int = IN_LIST) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
