"""Search: what is indexed of a referential, query terms, typo tolerance, ranking, highlights.

Pure computation. The store finds the documents that contain the query's terms (SQLite FTS5 or
PostgreSQL full text) and the vocabulary terms that may be one typo away; everything that decides
what a user sees (which spellings are one typo away, the score, the order, the highlighted text)
is computed here from what the store returns, so that both databases give the same answers.

Ranking is BM25F: a term's occurrences are weighted by the class of field they are in (a title
weighs ten times a detail), saturated, and multiplied by the term's rarity; a typo correction
counts a little less than the word typed; a document whose name the query covers gets a bonus.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from parcours.domain.referential import Referential
from parcours.engine.normalise import fold, search_tokens, word_terms

KINDS = ("job", "competency", "certification")
KIND_NAMES = {"job": "postes", "competency": "compétences", "certification": "certifications"}

# Weight classes of the indexed fields, strongest first, and their weights.
CLASSES = ("title", "alt", "label", "body", "details")
CLASS_WEIGHTS: dict[str, float] = {
    "title": 10.0,
    "alt": 5.0,
    "label": 3.0,
    "body": 1.5,
    "details": 1.0,
}
# Field name -> (weight class, its name in French for display).
FIELDS: dict[str, tuple[str, str]] = {
    "title": ("title", "intitulé"),
    "alt_title": ("alt", "autre intitulé"),
    "code": ("alt", "code"),
    "grade": ("alt", "grade"),
    "label": ("label", "libellé"),
    "block": ("label", "bloc"),
    "block_competency": ("label", "compétence"),
    "activity": ("body", "activité"),
    "definition": ("body", "définition"),
    "indicator": ("body", "indicateur"),
    "detail": ("details", "détail"),
    "task": ("details", "tâche"),
}
# The class that names a document of each kind (for the coverage bonus).
NAME_CLASS = {"job": "title", "competency": "label", "certification": "title"}

# Query terms shorter than this are never corrected: one edit away from a short word there are
# too many other words.
MIN_TYPO_LENGTH = 5
TYPO_FACTOR = 0.8  # a corrected term counts this much of a term typed right
COVERAGE_BONUS = 0.5  # a name entirely covered by the query's terms scores 1.5 times
K1 = 1.2
LENGTH_NORMALISATION = {"body": 0.5, "details": 0.5}  # BM25 b per class (0 for short fields)

_WORD = re.compile(r"[^\W_]+")


# --- what is indexed -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndexDocument:
    """One searchable job, competency or certification of a referential.

    ``fields`` are the raw texts (for display and highlights), in document order; ``tokens``
    has, per weight class, the search terms of its fields joined by spaces (repeats kept).
    """

    kind: str
    key: str
    label: str
    fields: tuple[tuple[str, str], ...]
    tokens: dict[str, str]


def index_document(
    kind: str, key: str, label: str, fields: Iterable[tuple[str, str]]
) -> IndexDocument:
    """An index document from its raw fields (empty texts are left out)."""
    kept = tuple((name, text.strip()) for name, text in fields if text and text.strip())
    terms: dict[str, list[str]] = {cls: [] for cls in CLASSES}
    for name, text in kept:
        terms[FIELDS[name][0]].extend(search_tokens(text))
    return IndexDocument(kind, key, label, kept, {cls: " ".join(terms[cls]) for cls in CLASSES})


def index_documents(referential: Referential) -> list[IndexDocument]:
    """The documents of a referential: its jobs, competencies and certifications."""
    out: list[IndexDocument] = []
    for job in referential.jobs.values():
        label = f"{job.title} {job.grade}" if job.grade else job.title
        fields = [("title", job.title)]
        fields += [("alt_title", alt) for alt in job.alt_titles]
        fields += [("code", job.code or ""), ("grade", job.grade or "")]
        fields += [("activity", activity.label) for activity in job.activities]
        out.append(index_document("job", job.key, label, fields))
    for competency in referential.competencies.values():
        fields = [("label", competency.label), ("definition", competency.definition or "")]
        fields += [("indicator", text) for text in competency.indicators]
        fields += [("detail", text) for text in competency.details]
        out.append(index_document("competency", competency.key, competency.label, fields))
    for certification in referential.certifications.values():
        fields = [("title", certification.title)]
        for block in certification.blocks:
            fields.append(("block", block.title))
            fields += [("block_competency", c.label) for c in block.competencies]
        for activity in certification.activities:
            fields.append(("activity", activity.title))
            fields += [("task", task) for task in activity.tasks]
        out.append(index_document("certification", certification.key, certification.title, fields))
    return out


def index_forms(documents: Iterable[IndexDocument]) -> dict[str, str]:
    """The folded words of the documents' texts -> their search terms (``word_terms``): kept
    with the index so that searching needs no lemmatiser for the words it knows."""
    out: dict[str, str] = {}
    for document in documents:
        for _, text in document.fields:
            out.update(word_terms(text))
    return out


def document_frequencies(documents: Iterable[IndexDocument]) -> dict[str, int]:
    """The vocabulary of the documents: term -> number of documents that contain it."""
    counts: Counter[str] = Counter()
    for document in documents:
        counts.update({t for text in document.tokens.values() for t in text.split()})
    return dict(counts)


# --- the query -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """A term of the query and what it matches: itself when the vocabulary knows it, else the
    vocabulary terms one typo away (``expansions``); neither when ``unknown``."""

    term: str
    known: bool = True
    expansions: tuple[str, ...] = ()
    # The vocabulary terms a word being typed may become (search as you type: the last word).
    completions: tuple[str, ...] = ()

    @property
    def alternatives(self) -> tuple[str, ...]:
        found = (self.term,) if self.known else self.expansions
        return found + tuple(c for c in self.completions if c not in found)

    @property
    def unknown(self) -> bool:
        return not self.alternatives


def query_terms(query: str) -> list[str]:
    """The distinct search terms of a query, in order."""
    return list(dict.fromkeys(search_tokens(query)))


def within_one_edit(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with at most one letter inserted, deleted, replaced, or two
    adjacent letters swapped (optimal string alignment distance at most 1)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    prefix = 0
    while prefix < min(la, lb) and a[prefix] == b[prefix]:
        prefix += 1
    if la == lb:
        if a[prefix + 1 :] == b[prefix + 1 :]:
            return True  # one replacement
        return (
            prefix + 1 < la
            and a[prefix] == b[prefix + 1]
            and a[prefix + 1] == b[prefix]
            and a[prefix + 2 :] == b[prefix + 2 :]
        )
    longer, shorter = (a, b) if la > lb else (b, a)
    return longer[prefix + 1 :] == shorter[prefix:]


def typo_expansions(term: str, candidates: Iterable[str]) -> tuple[str, ...]:
    """The candidates one edit away from ``term`` (itself excluded), sorted; none for a term
    shorter than ``MIN_TYPO_LENGTH``."""
    if len(term) < MIN_TYPO_LENGTH:
        return ()
    return tuple(sorted({c for c in candidates if c != term and within_one_edit(term, c)}))


def resolve_terms(
    terms: Sequence[str],
    known: Collection[str],
    candidates: Mapping[str, Iterable[str]],
) -> list[QueryTerm]:
    """The query terms with their typo expansions: ``known`` is the part of ``terms`` that the
    vocabulary holds, ``candidates`` maps the others to vocabulary terms that may be one edit
    away (a superset: the edit distance is checked here)."""
    return [
        QueryTerm(term)
        if term in known
        else QueryTerm(term, False, typo_expansions(term, candidates.get(term, ())))
        for term in terms
    ]


# --- ranking ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """A document that contains every query term (or an expansion of it), as the store found it."""

    id: int
    kind: str
    referential: str
    key: str
    label: str
    tokens: dict[str, str]


@dataclass(frozen=True, slots=True)
class Scored:
    candidate: Candidate
    score: float
    matched: tuple[str, ...]  # the terms found in it (query terms or their expansions)


def idf(frequency: int, documents: int) -> float:
    """BM25's inverse document frequency (never negative)."""
    return math.log(1.0 + (documents - frequency + 0.5) / (frequency + 0.5))


def rank(
    candidates: Iterable[Candidate],
    terms: Sequence[QueryTerm],
    frequencies: Mapping[str, int],
    documents: int,
) -> list[Scored]:
    """Score and order the candidates, best first (ties: label, referential, key).

    ``frequencies`` are the document frequencies of the terms and their expansions, and
    ``documents`` the number of documents they were counted over.
    """
    ordered = sorted(candidates, key=lambda c: (c.kind, c.referential, c.key, c.id))
    split = [[c.tokens.get(cls, "").split() for cls in CLASSES] for c in ordered]
    averages = _average_lengths(ordered, split)
    weights = {
        alt: idf(frequencies.get(alt, 0), max(documents, 1))
        for term in terms
        for alt in term.alternatives
    }
    for term in terms:
        if term.completions:
            # Every word a word being typed may become weighs alike (the most common one's
            # weight): a rarer completion is no better a guess of what is being typed.
            shared = min(weights[alt] for alt in term.alternatives)
            weights.update(dict.fromkeys(term.alternatives, shared))
    scored: list[Scored] = []
    for candidate, fields in zip(ordered, split, strict=True):
        # Length normalisation of each class: 1 - b + b * length / average length.
        norms: list[float] = []
        for cls, words in zip(CLASSES, fields, strict=True):
            b = LENGTH_NORMALISATION.get(cls, 0.0)
            average = averages[(candidate.kind, cls)] or 1.0
            norms.append(1.0 - b + b * len(words) / average)
        total = 0.0
        matched: list[str] = []
        for term in terms:
            best, best_alt = 0.0, ""
            for alt in term.alternatives:
                weighted = 0.0
                for words, weight, norm in zip(fields, _WEIGHTS, norms, strict=True):
                    if words:
                        tf = words.count(alt)
                        if tf:
                            weighted += weight * tf / norm
                if not weighted:
                    continue
                value = weights[alt] * weighted * (K1 + 1.0) / (weighted + K1)
                if alt != term.term:
                    value *= TYPO_FACTOR
                if value > best:
                    best, best_alt = value, alt
            if best_alt:
                total += best
                matched.append(best_alt)
        name_terms = set(fields[CLASSES.index(NAME_CLASS[candidate.kind])])
        if name_terms:
            total *= 1.0 + COVERAGE_BONUS * len(name_terms.intersection(matched)) / len(name_terms)
        scored.append(Scored(candidate, total, tuple(matched)))
    scored.sort(
        key=lambda s: (-s.score, fold(s.candidate.label), s.candidate.referential, s.candidate.key)
    )
    return scored


_WEIGHTS = tuple(CLASS_WEIGHTS[cls] for cls in CLASSES)


def _average_lengths(
    candidates: Sequence[Candidate], split: Sequence[Sequence[Sequence[str]]]
) -> dict[tuple[str, str], float]:
    """Average number of terms per class, per kind, over the candidates (0 for no candidate)."""
    out: dict[tuple[str, str], float] = {}
    for kind in KINDS:
        fields = [f for c, f in zip(candidates, split, strict=True) if c.kind == kind]
        for index, cls in enumerate(CLASSES):
            total = sum(len(f[index]) for f in fields)
            out[(kind, cls)] = total / len(fields) if fields else 0.0
    return out


# --- highlights ------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _word_terms(word: str) -> tuple[str, ...]:
    return tuple(search_tokens(word))


def _spans(text: str, terms: Collection[str]) -> list[tuple[int, int]]:
    """Where the words of ``text`` whose search term is one of ``terms`` are."""
    return [
        (m.start(), m.end())
        for m in _WORD.finditer(text)
        if any(t in terms for t in _word_terms(m.group()))
    ]


def mark(text: str, terms: Collection[str]) -> str:
    """``text`` as HTML: escaped, with the words matching ``terms`` in <mark>...</mark>."""
    return _render(text, _spans(text, terms), 0, len(text))


def highlight(text: str, terms: Collection[str], *, width: int = 240) -> str | None:
    """``text`` as HTML with its matching words marked, cut to about ``width`` characters around
    the first match (with "…" where it was cut); None when no word matches."""
    spans = _spans(text, terms)
    if not spans:
        return None
    if len(text) <= width:
        return _render(text, spans, 0, len(text))
    first = spans[0][0]
    start = max(0, first - width // 3)
    if start:
        start = _word_start_after(text, start, first)
    end = min(len(text), start + width)
    if end < len(text):
        end = _word_end_before(text, end, spans[0][1])
    body = _render(text, [s for s in spans if s[0] >= start and s[1] <= end], start, end)
    return ("…" if start else "") + body + ("…" if end < len(text) else "")


def _word_start_after(text: str, index: int, maximum: int) -> int:
    space = text.find(" ", index, maximum)
    return space + 1 if space >= 0 else maximum


def _word_end_before(text: str, index: int, minimum: int) -> int:
    space = text.rfind(" ", minimum, index)
    return space if space >= minimum else index


def _render(text: str, spans: Sequence[tuple[int, int]], start: int, end: int) -> str:
    parts: list[str] = []
    position = start
    for left, right in spans:
        parts.append(html.escape(text[position:left]))
        parts.append(f"<mark>{html.escape(text[left:right])}</mark>")
        position = right
    parts.append(html.escape(text[position:end]))
    return "".join(parts).strip()


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Highlight:
    """A field of a result where the query matched: its name (``field``, and ``name`` in
    French) and its text as HTML with the matched words marked."""

    field: str
    name: str
    html: str


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str
    referential: str
    key: str
    label: str
    score: float
    label_html: str  # the label as HTML, matched words marked
    highlights: tuple[Highlight, ...] = ()
    matched: tuple[str, ...] = ()  # the terms found (query terms or their typo corrections)


@dataclass(frozen=True, slots=True)
class SearchResults:
    """Hits grouped by kind (``KINDS`` order), each group ranked, with the number of matches."""

    query: str
    terms: tuple[QueryTerm, ...] = ()
    groups: dict[str, tuple[SearchHit, ...]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

    def hits(self, kind: str) -> tuple[SearchHit, ...]:
        return self.groups.get(kind, ())

    @property
    def expansions(self) -> dict[str, tuple[str, ...]]:
        """Typo corrections made: query term -> vocabulary terms searched instead."""
        return {t.term: t.expansions for t in self.terms if not t.known and t.expansions}

    @property
    def unknown(self) -> tuple[str, ...]:
        """Query terms that neither the vocabulary nor a one-typo correction knows."""
        return tuple(t.term for t in self.terms if t.unknown)

    @property
    def empty(self) -> bool:
        return not any(self.groups.values())


def build_hit(
    scored: Scored, fields: Sequence[tuple[str, str]], *, highlights: int = 3
) -> SearchHit:
    """A hit from a ranked candidate and its raw fields: the label and up to ``highlights``
    other matching fields (strongest class first) with their matched words marked."""
    candidate = scored.candidate
    terms = set(scored.matched)
    found: list[Highlight] = []
    for cls in CLASSES:
        if len(found) >= highlights:
            break
        if terms.isdisjoint(candidate.tokens.get(cls, "").split()):
            continue  # no field of this class matched: no need to look at their words
        for name, text in fields:
            if FIELDS[name][0] != cls or name in ("title", "label"):
                continue  # another class, or the name itself (shown as the label)
            marked = highlight(text, terms)
            if marked is not None:
                found.append(Highlight(name, FIELDS[name][1], marked))
                if len(found) >= highlights:
                    break
    return SearchHit(
        kind=candidate.kind,
        referential=candidate.referential,
        key=candidate.key,
        label=candidate.label,
        score=round(scored.score, 6),
        label_html=mark(candidate.label, terms),
        highlights=tuple(found),
        matched=scored.matched,
    )
