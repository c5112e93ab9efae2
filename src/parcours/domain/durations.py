"""Training durations as the documents word them ("3 jours", "14 h", "1 semaine") in hours."""

from __future__ import annotations

import re

HOURS_PER_DAY = 7.0  # a French working day
DAYS_PER_WEEK = 5.0

_UNITS: tuple[tuple[str, float], ...] = (
    (r"h|heures?", 1.0),
    (r"min(?:utes?)?", 1.0 / 60.0),
    (r"j|jours?|journées?", HOURS_PER_DAY),
    (r"demi-journées?", HOURS_PER_DAY / 2.0),
    (r"semaines?|sem\.?", HOURS_PER_DAY * DAYS_PER_WEEK),
)
_AMOUNT = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(demi-journées?|journées?|jours?|j|heures?|h|minutes?|min"
    r"|semaines?|sem\.?)(?![a-zé])",
    re.IGNORECASE,
)
_HALF_DAY = re.compile(r"^\s*(une\s+)?demi-journée\s*$", re.IGNORECASE)


def parse_duration(text: str | None) -> float | None:
    """A duration as the referentials word it ("3 jours", "14 h", "2 j et 3 h", "1,5 jour",
    "1 semaine", "une demi-journée") -> hours; None when it cannot be read. A day is
    ``HOURS_PER_DAY`` hours, a week ``DAYS_PER_WEEK`` days."""
    if not text:
        return None
    if _HALF_DAY.match(text):
        return HOURS_PER_DAY / 2.0
    found = _AMOUNT.findall(text)
    if not found:
        return None
    total = 0.0
    for amount, unit in found:
        value = float(amount.replace(",", "."))
        for pattern, hours in _UNITS:
            if re.fullmatch(pattern, unit.lower()):
                total += value * hours
                break
    return round(total, 2)


def format_hours(hours: float) -> str:
    """Hours -> "3 jours (21 h)" style French text."""
    days = hours / HOURS_PER_DAY
    shown_days = f"{days:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    shown_hours = f"{hours:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    unit = "jour" if days <= 1 else "jours"
    return f"{shown_days} {unit} ({shown_hours} h)"
