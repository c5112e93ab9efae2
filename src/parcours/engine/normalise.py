"""French label normalisation shared by importers, search and de-duplication.

The same functions serve every caller so that two spellings of one label
("Chargée/Chargé de clientèle (H/F)", "CHARGE DE CLIENTELE") get one key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
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
        if word.endswith("eaux"):
            return word[:-1]  # bureaux, réseaux
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


# --- matching stems ----------------------------------------------------------------------------
# The one stemmer: a light, rule-based French stem under which derived forms meet, used by
# linking (engine/linking/) to compare labels and texts. Search uses lemmas instead (below):
# a query must find a word's inflections, not every word derived from the same root.

# Words the synonym list maps onto one word (folded, singular), before stemming.
_SYNONYMS: dict[str, str] = {
    "flexibilite": "adaptabilite",
    "flexible": "adaptable",
    "souplesse": "adaptabilite",
    "collaboration": "cooperation",
    "collaborer": "cooperer",
    "collectif": "cooperation",
    "charisme": "influence",
    "leadership": "influence",
    "clientele": "client",
    "bancaire": "banque",
    "offre": "produit",
    "proactivite": "proactif",
    "proactive": "proactif",
    "oriente": "orientation",
    "dette": "creance",
}
# Words whose ending is not a suffix for matching ("équipement" is not "équipe").
_UNSTEMMED = frozenset({"equipement", "agencement", "ment"})

# Derivational and inflectional suffixes stripped by the light stemmer, longest first; a
# second pass strips what the first one leaves of a verb ("négocier" -> "negoci" -> "negoc",
# like "négociation"; "influencer" -> "influenc" -> "influ", like "influence").
_SUFFIXES = tuple(
    sorted(
        """issement abilite ibilite isation ication ivite ation atrice ateur ement iquer
        isme iste able ible ique iser isee ise ionnel ionnelle ance ence anc enc ite
        euse ive ifs eux eur ion ant ier if er ie ee es e i""".split(),  # noqa: SIM905
        key=len,
        reverse=True,
    )
)
_SECOND_PASS = ("enc", "anc", "i")
_MIN_STEM = 4


@lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """A light French stem of a folded word: "analyser", "analyse" -> "analys".

    Not a linguistic lemma: a key under which derived forms meet ("responsabilité",
    "responsable" -> "respons"), after the synonym list ("flexibilité" -> "adaptabilité").
    """
    word = singular(word)
    word = _SYNONYMS.get(word, word)
    if word in _UNSTEMMED:
        return word
    for suffixes in (_SUFFIXES, _SECOND_PASS):
        for suffix in suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
                word = word[: -len(suffix)]
                break
    if word.endswith("ll"):  # "conseiller" -> "conseill" -> "conseil"
        word = word[:-1]
    return word


# --- search tokens -----------------------------------------------------------------------------
# One function turns a text into the terms that search indexes and queries: folded, gender-free,
# singular, lemmatised words, without stop words. The same function serves both sides, so a
# query matches whatever spelling the document used.

# French stop words, folded: articles, prepositions, pronouns, conjunctions, auxiliaries.
_STOP_WORDS = """
    a ai aie aient aies ait as au aucun aucune aupres auquel aura aurai auraient aurais aurait
    aux auxquelles auxquels avaient avais avait avant avec avez aviez avions avons ayant c ce
    ceci cela celle celles celui cet cette ceux chaque chez ci comme d dans de des deja
    depuis dont du duquel elle elles en entre es est et etaient etais etait etant etc etes eu
    eux fut furent il ils j je jusqu jusque l la laquelle le lequel les lesquelles lesquels leur
    leurs lors lui m ma mais me meme memes mes moi mon n ne ni nos notre nous on ont ou par
    parmi pas pour pourquoi qu quand que quel quelle quelles quels qui quoi s sa sans se selon
    ses si son sont sous suis sur t ta te tes toi ton tous tout toute toutes tu un une unes uns
    vers via vos votre vous y
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Feminine endings and the masculine ending that replaces them ("conseillere" -> "conseiller"),
# longest first. Applied to folded words of at least ``_MIN_GENDER_WORD`` letters.
_FEMININE_ENDINGS = (
    ("trice", "teur"),
    ("ienne", "ien"),
    ("euse", "eur"),
    ("eure", "eur"),
    ("onne", "on"),
    ("elle", "el"),
    ("ere", "er"),
    ("ive", "if"),
    ("ale", "al"),
    ("ee", "e"),
)
_MIN_GENDER_WORD = 5
# Plurals in -aux whose singular is in -ail (the rule "-aux" -> "-al" would miss them).
_AIL_PLURALS = {
    "travaux": "travail",
    "baux": "bail",
    "vitraux": "vitrail",
    "coraux": "corail",
    "emaux": "email",
    "vantaux": "vantail",
    "soupiraux": "soupirail",
}
_TERM = re.compile(r"[a-z0-9]+")


def is_stop_word(word: str) -> bool:
    """A folded word that carries no meaning for search: a stop word or a lone letter."""
    return word in STOP_WORDS or (len(word) == 1 and word.isalpha())


def masculine(word: str) -> str:
    """One feminine ending of a folded word turned masculine ("chargee" -> "charge").

    Short words, and words that would become a stop word ("entree"), are kept as they are.
    """
    if len(word) < _MIN_GENDER_WORD:
        return word
    for ending, replacement in _FEMININE_ENDINGS:
        if word.endswith(ending):
            candidate = word[: -len(ending)] + replacement
            return word if is_stop_word(candidate) else candidate
    return word


def _plural(word: str) -> str:
    """``singular``, and the plurals it gets wrong for search: "travaux", "bureaux"."""
    if word in _AIL_PLURALS:
        return _AIL_PLURALS[word]
    if word.endswith("eaux"):
        return word[:-1]
    return singular(word)


def _reduce(word: str) -> str:
    """Plural and gender endings removed until none is left (each step shortens the word, or
    maps an "-aux" plural to its "-ail" singular, which has no ending left to remove)."""
    while True:
        step = _plural(word)
        if step == word:
            step = masculine(word)
        if step == word:
            return word
        word = step


@lru_cache(maxsize=131072)
def lemma(word: str) -> str:
    """The folded lemma of a folded word ("analysent" -> "analyser"), or the word itself.

    simplemma loads its French dictionary on first use (about half a second). Its entries are
    accented: a folded word it does not know (most words that had accents) is kept, which is
    consistent since queries and documents are both folded first.
    """
    import simplemma  # imported at first use: key and title normalisation never need it

    found = fold(simplemma.lemmatize(word, lang="fr"))
    return found if _TERM.fullmatch(found) else word


@lru_cache(maxsize=131072)
def search_term(word: str) -> str:
    """The search term of one folded word: plural and gender endings, lemma, to a fixed point.

    Plural and gender endings go first ("chargees" -> "charge"), so that a plural or a feminine
    form lands where its masculine singular does whatever the lemmatiser knows of it. Then
    lemmatising and reducing alternate until the word no longer changes; when they would cycle,
    the smallest word of the cycle is the term. Either way ``search_term(search_term(w)) ==
    search_term(w)``.
    """
    word = _reduce(word)
    seen: list[str] = []
    while word not in seen:
        seen.append(word)
        following = _reduce(lemma(word))
        if following == word:
            return word
        word = following
    cycle = seen[seen.index(word) :]
    return min(cycle)


def search_tokens(text: str) -> list[str]:
    """The search terms of a text, in order, repeats kept (for term frequencies).

    The text is folded (case, accents), gender marks are dropped ("(H/F)", "Chargée/Chargé",
    "conseiller(ère)"), then each word becomes its search term (lemma, singular, masculine);
    stop words and lone letters are left out. Indexing and querying both use it.
    """
    return list(_text_terms(text))


def folded_words(text: str) -> list[str]:
    """The folded words of a text, as ``search_tokens`` reads them before their terms."""
    folded = fold(text)
    if "/" in folded or "(" in folded:  # the only texts that can hold gender marks
        folded = strip_gender(folded)
    return [word for word in _NON_ALNUM.split(folded) if word]


def all_words(text: str) -> set[str]:
    """The folded words of a text as ``search_tokens`` reads them, and as highlights read them
    one by one (gender marks and all: "chef/cheffe" has both words)."""
    words = set(folded_words(text))
    plain = fold(text)
    if "/" in plain or "(" in plain:
        words.update(w for w in _NON_ALNUM.split(plain) if w)
    return words


def word_terms(text: str) -> dict[str, str]:
    """Each folded word of a text -> its search term ("" for a word that reduces to a stop
    word; stop words themselves left out): what the search index keeps so that the words of a
    query and of the hits need no lemmatiser (``remember_terms``)."""
    return {word: _word_term(word) for word in all_words(text) if not is_stop_word(word)}


# Search terms of folded words read from the search index, where indexing stored the words of
# the indexed texts with their terms: a query's words and the words of the hits found there
# need no lemmatiser, whose French dictionary costs a cold process half a second or more. The
# values are the ones ``_word_term`` would compute (with the index's normaliser: the terms the
# index holds were made with it); the entries only grow, up to the vocabularies searched.
_KNOWN_TERMS: dict[str, str] = {}


def remember_terms(terms: Mapping[str, str]) -> None:
    """Take the search terms of these folded words as known (see ``_KNOWN_TERMS``)."""
    _KNOWN_TERMS.update(terms)


@lru_cache(maxsize=65536)
def _text_terms(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for word in folded_words(text):
        term = _word_term(word)
        if term:
            out.append(term)
    return tuple(out)


def _word_term(word: str) -> str:
    """The search term of a folded word, or "" for a stop word (before or after reduction)."""
    known = _KNOWN_TERMS.get(word)
    return known if known is not None else _computed_word_term(word)


@lru_cache(maxsize=131072)
def _computed_word_term(word: str) -> str:
    if not word or is_stop_word(word):
        return ""
    term = search_term(word)
    return "" if is_stop_word(term) else term
