"""Job sheets of an Observatoire study: page-break repair, title matching, sheet parsing.

The study comes out of a PDF: page breaks leave blank runs and cut items or words
("com-" / "pétence"), and sometimes lose the indentation of nested items. The helpers
here work on plain line texts addressed by 0-based indexes and return raw structures
that keep their line spans; ``study.py`` turns them into domain objects.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from parcours.domain.competency import CompetencyKind
from parcours.domain.mobility import MobilityKind
from parcours.engine.normalise import fold, tokens
from parcours.ingest.prose import collapse

PARAGRAPH = -1  # Item.level of a line that is not a list item

# A list item: hyphen, en dash or bullet then a space; leading spaces mark a nested item.
_MARKER = re.compile(r"^(?P<indent>[ \t]*)[-–•][ \t]+(?P<rest>\S.*)$")
# An item or sentence that ends with one of these is complete: the next line is not its tail.
_TERMINAL = ".,;:!?…"
# A word cut at the end of a line ("com-"): a letter then a hyphen.
_WORD_CUT = re.compile(r"[^\W\d_]-$")
# Asterisks that open or close a word ("**dans la banque**", "*Marketvox"): markup.
_EMPHASIS = re.compile(r"(?<!\S)\*+|\*+(?!\S)")
_ARTICLE = re.compile(r"^(?:le|la|les)\s+|^l['’]\s*", re.IGNORECASE)
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
_CLASSIFICATION = re.compile(r"^classification\s*:\s*(?P<value>\S.*)$", re.IGNORECASE)
# A heading that groups competencies: "Liés aux offres ...", "Relatives à la ..." (folded).
_GROUP_HEADING = re.compile(r"^(?:liee?s?|relati(?:f|fs|ve|ves))\s+(?:a|au|aux)\b")
# Words that go on with a sentence left open on the line before ("... dans ses décisions").
_PREPOSITIONS = frozenset(
    {
        "a",
        "au",
        "aux",
        "avec",
        "dans",
        "de",
        "des",
        "du",
        "en",
        "entre",
        "par",
        "pour",
        "sans",
        "selon",
        "sous",
        "sur",
        "vers",
    }
)
_EVOLUTION_KIND = re.compile(
    r"^[ÉéEe]volutions?\s+(?P<kind>verticales?|horizontales?)\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


def is_blank(text: str) -> bool:
    return not text.strip()


def strip_emphasis(text: str) -> str:
    """Drop the markdown asterisks the PDF converter leaves around bold or italic runs."""
    return collapse(_EMPHASIS.sub("", text))


def clean_label(text: str) -> str:
    """A label as written, without emphasis, list punctuation, heading colon or «quotes»."""
    label = strip_emphasis(text)
    while label and (label[-1] in ",;:" or (label.endswith(".") and not label.endswith(".."))):
        label = label[:-1].rstrip()
    if label.startswith("«") and label.endswith("»"):
        label = label[1:-1].strip()
    return label


def strip_parenthetical(title: str) -> str:
    """A title without its trailing "(...)" qualifier, unless nothing would remain."""
    stripped = _TRAILING_PAREN.sub("", title).strip()
    return stripped or title.strip()


def drop_article(title: str) -> str:
    """ "Le Directeur de centre" -> "Directeur de centre"."""
    stripped = _ARTICLE.sub("", title.strip(), count=1)
    return stripped or title.strip()


# --------------------------------------------------------------------------- items


@dataclass(frozen=True, slots=True)
class Item:
    """A list item or paragraph rebuilt from one or more lines (0-based ``first``..``last``)."""

    text: str
    level: int
    first: int
    last: int
    after_blank: bool = False
    joined: bool = False
    guessed: bool = False

    @property
    def is_list(self) -> bool:
        return self.level >= 0


def parse_marker(text: str) -> tuple[int, str] | None:
    """(nesting level, text after the marker) of a list line, None for any other line."""
    match = _MARKER.match(text)
    if match is None:
        return None
    return (1 if match.group("indent") else 0), match.group("rest")


def continues(previous: str, following: str, *, allow_upper: bool = False) -> bool:
    """Whether ``following`` (not a list line) is the tail of ``previous`` cut by a break.

    A cut word ("com-") or an unfinished item followed by a lower-case line continues;
    ``allow_upper`` also accepts an upper-case tail (inside a list of activities, where
    a stray paragraph is unlikely and "Directions de ..." can follow a cut).
    """
    prev, nxt = previous.rstrip(), following.strip()
    if not prev or not nxt:
        return False
    if _WORD_CUT.search(prev) and nxt[0].islower():
        return True
    if prev[-1] in _TERMINAL:
        return False
    return nxt[0].islower() or allow_upper


def join_fragments(previous: str, following: str) -> str:
    """Glue a tail to its item: "com-" + "pétence," -> "compétence,"; else one space."""
    prev, nxt = previous.rstrip(), collapse(following)
    if _WORD_CUT.search(prev) and nxt[:1].islower():
        return prev[:-1] + nxt
    return f"{prev} {nxt}"


def rejoin(lines: Sequence[tuple[int, str]], *, allow_upper: bool = False) -> list[Item]:
    """Rebuild items and paragraphs from (index, text) lines, blank ones included.

    Every non-blank line ends up in exactly one item, in order; a line that is the tail
    of the previous item (see ``continues``) is glued to it instead of starting one.
    """
    items: list[Item] = []
    blank_before = False
    for index, raw in lines:
        if is_blank(raw):
            blank_before = True
            continue
        marker = parse_marker(raw)
        if marker is None and items:
            last = items[-1]
            upper = allow_upper and last.is_list
            if continues(last.text, raw, allow_upper=upper):
                guessed = not _WORD_CUT.search(last.text.rstrip()) and not raw.strip()[0].islower()
                items[-1] = replace(
                    last,
                    text=join_fragments(last.text, raw),
                    last=index,
                    joined=True,
                    guessed=last.guessed or guessed,
                )
                blank_before = False
                continue
        if marker is not None:
            items.append(Item(collapse(marker[1]), marker[0], index, index, blank_before))
        else:
            items.append(Item(collapse(raw), PARAGRAPH, index, index, blank_before))
        blank_before = False
    return items


def render(items: Sequence[Item]) -> str:
    """Items back to readable text: paragraphs apart when the source had a blank run."""
    parts: list[str] = []
    for n, item in enumerate(items):
        prefix = "" if item.level == PARAGRAPH else "  " * item.level + "- "
        if n:
            parts.append("\n\n" if item.after_blank else "\n")
        parts.append(prefix + strip_emphasis(item.text))
    return "".join(parts)


# --------------------------------------------------------------------------- titles

# Words that carry no meaning in a job title ("Responsable qualité d'une Centre ...").
STOP_WORDS = frozenset(
    {
        "a",
        "au",
        "aux",
        "avec",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "en",
        "et",
        "l",
        "la",
        "le",
        "les",
        "ou",
        "par",
        "pour",
        "sur",
        "un",
        "une",
    }
)
# Words that only say where a job is exercised: "Conseiller senior en CRC" is the
# "Conseiller senior" sheet.
CONTEXT_WORDS = frozenset({"centre", "relation", "client", "crc"})


class MatchRule(StrEnum):
    EXACT = "exact"  # same meaningful words
    CONTEXT = "context"  # the sheet's words plus place words only
    CONTAINED = "contained"  # the target's words inside exactly one sheet's words


_RULE_CONFIDENCE = {MatchRule.EXACT: 1.0, MatchRule.CONTEXT: 0.9, MatchRule.CONTAINED: 0.8}


@dataclass(frozen=True, slots=True)
class TitleMatch:
    title: str
    rule: MatchRule

    @property
    def confidence(self) -> float:
        return _RULE_CONFIDENCE[self.rule]


def title_tokens(title: str) -> frozenset[str]:
    """The meaningful folded words of a title, its trailing "(...)" qualifier dropped."""
    return frozenset(t for t in tokens(strip_parenthetical(title)) if t not in STOP_WORDS)


def same_title(a: str, b: str) -> bool:
    """Two spellings of one title (case, accents, articles, plurals aside)."""
    wanted = title_tokens(a)
    return bool(wanted) and wanted == title_tokens(b)


def match_title(target: str, candidates: Sequence[str]) -> TitleMatch | None:
    """The candidate title that ``target`` names, or None when none or several fit.

    Rules, in order: same words; a candidate's words plus place words only
    (the largest such candidate, when it is the only one of its size); the target's
    words inside exactly one candidate's words. The result does not depend on the
    order of ``candidates``.
    """
    wanted = title_tokens(target)
    if not wanted:
        return None
    ordered = sorted(set(candidates))
    own = {c: title_tokens(c) for c in ordered}
    exact = [c for c in ordered if own[c] == wanted]
    if exact:
        return TitleMatch(exact[0], MatchRule.EXACT)
    inside = [c for c in ordered if own[c] and own[c] < wanted and wanted - own[c] <= CONTEXT_WORDS]
    if inside:
        size = max(len(own[c]) for c in inside)
        largest = [c for c in inside if len(own[c]) == size]
        return TitleMatch(largest[0], MatchRule.CONTEXT) if len(largest) == 1 else None
    around = [c for c in ordered if wanted < own[c]]
    return TitleMatch(around[0], MatchRule.CONTAINED) if len(around) == 1 else None


def find_mentions(text: str, titles: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, title) of each title written in ``text``, in the folded text's offsets.

    Overlapping mentions keep the longest ("Conseiller senior expert" over
    "Conseiller senior").
    """
    folded = fold(text)
    found: list[tuple[int, int, str]] = []
    for title in sorted(set(titles)):
        needle = fold(title)
        if not needle:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", folded):
            found.append((match.start(), match.end(), title))
    found.sort(key=lambda f: (f[0], f[0] - f[1], f[2]))
    kept: list[tuple[int, int, str]] = []
    for mention in found:
        if not kept or mention[0] >= kept[-1][1]:
            kept.append(mention)
    return kept


# Head nouns of an organisational unit: "Direction du Réseau", "autres directions de la
# Banque" name where one may go, not a job (a job names a person: Directeur, Chef ...).
_UNIT_NOUNS = frozenset(
    {
        "departement",
        "direction",
        "division",
        "entite",
        "filiale",
        "pole",
        "service",
    }
)
# Words that may come before the head noun: "autres directions", "les services".
_QUANTIFIERS = frozenset({"autre", "autres", "d", "des", "l", "la", "le", "les", "une", "un"})


def names_a_unit(title: str) -> bool:
    """Whether a title names an organisational unit (a department, a subsidiary) rather than
    a job: its first meaningful word is a unit's head noun."""
    words = [w for w in tokens(strip_parenthetical(title)) if w not in _QUANTIFIERS]
    if not words:
        return False
    head = words[0]
    return head in _UNIT_NOUNS or (head.endswith("s") and head[:-1] in _UNIT_NOUNS)


# --------------------------------------------------------------------------- sheets


class Part(StrEnum):
    """The headed parts of a job sheet."""

    ALT_TITLES = "alt_titles"
    PURPOSE = "purpose"
    CHARACTERISTICS = "characteristics"
    ACTIVITIES = "activities"
    WORKPLACE = "workplace"
    ACCESS = "access"
    CLASSIFICATION = "classification"
    REPORTING = "reporting"
    EVOLUTION = "evolution"
    COMPETENCIES = "competencies"
    SAVOIR = "savoir"
    SAVOIR_FAIRE = "savoir_faire"
    SAVOIR_ETRE = "savoir_etre"


# Folded heading texts (colon dropped, hyphens as spaces) and the part they open.
_HEADINGS: dict[str, Part] = {
    "description du metier": Part.PURPOSE,
    "principales caracteristiques": Part.CHARACTERISTICS,
    "principales activites": Part.ACTIVITIES,
    "lieu d'exercice": Part.WORKPLACE,
    "conditions d'acces": Part.ACCESS,
    "rattachement hierarchique": Part.REPORTING,
    "evolution": Part.EVOLUTION,
    "evolutions": Part.EVOLUTION,
    "evolutions possibles": Part.EVOLUTION,
    "competences": Part.COMPETENCIES,
    "savoir": Part.SAVOIR,
    "savoirs": Part.SAVOIR,
    "savoir faire": Part.SAVOIR_FAIRE,
    "savoirs faire": Part.SAVOIR_FAIRE,
    "savoir etre": Part.SAVOIR_ETRE,
    "savoirs etre": Part.SAVOIR_ETRE,
}
_KIND_OF_PART = {
    Part.SAVOIR: CompetencyKind.SAVOIR,
    Part.SAVOIR_FAIRE: CompetencyKind.SAVOIR_FAIRE,
    Part.SAVOIR_ETRE: CompetencyKind.SAVOIR_ETRE,
}
# The parts whose body is a list: a paragraph after the list is something else.
_LIST_PARTS = frozenset({Part.ALT_TITLES, Part.ACTIVITIES, Part.EVOLUTION})
# A sheet starts with a title line followed by one of these parts.
_OPENING_PARTS = frozenset({Part.PURPOSE, Part.ALT_TITLES})


def heading_part(text: str) -> tuple[Part, str | None] | None:
    """The sheet part a line opens, with the inline value of "Classification : J/K"."""
    if is_blank(text) or parse_marker(text) is not None:
        return None
    plain = strip_emphasis(text)
    classification = _CLASSIFICATION.match(plain)
    if classification is not None:
        return Part.CLASSIFICATION, classification.group("value").strip()
    key = fold(plain).rstrip(" :")
    if key.startswith("principales appellations"):
        return Part.ALT_TITLES, None
    part = _HEADINGS.get(key.replace("-", " "))
    return (part, None) if part is not None else None


def next_nonblank(lines: Sequence[str], start: int, end: int) -> int | None:
    for index in range(start, end):
        if not is_blank(lines[index]):
            return index
    return None


def find_sheet_headings(lines: Sequence[str], start: int, end: int) -> list[int]:
    """Indexes of sheet title lines: a plain line followed by "Description du métier" or
    "Principales appellations ..."."""
    found: list[int] = []
    for index in range(start, end):
        line = lines[index]
        if is_blank(line) or parse_marker(line) is not None or heading_part(line) is not None:
            continue
        following = next_nonblank(lines, index + 1, end)
        if following is None:
            continue
        part = heading_part(lines[following])
        if part is not None and part[0] in _OPENING_PARTS:
            found.append(index)
    return found


@dataclass(frozen=True, slots=True)
class RawWarning:
    code: str
    message: str
    first: int
    last: int


@dataclass(slots=True)
class RawEvolution:
    target: str
    kind: MobilityKind
    item: Item


@dataclass(slots=True)
class RawCompetency:
    label: str
    kind: CompetencyKind
    first: int
    last: int
    details: list[str] = field(default_factory=list)
    announced: bool = False  # the label ended with ":": details follow
    repaired: bool = False
    joined: bool = False  # a line of it was glued across a page break (not reported yet)
    category: str | None = None  # the group heading above it ("Liés aux ...")


@dataclass(slots=True)
class Extra:
    """Sheet content that fits no field (kept as a note)."""

    title: str
    items: list[Item]


@dataclass(slots=True)
class RawSheet:
    title: str
    start: int
    end: int  # exclusive
    alt_titles: list[Item] = field(default_factory=list)
    purpose: list[Item] = field(default_factory=list)
    activity_intro: list[Item] = field(default_factory=list)
    activities: list[Item] = field(default_factory=list)
    workplace: list[Item] = field(default_factory=list)
    access: list[Item] = field(default_factory=list)
    classification: tuple[str, int] | None = None
    reporting: list[Item] = field(default_factory=list)
    evolution_intro: list[Item] = field(default_factory=list)
    evolutions: list[RawEvolution] = field(default_factory=list)
    competencies: list[RawCompetency] = field(default_factory=list)
    extras: list[Extra] = field(default_factory=list)
    warnings: list[RawWarning] = field(default_factory=list)

    @property
    def last_line(self) -> int:
        return self.end - 1

    def warn(self, code: str, message: str, first: int, last: int | None = None) -> None:
        self.warnings.append(RawWarning(code, message, first, first if last is None else last))


@dataclass(slots=True)
class _Segment:
    part: Part | None
    heading: int
    value: str | None
    body: list[tuple[int, str]]


def _segments(lines: Sequence[str], start: int, end: int) -> list[_Segment]:
    segments = [_Segment(None, start - 1, None, [])]
    for index in range(start, end):
        opened = heading_part(lines[index])
        if opened is not None:
            segments.append(_Segment(opened[0], index, opened[1], []))
        else:
            segments[-1].body.append((index, lines[index]))
    return segments


def _split_trailing(items: list[Item]) -> tuple[list[Item], list[Item]]:
    """Split a list part where a paragraph follows the list: that paragraph starts
    other content (e.g. "Les diversifications du métier ..." after "Évolution")."""
    seen_list = False
    for n, item in enumerate(items):
        if item.is_list:
            seen_list = True
        elif seen_list:
            return items[:n], items[n:]
    return items, []


def parse_sheet(lines: Sequence[str], start: int, end: int) -> RawSheet:
    """Parse the sheet whose title line is ``lines[start]``, up to ``end`` (exclusive)."""
    sheet = RawSheet(drop_article(strip_emphasis(lines[start])), start, end)
    for segment in _segments(lines, start + 1, end):
        _parse_segment(sheet, segment, lines)
    return sheet


def _parse_segment(sheet: RawSheet, segment: _Segment, lines: Sequence[str]) -> None:
    part = segment.part
    heading_text = strip_emphasis(lines[segment.heading]) if segment.heading >= 0 else ""
    if part in _LIST_PARTS:
        items = rejoin(segment.body, allow_upper=part is Part.ACTIVITIES)
        items, trailing = _split_trailing(items)
        if trailing:
            sheet.extras.append(Extra(clean_label(trailing[0].text), trailing[1:]))
    else:
        items = rejoin(segment.body)
    if part is None or part is Part.CHARACTERISTICS or part is Part.COMPETENCIES:
        if items:
            sheet.extras.append(Extra(clean_label(heading_text) or sheet.title, items))
    elif part is Part.ALT_TITLES:
        _parse_alt_titles(sheet, items, heading_text)
    elif part is Part.PURPOSE:
        sheet.purpose.extend(items)
    elif part is Part.ACTIVITIES:
        _parse_activities(sheet, items)
    elif part is Part.WORKPLACE:
        sheet.workplace.extend(items)
    elif part is Part.ACCESS:
        sheet.access.extend(items)
    elif part is Part.CLASSIFICATION:
        sheet.classification = (segment.value or "", segment.heading)
        if items:
            sheet.access.extend(items)
    elif part is Part.REPORTING:
        sheet.reporting.extend(items)
    elif part is Part.EVOLUTION:
        _parse_evolutions(sheet, items)
    else:
        _parse_competencies(sheet, items, _KIND_OF_PART[part])


def _parse_alt_titles(sheet: RawSheet, items: list[Item], heading_text: str) -> None:
    """Top-level items are the titles; nested lines describe them: the list with its
    descriptions is kept as a note of the sheet (with any introduction)."""
    sheet.alt_titles.extend(item for item in items if item.level == 0)
    described = any(item.level > 0 for item in items)
    kept = items if described else [item for item in items if not item.is_list]
    if kept:
        sheet.extras.append(Extra(clean_label(heading_text), kept))


def _parse_activities(sheet: RawSheet, items: list[Item]) -> None:
    for item in items:
        if not item.is_list:
            sheet.activity_intro.append(item)
            continue
        sheet.activities.append(item)
        if item.guessed:
            sheet.warn(
                "item-recolle",
                f"Fiche « {sheet.title} » : activité reconstituée à travers un saut de page, "
                f"à vérifier : « {clean_label(item.text)} »",
                item.first,
                item.last,
            )


def _parse_evolutions(sheet: RawSheet, items: list[Item]) -> None:
    """ "- évolution verticale : X", a nested list under such a line, or a plain list."""
    current: MobilityKind | None = None
    for item in items:
        if not item.is_list:
            sheet.evolution_intro.append(item)
            continue
        if item.level == 0:
            typed = _EVOLUTION_KIND.match(strip_emphasis(item.text))
            if typed is None:
                current = None
                _add_evolution(sheet, item.text, MobilityKind.UNSPECIFIED, item)
                continue
            vertical = typed.group("kind").lower().startswith("vertical")
            current = MobilityKind.VERTICAL if vertical else MobilityKind.HORIZONTAL
            if clean_label(typed.group("rest")):
                _add_evolution(sheet, typed.group("rest"), current, item)
        else:
            _add_evolution(sheet, item.text, current or MobilityKind.UNSPECIFIED, item)
    unspecified = [
        e
        for e in sheet.evolutions
        if e.kind is MobilityKind.UNSPECIFIED and not names_a_unit(e.target)
    ]
    if sheet.evolution_intro and unspecified:
        intro = " ".join(clean_label(i.text) for i in sheet.evolution_intro)
        sheet.warn(
            "evolution-sans-type",
            f"Fiche « {sheet.title} » : « {intro} » ; les évolutions qui suivent sont "
            "enregistrées sans type (ni verticale ni horizontale)",
            sheet.evolution_intro[0].first,
            max(e.item.last for e in unspecified),
        )


def _add_evolution(sheet: RawSheet, target: str, kind: MobilityKind, item: Item) -> None:
    label = clean_label(target)
    if label:
        sheet.evolutions.append(RawEvolution(label, kind, item))


def is_group_heading(label: str) -> bool:
    """A heading that groups competencies rather than naming one: a "related to ..." phrase
    ("Liés aux offres commerciales", "Relatives à la clientèle"), whose items below are the
    competencies."""
    return _GROUP_HEADING.match(fold(label)) is not None


def _opens_phrase(item: Item, following: Item | None) -> bool:
    """A nested item that leaves its sentence open ("engage l'entreprise") and whose next
    item, nested too, goes on with a preposition ("dans ses décisions ..."): a third level
    that the extraction flattened."""
    text = strip_emphasis(item.text).rstrip()
    if not text or text[-1] in _TERMINAL or following is None or following.level < 1:
        return False
    first_word = fold(strip_emphasis(following.text)).split(" ", 1)[0]
    return first_word in _PREPOSITIONS


def _parse_competencies(sheet: RawSheet, items: list[Item], kind: CompetencyKind) -> None:
    """ "- Label :" then nested " - detail" lines; a lone "- Label." is a competency too.

    A "Liés à ..." heading groups competencies: its nested items are the competencies (of
    that category), and an item that leaves its sentence open takes the items that complete
    it as details (a third level the extraction flattened). Page breaks lose the
    indentation of nested lines: a top-level line that is not a heading ("...:"), under a
    heading that announced details or a group, is nested when it starts in lower case or
    right after a blank run. Those repairs are reported.
    """
    group: str | None = None
    current: RawCompetency | None = None
    open_phrase = False  # current (in a group) takes the next nested items as its details
    for n, item in enumerate(items):
        following = items[n + 1] if n + 1 < len(items) else None
        label = clean_label(item.text)
        heading = item.is_list and item.text.rstrip().endswith(":")
        if item.level == 0 and is_group_heading(label):
            group, current, open_phrase = label, None, False
            continue
        if item.level == 0 and not heading and (current is not None or group is not None):
            lost = item.text[:1].islower() or item.after_blank
            if lost and current is not None and current.category is None:
                if current.announced or current.details:
                    _add_detail(sheet, current, item, "detail-reimbrique", "imbrication perdue")
                    continue
            elif lost and group is not None:
                current = _grouped(sheet, item, kind, group)
                open_phrase = False
                sheet.warn(
                    "competence-reimbriquee",
                    f"Fiche « {sheet.title} » : « {current.label} » rattaché au groupe "
                    f"« {group} » (imbrication perdue au saut de page)",
                    item.first,
                    item.last,
                )
                continue
        if item.level == 0:
            group, open_phrase = None, False
            current = RawCompetency(label, kind, item.first, item.last)
            current.announced = heading
            current.repaired = current.joined = item.joined
            sheet.competencies.append(current)
        elif group is not None and item.level > 0 and not (open_phrase and current is not None):
            current = _grouped(sheet, item, kind, group)
            open_phrase = _opens_phrase(item, following)
        elif current is None:
            current = RawCompetency(label, kind, item.first, item.last)
            current.repaired = True
            sheet.competencies.append(current)
            sheet.warn(
                "competence-sans-titre",
                f"Fiche « {sheet.title} » : ligne détaillée sans compétence au-dessus, "
                f"gardée comme compétence : « {current.label} »",
                item.first,
                item.last,
            )
        elif item.level == PARAGRAPH:
            _add_detail(sheet, current, item, "detail-sans-tiret", "ligne sans tiret")
        else:
            current.details.append(label)
            current.last = item.last
            current.repaired = current.repaired or item.joined
            current.joined = current.joined or item.joined
            if open_phrase and strip_emphasis(item.text).rstrip().endswith((".", "!", "?", "…")):
                open_phrase = False


def _grouped(sheet: RawSheet, item: Item, kind: CompetencyKind, group: str) -> RawCompetency:
    competency = RawCompetency(clean_label(item.text), kind, item.first, item.last)
    competency.category = group
    competency.repaired = competency.joined = item.joined
    sheet.competencies.append(competency)
    return competency


def _add_detail(
    sheet: RawSheet, current: RawCompetency, item: Item, code: str, reason: str
) -> None:
    detail = clean_label(item.text)
    current.details.append(detail)
    current.last = item.last
    current.repaired = True
    sheet.warn(
        code,
        f"Fiche « {sheet.title} » : « {detail} » rattaché comme détail de "
        f"« {current.label} » ({reason} au saut de page)",
        item.first,
        item.last,
    )
