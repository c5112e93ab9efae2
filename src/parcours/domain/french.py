"""French conventions of the texts the services write (audit details, messages): plurals
without « (s) » and dates ``jj/mm/aaaa``. The pages have the same in ``web.formats``."""

from __future__ import annotations

from datetime import date


def word(n: int, singular: str, plural: str) -> str:
    """The word for ``n`` things: French puts 0 and 1 in the singular."""
    return singular if abs(n) < 2 else plural


def count(n: int, singular: str, plural: str) -> str:
    """« 0 personne », « 1 personne », « 2 personnes »."""
    return f"{n} {word(n, singular, plural)}"


def day(value: date) -> str:
    """« 05/01/2026 »."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"
