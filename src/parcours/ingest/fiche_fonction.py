"""Importer for "fiche fonction" pages (La Banque Postale's job sheets, as extracted text).

A sheet describes one job ("fonction") in sections headed by lines of their own:
"Fonction" (the title with its grade), "Évolutions possibles" (the jobs one can move
to, under a sub-heading such as "Au sein du métier"), "Raisons d'être" (the purpose,
sometimes followed by numbered activity domains), "Missions", "Compétences",
"Environnement de travail", "Famille", "Filière", "Métier", "Répartition des
effectifs", "Effectif de la fonction", then links. Any section may be missing.

How the layout is read back (the text wraps at about 100 characters and page
breaks leave blank lines):

- Items (missions, activities) start at a "- " bullet or at a line that begins
  with a capital or a digit. A line continues the item before it when it begins
  with a lower-case letter or punctuation ("», de…", ",", "(autorisation…"), or
  when the line before does not end an item (",", ";", ".", ":", "…") and is a
  full line (``FULL_LINE`` characters or more) that wrapped before a proper
  noun ("… de La" / "Banque Postale"). Blank lines neither end nor continue an
  item on their own: a page break may fall inside one.
- A mission item ending with ":" is a domain heading; the items after it are its
  activities. A heading followed at once by another heading is a parent domain:
  the headings under it (each followed by "- " bullets) are activities of the
  parent and domains of their own bullets. "1er domaine d'activités : X :" opens
  the domain X. A single blank line after a domain's items ends the domain (the
  missions that follow have none); two or more blank lines are a page break and
  keep it. A closing "Etc." is no activity (reported).
- Competencies are a short label line (``LABEL_MAX`` characters at most, capital
  first, no final punctuation) starting a block (after a blank line, a finished
  sentence or another label-like line) and followed by its definition. A label-like
  line followed by another label-like line is a group heading: "COMPORTEMENTALES"
  and "Comportementales Socles" are behavioural (savoir-être); any other group
  ("Relation Client", "Vente"…) is a métier group, whose competencies are knowledge
  (savoir) when their definition opens with "Connaître" or "Disposer … des
  connaissances" and know-how (savoir-faire) otherwise; that guess lowers the
  provenance's confidence to ``GUESSED_KIND``. Each becomes an essential requirement.
- Evolution targets are the graded title lines; duplicates are kept once. A link
  ``…/fiche-fonction/<slug>`` is tied to the title whose ``fiche_slug`` is the slug.
- The employer is the capitalised name after "La/Le/Les/L'" that recurs most in the
  text ("La Banque Postale"), else the domain of the links.
- Kept as notes: the "Répartition des effectifs" entities (checked against the
  employer) and the job-map links (checked against the family, filière and métier).

Whatever cannot be placed becomes an info warning with its position.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from parcours.domain.competency import Competency, CompetencyKind, Importance, Requirement
from parcours.domain.draft import ImportDraft, ImportWarning, Severity
from parcours.domain.errors import DocumentError
from parcours.domain.job import Activity, Job
from parcours.domain.mobility import Mobility, MobilityKind, MobilityOrigin
from parcours.domain.provenance import DocumentFamily, Position, Provenance, SourceDocument
from parcours.domain.referential import Note, Referential
from parcours.engine.normalise import fold, job_key, label_key, slugify, split_grade
from parcours.ingest.prose import collapse
from parcours.ingest.text import ExtractedText

# A line this long (or longer) was wrapped by the page, not ended by its author.
FULL_LINE = 90
# The longest competency label or group heading.
LABEL_MAX = 70
# The score of a text that has the sheet's shape.
SHEET_SCORE = 0.95
# Confidence in a competency's kind when it is guessed from its definition.
GUESSED_KIND = 0.8
_KIND_WORDS = {CompetencyKind.SAVOIR: "savoir", CompetencyKind.SAVOIR_FAIRE: "savoir-faire"}
# The referential's name when the sheet names no employer and has no links.
UNNAMED_REFERENTIAL = "Fiches fonction"

# Section headings, folded, to the section's name.
_HEADINGS: dict[str, str] = {
    "fonction": "fonction",
    "evolutions possibles": "evolutions",
    "raisons d'etre": "purpose",
    "missions": "missions",
    "competences": "competencies",
    "environnement de travail": "environment",
    "famille": "family",
    "filiere": "filiere",
    "metier": "metier",
    "repartition des effectifs": "distribution",
    "effectif de la fonction": "headcount",
}
_SCORED_SECTIONS = frozenset({"evolutions", "purpose", "competencies"})
_SINGLE_VALUE = ("environment", "family", "filiere", "metier", "headcount")

_EVOLUTION_KINDS = {"au sein du metier": MobilityKind.WITHIN_METIER}
# Link kinds of the job map (path's first segment) to the Job field their slug names.
_HIERARCHY_LINKS: dict[str, str | None] = {
    "cartographie-des-metiers": None,
    "fiche-famille": "family",
    "fiche-filiere": "filiere",
    "fiche-metier": "metier",
}

_URL = re.compile(r"^https?://\S+$")
_BULLET = re.compile(r"^[-•–*]\s+")
_ITEM_END = (",", ";", ".", ":", "…", "!", "?")
_SENTENCE_END = (".", "…", "!", "?")
_TRAILING_SEPARATORS = re.compile(r"[\s,;·]+$")
# "(H/F)" anywhere, so that a title line is told from a sub-heading even without grade.
_GENDER_MARK = re.compile(r"\(\s*[HF]\s*/\s*[HF]\s*\)", re.IGNORECASE)
# "1er domaine d'activités : Gestion du risque :"
_NUMBERED_DOMAIN = re.compile(
    r"^\d+\s*(?:er|re|ère|e|ème|eme)\s+domaine\s+d['’]\s*activit[ée]s?\s*:\s*(?P<name>.+?)\s*:?$",
    re.IGNORECASE,
)
# Sentence ends: ". X" or a glued "compte.Exerce" (a lower-case letter before the stop).
_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?…])\s+(?=[«\"A-ZÀ-ÖØ-Þ0-9])|(?<=[a-zà-öø-ÿ][.!?])(?=[A-ZÀ-ÖØ-Þ])"
)
# An organisation named with its article: "La Banque Postale", "La Poste".
_ORGANISATION = re.compile(r"\b(?:La|Le|Les|L['’])\s?[A-ZÀ-Ý][\w-]*(?:\s+[A-ZÀ-Ý][\w-]*)*")
_KNOWLEDGE = re.compile(
    r"^(?:connaitre|disposer (?:de l'ensemble )?des connaissances|avoir des connaissances)"
)
_OPEN_LIST = frozenset({"etc", "etc.", "etc…", "etc.…"})
_HEADCOUNT = re.compile(r"^(?:de \d+ a \d+|plus de \d+|moins de \d+|\d+)$")


# --- text helpers ---------------------------------------------------------------------------


def fiche_slug(title_line: str) -> str:
    """The slug of a job's fiche URL: the folded title line, apostrophes, slashes and dots
    dropped, spaces to hyphens ("X D'APPUI III.1 (H/F)" -> "x-dappui-iii1-hf")."""
    kept = re.sub(r"[^a-z0-9\s-]", "", fold(title_line))
    return re.sub(r"[\s-]+", "-", kept).strip("-")


def join_wrapped(lines: Iterable[str]) -> str:
    """One text from wrapped lines: each line stripped, blank ones skipped, single spaces."""
    return collapse(" ".join(line.strip() for line in lines))


def split_sentences(text: str) -> list[str]:
    """The sentences of a paragraph, also where extraction glued them ("compte.Exerce")."""
    return [part.strip() for part in _SENTENCE_BREAK.split(text) if part.strip()]


@dataclass(frozen=True, slots=True)
class Item:
    """An item of a list re-joined from wrapped lines; ``first``/``last`` index the lines."""

    text: str
    first: int
    last: int
    bullet: bool = False

    @property
    def heading(self) -> bool:
        """A non-bullet item ending with ":" heads the items after it."""
        return not self.bullet and self.text.endswith(":")

    @property
    def label(self) -> str:
        return self.text.rstrip(" :")


def _ends_item(line: str) -> bool:
    return line.rstrip(" ·").endswith(_ITEM_END)


def _starts_item(line: str) -> bool:
    first = line[0]
    return first.isupper() or first.isdigit() or first == "«"


def continues(previous: str, line: str, full_line: int = FULL_LINE) -> bool:
    """Whether ``line`` continues the item whose last line is ``previous`` (both stripped)."""
    if _BULLET.match(line):
        return False
    if not _starts_item(line):
        return True
    return not _ends_item(previous) and len(previous) >= full_line


def split_items(lines: Sequence[str], full_line: int = FULL_LINE) -> list[Item]:
    """The items of wrapped list lines (blank lines allowed anywhere), separators dropped."""
    items: list[Item] = []
    parts: list[str] = []
    first = last = 0
    bullet = False
    previous = ""

    def flush() -> None:
        if parts:
            text = _TRAILING_SEPARATORS.sub("", join_wrapped(parts))
            items.append(Item(text, first, last, bullet))

    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if parts and continues(previous, line, full_line):
            parts.append(line)
            last = index
        else:
            flush()
            marker = _BULLET.match(line)
            bullet = marker is not None
            parts = [line[marker.end() :] if marker else line]
            first = last = index
        previous = line
    flush()
    return [item for item in items if item.text]


def detect_employer(lines: Iterable[str]) -> str | None:
    """The organisation named most often ("La Banque Postale"), when named at least twice."""
    text = collapse(" ".join(lines))
    counts = Counter(collapse(m.group(0)) for m in _ORGANISATION.finditer(text))
    if not counts:
        return None
    name, count = counts.most_common(1)[0]
    return name if count >= 2 else None


def _domain_name(url: str) -> str | None:
    host = urlsplit(url).hostname
    if not host:
        return None
    return ".".join(host.split(".")[-2:])


def _paragraph_break(before: Item, after: Item) -> bool:
    """One blank line between two items ends a paragraph; more are a page break."""
    return after.first - before.last - 1 == 1


def _is_title_line(line: str) -> bool:
    return split_grade(line)[1] is not None or _GENDER_MARK.search(line) is not None


def _looks_like_label(line: str) -> bool:
    return len(line) <= LABEL_MAX and line[0].isupper() and not line.endswith(_ITEM_END)


# --- the importer ---------------------------------------------------------------------------


class FicheFonctionImporter:
    """La Banque Postale's "fiche fonction": one job, its evolutions, missions, competencies."""

    family = DocumentFamily.FICHE_FONCTION
    description = (
        "Fiche fonction (La Banque Postale) : intitulé et grade, évolutions possibles, raisons "
        "d'être, missions, compétences, famille / filière / métier, effectif"
    )

    def score(self, text: ExtractedText, filename: str) -> float:
        lines = [line.text.strip() for line in text.lines]
        sections = {_HEADINGS.get(fold(line)) for line in lines}
        if not _SCORED_SECTIONS.issubset(sections):
            return 0.0
        for index, line in enumerate(lines):
            if fold(line) == "fonction":
                title = next((nxt for nxt in lines[index + 1 :] if nxt), "")
                if split_grade(title)[1] is not None:
                    return SHEET_SCORE
        return 0.0

    def parse(self, text: ExtractedText, document: SourceDocument) -> ImportDraft:
        return _SheetParser(text, document).parse()


@dataclass(frozen=True, slots=True)
class _Evolution:
    index: int
    line: str
    job: Job
    kind: MobilityKind


class _SheetParser:
    """The state of one parse: the lines, the draft under construction, provenance."""

    def __init__(self, text: ExtractedText, document: SourceDocument) -> None:
        self.text = text
        self.document = document
        self.lines = [line.text.strip() for line in text.lines]
        self.draft = ImportDraft(document=document)
        self.sections: dict[str, list[int]] = {}  # name -> body lines
        self.urls: list[int] = []
        self.title_index = 0

    # provenance and warnings

    def position(self, first: int, last: int | None = None) -> Position:
        return self.text.position(first, last)

    def provenance(
        self, first: int, last: int | None = None, confidence: float = 1.0
    ) -> Provenance:
        return Provenance(self.document.sha256, self.position(first, last), confidence)

    def info(self, code: str, message: str, first: int, last: int | None = None) -> None:
        self.draft.warnings.append(
            ImportWarning(code, message, self.position(first, last), Severity.INFO)
        )

    def warn(self, code: str, message: str, first: int, last: int | None = None) -> None:
        self.draft.warn(code, message, self.position(first, last))

    def unplaced(self, indexes: Iterable[int], where: str) -> None:
        for index in indexes:
            if self.lines[index]:
                self.info(
                    "unplaced-line", f"{where} : ligne non reprise « {self.lines[index]} »", index
                )

    # the parse

    def parse(self) -> ImportDraft:
        self._split_sections()
        job = self._sheet_job()
        part = Referential(
            name="",
            documents={self.document.filename: self.document},
            jobs={job.key: job},
        )
        self._single_values(job)
        self._purpose(job)
        if "missions" in self.sections:
            job.activities.extend(self._activities(self.sections["missions"]))
        self._competencies(job, part)
        evolutions = self._evolutions(job)
        self._links(job, evolutions, part)
        for evolution in evolutions:
            part.jobs[evolution.job.key] = evolution.job
            part.mobilities.append(
                Mobility(
                    source=job.key,
                    target=evolution.job.key,
                    kind=evolution.kind,
                    origin=MobilityOrigin.DECLARED,
                    provenance=[self.provenance(evolution.index)],
                )
            )
        self._employer(job, part)
        self.draft.parts.append(part)
        return self.draft

    def _split_sections(self) -> None:
        current: list[int] | None = None
        before: list[int] = []
        for index, line in enumerate(self.lines):
            name = _HEADINGS.get(fold(line))
            if name is not None:
                if name in self.sections:
                    self.info("repeated-heading", f"titre de section répété : « {line} »", index)
                    current = self.sections[name]
                else:
                    current = self.sections[name] = []
            elif _URL.match(line):
                self.urls.append(index)
            elif current is None:
                before.append(index)
            else:
                current.append(index)
        self.unplaced(before, "avant la première section")

    def _values(self, name: str) -> list[int]:
        return [i for i in self.sections.get(name, []) if self.lines[i]]

    def _sheet_job(self) -> Job:
        values = self._values("fonction")
        if not values:
            raise DocumentError(self.document.filename, "fiche fonction sans intitulé de fonction")
        index = self.title_index = values[0]
        title, grade = split_grade(self.lines[index])
        if not title:
            raise DocumentError(self.document.filename, "intitulé de fonction vide")
        self.unplaced(values[1:], "Fonction")
        return Job(
            key=job_key(title, grade), title=title, grade=grade, provenance=[self.provenance(index)]
        )

    def _single_values(self, job: Job) -> None:
        for name in _SINGLE_VALUE:
            values = self._values(name)
            if not values:
                continue
            value = self.lines[values[0]]
            setattr(job, name, value)
            job.provenance.append(self.provenance(values[0]))
            self.unplaced(values[1:], name)
            if name == "headcount" and not _HEADCOUNT.match(fold(value)):
                self.info("headcount-format", f"effectif inattendu : « {value} »", values[0])

    def _purpose(self, job: Job) -> None:
        body = self.sections.get("purpose", [])
        cut = next(
            (n for n, i in enumerate(body) if _NUMBERED_DOMAIN.match(self.lines[i])), len(body)
        )
        lines = [i for i in body[:cut] if self.lines[i]]
        if lines:
            job.purpose.extend(split_sentences(join_wrapped(self.lines[i] for i in lines)))
            job.provenance.append(self.provenance(lines[0], lines[-1]))
        job.activities.extend(self._activities(body[cut:]))

    def _activities(self, body: Sequence[int]) -> list[Activity]:
        """Activities grouped by domain heading (see the module's docstring)."""
        items = split_items([self.lines[i] for i in body])
        activities: list[Activity] = []
        parent: str | None = None
        domain: str | None = None
        for n, item in enumerate(items):
            first, last = body[item.first], body[item.last]
            where = [self.provenance(first, last)]
            numbered = _NUMBERED_DOMAIN.match(item.text)
            following = items[n + 1] if n + 1 < len(items) else None
            if numbered:
                parent, domain = None, numbered.group("name")
            elif item.heading and following is not None and following.heading:
                parent, domain = item.label, None
            elif item.heading and parent is not None and following is not None and following.bullet:
                activities.append(Activity(item.label, parent, provenance=where))
                domain = item.label
            elif item.heading:
                parent, domain = None, item.label
            elif fold(item.text) in _OPEN_LIST:
                self.info("open-list", f"liste ouverte (« {item.text} ») sous « {domain} »", first)
            else:
                if n > 0 and not items[n - 1].heading and _paragraph_break(items[n - 1], item):
                    parent = domain = None
                activities.append(Activity(item.label, domain, provenance=where))
        return activities

    # competencies

    def _competencies(self, job: Job, part: Referential) -> None:
        """Group headings, then labels each followed by their definition lines."""
        rows: list[tuple[int, bool]] = []  # (line index, a blank line just before it)
        blank = True
        for index in self.sections.get("competencies", []):
            if self.lines[index]:
                rows.append((index, blank))
            blank = not self.lines[index]
        label_like: list[bool] = []
        for n, (index, blank_before) in enumerate(rows):
            starts_block = (
                n == 0
                or blank_before
                or label_like[n - 1]
                or self.lines[rows[n - 1][0]].endswith(_SENTENCE_END)
            )
            label_like.append(starts_block and _looks_like_label(self.lines[index]))

        group: int | None = None  # the line of the current group heading
        group_used = True
        n = 0
        while n < len(rows):
            index = rows[n][0]
            if not label_like[n]:
                self.unplaced([index], "Compétences")
                n += 1
            elif n + 1 < len(rows) and label_like[n + 1]:
                if group is not None and not group_used:
                    self.info(
                        "empty-group", f"groupe sans compétence : « {self.lines[group]} »", group
                    )
                if not rows[n + 1][1]:
                    self.info(
                        "group-heading", f"titre de groupe supposé : « {self.lines[index]} »", index
                    )
                group, group_used = index, False
                n += 1
            elif n + 1 == len(rows):
                self.info("competency-without-definition", f"« {self.lines[index]} »", index)
                n += 1
            else:
                end = n + 1
                while end + 1 < len(rows) and not label_like[end + 1]:
                    end += 1
                definition = [rows[k][0] for k in range(n + 1, end + 1)]
                heading = self.lines[group] if group is not None else None
                self._competency(job, part, heading, index, definition)
                group_used = True
                n = end + 1

    def _competency(
        self, job: Job, part: Referential, group: str | None, index: int, definition: list[int]
    ) -> None:
        label = self.lines[index]
        text = join_wrapped(self.lines[i] for i in definition)
        category: str | None
        confidence = 1.0
        if group is not None and fold(group).startswith("comportementales"):
            kind, category = CompetencyKind.SAVOIR_ETRE, collapse(group.lower())
        else:
            knowledge = _KNOWLEDGE.match(fold(text)) is not None
            kind = CompetencyKind.SAVOIR if knowledge else CompetencyKind.SAVOIR_FAIRE
            category, confidence = group, GUESSED_KIND
            self.warn(
                "type-competence-suppose",
                f"« {label} » : le document ne dit pas si c'est un savoir ou un savoir-faire ; "
                f"{_KIND_WORDS[kind]} supposé d'après sa définition",
                index,
                definition[-1],
            )
        key = label_key(label)
        where = self.provenance(index, definition[-1], confidence)
        known = part.competencies.get(key)
        if known is not None:
            self.info("duplicate-competency", f"compétence répétée : « {label} »", index)
            known.provenance.append(where)
            return
        part.competencies[key] = Competency(
            key=key, label=label, kind=kind, category=category, definition=text, provenance=[where]
        )
        job.requirements.append(
            Requirement(key, Importance.ESSENTIAL, provenance=[self.provenance(index)])
        )

    # evolutions and links

    def _evolutions(self, job: Job) -> list[_Evolution]:
        kind = MobilityKind.UNSPECIFIED
        seen: dict[str, int] = {}
        evolutions: list[_Evolution] = []
        for index in self.sections.get("evolutions", []):
            line = self.lines[index]
            if not line:
                continue
            if not _is_title_line(line):
                if fold(line) not in _EVOLUTION_KINDS:
                    self.info("evolution-heading", f"sous-titre inconnu : « {line} »", index)
                kind = _EVOLUTION_KINDS.get(fold(line), MobilityKind.UNSPECIFIED)
                continue
            title, grade = split_grade(line)
            key = job_key(title, grade)
            if key == job.key:
                self.info("self-evolution", "la fonction est listée parmi ses évolutions", index)
            elif key in seen:
                first = self.position(seen[key])
                self.info("duplicate-evolution", f"déjà listée ({first}) : « {line} »", index)
            else:
                seen[key] = index
                where = [self.provenance(index)]
                target = Job(key, title, grade, has_sheet=False, provenance=where)
                evolutions.append(_Evolution(index, line, target, kind))
        return evolutions

    def _links(self, job: Job, evolutions: list[_Evolution], part: Referential) -> None:
        """Tie ``/fiche-fonction/`` links to their jobs; keep the hierarchy links as a note."""
        by_slug: dict[str, list[Job]] = {fiche_slug(self.lines[self.title_index]): [job]}
        for evolution in evolutions:
            by_slug.setdefault(fiche_slug(evolution.line), []).append(evolution.job)
        kept: list[int] = []
        for index in self.urls:
            url = self.lines[index]
            kind, _, slug = urlsplit(url).path.strip("/").partition("/")
            if kind == "fiche-fonction":
                jobs = by_slug.get(slug, [])
                if len(jobs) == 1:
                    jobs[0].url = url
                    jobs[0].provenance.append(self.provenance(index))
                elif jobs:
                    self.warn(
                        "ambiguous-url", f"lien commun à {len(jobs)} intitulés : {url}", index
                    )
                else:
                    self.warn("unmatched-url", f"lien sans intitulé correspondant : {url}", index)
            elif kind in _HIERARCHY_LINKS:
                kept.append(index)
                field = _HIERARCHY_LINKS[kind]
                value = getattr(job, field) if field else None
                if value is not None and slugify(value) != slug:
                    self.warn("hierarchy-url", f"le lien ne correspond pas à « {value} »", index)
            else:
                self.info("unplaced-url", f"lien non repris : {url}", index)
        if kept:
            text = "\n".join(self.lines[i] for i in kept)
            part.notes.append(Note("Liens", text, [self.provenance(i) for i in kept]))

    # employer

    def _employer(self, job: Job, part: Referential) -> None:
        """The employer named in the text, else the links' domain; checked against the
        "Répartition des effectifs" entities, which are kept as a note."""
        employer = detect_employer(self.lines)
        if employer is None and self.urls:
            employer = _domain_name(self.lines[self.urls[0]])
            if employer is not None:
                self.info("employer", f"employeur déduit des liens : {employer}", self.urls[0])
        if employer is None:
            self.warn("employer", "employeur introuvable", self.title_index)
        job.employer = employer
        part.name = employer or UNNAMED_REFERENTIAL
        part.organisation = employer
        entities = self._values("distribution")
        if entities:
            text = "\n".join(self.lines[i] for i in entities)
            where = [self.provenance(entities[0], entities[-1])]
            part.notes.insert(0, Note("Répartition des effectifs", text, where))
            if employer and not any(fold(self.lines[i]) in fold(employer) for i in entities):
                self.info("employer", f"effectifs hors de {employer}", entities[0])
