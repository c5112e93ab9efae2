"""Titles written in capitals without accents, shown in ordinary French.

La Banque Postale's fiches fonction write every title in capitals and drop the accents
("CHARGE DE CLIENTELE RISQUES"). The source text is kept as it is; for display, each word is
looked up in a reviewed dictionary shipped with the package (``data/french_casing.json``) and
written in lower case with its accents ("Chargé de clientèle risques"). Nothing is guessed
silently: a word missing from the dictionary (an acronym, a brand, a word not reviewed yet) is
shown as written, in capitals, and named in ``CasedTitle.unknown`` so the page can say the title
is to be checked.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from parcours.engine.normalise import fold

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# "D APPUI", "L ENTREPRISE": an elided article whose apostrophe the capitals lost.
ELIDED = re.compile(r"\b([DLdl]) (?=[AEIOUYHÉÈaeiouyhéè])")


@dataclass(frozen=True, slots=True)
class CasedTitle:
    """A title as shown: ``text``; ``source`` as written in the document; ``unknown`` the words
    the dictionary does not hold (shown as written, to be checked)."""

    text: str
    source: str
    unknown: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.text != self.source


@cache
def dictionary() -> tuple[dict[str, str], dict[str, str]]:
    """The reviewed words by their folded capitals: the form at the head of a title, and the
    form elsewhere."""
    raw = resources.files("parcours.engine").joinpath("data/french_casing.json").read_text("utf-8")
    head: dict[str, str] = {}
    body: dict[str, str] = {}
    for entry in json.loads(raw)["words"]:
        first, _, other = str(entry).partition("/")
        key = fold(first)
        head[key] = first
        body[key] = other or first
    return head, body


def shouting(text: str) -> bool:
    """Written in capitals: at least two letters and no lower-case letter."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


def cased(title: str) -> CasedTitle:
    """The title shown in ordinary French when it is written in capitals; otherwise as is."""
    if not shouting(title):
        return CasedTitle(title, title)
    head, body = dictionary()
    unknown: list[str] = []
    first = True

    def word(match: re.Match[str]) -> str:
        nonlocal first
        written = match.group(0)
        forms = head if first else body
        first = False
        key = fold(written)
        if key in forms:
            return forms[key]
        unknown.append(written)
        return written

    text = WORD.sub(word, ELIDED.sub(r"\1'", title))
    text = text[:1].upper() + text[1:]
    return CasedTitle(text, title, tuple(dict.fromkeys(unknown)))


def display(title: str | None) -> str:
    """The title to show (the Jinja filter ``cased``)."""
    return cased(title).text if title else ""
