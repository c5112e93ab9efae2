"""Candidate links between the items of two referentials, scored on lexical signals.

Pure computation: items in, scored proposals out; no database.

Steps:
1. every item becomes a *profile*: the stems of its label (and alternative titles) once the
   synonym list and stop words are applied, its full text as an IDF-weighted vector, and the
   character trigrams of its label;
2. candidates come from an inverted index of the target side (blocking): only items that
   share a label stem with the source, or rank among its best text matches, are scored, so
   the work grows with the postings, never with all pairs (ROME has ~33,000 items);
3. each candidate pair gets a score (0-1), a SKOS relation and the signals that fired.

Jobs (equivalences and crosswalks, ``_propose_jobs``) are scored on general features, never
on particular jobs or codes: their titles and alternative titles (ROME's appellations, ESCO's
alternative labels), a title matched with one of another level counting less (``role_level``:
"Responsable formation" is not "Chargé de formation"); the TF-IDF cosine of what each job is
and does (purpose, activities, the labels of the competencies it needs, its family), read
against the job's best match in a taxonomy; and each one's specialty named in the other's
purpose ("recouvrement de la dette" finds "Chargé de recouvrement de créances"). Candidates
are sought from the smaller side; each of its jobs keeps its best proposals within a margin
of its best one, and against a taxonomy (ROME, ESCO) every job with a sheet keeps its best
one above a lower floor, below the threshold when need be: it stays a proposal for HR, with
its own score. Measured on tests/gold/job_links.py (benchmarks/linking_eval.py jobs).

A semantic encoder can be plugged in through ``Encoder`` (``engine/semantic.py``, one method).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from parcours.domain.competency import Competency
from parcours.domain.job import Job
from parcours.domain.links import Evidence, LinkRelation, Signal
from parcours.domain.referential import Referential
from parcours.engine.normalise import (
    fold,
    label_key,
    singular,
    split_grade,
    strip_gender,
    tokens,
)

if TYPE_CHECKING:  # numpy is imported only when an encoder is used
    from parcours.engine.semantic import Encoder

# The threshold proposals must reach, measured on the gold set (benchmarks/linking_eval.py).
DEFAULT_THRESHOLD = 0.45
# At or above this score, a pair without a containment asymmetry is "close".
CLOSE_AT = 0.62


@dataclass(frozen=True, slots=True)
class LinkItem:
    """What linking needs of a competency or a job."""

    referential: str
    key: str
    label: str
    kind: str  # the competency kind, or "job"
    alt_labels: tuple[str, ...] = ()
    text: tuple[str, ...] = ()  # definition, indicators, details / purpose, activities
    requirements: tuple[str, ...] = ()  # jobs: keys of the competencies they need
    code: str | None = None
    # Jobs: what the job is (its purpose or definition, the first lines of ``text``), where
    # it sits (family, filière, métier) and the labels of the competencies it needs.
    lead: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()


# Competency links for the shared-competencies signal of jobs:
# (referential, competency key) -> the (referential, key) items it is linked to.
Linked = Mapping[tuple[str, str], frozenset[tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scored pair: ``source`` from the first side, ``target`` from the second."""

    source: LinkItem
    target: LinkItem
    score: float
    relation: LinkRelation
    evidence: tuple[Evidence, ...]


def competency_items(ref: Referential) -> list[LinkItem]:
    return [_competency_item(ref.name, c) for c in ref.competencies.values()]


def _competency_item(name: str, comp: Competency) -> LinkItem:
    text = [comp.definition or "", *comp.indicators, *comp.details]
    return LinkItem(
        referential=name,
        key=comp.key,
        label=comp.label,
        kind=comp.kind.value,
        text=tuple(t for t in text if t),
    )


def job_items(ref: Referential, *, with_sheet_only: bool = True) -> list[LinkItem]:
    """The jobs of a referential; jobs only named as evolution targets are left out."""
    return [
        _job_item(ref, job) for job in ref.jobs.values() if job.has_sheet or not with_sheet_only
    ]


def _job_item(ref: Referential, job: Job) -> LinkItem:
    text = [*job.purpose, *(a.label for a in job.activities)]
    skills = (ref.competencies.get(r.competency) for r in job.requirements)
    return LinkItem(
        referential=ref.name,
        key=job.key,
        label=job.title,
        kind="job",
        alt_labels=tuple(job.alt_titles),
        text=tuple(t for t in text if t),
        requirements=tuple(r.competency for r in job.requirements),
        code=job.code,
        lead=tuple(p for p in job.purpose if p),
        context=tuple(c for c in (job.family, job.filiere, job.metier) if c),
        skills=tuple(c.label for c in skills if c is not None),
    )


# -- words: stop words, stems, synonyms -------------------------------------------------

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
_WORD = re.compile(r"[a-z0-9]+")


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


# -- profiles ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Label:
    text: str
    key: str
    stems: tuple[str, ...]
    stem_set: frozenset[str]
    conjuncts: tuple[frozenset[str], ...]  # "Analyse et synthèse": {analys}, {synthes}
    alternative: bool
    _trigrams: frozenset[str] | None = None

    @property
    def trigrams(self) -> frozenset[str]:
        """Character trigrams of the stems, computed when a pair first needs them."""
        if self._trigrams is None:
            self._trigrams = _trigrams(self.stems)
        return self._trigrams


@dataclass(slots=True)
class _Profile:
    item: LinkItem
    labels: list[_Label]
    text_counts: Counter[str]
    vector: dict[str, float] = field(default_factory=dict)
    norm: float = 0.0
    # Jobs: the stems of what the job is (its titles and purpose), and of its titles.
    lead: frozenset[str] = frozenset()
    title_stems: frozenset[str] = frozenset()


def _label(text: str, *, alternative: bool) -> _Label | None:
    title, _grade = split_grade(text)
    stems = tuple(label_stems(title))
    if not stems:
        return None
    pieces = _COORDINATION.split(fold(title))
    conjuncts = (
        tuple(frozenset(c) for c in (label_stems(p) for p in pieces) if c)
        if len(pieces) > 1
        else ()
    )
    return _Label(
        text=text,
        key=label_key(title) if "/" in title or "(" in title else "-".join(tokens(title)),
        stems=stems,
        stem_set=frozenset(stems),
        conjuncts=conjuncts,
        alternative=alternative,
    )


def _profile(item: LinkItem) -> _Profile:
    labels, counts = _analyse(item)
    if item.kind != "job":
        return _Profile(item=item, labels=labels, text_counts=counts)
    titles = frozenset(s for lab in labels for s in lab.stem_set)
    return _Profile(item, labels, counts, lead=_lead(item), title_stems=titles)


@lru_cache(maxsize=65536)
def _lead(item: LinkItem) -> frozenset[str]:
    stems = {s for lab in _analyse(item)[0] for s in lab.stems}
    for line in item.lead:
        stems.update(_line_stems(line))
    return frozenset(stems)


@lru_cache(maxsize=65536)
def _analyse(item: LinkItem) -> tuple[list[_Label], Counter[str]]:
    """Labels and text stems of an item; cached, since ROME's 33,000 items take seconds and
    one proposal run may pair a referential with several others. Never mutated."""
    labels = [
        lab
        for lab in [
            _label(item.label, alternative=False),
            *(_label(a, alternative=True) for a in item.alt_labels),
        ]
        if lab is not None
    ]
    counts: Counter[str] = Counter()
    for lab in labels:
        counts.update({s: 2 for s in lab.stems})  # label words count twice in the text
    for line in (*item.text, *item.context, *item.skills):
        counts.update(_line_stems(line))
    return labels, counts


class _Vocabulary:
    """Document frequencies over every item of both sides, and the IDF weights they give."""

    def __init__(self, profiles: Iterable[_Profile]) -> None:
        self.df: Counter[str] = Counter()
        self.size = 0
        for profile in profiles:
            self.size += 1
            self.df.update(profile.text_counts.keys())
        self._idf: dict[str, float] = {}
        self._weights: dict[frozenset[str], float] = {}

    @property
    def specific_weight(self) -> float:
        """The weight of a specialty: a word found in one item in a hundred and a common one
        (one and a half times the IDF of the first)."""
        return 1.5 * math.log(1.0 + (self.size + 1) / (0.01 * self.size + 1))

    def idf(self, stem_: str) -> float:
        value = self._idf.get(stem_)
        if value is None:
            value = math.log(1.0 + (self.size + 1) / (self.df.get(stem_, 0) + 1))
            self._idf[stem_] = value
        return value

    def weight(self, stems: frozenset[str]) -> float:
        """IDF weight of a set of stems; generic heads count a third."""
        value = self._weights.get(stems)
        if value is None:
            value = sum(self.idf(s) * (0.35 if s in _GENERIC else 1.0) for s in stems)
            self._weights[stems] = value
        return value

    def vectorise(self, profile: _Profile) -> None:
        vector = {s: (1.0 + math.log(n)) * self.idf(s) for s, n in profile.text_counts.items()}
        profile.vector = vector
        profile.norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0


def _cosine(a: _Profile, b: _Profile) -> float:
    small, large = (a, b) if len(a.vector) <= len(b.vector) else (b, a)
    dot = sum(v * large.vector.get(s, 0.0) for s, v in small.vector.items())
    return dot / (a.norm * b.norm)


def _coverage(a: _Profile, b: _Profile, vocab: _Vocabulary) -> float:
    """How much of the shorter text (IDF-weighted) the longer one holds; 0 for short texts.

    Texts of the same length are measured both ways and the larger share kept, so that the
    score does not depend on which side an item is on.
    """
    if len(a.text_counts) == len(b.text_counts):
        return max(_covered(a, b, vocab), _covered(b, a, vocab))
    small, large = (a, b) if len(a.text_counts) < len(b.text_counts) else (b, a)
    return _covered(small, large, vocab)


def _covered(small: _Profile, large: _Profile, vocab: _Vocabulary) -> float:
    if len(small.text_counts) < 5:
        return 0.0
    total = sum(vocab.idf(s) for s in small.text_counts)
    shared = sum(vocab.idf(s) for s in small.text_counts if s in large.text_counts)
    return shared / total if total else 0.0


# -- scoring -----------------------------------------------------------------------------


@dataclass(slots=True)
class _LabelMatch:
    value: float
    evidence: list[Evidence]
    relation: LinkRelation | None  # decided by the labels (exact, containment), else None
    alternative: bool


def _match_labels(
    a: _Label, b: _Label, vocab: _Vocabulary, *, min_trigram: float = 0.55
) -> _LabelMatch:
    evidence: list[Evidence] = []
    if a.key == b.key:
        evidence.append(Evidence(Signal.SAME_LABEL, 1.0, f"« {a.text} » = « {b.text} »"))
        return _LabelMatch(1.0, evidence, LinkRelation.EXACT, a.alternative or b.alternative)
    if a.stems == b.stems:
        evidence.append(
            Evidence(
                Signal.SYNONYMS,
                0.92,
                f"mêmes mots une fois les synonymes appliqués : {' '.join(a.stems)}",
            )
        )
        return _LabelMatch(0.92, evidence, LinkRelation.EXACT, a.alternative or b.alternative)
    if a.stem_set == b.stem_set:  # "Culture de gestion" / "Gestion des cultures"
        specific = vocab.weight(a.stem_set - _GENERIC) / vocab.weight(a.stem_set)
        value = 0.4 + 0.3 * specific
        evidence.append(
            Evidence(Signal.TOKEN_OVERLAP, round(value, 3), "mêmes mots, dans un autre ordre")
        )
        return _LabelMatch(value, evidence, None, a.alternative or b.alternative)
    shared = a.stem_set & b.stem_set
    wa, wb, ws = vocab.weight(a.stem_set), vocab.weight(b.stem_set), vocab.weight(shared)
    overlap = ws / (wa + wb - ws) if shared else 0.0
    value = overlap
    relation: LinkRelation | None = None
    if shared:
        evidence.append(
            Evidence(
                Signal.TOKEN_OVERLAP,
                round(overlap, 3),
                "mots communs : " + ", ".join(sorted(shared)),
            )
        )
    small, large = (a, b) if wa <= wb else (b, a)
    if shared == small.stem_set:
        coverage = ws / max(wa, wb)
        generic = all(s in _GENERIC for s in small.stem_set)
        if generic:  # "Gestion" in "Culture de gestion": a weak hint
            contained = 0.15 + 0.4 * coverage
        elif small.stem_set in large.conjuncts:  # "Analyse" in "Analyse et synthèse"
            contained = 0.6 + 0.35 * coverage
            relation = LinkRelation.CLOSE
        else:  # "Conformité" in "Conformité déontologie": the longer one is narrower
            contained = 0.38 + 0.5 * coverage
            relation = LinkRelation.NARROWER if large is b else LinkRelation.BROADER
        value = max(value, contained)
        evidence.append(
            Evidence(
                Signal.CONTAINMENT,
                round(coverage, 3),
                f"« {small.text} » est contenu dans « {large.text} »",
            )
        )
    else:
        common = [c for c in a.conjuncts if c in b.conjuncts and not c <= _GENERIC]
        if common:  # "Analyse et discernement" and "Analyse et synthèse"
            part = max(common, key=vocab.weight)
            value = max(value, 0.5 + 0.3 * vocab.weight(part) / max(wa, wb))
            evidence.append(
                Evidence(
                    Signal.SHARED_LEMMA, 1.0, "même terme coordonné : " + " ".join(sorted(part))
                )
            )
        elif a.stems[0] == b.stems[0] and a.stems[0] not in _GENERIC:
            value = max(value, overlap + 0.12)
            evidence.append(Evidence(Signal.SHARED_LEMMA, 1.0, f"même mot de tête : {a.stems[0]}"))
    if relation is None and shared != small.stem_set:
        # Spelling variants and typos ("recouvrment"); not containment, measured above.
        inter = len(a.trigrams & b.trigrams)
        dice = 2 * inter / (len(a.trigrams) + len(b.trigrams))
        if dice >= min_trigram and dice * 0.85 > value:
            value = dice * 0.85
            evidence.append(
                Evidence(Signal.TRIGRAM, round(dice, 3), f"« {a.text} » ~ « {b.text} »")
            )
    return _LabelMatch(min(value, 1.0), evidence, relation, a.alternative or b.alternative)


def _best_labels(a: _Profile, b: _Profile, vocab: _Vocabulary) -> _LabelMatch:
    """The best match over titles and alternative titles; a match through an alternative
    title counts a little less, and is at most "close"."""
    best = _LabelMatch(0.0, [], None, False)
    for la in a.labels:
        for lb in b.labels:
            match = _match_labels(la, lb, vocab)
            if match.alternative:
                match.value *= 0.95
                if match.relation is LinkRelation.EXACT:
                    match.relation = LinkRelation.CLOSE
            if match.value > best.value:
                best = match
    return best


# -- jobs ----------------------------------------------------------------------------------

# The head word of a job title places it in the hierarchy (folded, singular; the first one
# found counts): a manager's title and a staff title with the same specialty name different
# jobs ("Responsable formation" / "Chargé de formation", "Superviseur" / "Conseiller").
_MANAGER_WORDS = frozenset(
    """directeur directrice direction responsable chef cheffe manager superviseur
    superviseuse dirigeant dirigeante encadrant encadrante gerant gerante""".split()  # noqa: SIM905
)
_STAFF_WORDS = frozenset(
    """conseiller conseillere charge chargee gestionnaire agent agente assistant assistante
    technicien technicienne operateur operatrice employe employee guichetier guichetiere
    attache attachee redacteur redactrice collaborateur collaboratrice vendeur vendeuse
    teleacteur teleactrice teleoperateur teleoperatrice""".split()  # noqa: SIM905
)


@lru_cache(maxsize=65536)
def role_level(title: str) -> str | None:
    """ "manager" or "staff" from the head word of a job title; None when no head word says."""
    for word in words(split_grade(title)[0]):
        folded = singular(word)
        if folded in _MANAGER_WORDS:
            return "manager"
        if folded in _STAFF_WORDS:
            return "staff"
    return None


@dataclass(frozen=True, slots=True)
class JobWeights:
    """How a job score is made (each part 0-1); measured on tests/gold/job_links.py."""

    labels: float = 0.3  # titles and alternative titles
    text: float = 0.5  # purpose, activities, competencies, family (TF-IDF)
    title_in_lead: float = 0.2  # one's specialty in what the other is (its purpose)
    # A title matched with another of a different level counts this share.
    level_mismatch: float = 0.7


JOB_WEIGHTS = JobWeights()
# Job titles sharing their head and object differ by their specialty ("Chargé de clientèle
# risques" / "Chargé de clientèle particuliers"): only a near-identical spelling is a typo.
_JOB_MIN_TRIGRAM = 0.8


def _within(lab: _Label, known: frozenset[str] | None) -> _Label:
    """The title without the words the other referential never uses ("Multicanal" against
    ROME): they cannot be matched, so they only lower every match alike."""
    if known is None or lab.stem_set <= known:
        return lab
    stems = tuple(s for s in lab.stems if s in known)
    if not stems:
        return lab
    return _Label(
        text=lab.text,
        key="-".join(stems),
        stems=stems,
        stem_set=frozenset(stems),
        conjuncts=tuple(c & known for c in lab.conjuncts if c & known),
        alternative=lab.alternative,
    )


@dataclass(frozen=True, slots=True)
class _JobTitles:
    """A job's titles ready for matching: each title (without the words the other side never
    uses) with its level and the three-letter prefixes of its stems, and all the prefixes."""

    labels: tuple[tuple[_Label, str | None, frozenset[str]], ...]
    prefixes: frozenset[str]


def _job_titles(profile: _Profile, known: frozenset[str] | None) -> _JobTitles:
    labels = tuple(
        (lab, role_level(lab.text), frozenset(s[:3] for s in lab.stem_set))
        for lab in (_within(original, known) for original in profile.labels)
    )
    return _JobTitles(labels, frozenset(p for _, _, prefixes in labels for p in prefixes))


def _best_job_labels(
    a: _Profile,
    b: _Profile,
    vocab: _Vocabulary,
    known: tuple[frozenset[str] | None, frozenset[str] | None] | None = None,
    titles: tuple[_JobTitles, _JobTitles] | None = None,
) -> tuple[_LabelMatch, bool]:
    """The best title match, and whether its two titles are of different levels.

    ``known``: the words to keep of the source's titles and of the target's titles (None:
    all), to leave out of one side's titles the words the other side never uses; ``titles``:
    both jobs' titles already prepared so (``_job_titles``). Titles sharing no stem, nor the
    beginning of one (a typo), are not compared."""
    best = _LabelMatch(0.0, [], None, False)
    best_mismatch = False
    if titles is None:
        keep_a, keep_b = known if known is not None else (None, None)
        titles = (_job_titles(a, keep_a), _job_titles(b, keep_b))
    mine, theirs = titles
    if not (mine.prefixes & theirs.prefixes):
        return best, best_mismatch
    for la, first, la_prefixes in mine.labels:
        for lb, second, lb_prefixes in theirs.labels:
            if la_prefixes.isdisjoint(lb_prefixes):
                continue
            match = _match_labels(la, lb, vocab, min_trigram=_JOB_MIN_TRIGRAM)
            if match.alternative:
                match.value *= 0.95
                if match.relation is LinkRelation.EXACT:
                    match.relation = LinkRelation.CLOSE
            mismatch = first is not None and second is not None and first != second
            if mismatch:
                match.value *= JOB_WEIGHTS.level_mismatch
                if match.relation is not None and match.relation.equivalence:
                    match.relation = LinkRelation.RELATED
            if match.value > best.value:
                best, best_mismatch = match, mismatch
    return best, best_mismatch


def _title_in_lead(labels: Sequence[_Label], other: _Profile, vocab: _Vocabulary) -> float:
    """How much of what one title says beyond the other's titles (its specialty words, not
    the generic heads) is found in what the other job is (its purpose, family, métier):
    "Superviseur de centre d'appels" for a supervisor whose purpose speaks of call centres,
    not "Superviseur de travaux". The largest IDF-weighted share over the titles."""
    own = other.title_stems
    specific = vocab.specific_weight
    best = 0.0
    for lab in labels:
        extra = lab.stem_set - _GENERIC - own
        if not extra:
            continue
        found = vocab.weight(extra & other.lead)
        # A share of the specialty, and as informative as a specialty: "clientèle" alone,
        # found in every client job, says little.
        value = found / (vocab.weight(extra) or 1.0) * min(1.0, found / specific)
        if lab.alternative:
            value *= 0.95
        best = max(best, value)
    return best


# Without the best cosine of a job against the other side (``score_pair``), text cosines
# are read against this typical best value of job descriptions.
_TEXT_SCALE = 0.3


@dataclass(slots=True)
class Scorer:
    """Scores one pair of profiles; built by ``propose`` for two sides."""

    vocab: _Vocabulary
    linked: Linked | None = None
    # Jobs: the words to keep of the source's titles and of the target's titles (None: all).
    known: tuple[frozenset[str] | None, frozenset[str] | None] | None = None
    _titles: dict[tuple[int, int], _JobTitles] = field(default_factory=dict)

    def score(self, a: _Profile, b: _Profile, text_scale: float | None = None) -> Candidate:
        if a.item.kind == "job" and b.item.kind == "job":
            return self._score_jobs(a, b, text_scale)
        labels = _best_labels(a, b, self.vocab)
        evidence = list(labels.evidence)
        if labels.alternative and labels.value > 0:
            evidence.append(
                Evidence(Signal.ALT_TITLE, 1.0, "rapprochement par un titre alternatif")
            )
        text = self._text(a, b, evidence)
        if a.item.text or b.item.text:
            score = max(0.7 * labels.value + 0.3 * text, 0.85 * text)
        else:  # labels are all there is: no text is not evidence against
            score = 0.85 * labels.value
        if a.item.kind == b.item.kind:
            score += 0.03
            evidence.append(Evidence(Signal.SAME_KIND, 1.0, f"même nature ({a.item.kind})"))
        else:
            score -= 0.02
            evidence.append(
                Evidence(
                    Signal.OTHER_KIND,
                    0.0,
                    f"natures différentes ({a.item.kind} / {b.item.kind})",
                )
            )
        score = min(max(score, 0.0), 1.0)
        relation = labels.relation
        if relation is LinkRelation.EXACT and a.item.kind != b.item.kind:
            relation = LinkRelation.CLOSE
        if relation is None:
            relation = LinkRelation.CLOSE if score >= CLOSE_AT else LinkRelation.RELATED
        return Candidate(a.item, b.item, round(score, 4), relation, tuple(evidence))

    def _text(self, a: _Profile, b: _Profile, evidence: list[Evidence]) -> float:
        if a.item.text or b.item.text:
            cosine = _cosine(a, b)
            coverage = _coverage(a, b, self.vocab)
        else:  # labels only on both sides: the labels were compared already
            cosine = coverage = 0.0
        text = max(cosine, 0.9 * coverage)
        if text >= 0.15:
            evidence.append(
                Evidence(
                    Signal.TEXT_OVERLAP,
                    round(text, 3),
                    "définitions, indicateurs, détails ou activités en commun "
                    + f"(cosinus {cosine:.2f}, couverture {coverage:.2f})",
                )
            )
        return text

    def _score_jobs(self, a: _Profile, b: _Profile, text_scale: float | None) -> Candidate:
        """Titles (with their levels), texts (read against the job's best text match in a
        taxonomy when ``text_scale`` is given), and each one's specialty named in what the
        other is. Two jobs known by their titles only are scored on their titles."""
        w = JOB_WEIGHTS
        labels, mismatch = _best_job_labels(
            a, b, self.vocab, titles=(self._titles_of(a, 0), self._titles_of(b, 1))
        )
        evidence = list(labels.evidence)
        if labels.alternative and labels.value > 0:
            evidence.append(
                Evidence(Signal.ALT_TITLE, 1.0, "rapprochement par un titre alternatif")
            )
        if mismatch and labels.value > 0:
            evidence.append(
                Evidence(
                    Signal.OTHER_KIND,
                    0.0,
                    "niveaux différents (encadrement / exécution) dans les intitulés rapprochés",
                )
            )
        cosine = _cosine(a, b) if a.item.text or b.item.text else 0.0
        text = min(1.0, cosine / _TEXT_SCALE)
        if text_scale:  # also read against the job's best text match
            text = 0.5 * text + 0.5 * min(1.0, cosine / text_scale)
        if text >= 0.5:
            evidence.append(
                Evidence(
                    Signal.TEXT_OVERLAP,
                    round(text, 3),
                    f"raison d'être, activités et compétences proches (cosinus {cosine:.2f}, "
                    + f"{text:.0%} de la meilleure correspondance)",
                )
            )
        in_lead = max(
            _title_in_lead(b.labels, a, self.vocab), _title_in_lead(a.labels, b, self.vocab)
        )
        if in_lead >= 0.5:
            evidence.append(
                Evidence(
                    Signal.TEXT_OVERLAP,
                    round(in_lead, 3),
                    "la spécialité de l'un figure dans la raison d'être de l'autre",
                )
            )
        if a.item.text or b.item.text:
            score = w.labels * labels.value + w.text * text + w.title_in_lead * in_lead
        else:  # titles are all there is: no text is not evidence against
            score = 0.8 * labels.value
        shared = self._shared_requirements(a.item, b.item)
        if shared:  # raises a link, never lowers it: links between items may be missing
            score = max(score, 0.5 * labels.value + 0.2 * text + 0.3 * shared)
            evidence.append(
                Evidence(
                    Signal.SHARED_COMPETENCIES,
                    round(shared, 3),
                    "compétences requises reliées entre les deux postes",
                )
            )
        if a.item.code and a.item.code == b.item.code:
            score = max(score, 0.95)
            evidence.append(Evidence(Signal.SAME_CODE, 1.0, f"même code {a.item.code}"))
        score = min(max(score, 0.0), 1.0)
        relation = labels.relation
        if relation is None:
            close = score >= CLOSE_AT and not mismatch
            relation = LinkRelation.CLOSE if close else LinkRelation.RELATED
        return Candidate(a.item, b.item, round(score, 4), relation, tuple(evidence))

    def _titles_of(self, profile: _Profile, side: int) -> _JobTitles:
        """A job's titles prepared once per run (``side``: 0 source, 1 target)."""
        found = self._titles.get((id(profile), side))
        if found is None:
            known = self.known[side] if self.known is not None else None
            found = self._titles[(id(profile), side)] = _job_titles(profile, known)
        return found

    def _shared_requirements(self, a: LinkItem, b: LinkItem) -> float | None:
        if not self.linked or not a.requirements or not b.requirements:
            return None
        mine = {(a.referential, k) for k in a.requirements}
        theirs = {(b.referential, k) for k in b.requirements}
        nothing: frozenset[tuple[str, str]] = frozenset()
        matched_a = sum(1 for k in mine if self.linked.get(k, nothing) & theirs)
        matched_b = sum(1 for k in theirs if self.linked.get(k, nothing) & mine)
        return (matched_a + matched_b) / (len(mine) + len(theirs))


# -- candidate generation ----------------------------------------------------------------


@dataclass(slots=True)
class _Index:
    """Inverted index of the target side.

    ``labels``: label stem -> items whose title (or an alternative title) has it;
    ``label_weight``: each item's largest label weight; ``texts``: text stem -> (item,
    normalised TF-IDF weight).
    """

    labels: dict[str, list[int]]
    label_weight: list[float]
    texts: dict[str, list[tuple[int, float]]]


def _build_index(profiles: Sequence[_Profile], vocab: _Vocabulary) -> _Index:
    labels: dict[str, list[int]] = defaultdict(list)
    texts: dict[str, list[tuple[int, float]]] = defaultdict(list)
    weights: list[float] = []
    for i, profile in enumerate(profiles):
        seen: set[str] = set()
        for lab in profile.labels:
            seen |= lab.stem_set
        for s in seen:
            labels[s].append(i)
        weights.append(max((vocab.weight(lab.stem_set) for lab in profile.labels), default=1.0))
        for s, v in profile.vector.items():
            texts[s].append((i, v / profile.norm))
    return _Index(dict(labels), weights, dict(texts))


def _candidates(
    source: _Profile, index: _Index, vocab: _Vocabulary, settings: ProposalSettings
) -> set[int]:
    """Targets worth scoring for ``source`` (blocking): the best ranked of those sharing a
    label stem (shared IDF weight over the geometric mean of both label weights), and the
    best text matches (sparse TF-IDF dot product). Stems or words shared by more than
    ``max_postings`` targets are skipped when the source has others: they separate nothing.
    """
    stems: set[str] = set()
    for lab in source.labels:
        stems |= lab.stem_set
    shared: dict[int, float] = defaultdict(float)
    for s in stems:
        posting = index.labels.get(s)
        if not posting or (len(posting) > settings.max_postings and len(stems) > 1):
            continue
        weight = vocab.weight(frozenset((s,)))
        for i in posting:
            shared[i] += weight
    found: set[int] = set()
    if shared:
        mine = vocab.weight(frozenset(stems)) or 1.0
        best = heapq.nlargest(
            settings.label_top,
            shared.items(),
            key=lambda kv: kv[1] / math.sqrt(mine * (index.label_weight[kv[0]] or 1.0)),
        )
        found.update(i for i, _ in best)
    dots: dict[int, float] = defaultdict(float)
    for s, v in source.vector.items():
        text_posting = index.texts.get(s)
        if not text_posting or len(text_posting) > settings.max_postings:
            continue
        weight = v / source.norm
        for i, w in text_posting:
            dots[i] += weight * w
    if dots:
        best_text = heapq.nlargest(settings.text_top, dots.items(), key=lambda kv: kv[1])
        found.update(i for i, d in best_text if d >= settings.text_min)
    return found


@dataclass(frozen=True, slots=True)
class ProposalSettings:
    threshold: float = DEFAULT_THRESHOLD
    # A target posting longer than this (items sharing one stem) is not used for blocking.
    max_postings: int = 400
    # Targets sharing label stems scored per source item, best ranked first.
    label_top: int = 40
    text_top: int = 15
    text_min: float = 0.12
    # At most this many targets kept per source item, best first.
    per_item: int = 10
    # Share of an encoder's cosine in the score, when an encoder is given.
    semantic_weight: float = 0.5
    # Jobs: at most this many proposals per job of the smaller side; targets whose titles
    # are named in the job's purpose scored per job.
    job_per_item: int = 5
    # Jobs: proposals more than this below the job's best one are left out (a bank job is
    # one or two ROME fiches, not ten). 0.08 since the study's sheets carry their full text
    # (issue 13): richer sheets share more sector words with far fiches, whose scores then
    # trail the best by 0.08-0.10 (benchmarks/linking_eval.py jobs: precision 0.629 -> 0.786
    # at the same recall 0.733).
    job_margin: float = 0.08
    lead_top: int = 20
    # Jobs: against a referential of at least ``keep_best_from`` jobs (a taxonomy such as
    # ROME or ESCO, meant to cover every trade), each job with a sheet keeps its
    # ``keep_best`` best proposals down to ``floor`` even below the threshold.
    keep_best: int = 1
    keep_best_from: int = 300
    floor: float = 0.25


def propose(
    sources: Sequence[LinkItem],
    targets: Sequence[LinkItem],
    *,
    settings: ProposalSettings | None = None,
    linked: Linked | None = None,
    encoder: Encoder | None = None,
    corpus: Sequence[LinkItem] = (),
) -> list[Candidate]:
    """Scored candidate links from ``sources`` to ``targets`` at or above the threshold.

    ``linked`` (jobs only) maps a competency of either side to the competencies it is linked
    to, for the shared-competencies signal. ``corpus`` adds items to the document frequencies
    only (e.g. every referential when linking all pairs). Best first.
    """
    settings = settings or ProposalSettings()
    source_profiles = [_profile(i) for i in sources]
    target_profiles = [_profile(i) for i in targets]
    extra = [_profile(i) for i in corpus]
    vocab = _Vocabulary([*source_profiles, *target_profiles, *extra])
    for profile in (*source_profiles, *target_profiles):
        vocab.vectorise(profile)
    if sources and targets and all(i.kind == "job" for i in (*sources, *targets)):
        return _propose_jobs(
            source_profiles, target_profiles, vocab, settings, linked=linked, encoder=encoder
        )
    index = _build_index(target_profiles, vocab)
    scorer = Scorer(vocab, linked)
    semantic = (
        _semantic(encoder, source_profiles, target_profiles, settings.semantic_weight)
        if encoder
        else None
    )
    by_requirement = _requirement_index(targets) if linked else {}

    out: list[Candidate] = []
    for si, source in enumerate(source_profiles):
        found = _candidates(source, index, vocab, settings)
        if semantic is not None:
            found |= semantic.neighbours(si)
        if linked:
            found |= _sharing_requirements(source.item, by_requirement, linked, settings.text_top)
        scored: list[Candidate] = []
        for ti in found:
            candidate = scorer.score(source, target_profiles[ti])
            if semantic is not None:
                candidate = semantic.blend(candidate, si, ti)
            if candidate.score >= settings.threshold:
                scored.append(candidate)
        scored.sort(key=lambda c: (-c.score, c.target.key))
        out.extend(scored[: settings.per_item])
    out.sort(key=lambda c: (-c.score, c.source.key, c.target.key))
    return out


def _propose_jobs(
    sources: Sequence[_Profile],
    targets: Sequence[_Profile],
    vocab: _Vocabulary,
    settings: ProposalSettings,
    *,
    linked: Linked | None,
    encoder: Encoder | None,
) -> list[Candidate]:
    """Job links: candidates are sought from each job of the smaller side (and from the
    other side too when it is small), scored once per pair, and kept per job of the smaller
    side; against a large taxonomy, every job with a sheet keeps its best proposals."""
    large = max(len(sources), len(targets)) >= settings.keep_best_from
    # The titles of the smaller side lose the words the other side never uses: they would
    # lower every match of the title alike. (Not the other way round: a word of a target
    # unknown to the sources sets that target apart.)
    flipped = len(targets) < len(sources)
    known = (None, _words_of(sources)) if flipped else (_words_of(targets), None)
    scorer = Scorer(vocab, linked, known=known)
    semantic = _semantic(encoder, sources, targets, settings.semantic_weight) if encoder else None
    mine, theirs = (targets, sources) if flipped else (sources, targets)
    sides = [(mine, theirs, flipped)]
    if len(theirs) <= settings.keep_best_from:  # both sides small: seek both ways
        sides.append((theirs, mine, not flipped))
    found: list[dict[tuple[int, int], None]] = []  # per side: the pairs its items reach
    for these, those, reverse in sides:
        index = _build_index(those, vocab)
        by_requirement = _requirement_index([p.item for p in those]) if linked else {}
        reached: dict[tuple[int, int], None] = {}
        for i, profile in enumerate(these):
            near = _candidates(profile, index, vocab, settings)
            near |= _lead_candidates(profile, index, those, vocab, settings)
            if linked:
                near |= _sharing_requirements(
                    profile.item, by_requirement, linked, settings.text_top
                )
            if semantic is not None and not reverse:
                near |= semantic.neighbours(i)
            for j in sorted(near):
                reached[(j, i) if reverse else (i, j)] = None
        found.append(reached)
    # Texts are read against the best text match of the job of the smaller side.
    every = {pair for reached in found for pair in reached}
    scale: dict[int, float] = defaultdict(float)
    for pair in every:
        m = pair[1] if flipped else pair[0]
        scale[m] = max(scale[m], _cosine(sources[pair[0]], targets[pair[1]]))
    scored: dict[tuple[int, int], Candidate] = {}
    for pair in sorted(every):
        m = pair[1] if flipped else pair[0]
        relative = scale[m] if large else None
        candidate = scorer.score(sources[pair[0]], targets[pair[1]], relative or None)
        if semantic is not None:
            candidate = semantic.blend(candidate, *pair)
        scored[pair] = candidate
    kept: dict[tuple[int, int], Candidate] = {}
    for (these, those, reverse), reached in zip(sides, found, strict=True):
        fill = len(those) >= settings.keep_best_from
        per_item: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for pair in reached:
            per_item[pair[1] if reverse else pair[0]].append(pair)
        for i, pairs in per_item.items():
            ranked = sorted(
                pairs, key=lambda p: (-scored[p].score, scored[p].target.key, scored[p].source.key)
            )
            cut = max(settings.threshold, scored[ranked[0]].score - settings.job_margin)
            chosen = [p for p in ranked if scored[p].score >= cut][: settings.job_per_item]
            if fill and these[i].item.text and len(chosen) < settings.keep_best:
                best = [p for p in ranked if scored[p].score >= settings.floor]
                chosen = best[: settings.keep_best]
            kept.update((p, scored[p]) for p in chosen)
    out = list(kept.values())
    out.sort(key=lambda c: (-c.score, c.source.key, c.target.key))
    return out


def _words_of(profiles: Sequence[_Profile]) -> frozenset[str]:
    out: set[str] = set()
    for profile in profiles:
        out.update(profile.text_counts)  # the labels' stems are counted in the text
    return frozenset(out)


def _lead_candidates(
    source: _Profile,
    index: _Index,
    targets: Sequence[_Profile],
    vocab: _Vocabulary,
    settings: ProposalSettings,
) -> set[int]:
    """Targets whose specialty is named in what the source job is (its purpose, its family):
    "Négocie et s'assure du recouvrement de la dette" finds "Chargé de recouvrement"."""
    hits: dict[int, float] = defaultdict(float)
    for s in source.lead - _GENERIC - source.title_stems:
        posting = index.labels.get(s)
        if posting and len(posting) <= settings.max_postings:
            weight = vocab.idf(s)
            for i in posting:
                hits[i] += weight
    # The targets naming the most of the purpose first (cheap), then the exact measure.
    first = heapq.nlargest(4 * settings.lead_top, hits.items(), key=lambda kv: kv[1])
    ranked = heapq.nlargest(
        settings.lead_top,
        ((_title_in_lead(targets[i].labels, source, vocab), i) for i, _ in first),
    )
    return {i for value, i in ranked if value > 0}


def _requirement_index(items: Sequence[LinkItem]) -> dict[tuple[str, str], list[int]]:
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for key in set(item.requirements):
            index[(item.referential, key)].append(i)
    return dict(index)


def _sharing_requirements(
    item: LinkItem,
    index: Mapping[tuple[str, str], list[int]],
    linked: Linked,
    top: int,
) -> set[int]:
    """Jobs needing competencies linked to the ones ``item`` needs, the most shared first."""
    counts: Counter[int] = Counter()
    for key in set(item.requirements):
        for other in linked.get((item.referential, key), frozenset()):
            counts.update(index.get(other, ()))
    return {i for i, _ in counts.most_common(top)}


def score_pair(first: LinkItem, second: LinkItem, *, corpus: Sequence[LinkItem] = ()) -> Candidate:
    """The score of one pair, with document frequencies from the pair and ``corpus``."""
    a, b = _profile(first), _profile(second)
    vocab = _Vocabulary([a, b, *(_profile(i) for i in corpus)])
    vocab.vectorise(a)
    vocab.vectorise(b)
    return Scorer(vocab).score(a, b)


# -- optional semantic plug-in -----------------------------------------------------------


def item_text(item: LinkItem) -> str:
    """The text an encoder sees: the label, alternative labels, then the first text lines."""
    return ". ".join([item.label, *item.alt_labels, *item.text[:3]])


@dataclass(slots=True)
class _Semantic:
    """Cosines from an encoder: extra candidates (nearest neighbours) and a blended score."""

    similarity: Callable[[int, int], float]
    neighbours_of: list[set[int]]
    weight: float

    def neighbours(self, source: int) -> set[int]:
        return self.neighbours_of[source]

    def blend(self, candidate: Candidate, si: int, ti: int) -> Candidate:
        cos = max(0.0, min(1.0, self.similarity(si, ti)))
        score = (1 - self.weight) * candidate.score + self.weight * cos
        evidence = (
            *candidate.evidence,
            Evidence(Signal.SEMANTIC, round(cos, 3), "encodeur sémantique"),
        )
        relation = candidate.relation
        if relation is LinkRelation.RELATED and score >= CLOSE_AT:
            relation = LinkRelation.CLOSE
        return Candidate(candidate.source, candidate.target, round(score, 4), relation, evidence)


def _semantic(
    encoder: Encoder,
    sources: Sequence[_Profile],
    targets: Sequence[_Profile],
    weight: float,
    top: int = 5,
) -> _Semantic:
    import numpy as np
    import numpy.typing as npt

    def matrix(profiles: Sequence[_Profile]) -> npt.NDArray[np.float32]:
        vectors = np.asarray(
            encoder.encode([item_text(p.item) for p in profiles]), dtype=np.float32
        )
        if vectors.ndim != 2 or len(vectors) != len(profiles):
            raise ValueError("the encoder must return one vector per text")
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        normalised: npt.NDArray[np.float32] = vectors / norms
        return normalised

    src, tgt = matrix(sources), matrix(targets)
    neighbours: list[set[int]] = []
    chunk = 512
    k = min(top, len(targets))
    for start in range(0, len(sources), chunk):
        sims = src[start : start + chunk] @ tgt.T
        if k:
            best = np.argpartition(-sims, k - 1, axis=1)[:, :k]
            neighbours.extend({int(i) for i in row} for row in best)
        else:
            neighbours.extend(set() for _ in range(len(sims)))

    def similarity(si: int, ti: int) -> float:
        return float(src[si] @ tgt[ti])

    return _Semantic(similarity, neighbours, weight)
