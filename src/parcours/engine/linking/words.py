"""Words: stop words, framing words, the synonym phrases, and the stems of labels and texts.

The stemmer itself (``stem``) is the normaliser's (``engine/normalise.py``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from parcours.engine.normalise import (
    fold,
    singular,
    stem,
    strip_gender,
)

_STOP = frozenset(
    """a au aux avec ce ces cet cette d de des du dans en et est il ils je j l la le les
    leur leurs lui ma me mes mon ne ni nos notre nous on ou par pas pour qu que qui s sa
    se ses si son sur ta te tes ton tu un une vos votre vous y afin ainsi celle celui
    ceci cela ci dont etc lors selon sans sous tout toute tous toutes vers via entre
    chez elle elles meme plus moins tres bien faire fait etre avoir sont ont peut doit
    aussi comme quel quelle quels quelles autre autres chaque n c m""".split()  # noqa: SIM905
)

# Words that frame a label without naming the competency ("Faire preuve de", "Capacité à",
# "Maîtrise des", "Liés aux"): dropped from labels, kept in the text.
_FRAME = frozenset(
    """etre faire preuve capacite aptitude savoir maitrise maitriser connaissance connaitre
    lie liee competence approfondi approfondie bon bonne""".split()  # noqa: SIM905
)

# Heads too general to carry a link on their own ("Gestion" inside "Gestion de projet");
# stemmed below.
_GENERIC_WORDS = """gestion gerer maitrise connaissance technique outil methode procedure
    pilotage suivi traitement culture capacite activite processus politique strategie orientation
    application organisation dispositif mise oeuvre general conseiller charge
    gestionnaire responsable assistant directeur chef agent expert senior junior niveau
    base""".split()  # noqa: SIM905


# Phrases the synonym list rewrites before words are cut (folded text, apostrophes as spaces),
# each with a substring that must be present for the pattern to be tried (a fast pre-check).
_PHRASES: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (trigger, re.compile(pattern), replacement)
    for trigger, pattern, replacement in (
        ("lcb", r"\blcb[\s-]*ft\b", " lutte blanchiment financement terrorisme "),
        ("rse", r"\brse\b", " responsabilite societale entreprise "),
        ("esg", r"\besg\b", " environnemental social gouvernance "),
        ("rgpd", r"\brgpd\b", " protection donnee personnelle "),
        ("crm", r"\bcrm\b", " gestion relation client "),
        ("hse", r"\bhse\b", " hygiene securite environnement "),
        ("amf", r"\bamf\b", " autorite marche financier "),
        ("pro acti", r"\bpro acti", "proacti"),
        ("pro-acti", r"\bpro-acti", "proacti"),
        ("tele", r"\btele[\s-]?conseill?(?:er|ere)?\b", "conseiller a distance"),
        # A client-relation centre is what call centres are called in banks.
        ("relation", r"\bcentres? (?:de )?(?:la )?relations? clients?\b", "centre appel client"),
        ("crc", r"\bcrc\b", " centre appel client "),
        ("centre", r"\bcentree?s? (?:sur )?(?:le |les |la )?client", "orientation client"),
        ("sens", r"\bsens (?:du|des|de la|de l|de|d) (?=\w)", "orientation "),
        ("critique", r"\b(?:esprit|sens) critique\b", "discernement"),
        ("equipe", r"\btravail (?:en|d) equipe\b", "cooperation"),
        ("equipe", r"\besprit d equipe\b", "cooperation"),
        ("collectif", r"\bacteur du collectif\b", "cooperation"),
    )
)
_WORD = re.compile(r"[a-z0-9]+")


_GENERIC = frozenset(stem(w) for w in _GENERIC_WORDS)


def _without_gender(text: str) -> str:
    # Every gender mark strip_gender knows has a "/" or a "(": skip its regexes otherwise.
    return strip_gender(text) if "/" in text or "(" in text else text


# A one-letter prefix makes another word ("e-agence", "e-commerce", "m-banking"): the
# prefixed word is kept, then the base word, so that "Directeur d'e-agence" still shares
# "agence" with "Directeur d'agence" but is never the same title.
_LETTER_PREFIX = re.compile(r"(?<![a-z0-9'])([a-z])-([a-z]{2,})")


def _rewrite(text: str) -> str:
    text = fold(_without_gender(text)).replace("'", " ")
    if "-" in text:
        text = _LETTER_PREFIX.sub(r"\1\2 \2", text)
    for trigger, pattern, replacement in _PHRASES:
        if trigger in text:
            text = pattern.sub(replacement, text)
    return text


def words(text: str) -> list[str]:
    """Content words of a text, folded, without stop words (not stemmed)."""
    return [w for w in _WORD.findall(_rewrite(text)) if w not in _STOP and len(w) > 1]


@lru_cache(maxsize=262144)
def _label_stem(word: str) -> str | None:
    return None if singular(word) in _FRAME else stem(word)


def label_stems(label: str) -> list[str]:
    """The stems that name a competency or a job, in order, without framing words."""
    out: list[str] = []
    for word in words(label):
        s = _label_stem(word)
        if s is not None and s not in out:
            out.append(s)
    return out


def text_stems(text: str) -> list[str]:
    return list(_line_stems(text))


@lru_cache(maxsize=131072)
def _line_stems(text: str) -> tuple[str, ...]:
    """The stems of one line of text; cached, since a taxonomy repeats its lines (a ROME
    competency's label is in the text of every fiche that needs it)."""
    return tuple(stem(w) for w in words(text))


def _trigrams(stems: Sequence[str]) -> frozenset[str]:
    padded = f"  {' '.join(stems)} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


_COORDINATION = re.compile(r"\s(?:et|&|/)\s")
