"""Redaction of a person's identifiers in free text and JSON values: what an erasure applies to
every row that mentions them (store/rgpd.py on the tables, services/ports/memory.py in memory)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

MIN_SWEPT = 3  # shorter needles would match ordinary words


def distinctive_login(login: str) -> bool:
    """A login that cannot be an ordinary word (``helene.rh``, ``e1024``): safe to look for in
    free text. ``manager`` or ``rh`` are replaced only where a column names an account."""
    return len(login) >= MIN_SWEPT and not login.isalpha()


def redact_value(value: Any, needles: Sequence[str], replacement: str) -> Any:
    if isinstance(value, str):
        return redact(value, needles, replacement)
    if isinstance(value, list):
        return [redact_value(v, needles, replacement) for v in value]
    if isinstance(value, dict):
        return {k: redact_value(v, needles, replacement) for k, v in value.items()}
    return value


def redact(text: str, needles: Sequence[str], replacement: str) -> str:
    """``text`` with every whole occurrence of each needle replaced.

    Whole: not inside a longer identifier, so that erasing ``n-1`` leaves ``n-10`` alone
    (a needle followed by a full stop that ends a sentence still counts; a name of several
    words followed by a file extension too)."""
    for needle in sorted({n for n in needles if n}, key=len, reverse=True):
        tail = "" if any(c.isspace() for c in needle) else r"(?!\.\w)"
        pattern = rf"(?<![\w.@-]){re.escape(needle)}(?![\w@-]){tail}"
        text = re.sub(pattern, replacement, text)
    return text


def redact_json(value: Any, needles: Sequence[str], replacement: str) -> Any:
    """A JSON value with needles redacted in every string and free-text comments dropped."""
    if isinstance(value, str):
        return redact(value, needles, replacement)
    if isinstance(value, list):
        return [redact_json(v, needles, replacement) for v in value]
    if isinstance(value, dict):
        return {
            k: None
            if "comment" in k.lower() and isinstance(v, str)
            else redact_json(v, needles, replacement)
            for k, v in value.items()
        }
    return value
