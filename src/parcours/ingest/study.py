"""Importer of an Observatoire des métiers study made of many job sheets (family STUDY).

Such a study (extracted from PDF) has front matter, a table of contents ("Sommaire"),
numbered chapters, sections of job sheets announced by a page-numbered list, and an
"Annexes" part with tab-separated job x activity and job x competency matrices. The
importer turns the sheets into jobs, competencies and declared mobilities, reproduces the
matrices, and keeps every other section as a note. Sheet parsing lives in
``study_sheets``, the annex in ``study_matrices``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from parcours.domain.competency import (
    Competency,
    CompetencyKind,
    Importance,
    Requirement,
    unite_details,
)
from parcours.domain.draft import ImportDraft
from parcours.domain.errors import DocumentError
from parcours.domain.job import Activity, Job
from parcours.domain.mobility import Mobility, MobilityKind, MobilityOrigin
from parcours.domain.provenance import DocumentFamily, Provenance, SourceDocument
from parcours.domain.referential import Note, Referential
from parcours.engine.normalise import fold, job_key, label_key
from parcours.ingest.prose import quoted
from parcours.ingest.study_matrices import RawTable, build_matrix, parse_annex
from parcours.ingest.study_sheets import (
    Item,
    RawCompetency,
    RawEvolution,
    RawSheet,
    clean_label,
    find_mentions,
    find_sheet_headings,
    is_blank,
    match_title,
    names_a_unit,
    parse_marker,
    parse_sheet,
    rejoin,
    render,
    same_title,
    strip_emphasis,
    strip_parenthetical,
)
from parcours.ingest.text import ExtractedText

# Headings of a sheet that every sheet of the study repeats.
_SCORED_HEADINGS = ("description du metier", "principales activites", "rattachement hierarchique")
# "Édito\t7", "1.1 Présentation du Centre ...\t17": an entry of the table of contents.
_TOC_ENTRY = re.compile(r"^(?P<title>\S.*?)\t+\s*(?P<page>\d{1,3})\s*$")
# "1. Le Centre ...", "1.1. Présentation ...", "4.2 Modalités ...": a numbered heading.
_NUMBERED = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})?)\.?\s+(?P<title>[A-ZÀ-ÖØ-Þ].*)$")
# "• Directeur de centre\t32", "- Directeur d'e-agence 56": the sheets a section announces.
_SHEET_ENTRY = re.compile(r"^\s*[-–•]\s+(?P<title>\S.*?)(?:\t+|\s+)(?P<page>\d{1,3})\s*$")
_ORGANISATION = re.compile(r"Observatoire des métiers de la [^\W\d_]+")
_DATE = re.compile(
    r"^(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|"
    r"decembre)\s+\d{4}$"
)
# A heading is a short line that does not end a sentence.
_MAX_HEADING = 150
# How far from the top the title is looked for when there is no table of contents.
_TOP_LINES = 80
_MIN_TITLE = 25


@dataclass(frozen=True, slots=True)
class _Section:
    title: str
    heading: int  # line index of the heading, -1 for the front matter
    start: int  # first body line
    end: int  # exclusive


class StudyImporter:
    """A study of the banking Observatoire des métiers with many job sheets."""

    family = DocumentFamily.STUDY
    description = (
        "Étude de l'Observatoire des métiers de la banque : fiches métiers, évolutions, "
        "matrices d'activités et de compétences en annexe, notes"
    )

    def score(self, text: ExtractedText, filename: str) -> float:
        """High when several sheets repeat the three headings every sheet has."""
        counts = dict.fromkeys(_SCORED_HEADINGS, 0)
        for line in text:
            key = fold(strip_emphasis(line.text)).rstrip(" :")
            if key in counts:
                counts[key] += 1
        return min(1.0, 0.25 * min(counts.values()))

    def parse(self, text: ExtractedText, document: SourceDocument) -> ImportDraft:
        return _Parser(text, document).run()


class _Parser:
    """One parse of one document: the draft being built and the helpers it needs."""

    def __init__(self, text: ExtractedText, document: SourceDocument) -> None:
        self.text = text
        self.document = document
        self.lines: list[str] = [line.text for line in text.lines]
        self.draft = ImportDraft(document=document)
        self.jobs: dict[str, Job] = {}
        self.competencies: dict[str, Competency] = {}
        self.mobilities: dict[tuple[str, str, str], Mobility] = {}
        self.notes: list[tuple[int, Note]] = []
        self.sheets: list[RawSheet] = []
        self.skipped: set[int] = set()  # running titles: repeated cover text, not content
        self.prose: list[list[Item]] = []  # paragraphs of the note sections

    # ------------------------------------------------------------------ helpers

    def prov(
        self, first: int, last: int | None = None, confidence: float = 1.0
    ) -> list[Provenance]:
        position = self.text.position(first, last)
        return [Provenance(self.document.sha256, position, confidence)]

    def warn(
        self, code: str, message: str, first: int | None = None, last: int | None = None
    ) -> None:
        if first is None:
            self.draft.warn(code, message)
        else:
            self.draft.warn(code, message, self.text.position(first, last))

    def body(self, start: int, end: int, exclude: set[int] | None = None) -> list[tuple[int, str]]:
        """(index, text) of lines start..end, running titles and ``exclude`` as blanks."""
        hidden = self.skipped | (exclude or set())
        return [(i, "" if i in hidden else self.lines[i]) for i in range(start, end)]

    # ------------------------------------------------------------------ run

    def run(self) -> ImportDraft:
        if not any(not is_blank(line) for line in self.lines):
            raise DocumentError(self.document.filename, "le document est vide")
        toc_start, toc_end, toc = self._read_toc()
        title = self._detect_title(toc_start if toc_start is not None else _TOP_LINES)
        self._mark_running_titles(title)
        sections = self._sections(toc_start, toc_end, toc)
        annexes = [s for s in sections if fold(s.title).startswith("annexe")]
        for section in sections:
            if section not in annexes:
                self._read_section(section)
        if not self.sheets:
            raise DocumentError(self.document.filename, "aucune fiche métier trouvée dans l'étude")
        for sheet in self.sheets:
            self._build_job(sheet)
        self._build_mobilities()
        for items in self.prose:
            self._add_example_paths(items)
        referential = self._referential(title)
        for section in annexes:
            self._read_annex(section, referential)
        referential.jobs = self.jobs
        referential.competencies = self.competencies
        referential.mobilities = list(self.mobilities.values())
        referential.notes = [note for _, note in sorted(self.notes, key=lambda n: n[0])]
        self.draft.parts.append(referential)
        return self.draft

    def _referential(self, title: str) -> Referential:
        organisation = self._detect_organisation()
        name = f"{organisation} — {title}" if organisation else title
        return Referential(
            name=name,
            organisation=organisation,
            description=self._detect_date(),
            documents={self.document.filename: self.document},
        )

    # ------------------------------------------------------------------ outline

    def _read_toc(self) -> tuple[int | None, int, list[str]]:
        """The "Sommaire" line, the last entry's line and the entry titles."""
        for index, line in enumerate(self.lines):
            if fold(strip_emphasis(line)).rstrip(" :") not in ("sommaire", "table des matieres"):
                continue
            entries: list[str] = []
            last = index
            for j in range(index + 1, len(self.lines)):
                match = _TOC_ENTRY.match(self.lines[j].strip())
                if match is not None:
                    entries.append(match.group("title").strip())
                    last = j
                elif not is_blank(self.lines[j]) or (entries and j > last + 1):
                    break
            if entries:
                return index, last, entries
        self.warn(
            "sommaire-introuvable", "pas de sommaire : titres de chapitres repérés à leur numéro"
        )
        return None, -1, []

    def _detect_title(self, limit: int) -> str:
        """The most repeated long line standing alone near the top (the cover repeats it)."""
        seen: dict[str, list[int]] = {}
        for index in range(min(limit, len(self.lines))):
            line = self.lines[index]
            if is_blank(line) or "\t" in line:
                continue
            alone = (index == 0 or is_blank(self.lines[index - 1])) and (
                index + 1 >= len(self.lines) or is_blank(self.lines[index + 1])
            )
            plain = strip_emphasis(line)
            if alone and len(plain) >= _MIN_TITLE:
                seen.setdefault(plain, []).append(index)
        if not seen:
            self.warn("titre-introuvable", "titre de l'étude introuvable : nom du fichier utilisé")
            return self.document.filename.rsplit(".", 1)[0]
        title, places = max(seen.items(), key=lambda kv: (len(kv[1]), -kv[1][0]))
        if len(places) < 2:
            self.warn("titre-incertain", f"titre de l'étude supposé : « {title} »", places[0])
        return title

    def _mark_running_titles(self, title: str) -> None:
        """Blocks of lines that only repeat the title (cover, back cover) are not content."""
        wanted = fold(title)
        block: list[int] = []
        for index in range(len(self.lines) + 1):
            if index < len(self.lines) and not is_blank(self.lines[index]):
                block.append(index)
                continue
            joined = " ".join(strip_emphasis(self.lines[i]) for i in block)
            if block and fold(joined) == wanted:
                self.skipped.update(block)
            block = []

    def _detect_organisation(self) -> str | None:
        match = _ORGANISATION.search(self.text.text)
        return match.group(0) if match else None

    def _detect_date(self) -> str | None:
        for line in self.lines[:_TOP_LINES]:
            plain = strip_emphasis(line)
            if _DATE.match(fold(plain)):
                return f"Étude publiée en {plain.lower()}"
        return None

    def _sections(self, toc_start: int | None, toc_end: int, toc: list[str]) -> list[_Section]:
        """Sections from numbered headings and the unnumbered entries of the contents."""
        numbers = {m.group("number") for m in map(_NUMBERED.match, toc) if m is not None}
        pending = [fold(t) for t in toc if _NUMBERED.match(t) is None]
        headings: list[tuple[int, str]] = []
        for index in range(toc_end + 1, len(self.lines)):
            line = self.lines[index]
            if is_blank(line) or "\t" in line or parse_marker(line) is not None:
                continue
            plain = strip_emphasis(line)
            numbered = _NUMBERED.match(plain)
            if numbered is not None and _is_heading(plain):
                if not numbers or numbered.group("number") in numbers:
                    headings.append((index, plain))
            elif fold(plain).rstrip(" :") in pending:
                pending.remove(fold(plain).rstrip(" :"))
                headings.append((index, plain))
        first_heading = headings[0][0] if headings else len(self.lines)
        front_end = toc_start if toc_start is not None else first_heading
        sections = [_Section("Page de titre", -1, 0, front_end)]
        for n, (index, heading) in enumerate(headings):
            end = headings[n + 1][0] if n + 1 < len(headings) else len(self.lines)
            sections.append(_Section(heading, index, index + 1, end))
        if toc_start is not None and toc_end + 1 < first_heading:
            sections.append(_Section("Avant-propos", -1, toc_end + 1, first_heading))
        return sections

    # ------------------------------------------------------------------ sections

    def _read_section(self, section: _Section) -> None:
        heads = find_sheet_headings(self.lines, section.start, section.end)
        if not heads:
            items = rejoin(self.body(section.start, section.end))
            self._add_note(section.title, items)
            self.prose.append(items)
            return
        expected: list[tuple[str, int]] = []
        other: set[int] = set()
        for index in range(section.start, heads[0]):
            match = _SHEET_ENTRY.match(self.lines[index])
            if match is not None:
                expected.append((match.group("title").strip(), index))
                other.add(index)
        intro = rejoin(self.body(section.start, heads[0], exclude=other))
        self._add_note(section.title, intro)
        found = [
            parse_sheet(self.lines, head, heads[n + 1] if n + 1 < len(heads) else section.end)
            for n, head in enumerate(heads)
        ]
        self._check_announced(section, expected, found)
        self.sheets.extend(found)

    def _check_announced(
        self, section: _Section, expected: list[tuple[str, int]], found: list[RawSheet]
    ) -> None:
        """Every sheet the section's list announces is there, and nothing else."""
        if not expected:
            self.warn(
                "fiches-non-annoncees",
                f"la section « {section.title} » ne liste pas ses fiches : elles ne sont pas "
                "vérifiées",
                max(section.heading, 0),
            )
            return
        titles = [sheet.title for sheet in found]
        matched: set[str] = set()
        for title, index in expected:
            hit = next((t for t in titles if same_title(title, t)), None)
            if hit is None:
                match = match_title(title, titles)
                hit = match.title if match else None
            if hit is None:
                self.warn(
                    "fiche-manquante", f"fiche annoncée mais introuvable : « {title} »", index
                )
            else:
                matched.add(hit)
        for sheet in found:
            if sheet.title not in matched:
                self.warn(
                    "fiche-non-annoncee",
                    f"fiche absente de la liste de la section « {section.title} » : "
                    f"« {sheet.title} »",
                    sheet.start,
                )

    def _add_note(self, title: str, items: Sequence[Item]) -> None:
        if not items:
            return
        note = Note(title, render(items), self.prov(items[0].first, items[-1].last))
        self.notes.append((items[0].first, note))

    # ------------------------------------------------------------------ jobs

    def _build_job(self, sheet: RawSheet) -> None:
        key = job_key(sheet.title)
        if key in self.jobs:
            self.warn(
                "fiche-en-double", f"fiche en double, ignorée : « {sheet.title} »", sheet.start
            )
            return
        last = max(i for i in range(sheet.start, sheet.end) if not is_blank(self.lines[i]))
        job = Job(key=key, title=sheet.title, provenance=self.prov(sheet.start, last))
        job.alt_titles = _unique(clean_label(item.text) for item in sheet.alt_titles)
        job.purpose = [_paragraph(item) for item in sheet.purpose]
        job.activities = [
            Activity(
                clean_label(item.text), provenance=self.prov(item.first, item.last, _sure(item))
            )
            for item in sheet.activities
        ]
        for item in sheet.activities:
            if item.joined and not item.guessed:  # a guessed one is reported by the sheet
                self.warn(
                    "activite-recollee",
                    f"Fiche « {sheet.title} » : activité lue à travers un saut de page, "
                    f"à vérifier : « {clean_label(item.text)} »",
                    item.first,
                    item.last,
                )
        job.workplace = _joined(sheet.workplace)
        job.access_conditions = [
            clean_label(item.text) if item.is_list else strip_emphasis(item.text)
            for item in sheet.access
        ]
        job.classification = sheet.classification[0] if sheet.classification else None
        job.reporting_line = _joined(sheet.reporting)
        self.jobs[key] = job
        self._check_activity_intro(sheet)
        for warning in sheet.warnings:
            self.warn(warning.code, warning.message, warning.first, warning.last)
        for raw in sheet.competencies:
            self._add_competency(job, raw)
        for extra in sheet.extras:
            items = extra.items
            first = items[0].first if items else sheet.start
            text = render(items) if items else extra.title
            note = Note(
                f"{sheet.title} — {extra.title}",
                text,
                self.prov(first, items[-1].last if items else None),
            )
            self.notes.append((first, note))

    def _check_activity_intro(self, sheet: RawSheet) -> None:
        """An intro naming another sheet ("les mêmes activités que le Conseiller Junior",
        or a copied "Le Responsable formation :") is worth a look."""
        titles = [s.title for s in self.sheets]
        for item in sheet.activity_intro:
            mentions = find_mentions(item.text, titles)
            named = _unique(m[2] for m in mentions if m[2] != sheet.title)
            if named:
                cited = quoted(named)
                self.warn(
                    "activites-autre-fiche",
                    f"Fiche « {sheet.title} » : l'introduction des activités cite {cited} : "
                    f"« {clean_label(item.text)} » ; seules les activités listées sont reprises",
                    item.first,
                    item.last,
                )

    def _add_competency(self, job: Job, raw: RawCompetency) -> None:
        key = label_key(raw.label)
        if not key:
            return
        provenance = self.prov(raw.first, raw.last, 0.9 if raw.repaired else 1.0)
        if raw.joined:
            self.warn(
                "competence-recollee",
                f"Fiche « {job.title} » : « {raw.label} » lu à travers un saut de page, à vérifier",
                raw.first,
                raw.last,
            )
        self._merge_competency(key, raw.label, raw.kind, raw.category, list(provenance), raw.first)
        _require(job, key, list(provenance), raw.details)

    def _merge_competency(
        self,
        key: str,
        label: str,
        kind: CompetencyKind,
        category: str | None,
        provenance: list[Provenance],
        line: int,
        kind_given: bool = True,
    ) -> None:
        """One entity per key, known from every line that names it. What a sheet says about
        a competency goes to that sheet's requirement, not here."""
        known = self.competencies.get(key)
        if known is None:
            self.competencies[key] = Competency(
                key, label, kind, category=category, provenance=provenance
            )
            return
        known.provenance.extend(provenance)
        if known.category is None:
            known.category = category
        if known.kind is not kind and kind_given:
            self.warn(
                "type-competence-divergent",
                f"« {known.label} » est {_KIND_NAMES[known.kind]} ailleurs et "
                f"{_KIND_NAMES[kind]} ici : le premier type est gardé",
                line,
            )

    # ------------------------------------------------------------------ mobilities

    def _build_mobilities(self) -> None:
        titles = [sheet.title for sheet in self.sheets]
        for sheet in self.sheets:
            source = job_key(sheet.title)
            units: list[RawEvolution] = []
            for evolution in sheet.evolutions:
                item = evolution.item
                doubts: list[str] = []
                confidence = 1.0
                if sheet.evolution_intro and evolution.kind is MobilityKind.UNSPECIFIED:
                    confidence = 0.8  # reported by "evolution-sans-type", which spans the items
                if item.joined:
                    confidence = min(confidence, 0.9)
                    doubts.append("ligne recollée à travers un saut de page")
                match = match_title(evolution.target, titles)
                if match is None and names_a_unit(evolution.target):
                    units.append(evolution)
                    continue
                if match is None:
                    target = self._outside_job(evolution.target, item)
                    if job_key(strip_parenthetical(evolution.target)) != job_key(evolution.target):
                        confidence = min(confidence, 0.9)
                        doubts.append("précision entre parenthèses écartée du titre du poste")
                else:
                    target = job_key(match.title)
                    if match.confidence < 1.0:
                        confidence = min(confidence, match.confidence)
                        doubts.append(f"lu comme la fiche « {match.title} »")
                if not target:
                    self.warn(
                        "evolution-illisible",
                        f"Fiche « {sheet.title} » : évolution sans intitulé lisible "
                        f"(« {evolution.target} »)",
                        item.first,
                        item.last,
                    )
                    continue
                if target == source:
                    self.warn(
                        "auto-evolution",
                        f"Fiche « {sheet.title} » : évolution vers elle-même ignorée "
                        f"(« {evolution.target} »)",
                        item.first,
                        item.last,
                    )
                    continue
                if doubts:
                    self.warn(
                        "evolution-a-verifier",
                        f"Fiche « {sheet.title} » : évolution « {evolution.target} » : "
                        + " ; ".join(doubts),
                        item.first,
                        item.last,
                    )
                self._add_mobility(
                    source, target, evolution.kind, self.prov(item.first, item.last, confidence)
                )
            if units:
                self._add_unit_note(sheet, units)

    def _add_unit_note(self, sheet: RawSheet, units: Sequence[RawEvolution]) -> None:
        """Moves towards a department or a subsidiary, not a job: kept as a note of the
        sheet's evolutions (with the intro that qualifies them), and reported."""
        items = [*sheet.evolution_intro, *(u.item for u in units)]
        first, last = items[0].first, items[-1].last
        lines = [clean_label(i.text) for i in sheet.evolution_intro]
        for unit in units:
            kind = _KIND_OF_MOVE.get(unit.kind)
            lines.append(f"- {unit.target}" + (f" (évolution {kind})" if kind else ""))
        note = Note(f"{sheet.title} — Évolutions vers d'autres directions", "\n".join(lines))
        note.provenance = self.prov(first, last)
        self.notes.append((first, note))
        self.warn(
            "evolution-vers-une-direction",
            f"Fiche « {sheet.title} » : {quoted(u.target for u in units)} "
            "désigne(nt) une direction, pas un poste : gardé(s) en note de la fiche, "
            "sans mobilité",
            units[0].item.first,
            units[-1].item.last,
        )

    def _outside_job(self, written: str, item: Item) -> str:
        """The key of a target job without a sheet, created on first mention."""
        title = strip_parenthetical(written)
        title = title[:1].upper() + title[1:]
        key = job_key(title)
        if not key:
            return key
        job = self.jobs.get(key)
        if job is None:
            job = Job(key=key, title=title, has_sheet=False)
            self.jobs[key] = job
        if not job.has_sheet:
            if written != title and written not in job.alt_titles and fold(written) != fold(title):
                job.alt_titles.append(written)
            job.provenance.extend(self.prov(item.first, item.last))
        return key

    def _add_mobility(
        self, source: str, target: str, kind: MobilityKind, provenance: list[Provenance]
    ) -> None:
        identity = (source, target, kind.value)
        known = self.mobilities.get(identity)
        if known is None:
            self.mobilities[identity] = Mobility(
                source, target, kind, MobilityOrigin.DECLARED, provenance
            )
        else:
            known.provenance.extend(provenance)

    def _add_example_paths(self, items: Sequence[Item]) -> None:
        """ "... être nommé Conseiller senior": a move from the sheet named before to the
        one named right after "nommé", in a paragraph of the career-path chapter."""
        titles = [sheet.title for sheet in self.sheets]
        for item in items:
            folded = fold(item.text)
            mentions = find_mentions(item.text, titles)
            for n, (start, _, title) in enumerate(mentions):
                if not re.search(r"\bnommee?s?\s*$", folded[:start]):
                    continue
                earlier = [m[2] for m in mentions[:n] if m[2] != title]
                if earlier:
                    source, target = job_key(earlier[-1]), job_key(title)
                    provenance = self.prov(item.first, item.last, 0.7)
                    self._add_mobility(source, target, MobilityKind.EXAMPLE_PATH, provenance)
                    self.warn(
                        "parcours-deduit",
                        f"parcours lu dans le texte : « {earlier[-1]} » → « {title} » "
                        "(exemple de parcours, à vérifier)",
                        item.first,
                        item.last,
                    )

    # ------------------------------------------------------------------ annex

    def _read_annex(self, section: _Section, referential: Referential) -> None:
        annex = parse_annex(self.lines, section.start, section.end)
        for warning in annex.warnings:
            self.warn(warning.code, warning.message, warning.first, warning.last)
        for table in annex.tables:
            columns = [self._column_job(header, table) for header in table.column_headers]
            referential.matrices.append(build_matrix(table, columns, self.prov))
            if table.item_kind == "activity":
                self._add_annex_activities(table, columns)
            elif table.item_kind == "competency":
                self._add_annex_competencies(table, columns)
            else:
                self.warn(
                    "tableau-inconnu",
                    f"tableau d'annexe ni d'activités ni de compétences : « {table.title} »",
                    table.first,
                    table.last,
                )
        self._add_note(section.title, rejoin(self.body(section.start, section.end, annex.used)))

    def _column_job(self, header: str, table: RawTable) -> str:
        match = match_title(header, [sheet.title for sheet in self.sheets])
        if match is not None:
            return job_key(match.title)
        self.warn(
            "colonne-sans-fiche",
            f"colonne « {header} » du tableau « {table.title} » sans fiche métier",
            table.first,
        )
        key = job_key(header)
        self.jobs.setdefault(key, Job(key=key, title=header, has_sheet=False))
        return key

    def _add_annex_activities(self, table: RawTable, columns: list[str]) -> None:
        for row in table.rows:
            provenance = self.prov(row.index, row.index, row.confidence)
            for key, marked in zip(columns, row.cells, strict=True):
                if not marked:
                    continue
                job = self.jobs[key]
                listed = next(
                    (a for a in job.activities if label_key(a.label) == label_key(row.label)), None
                )
                if listed is None:
                    job.activities.append(
                        Activity(row.label, domain="Annexe", provenance=list(provenance))
                    )
                else:
                    listed.provenance.extend(provenance)

    def _add_annex_competencies(self, table: RawTable, columns: list[str]) -> None:
        """The rows are competencies, grouped under headings that do not say their kind
        ("relationnelles", "Métier"): a competency no sheet names is a savoir-faire by
        default, a guess (reported once for the table, citing its lines)."""
        guessed: list[str] = []
        for row in table.rows:
            key = label_key(row.label)
            if not key:
                continue
            provenance = self.prov(row.index, row.index, row.confidence)
            confidence = row.confidence
            if key not in self.competencies:
                guessed.append(row.label)
                confidence = min(confidence, _GUESSED_KIND)
            named = self.prov(row.index, row.index, confidence)
            kind = CompetencyKind.SAVOIR_FAIRE
            self._merge_competency(key, row.label, kind, row.group, named, row.index, False)
            for job_column, marked in zip(columns, row.cells, strict=True):
                if marked:
                    _require(self.jobs[job_column], key, list(provenance))
        if guessed:
            self.warn(
                "type-competence-suppose",
                f"tableau « {table.title} » : le type de {len(guessed)} compétence(s) n'est pas "
                f"donné (seulement leur groupe) ; savoir-faire supposé pour {quoted(guessed)}",
                table.first,
                table.last,
            )


# The confidence in a competency's kind when the document does not give it.
_GUESSED_KIND = 0.6

_KIND_OF_MOVE = {MobilityKind.VERTICAL: "verticale", MobilityKind.HORIZONTAL: "horizontale"}

_KIND_NAMES = {
    CompetencyKind.SAVOIR: "un savoir",
    CompetencyKind.SAVOIR_FAIRE: "un savoir-faire",
    CompetencyKind.SAVOIR_ETRE: "un savoir-être",
}


def _is_heading(text: str) -> bool:
    return len(text) <= _MAX_HEADING and not text.rstrip().endswith((".", ",", ";"))


def _unique(values: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen


def _paragraph(item: Item) -> str:
    text = strip_emphasis(item.text)
    return f"- {text}" if item.is_list else text


def _joined(items: Sequence[Item]) -> str | None:
    text = " ".join(clean_label(item.text) for item in items)
    return text or None


def _sure(item: Item) -> float:
    """Confidence in an item: lower when it was glued back across a page break."""
    if item.guessed:
        return 0.7
    return 0.9 if item.joined else 1.0


def _require(job: Job, key: str, provenance: list[Provenance], details: Sequence[str] = ()) -> None:
    """The job needs the competency; what the sheet says about it for this job is kept on the
    requirement (a competency named twice on one sheet: both lines, the details united)."""
    known = next((r for r in job.requirements if r.competency == key), None)
    if known is None:
        requirement = Requirement(key, Importance.ESSENTIAL, provenance=provenance)
        requirement.details = unite_details((), details)
        job.requirements.append(requirement)
    else:
        known.provenance.extend(provenance)
        known.details = unite_details(known.details, details)
