"""French label normalisation shared by importers, search and de-duplication.

The same functions serve every caller so that two spellings of one label
("Chargée/Chargé de clientèle (H/F)", "CHARGE DE CLIENTELE") get one key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES_MAP = {"’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-", "‐": "-"}
_SPACES = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# "(H/F)", "H/F", "(F/H)", "h/f" anywhere, with the spaces around it.
_GENDER_MARK = re.compile(r"\s*\(?\b[HF]\s*/\s*[HF]\b\)?\s*", re.IGNORECASE)
# "Chargée/Chargé", "Conseillère / Conseiller": two forms of one word joined by a slash.
_GENDER_PAIR = re.compile(r"\b(\w+)\s*/\s*(\w+)\b")
# "conseiller(ère)", "porteur(se)", "ouvert(e)".
_GENDER_SUFFIX = re.compile(r"(\w)\((?:e|ère|ere|se|euse|rice|ne|le|te)\)", re.IGNORECASE)
# Bank grades such as "II.3", "III.1", "IV.A" at the end of a title.
_GRADE = re.compile(r"\s+((?:IV|V|I{1,3})\.(?:[0-9]|[A-Z]))\s*$")

# Words whose final s or x is not a plural mark (kept as they are when folding plurals).
_SINGULAR_S = frozenset(
    {
        "dans",
        "sous",
        "plus",
        "moins",
        "temps",
        "pays",
        "process",
        "succes",
        "acces",
        "cours",
        "paris",
        "fois",
        "alors",
        "apres",
        "avis",
        "bas",
        "tres",
        "vers",
        "corps",
        "hors",
        "secours",
        "parcours",
        "concours",
        "discours",
        "recours",
        "taux",
        "prix",
        "choix",
        "voix",
        "flux",
        "paix",
        "croix",
        "poids",
        "repos",
        "dos",
        "gaz",
        "bus",
        "ios",
        "sms",
        "kyc",
        "frais",
        "relais",
        "mais",
        "jamais",
        "divers",
        "souris",
        "os",
        "cas",
        "mois",
        "bois",
        "sens",
        "stress",
        "progres",
        "proces",
        "express",
        "campus",
        "virus",
        "bonus",
    }
)
# Endings of words that are singular with a final s or x: nationalities, "-ours", "-us",
# "-ieux" (contentieux, sérieux).
_SINGULAR_ENDINGS = ("ais", "ois", "ours", "us", "ieux")


def _strip_accents(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Accented Latin letters folded by a translation table: the hot path of every importer.
_LATIN = {code: _strip_accents(chr(code)) for code in range(0xC0, 0x250)}
_LATIN.update({ord("œ"): "oe", ord("Œ"): "OE", ord("æ"): "ae", ord("Æ"): "AE"})
_FOLD_TABLE = str.maketrans({**{ord(k): v for k, v in _APOSTROPHES_MAP.items()}, **_LATIN})


@lru_cache(maxsize=131072)
def fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes and dashes, collapse white space."""
    text = text.translate(_FOLD_TABLE)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split()).lower()


def singular(word: str) -> str:
    """Fold a French plural to its singular for matching (not for display)."""
    if (
        len(word) > 3
        and word.endswith(("s", "x"))
        and word not in _SINGULAR_S
        and not word.endswith(_SINGULAR_ENDINGS)
    ):
        if word.endswith("aux") and len(word) > 4:
            return word[:-3] + "al"
        return word[:-1]
    return word


def strip_gender(text: str) -> str:
    """Drop gender marks: "(H/F)", and keep one form of "Chargée/Chargé" or "conseiller(ère)"."""
    text = _GENDER_MARK.sub(" ", text)
    text = _GENDER_PAIR.sub(_pick_gender_form, text)
    text = _GENDER_SUFFIX.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


def _pick_gender_form(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    a, b = fold(first), fold(second)
    # Only a gender pair when one form is the other plus a feminine ending.
    if a.startswith(b) and len(a) - len(b) <= 3:
        return second
    if b.startswith(a) and len(b) - len(a) <= 3:
        return first
    return match.group(0)


def split_grade(title: str) -> tuple[str, str | None]:
    """Split a trailing grade ("II.3", "IV.A") off a title, after dropping "(H/F)"."""
    text = _SPACES.sub(" ", _GENDER_MARK.sub(" ", title)).strip()
    match = _GRADE.search(text)
    if match is None:
        return text, None
    return text[: match.start()].strip(), match.group(1)


def tokens(text: str) -> list[str]:
    """Folded, singular word tokens of a label."""
    return [singular(tok) for tok in _NON_ALNUM.split(fold(text)) if tok]


def slugify(text: str) -> str:
    """A URL-safe slug of the folded text ("Chargé d'affaires" -> "charge-d-affaires")."""
    return _NON_ALNUM.sub("-", fold(text)).strip("-")


def label_key(label: str) -> str:
    """The key that makes two labels one entity: folded, gender-free, singular tokens."""
    return "-".join(tokens(strip_gender(label)))


def job_key(title: str, grade: str | None = None) -> str:
    """The key of a job in its referential: its normalised title, then its grade."""
    base = label_key(title)
    return f"{base}--{slugify(grade)}" if grade else base
