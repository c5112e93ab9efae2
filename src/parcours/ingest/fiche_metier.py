"""Importer for a "Mon métier de ..." sheet with competency tables.

The document (a PDF turned into text) gives one job: its roles, its
responsibilities, example paths, then tab-separated competency tables: a summary
(one column per kind), the savoir-faire with their definitions, the savoirs as
domain > competency > details, and the savoir-être with their indicators.

Every page repeats the job title and, on the savoirs pages, a note; they are
page furniture, found as lines repeated at least three times, the title line,
or a line starting "Attention :".
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum, auto
from itertools import pairwise

from parcours.domain.competency import Competency, CompetencyKind, Importance, Requirement
from parcours.domain.draft import ImportDraft, ImportWarning, Severity
from parcours.domain.errors import DocumentError
from parcours.domain.job import Activity, Job
from parcours.domain.mobility import Mobility, MobilityKind
from parcours.domain.provenance import DocumentFamily, Position, Provenance, SourceDocument
from parcours.domain.referential import Referential
from parcours.engine.normalise import fold, job_key, label_key, strip_gender, tokens
from parcours.ingest.prose import collapse, quoted
from parcours.ingest.run_together import (
    BULLET,
    guessed_groups,
    split_bullets,
    split_run_together,
)
from parcours.ingest.text import ExtractedText

RESPONSIBILITIES_DOMAIN = "Responsabilités"

# Confidence of facts whose split or assignment the importer had to guess.
SPLIT_CONFIDENCE = 0.9  # items found by the lower/upper-case rule
GUESS_CONFIDENCE = 0.8  # acronym splits, re-joined domains, savoir-être label found by "Capacité"
DOUBT_CONFIDENCE = 0.7  # domain assumed across a page break, or contradicted by the label

_TITLE_PREFIX = re.compile(r"^\s*mon\s+m[ée]tier\s+(?:de\s+|d['’]\s*)", re.IGNORECASE)
_NOTE = re.compile(r"^\s*attention\s*:", re.IGNORECASE)
_ITEM_TAG = re.compile(r"<\s*/?\s*(?:li|br|p)\b[^<>]*>", re.IGNORECASE)
_TAG = re.compile(r"<\s*/?\s*[A-Za-z][^<>]*>")
_LIST_MARK = re.compile(r"^\s*[-•*–]\s*")
_LIST_START = re.compile(r"^\s*(?:•|<\s*(?:ul|li)\b)", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"(?:^|[^a-z])(?:je\b|j')")
_CAPACITE = re.compile(r"\s(?=capacit[ée]\b)", re.IGNORECASE)
_REPEATED = 3
_MIN_WORD = 4  # shorter tokens ("des", "et") say nothing about a domain
_STOP_WORDS = frozenset({"dans", "pour", "avec", "sans", "sous", "vers", "plus", "entre", "leur"})


class _Table(Enum):
    SUMMARY = auto()
    KNOW_HOW = auto()
    KNOWLEDGE = auto()
    BEHAVIOUR = auto()


class _Section(Enum):
    NONE = auto()
    ROLES = auto()
    RESPONSIBILITIES = auto()
    ACCESS = auto()
    OPPORTUNITIES = auto()
    OTHER = auto()


_KIND_OF_HEADER = {
    "savoir faire": CompetencyKind.SAVOIR_FAIRE,
    "savoirs": CompetencyKind.SAVOIR,
    "savoir etre": CompetencyKind.SAVOIR_ETRE,
}


@dataclass(slots=True)
class _Row:
    """A table row: its 0-based line index, its raw cells, whether it starts a page."""

    index: int
    cells: list[str]
    page_start: bool = False


@dataclass(slots=True)
class _Segment:
    """Consecutive savoirs rows under one printed domain label."""

    label: str | None
    rows: list[_Row] = field(default_factory=list)
    confidence: float = 1.0


@dataclass(slots=True)
class CellItems:
    """The items of a cell, and how they were found."""

    items: list[str]
    confidence: float = 1.0
    guesses: list[list[str]] = field(default_factory=list)
    # Pieces of one word cut off at a case boundary ("...communicationsFrance"): maybe the
    # end of the item before rather than an item of their own.
    lone_words: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Scan:
    """What one pass over the lines collects, before building the referential."""

    purpose: list[tuple[str, int]] = field(default_factory=list)
    activities: list[tuple[str, int]] = field(default_factory=list)
    access: list[tuple[str, int]] = field(default_factory=list)
    opportunities: list[tuple[str, int]] = field(default_factory=list)
    opportunities_line: int | None = None
    summary_columns: list[CompetencyKind | None] = field(default_factory=list)
    summary: dict[CompetencyKind, list[tuple[str, int]]] = field(default_factory=dict)
    tables: dict[_Table, list[_Row]] = field(default_factory=dict)


def clean_cell(cell: str) -> str:
    """A cell without HTML remnants; list-item tags become bullets."""
    cell = _ITEM_TAG.sub(f" {BULLET} ", cell)
    return collapse(html.unescape(_TAG.sub("", cell)))


def _label(cell: str) -> str:
    """A one-item cell: cleaned, without its leading bullet."""
    return _LIST_MARK.sub("", clean_cell(cell)).strip()


def _header_key(cell: str) -> str:
    return fold(cell).replace("-", " ").strip()


def _table_of(line: str) -> _Table | None:
    """The competency table a tab-separated header line opens, if any."""
    keys = [_header_key(cell) for cell in line.split("\t") if cell.strip()]
    if len(keys) < 2:
        return None
    first, rest = keys[0], set(keys[1:])
    if set(_KIND_OF_HEADER) <= set(keys):
        return _Table.SUMMARY
    if first == "savoir faire" and "definitions" in rest:
        return _Table.KNOW_HOW
    if first in {"savoirs", "savoir"} and rest & {"competences", "details"}:
        return _Table.KNOWLEDGE
    if first == "savoir etre" and "definitions" in rest:
        return _Table.BEHAVIOUR
    return None


def _words(label: str) -> set[str]:
    return {word for word in tokens(label) if len(word) >= _MIN_WORD} - _STOP_WORDS


def _is_first_person(indicator: str) -> bool:
    return _FIRST_PERSON.search(fold(indicator)) is not None


def split_items(cell: str) -> CellItems:
    """The items of a cell: its bullets, or else its run-together pieces."""
    text = clean_cell(cell)
    if BULLET in text:
        return CellItems(split_bullets(text))
    pieces = split_run_together(text)
    items = [piece.text.strip() for piece in pieces if piece.text.strip()]
    guesses = [[p.strip() for p in group if p.strip()] for group in guessed_groups(pieces)]
    lone = [
        (before.text.strip(), piece.text.strip())
        for before, piece in pairwise(pieces)
        if not piece.guessed
        and len(piece.text.split()) == 1
        and not piece.text.strip().isupper()  # an acronym is an item of its own
        and before.text.strip()
    ]
    if guesses:
        return CellItems(items, GUESS_CONFIDENCE, guesses, lone)
    return CellItems(items, SPLIT_CONFIDENCE if len(items) > 1 else 1.0, lone_words=lone)


class FicheMetierImporter:
    """Reads a "Mon métier de ..." sheet with its savoir-faire / savoirs / savoir-être tables."""

    family = DocumentFamily.FICHE_METIER
    description = "Fiche métier avec tableaux de compétences (savoir-faire, savoirs, savoir-être)"

    def score(self, text: ExtractedText, filename: str) -> float:
        found = {table for line in text if (table := _table_of(line.text)) is not None}
        if not found:
            return 0.0
        titled = any(_TITLE_PREFIX.match(line.text) for line in text)
        # 0.2 per competency table found, 0.15 more for the "Mon métier de" title.
        return round(min(1.0, 0.2 * len(found) + (0.15 if titled else 0.0)), 2)

    def parse(self, text: ExtractedText, document: SourceDocument) -> ImportDraft:
        return _Parser(text, document).parse()


class _Parser:
    """One parse of one document: holds the text, the draft and the collected rows."""

    def __init__(self, text: ExtractedText, document: SourceDocument) -> None:
        self.text = text
        self.document = document
        self.draft = ImportDraft(document=document)
        self.lines = [line.text.replace("\r", "") for line in text]
        self.title_index, self.raw_title = self._find_title()
        self.title = strip_gender(self.raw_title)
        self.noise = self._find_noise()
        self.scan = _Scan()
        self.competencies: dict[str, Competency] = {}
        self.row_of: dict[str, int] = {}  # competency key -> 0-based index of its row

    # -- provenance and warnings ---------------------------------------------------------

    def _pos(self, index: int, end: int | None = None) -> Position:
        return self.text.position(index, end)

    def _prov(self, index: int, end: int | None = None, confidence: float = 1.0) -> Provenance:
        return Provenance(self.document.sha256, self._pos(index, end), confidence)

    def _warn(
        self, code: str, message: str, index: int | None = None, end: int | None = None
    ) -> None:
        position = self._pos(index, end) if index is not None else Position()
        self.draft.warn(code, message, position)

    # -- page furniture -------------------------------------------------------------------

    def _find_title(self) -> tuple[int, str]:
        for index, line in enumerate(self.lines):
            match = _TITLE_PREFIX.match(line)
            if match and line[match.end() :].strip():
                return index, collapse(line[match.end() :])
        # No "Mon métier de": the page header, repeated on every page, is the title.
        counts = self._line_counts()
        for index, line in enumerate(self.lines):
            stripped = line.strip()
            if counts[stripped] >= _REPEATED and "\t" not in stripped and not _NOTE.match(line):
                self._warn("titre-suppose", f"Titre du métier déduit de l'en-tête « {stripped} »")
                return index, stripped
        raise DocumentError(self.document.filename, "titre du métier introuvable")

    def _line_counts(self) -> Counter[str]:
        return Counter(line.strip() for line in self.lines if line.strip())

    def _find_noise(self) -> set[int]:
        """Indexes of page headers and repeated notes: never content."""
        counts = self._line_counts()
        titles = {fold(self.raw_title), fold(self.title)}
        noise: set[int] = set()
        for index, line in enumerate(self.lines):
            stripped = line.strip()
            if not stripped or index == self.title_index or _table_of(line) is not None:
                continue
            if counts[stripped] >= _REPEATED or fold(stripped) in titles or _NOTE.match(line):
                noise.add(index)
        return noise

    # -- the pass over the lines ----------------------------------------------------------

    def parse(self) -> ImportDraft:
        self._scan_lines()
        if not self.scan.tables and not self.scan.summary:
            raise DocumentError(self.document.filename, "aucun tableau de compétences trouvé")
        job = self._build_job()
        self._build_know_how()
        self._build_knowledge()
        self._build_behaviour()
        if not self.competencies:
            raise DocumentError(self.document.filename, "aucune compétence lue dans les tableaux")
        self._check_summary()
        job.requirements = [self._requirement(c) for c in self.competencies.values()]
        referential = Referential(
            name=f"Fiche métier — {self.title}",
            documents={self.document.filename: self.document},
            jobs={job.key: job},
            competencies=dict(self.competencies),
        )
        self._add_opportunities(referential, job)
        self.draft.parts.append(referential)
        return self.draft

    def _scan_lines(self) -> None:
        section: _Section | _Table = _Section.NONE
        page_start = False
        for index, line in enumerate(self.lines):
            if index in self.noise:
                page_start = True
                continue
            if not line.strip() or index == self.title_index:
                continue
            table = _table_of(line)
            if table is not None:
                # Each page repeats the table header: the next row tops a page.
                section, page_start = self._open_table(table, index, line), True
                continue
            if isinstance(section, _Table):
                self._add_row(section, index, line, page_start)
                page_start = False
                continue
            section = self._prose_line(section, index, line)

    def _open_table(self, table: _Table, index: int, line: str) -> _Table:
        self.scan.tables.setdefault(table, [])
        if table is _Table.SUMMARY:
            self.scan.summary_columns = [
                _KIND_OF_HEADER.get(_header_key(c)) for c in line.split("\t")
            ]
        return table

    def _add_row(self, table: _Table, index: int, line: str, page_start: bool) -> None:
        cells = line.rstrip("\t ").split("\t")
        if table is _Table.SUMMARY:
            self._summary_row(index, cells)
            return
        if table is _Table.KNOWLEDGE and _LIST_START.match(cells[0]):
            # A list in the first column is a competency: the domain cell was dropped.
            self._warn("ligne-decalee", "Ligne sans cellule de domaine, lue comme une suite", index)
            cells = ["", *cells]
        self.scan.tables[table].append(_Row(index, cells, page_start))

    def _summary_row(self, index: int, cells: list[str]) -> None:
        columns = self.scan.summary_columns
        for column, cell in enumerate(cells):
            label = _label(cell)
            kind = columns[column] if column < len(columns) else None
            if label and kind is not None:
                self.scan.summary.setdefault(kind, []).append((label, index))
            elif label:
                self._warn("cellule-ignoree", f"Cellule hors colonne ignorée : « {label} »", index)

    def _prose_line(self, section: _Section, index: int, line: str) -> _Section:
        stripped = collapse(line)
        heading = self._heading(index, stripped)
        if heading is not None:
            return heading
        is_item = _LIST_MARK.match(stripped) is not None
        item = _LIST_MARK.sub("", stripped)
        if section is _Section.ROLES:
            self.scan.purpose.append((stripped, index))
        elif section is _Section.RESPONSIBILITIES:
            self._add_activity(item, index, is_item)
        elif section is _Section.ACCESS and is_item:
            self.scan.access.append((item, index))
        elif section is _Section.OPPORTUNITIES and is_item:
            self.scan.opportunities.append((item, index))
        return section

    def _heading(self, index: int, stripped: str) -> _Section | None:
        folded = fold(stripped)
        if folded.startswith("exemples de parcours"):
            self._inline_values(stripped, index, self.scan.access)
            return _Section.ACCESS
        if folded.startswith("exemples d'opportunites"):
            self.scan.opportunities_line = index
            self._inline_values(stripped, index, self.scan.opportunities)
            return _Section.OPPORTUNITIES
        if not stripped.isupper():
            return None
        if "role" in folded or "enjeu" in folded:
            return _Section.ROLES
        if "responsabilite" in folded:
            return _Section.RESPONSIBILITIES
        return _Section.OTHER

    @staticmethod
    def _inline_values(line: str, index: int, into: list[tuple[str, int]]) -> None:
        """The value after "label :" on the same line, when there is one."""
        _, colon, value = line.partition(":")
        if colon and value.strip():
            into.append((value.strip(), index))

    def _add_activity(self, item: str, index: int, is_item: bool) -> None:
        if is_item or not self.scan.activities:
            self.scan.activities.append((item, index))
            return
        # A line without a dash continues the responsibility above (wrapped by the PDF).
        label, first = self.scan.activities[-1]
        self.scan.activities[-1] = (f"{label} {item}", first)

    # -- the job --------------------------------------------------------------------------

    def _build_job(self) -> Job:
        scan = self.scan
        provenance = [self._prov(self.title_index)]
        if scan.purpose:
            provenance.append(self._prov(scan.purpose[0][1], scan.purpose[-1][1]))
        if not scan.activities:
            self._warn("responsabilites-absentes", f"Aucune responsabilité pour « {self.title} »")
        return Job(
            key=job_key(self.title),
            title=self.title,
            purpose=[paragraph for paragraph, _ in scan.purpose],
            activities=[
                Activity(label, domain=RESPONSIBILITIES_DOMAIN, provenance=[self._prov(index)])
                for label, index in scan.activities
            ],
            alt_titles=[self.raw_title] if self.raw_title != self.title else [],
            access_conditions=[value for value, _ in scan.access],
            provenance=provenance,
        )

    def _add_opportunities(self, referential: Referential, job: Job) -> None:
        """Jobs named as example opportunities become sheetless jobs with a mobility."""
        if not self.scan.opportunities:
            if self.scan.opportunities_line is not None:
                self.draft.warnings.append(
                    ImportWarning(
                        "opportunites-absentes",
                        f"Aucune opportunité listée pour « {self.title} »",
                        self._pos(self.scan.opportunities_line),
                        Severity.INFO,
                    )
                )
            return
        for value, index in self.scan.opportunities:
            for title in (part.strip() for part in re.split(r"[;,]", value)):
                target = strip_gender(title)
                if not target or job_key(target) == job.key:
                    continue
                key = job_key(target)
                provenance = [self._prov(index, confidence=GUESS_CONFIDENCE)]
                referential.jobs.setdefault(
                    key, Job(key, target, has_sheet=False, provenance=provenance)
                )
                referential.mobilities.append(
                    Mobility(job.key, key, MobilityKind.EXAMPLE_PATH, provenance=provenance)
                )

    # -- competencies ---------------------------------------------------------------------

    def _add(self, competency: Competency, index: int) -> None:
        known = self.competencies.get(competency.key)
        if known is not None:
            self._warn(
                "competence-en-double",
                f"« {competency.label} » ({competency.kind}) a la même clé que "
                f"« {known.label} » ({known.kind}) : seule la première est gardée",
                index,
            )
            return
        self.competencies[competency.key] = competency
        self.row_of[competency.key] = index

    def _requirement(self, competency: Competency) -> Requirement:
        # "Les détails de la compétence sont donnés à titre indicatif": the details are, the
        # savoirs themselves are required like every other competency of the sheet.
        return Requirement(
            competency.key, Importance.ESSENTIAL, provenance=list(competency.provenance)
        )

    def _warn_guesses(self, label: str, items: CellItems, index: int) -> None:
        for group in items.guesses:
            self._warn(
                "decoupage-suppose",
                f"« {label} » : éléments collés séparés en {quoted(group)}",
                index,
            )
        if not items.guesses and items.confidence < 1.0:
            self._warn(
                "decoupage-casse",
                f"« {label} » : {len(items.items)} éléments collés séparés là où une minuscule "
                "touche une majuscule, à vérifier",
                index,
            )
        for before, word in items.lone_words:
            self._warn(
                "decoupage-mot-seul",
                f"« {label} » : « {word} » séparé de « {before} » comme un élément à part ; "
                "peut-être la fin de l'élément précédent",
                index,
            )

    def _cells(self, row: _Row) -> list[str]:
        """The non-empty cells of a row, raw."""
        return [cell for cell in row.cells if clean_cell(cell)]

    def _build_know_how(self) -> None:
        for row in self.scan.tables.get(_Table.KNOW_HOW, []):
            cells = self._cells(row)
            if len(cells) < 2:
                self._warn("ligne-ignoree", "Ligne de savoir-faire sans définition", row.index)
                continue
            label = _label(cells[0])
            items = split_items(" ".join(cells[1:]))
            self._warn_guesses(label, items, row.index)
            self._add(
                Competency(
                    key=label_key(label),
                    label=label,
                    kind=CompetencyKind.SAVOIR_FAIRE,
                    definition=" ; ".join(items.items) or None,
                    details=items.items,
                    provenance=[self._prov(row.index, confidence=items.confidence)],
                ),
                row.index,
            )

    # -- savoirs: domain > competency > details --------------------------------------------

    def _build_knowledge(self) -> None:
        segments = self._segments(self.scan.tables.get(_Table.KNOWLEDGE, []))
        self._rejoin_fragments(segments)
        for number, segment in enumerate(segments):
            previous = segments[number - 1].label if number else None
            for position, row in enumerate(segment.rows):
                confidence = self._domain_confidence(segment, position, row, previous)
                self._add_knowledge(row, segment.label, confidence)

    def _segments(self, rows: list[_Row]) -> list[_Segment]:
        segments: list[_Segment] = []
        for row in rows:
            domain = _label(row.cells[0])
            if domain or not segments:
                segments.append(_Segment(domain or None))
            segments[-1].rows.append(row)
        return segments

    def _summary_domains(self) -> dict[str, str]:
        return {fold(label): label for label, _ in self.scan.summary.get(CompetencyKind.SAVOIR, [])}

    def _rejoin_fragments(self, segments: list[_Segment]) -> None:
        """Join a domain label cut by a page break ("Middle & back" + "office")."""
        known = self._summary_domains()
        number = 0
        while number + 1 < len(segments):
            head, tail = segments[number], segments[number + 1]
            joined = self._joined_label(head, tail, known)
            if joined is None:
                number += 1
                continue
            self._warn(
                "domaine-recolle",
                f"Domaine coupé par un saut de page : « {head.label} » et « {tail.label} » "
                f"réunis en « {joined} »",
                head.rows[0].index,
                tail.rows[-1].index,
            )
            head.label, head.confidence = joined, GUESS_CONFIDENCE
            head.rows.extend(tail.rows)
            del segments[number + 1]

    @staticmethod
    def _joined_label(head: _Segment, tail: _Segment, known: dict[str, str]) -> str | None:
        if head.label is None or tail.label is None or not tail.rows[0].page_start:
            return None
        if fold(head.label) in known or fold(tail.label) in known:
            return None
        joined = f"{head.label} {tail.label}"
        if known:
            return known.get(fold(joined))
        # Without a summary, only a label starting in lower case reads as a cut label.
        return joined if tail.label[0].islower() else None

    def _domain_confidence(
        self, segment: _Segment, position: int, row: _Row, previous: str | None
    ) -> float:
        """Confidence in the row's domain; warns where the assignment is doubtful."""
        label, domain = self._knowledge_label(row), segment.label
        confidence = segment.confidence
        if domain is None:
            self._warn(
                "domaine-manquant", f"« {label} » : aucun domaine avant cette ligne", row.index
            )
            return DOUBT_CONFIDENCE
        if position > 0 and row.page_start and not _label(row.cells[0]):
            confidence = min(confidence, DOUBT_CONFIDENCE)
            self._warn(
                "domaine-suppose",
                f"« {label} » : ligne en haut de page sans domaine, rattachée au domaine "
                f"« {domain} » qui précède",
                row.index,
            )
        words = _words(label)
        if previous and words & _words(previous) and not words & _words(domain):
            confidence = min(confidence, DOUBT_CONFIDENCE)
            self._warn(
                "domaine-douteux",
                f"« {label} » est rangée sous « {domain} » mais partage un mot avec le "
                f"domaine précédent « {previous} »",
                row.index,
            )
        return confidence

    @staticmethod
    def _knowledge_cells(row: _Row) -> list[str]:
        """The competency and details cells: the non-empty cells after the domain."""
        return [cell for cell in row.cells[1:] if clean_cell(cell)]

    def _knowledge_label(self, row: _Row) -> str:
        cells = self._knowledge_cells(row)
        return _label(cells[0]) if cells else ""

    def _add_knowledge(self, row: _Row, domain: str | None, confidence: float) -> None:
        cells = self._knowledge_cells(row)
        label = self._knowledge_label(row)
        if not label:
            self._warn("ligne-ignoree", "Ligne de savoirs sans compétence", row.index)
            return
        if len(cells) > 2:
            self._warn(
                "cellules-en-trop", f"« {label} » : cellules en trop lues comme détails", row.index
            )
        items = split_items(" ".join(cells[1:]))
        self._warn_guesses(label, items, row.index)
        self._add(
            Competency(
                key=label_key(label),
                label=label,
                kind=CompetencyKind.SAVOIR,
                category=domain,
                domain=domain,
                details=items.items,
                provenance=[self._prov(row.index, confidence=min(confidence, items.confidence))],
            ),
            row.index,
        )

    # -- savoir-être: "Label Capacité à ..." then "• Je ..." indicators --------------------

    def _build_behaviour(self) -> None:
        labels = [label for label, _ in self.scan.summary.get(CompetencyKind.SAVOIR_ETRE, [])]
        for row in self.scan.tables.get(_Table.BEHAVIOUR, []):
            cells = self._cells(row)
            if not cells:
                continue
            label, definition, confidence = self._behaviour_head(cells, labels, row)
            rest = cells[2:] if len(cells) > 2 else cells[1:]
            indicators = split_items(" ".join(rest)) if rest else CellItems([])
            self._warn_guesses(label, indicators, row.index)
            self._check_indicators(label, indicators.items, row.index)
            self._add(
                Competency(
                    key=label_key(label),
                    label=label,
                    kind=CompetencyKind.SAVOIR_ETRE,
                    definition=definition,
                    indicators=indicators.items,
                    provenance=[self._prov(row.index, confidence=confidence)],
                ),
                row.index,
            )

    def _behaviour_head(
        self, cells: list[str], labels: list[str], row: _Row
    ) -> tuple[str, str | None, float]:
        """Label and definition: two cells when the table has three columns, else one."""
        if len(cells) > 2:
            return _label(cells[0]), clean_cell(cells[1]) or None, 1.0
        return self._split_behaviour(clean_cell(cells[0]), labels, row)

    def _split_behaviour(
        self, head: str, labels: list[str], row: _Row
    ) -> tuple[str, str | None, float]:
        """Split "Label Definition" using the summary labels, else the word "Capacité"."""
        for label in sorted(labels, key=len, reverse=True):
            rest = head[len(label) :]
            if fold(head[: len(label)]) == fold(label) and (not rest or rest[0].isspace()):
                return head[: len(label)], rest.strip() or None, 1.0
        match = _CAPACITE.search(head)
        if match is not None:
            label = head[: match.start()].strip()
            self._warn(
                "savoir-etre-decoupe",
                f"« {label} » absent de la synthèse : libellé coupé avant « Capacité »",
                row.index,
            )
            return label, head[match.end() :].strip(), GUESS_CONFIDENCE
        self._warn("savoir-etre-decoupe", f"« {head} » : définition introuvable", row.index)
        return head, None, DOUBT_CONFIDENCE

    def _check_indicators(self, label: str, indicators: list[str], index: int) -> None:
        others = [item for item in indicators if not _is_first_person(item)]
        if others:
            self._warn(
                "indicateur-non-personnel",
                f"« {label} » : {len(others)} indicateur(s) non formulé(s) à la première "
                f"personne, gardé(s) comme indicateurs : {quoted(others)}",
                index,
            )

    # -- the summary table against the parsed tables ---------------------------------------

    def _check_summary(self) -> None:
        if not self.scan.summary:
            self._warn("synthese-absente", "Tableau de synthèse des compétences introuvable")
            return
        for kind in CompetencyKind:
            listed = self.scan.summary.get(kind, [])
            parsed = self._parsed_names(kind)
            self._compare(kind, listed, parsed)

    def _parsed_names(self, kind: CompetencyKind) -> dict[str, tuple[str, int | None]]:
        """Folded name -> (name, line index) of what the tables gave for a kind."""
        names: dict[str, tuple[str, int | None]] = {}
        for competency in self.competencies.values():
            if competency.kind is not kind:
                continue
            name = competency.domain if kind is CompetencyKind.SAVOIR else competency.label
            if name and label_key(name) not in names:
                names[label_key(name)] = (name, self.row_of.get(competency.key))
        return names

    def _compare(
        self,
        kind: CompetencyKind,
        listed: list[tuple[str, int]],
        parsed: dict[str, tuple[str, int | None]],
    ) -> None:
        domains = kind is CompetencyKind.SAVOIR
        listed_keys = {label_key(label) for label, _ in listed}
        for label, index in listed:
            if label_key(label) not in parsed:
                message = (
                    f"Domaine « {label} » de la synthèse sans compétence dans les tableaux"
                    if domains
                    else f"Compétence « {label} » ({kind}) de la synthèse absente des tableaux"
                )
                self._warn("synthese-sans-detail", message, index)
        for key, (name, row) in parsed.items():
            if key not in listed_keys:
                message = (
                    f"Domaine « {name} » des tableaux absent de la synthèse"
                    if domains
                    else f"Compétence « {name} » ({kind}) absente de la synthèse"
                )
                self._warn("absent-de-la-synthese", message, row)
