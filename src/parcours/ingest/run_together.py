"""Split items that a PDF extraction ran together without separators.

Table cells extracted from PDFs often lose the line breaks between list items:
"...des données exploitéesComprendre le contexte...". The items can be found
again where a lower-case letter (or ")") is immediately followed by an
upper-case letter. Acronyms need two more guesses, reported as such:

- a run of capitals followed by a lower-case letter ends with the first letter
  of a capitalised word: "KYCProcédures" is "KYC" + "Procédures";
- a run of capitals ending with the same acronym twice holds an acronym item
  followed by an item starting with that acronym: "TRACFINTRACFIN, DGFIP" is
  "TRACFIN" + "TRACFIN, DGFIP"; capitals before the repeated pair stay with the
  item before ("...LCB-FT-SFITRACFINTRACFIN" keeps "SFI").

Splitting never adds nor drops a character: joining the pieces gives the text back.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

BULLET = "•"

# An acronym has at least two capitals; the word glued after it has a capital
# and at least two lower-case letters (so "PDFs" stays whole).
_MIN_ACRONYM = 2
_MIN_WORD = 3


@dataclass(frozen=True, slots=True)
class Piece:
    """One piece of a split text.

    ``guess`` numbers the run of capitals whose guessed cut starts this piece, None when
    the piece starts the text or follows a plain case boundary.
    """

    text: str
    guess: int | None = None

    @property
    def guessed(self) -> bool:
        return self.guess is not None


def case_boundaries(text: str) -> list[int]:
    """Indexes where a lower-case letter or ")" is immediately followed by an upper-case letter."""
    return [
        i
        for i in range(1, len(text))
        if text[i].isupper() and (text[i - 1].islower() or text[i - 1] == ")")
    ]


def split_case(text: str) -> list[str]:
    """Split ``text`` at its case boundaries only; the pieces join back to ``text``."""
    return _cut(text, case_boundaries(text))


def acronym_boundaries(text: str) -> list[list[int]]:
    """Cuts guessed inside runs of capitals, one list per run (see the module docstring)."""
    found: list[list[int]] = []
    for start, end in _upper_runs(text):
        cuts: list[int] = []
        acronym_end = end
        if _capitalised_word_follows(text, start, end):
            acronym_end = end - 1
            cuts.append(acronym_end)
        cuts = _repeat_boundaries(text, start, acronym_end) + cuts
        if cuts:
            found.append(cuts)
    return found


def split_run_together(text: str) -> list[Piece]:
    """Split ``text`` at case boundaries and acronym guesses; the pieces join back to ``text``."""
    if not text:
        return []
    sure = set(case_boundaries(text))
    guess_of = {
        cut: run
        for run, cuts in enumerate(acronym_boundaries(text))
        for cut in cuts
        if cut not in sure
    }
    cuts = sorted(cut for cut in sure | guess_of.keys() if 0 < cut < len(text))
    texts = _cut(text, cuts)
    # The first piece has no boundary before it; each next one starts at a cut.
    guesses = [None, *(guess_of.get(cut) for cut in cuts)]
    return [Piece(piece, guess) for piece, guess in zip(texts, guesses, strict=True)]


def guessed_groups(pieces: list[Piece]) -> list[list[str]]:
    """For each run of capitals split by a guess, the pieces on both sides of its cuts."""
    groups: list[list[str]] = []
    last_guess: int | None = None
    for k, piece in enumerate(pieces):
        if piece.guess is None or k == 0:
            continue
        if groups and piece.guess == last_guess:
            groups[-1].append(piece.text)
        else:
            groups.append([pieces[k - 1].text, piece.text])
        last_guess = piece.guess
    return groups


def split_bullets(text: str) -> list[str]:
    """The items of a "•" list, stripped, without empty items."""
    return [item.strip() for item in text.split(BULLET) if item.strip()]


def _cut(text: str, cuts: list[int]) -> list[str]:
    if not text:
        return []
    edges = [0, *(cut for cut in cuts if 0 < cut < len(text)), len(text)]
    return [text[a:b] for a, b in pairwise(edges)]


def _upper_runs(text: str) -> list[tuple[int, int]]:
    """Maximal runs of upper-case letters, as (start, end) slices."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, char in enumerate(text):
        if char.isupper():
            start = i if start is None else start
        elif start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(text)))
    return runs


def _capitalised_word_follows(text: str, start: int, end: int) -> bool:
    """True when the run's last capital starts a word of lower-case letters after an acronym."""
    if end >= len(text) or not text[end].islower() or end - 1 - start < _MIN_ACRONYM:
        return False
    length = 1
    while end - 1 + length < len(text) and text[end - 1 + length].islower():
        length += 1
    return length >= _MIN_WORD


def _repeat_boundaries(text: str, start: int, end: int) -> list[int]:
    """Cuts around the longest acronym written twice at the end of ``text[start:end]``."""
    run = text[start:end]
    for size in range(len(run) // 2, _MIN_ACRONYM - 1, -1):
        if run[-2 * size : -size] == run[-size:]:
            first = end - 2 * size
            cuts = [end - size]
            return [first, *cuts] if first > start else cuts
    return []
