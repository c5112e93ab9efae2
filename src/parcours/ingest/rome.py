"""Importer of France Travail's ROME 4.0 export: a folder of CSV files, one document (a bundle).

The folder holds ``unix_<table>_v<version>_utf8.csv`` files. Eight of them are read:

| table | gives |
|---|---|
| ``referentiel_code_rome`` | the fiches: one job each, key = the code lower-cased |
| ``cr_gd_dp`` | the job's family (grand domaine) and filière (domaine professionnel) |
| ``referentiel_appellation`` | the job's alternative titles (appellations) |
| ``texte`` | the job's purpose ("definition") and access conditions ("acces_metier") |
| ``referentiel_competence`` | savoir-faire, savoir-être and macro-competencies |
| ``referentiel_savoir`` | savoirs |
| ``referentiel_contexte_travail`` | the work contexts (not competencies) |
| ``coherence_item`` | fiche x item: requirements (``coeur_metier``) and work contexts |

Every fact cites the CSV file it comes from (its sha256) and its physical line(s). The
rest of the folder (RIASEC codes, centres d'intérêt, sectors, themes) is not read: the
domain has no place for it yet.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field

from parcours.domain.competency import Competency, CompetencyKind, Importance, Requirement
from parcours.domain.draft import ImportDraft
from parcours.domain.errors import DocumentError
from parcours.domain.job import Job
from parcours.domain.provenance import DocumentFamily, Position, Provenance, SourceDocument
from parcours.domain.referential import Referential
from parcours.engine.normalise import fold, label_key

Progress = Callable[[str], None]

ORGANISATION = "France Travail"

# "unix_referentiel_code_rome_v460_utf8.csv" -> table "referentiel_code_rome", version "460".
FILE_NAME = re.compile(r"^unix_(?P<table>[a-z_]+?)_v(?P<version>\d+)_utf8\.csv$")
_ROME_CODE = re.compile(r"^[A-Z]\d{4}$")
# Characters other than letters, digits, white space and everyday punctuation.
_SYMBOL = re.compile(r"[^\w\s.,;:!?'’\"«»()\[\]/…–—-]")

# coeur_metier -> importance. "Principale": the job's core; "Émergente": a competency that
# is emerging in the job, not (yet) its core. Empty: the fiche lists it, as optional.
IMPORTANCE = {"principale": Importance.ESSENTIAL, "emergente": Importance.OPTIONAL}
# Work-context types that say where the job is done (-> Job.workplace); others -> environment.
WORKPLACE_CONTEXTS = frozenset({"types de structures", "lieux et deplacements"})
# cat_comp, folded, starts with -> kind.
_KINDS = (
    ("savoir-faire", CompetencyKind.SAVOIR_FAIRE),
    ("savoir-etre", CompetencyKind.SAVOIR_ETRE),
)
# Examples quoted in a warning about many lines.
_EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class Table:
    """A CSV file of the export: its table name and the columns the importer reads."""

    name: str
    columns: tuple[str, ...]

    def file_name(self, version: str) -> str:
        return f"unix_{self.name}_v{version}_utf8.csv"


FICHES = Table("referentiel_code_rome", ("code_rome", "libelle_rome"))
DOMAINS = Table("cr_gd_dp", ("code_rome", "libelle_grand_domaine", "libelle_domaine_professionel"))
TITLES = Table("referentiel_appellation", ("code_rome", "libelle_appellation_long"))
TEXTS = Table("texte", ("code_rome", "libelle_type_texte", "position_phrase", "libelle_texte"))
COMPETENCIES = Table(
    "referentiel_competence",
    (
        "code_ogr",
        "libelle_competence",
        "definition",
        "code_ogr_macro_comp",
        "cat_comp",
        "sous_cat_comp",
    ),
)
KNOWLEDGE = Table(
    "referentiel_savoir",
    ("code_ogr_savoir", "libelle_savoir", "categorie_savoir", "sous_categorie_savoir"),
)
CONTEXTS = Table(
    "referentiel_contexte_travail", ("code_ogr", "libelle_cont_travail", "libelle_type_cont_trav")
)
LINKS = Table("coherence_item", ("code_rome", "code_ogr", "coeur_metier"))
# In reading order: fiches first, items before the links that cite them.
TABLES = (FICHES, DOMAINS, TITLES, TEXTS, COMPETENCIES, KNOWLEDGE, CONTEXTS, LINKS)
_BY_NAME = {table.name: table for table in TABLES}


def split_name(filename: str) -> tuple[str, str] | None:
    """(table, version) of an export file read by this importer, else None."""
    match = FILE_NAME.match(filename)
    if match is None or match["table"] not in _BY_NAME:
        return None
    return match["table"], match["version"]


def read_table(
    folder: str, filename: str, data: bytes, table: Table
) -> Iterator[tuple[Position, list[str]]]:
    """The records of one CSV file: their physical lines and the table's columns, stripped.

    A record whose fields span several lines gets ``line``..``end_line``. Raises
    DocumentError naming the file (and the line) on a missing column, a record with too
    few or too many fields (a truncated file), an unterminated quote or bad UTF-8.
    """
    where = f"{folder}/{filename}"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(where, f"{filename} : pas en UTF-8 (octet {exc.start})") from exc
    # newline="\n": lines are counted as in the file, a stray "\r" in a field is no line.
    reader = csv.reader(io.StringIO(text, newline="\n"), strict=True)
    previous = 0
    try:
        header = next(reader, None)
        if header is None:
            raise DocumentError(where, f"{filename} : fichier vide")
        missing = [column for column in table.columns if column not in header]
        if missing:
            raise DocumentError(where, f"{filename} : colonne(s) absente(s) : {', '.join(missing)}")
        indexes = [header.index(column) for column in table.columns]
        width = len(header)
        previous = reader.line_num
        for row in reader:
            start, end = previous + 1, reader.line_num
            previous = end
            if not row:
                continue
            if len(row) != width:
                raise DocumentError(
                    where,
                    f"{filename}, ligne {start} : {len(row)} champ(s) au lieu de {width} "
                    "(fichier tronqué ou mal formé)",
                )
            yield Position(start, end if end != start else None), [row[i].strip() for i in indexes]
    except csv.Error as exc:  # an unterminated quote at the end: a truncated file
        raise DocumentError(
            where,
            f"{filename}, ligne {previous + 1} : CSV illisible, fichier tronqué ou mal formé "
            f"({exc})",
        ) from exc


def symbols(label: str) -> list[str]:
    """The symbols of a label that its key drops but that carry meaning ("C++", "> 125")."""
    return sorted(_SYMBOL.findall(label))


def line_ranges(document: str, positions: list[Position]) -> list[Provenance]:
    """Provenance for ``positions`` (in file order), adjacent lines joined into one range."""
    out: list[Provenance] = []
    start: int | None = None
    end = 0
    for position in positions:
        line = position.line or 0
        last = position.end_line or line
        if start is not None and line == end + 1:
            end = last
            continue
        if start is not None:
            out.append(Provenance(document, Position(start, end if end != start else None)))
        start, end = line, last
    if start is not None:
        out.append(Provenance(document, Position(start, end if end != start else None)))
    return out


@dataclass(slots=True)
class _Fiche:
    """What the other files add to a job before it is finished."""

    job: Job
    titles: list[Position] = field(default_factory=list)
    texts: list[tuple[str, int, Position, str]] = field(default_factory=list)
    contexts: dict[str, list[str]] = field(default_factory=dict)
    context_lines: list[Position] = field(default_factory=list)
    context_labels: dict[int, Position] = field(default_factory=dict)
    requirements: dict[str, Requirement] = field(default_factory=dict)


@dataclass(slots=True)
class _Unknown:
    """Lines of one file that cite something absent: counted, a few quoted."""

    count: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, position: Position, value: str) -> None:
        self.count += 1
        if len(self.examples) < _EXAMPLES:
            self.examples.append(f"l. {position.line} : {value}")


class _Reader:
    """One parse: the files, their documents, the part being built, the warnings."""

    def __init__(
        self,
        folder: str,
        version: str,
        files: Mapping[str, bytes],
        documents: Mapping[str, SourceDocument],
        draft: ImportDraft,
        progress: Progress | None,
    ) -> None:
        self.folder = folder
        self.version = version
        self.files = files
        self.documents = documents
        self.draft = draft
        self.progress = progress
        self.names = {doc.sha256: name for name, doc in documents.items()}
        self.fiches: dict[str, _Fiche] = {}
        self.competencies: dict[str, Competency] = {}
        self.items: dict[str, str] = {}  # code_ogr -> competency key
        # code_ogr -> (type, label, line in the contexts file)
        self.contexts: dict[str, tuple[str, str, Position]] = {}
        self.unknown: defaultdict[tuple[str, str], _Unknown] = defaultdict(_Unknown)
        self.unknown_texts: defaultdict[str, _Unknown] = defaultdict(_Unknown)

    def rows(self, table: Table) -> tuple[str, Iterator[tuple[Position, list[str]]]]:
        filename = table.file_name(self.version)
        if self.progress:
            self.progress(f"{self.folder}/{filename}")
        sha = self.documents[filename].sha256
        return sha, read_table(self.folder, filename, self.files[filename], table)

    def fiche(self, table: Table, code: str, position: Position) -> _Fiche | None:
        found = self.fiches.get(code)
        if found is None:
            self.unknown[(table.file_name(self.version), "code ROME")].add(position, code)
        return found

    # --- the files, in order ---------------------------------------------------------------

    def read_fiches(self) -> None:
        sha, rows = self.rows(FICHES)
        for position, (code, title) in rows:
            if not _ROME_CODE.match(code) or not title:
                self.warn("fiche-illisible", FICHES, position, f"code « {code} », « {title} »")
                continue
            if code in self.fiches:
                self.warn("fiche-en-double", FICHES, position, f"{code} déjà lu, ligne ignorée")
                continue
            job = Job(key=code.lower(), title=title, code=code)
            job.provenance.append(Provenance(sha, position))
            self.fiches[code] = _Fiche(job)

    def read_domains(self) -> None:
        sha, rows = self.rows(DOMAINS)
        for position, (code, family, filiere) in rows:
            fiche = self.fiche(DOMAINS, code, position)
            if fiche is not None:
                fiche.job.family = family or None
                fiche.job.filiere = filiere or None
                fiche.job.provenance.append(Provenance(sha, position))

    def read_titles(self) -> None:
        _, rows = self.rows(TITLES)
        for position, (code, title) in rows:
            fiche = self.fiche(TITLES, code, position)
            if fiche is not None and title:
                fiche.titles.append(position)
                if title not in fiche.job.alt_titles:
                    fiche.job.alt_titles.append(title)

    def read_texts(self) -> None:
        _, rows = self.rows(TEXTS)
        for position, (code, kind, rank, sentence) in rows:
            fiche = self.fiche(TEXTS, code, position)
            if fiche is not None and sentence:
                # The export doubles every apostrophe of this file ("l''entretien").
                sentence = sentence.replace("''", "'")
                order = int(rank) if rank.isdigit() else 0
                fiche.texts.append((kind, order, position, sentence))

    def read_competencies(self) -> None:
        sha, rows = self.rows(COMPETENCIES)
        records = list(rows)
        macro = {code: label for _, (code, label, *_rest) in records}
        for position, (code, label, definition, parent, category, sub_category) in records:
            kind = _kind(category)
            confidence = 1.0
            if kind is None:
                self.warn(
                    "categorie-inconnue",
                    COMPETENCIES,
                    position,
                    f"catégorie « {category} » de « {label} » : savoir-faire supposé",
                )
                kind, confidence = CompetencyKind.SAVOIR_FAIRE, 0.5
            competency = Competency(
                key="",
                label=label,
                kind=kind,
                category=sub_category or category or None,
                domain=macro.get(parent) if parent else None,
                definition=definition or None,
                codes=[code],
                provenance=[Provenance(sha, position, confidence)],
            )
            self.add_item(COMPETENCIES, position, code, competency)

    def read_knowledge(self) -> None:
        sha, rows = self.rows(KNOWLEDGE)
        for position, (code, label, category, sub_category) in rows:
            competency = Competency(
                key="",
                label=label,
                kind=CompetencyKind.SAVOIR,
                category=category or None,
                domain=sub_category or None,
                codes=[code],
                provenance=[Provenance(sha, position)],
            )
            self.add_item(KNOWLEDGE, position, code, competency)

    def read_contexts(self) -> None:
        _, rows = self.rows(CONTEXTS)
        for position, (code, label, kind) in rows:
            self.contexts[code] = (kind, label, position)

    def read_links(self) -> None:
        sha, rows = self.rows(LINKS)
        filename = LINKS.file_name(self.version)
        for position, (code, item, level) in rows:
            fiche = self.fiche(LINKS, code, position)
            if fiche is None:
                continue
            key = self.items.get(item)
            if key is None:
                context = self.contexts.get(item)
                if context is None:
                    self.unknown[(filename, "code OGR")].add(position, item)
                    continue
                kind, label, where = context
                labels = fiche.contexts.setdefault(kind, [])
                if label not in labels:
                    labels.append(label)
                fiche.context_lines.append(position)
                fiche.context_labels[where.line or 0] = where
                continue
            importance = IMPORTANCE.get(fold(level))
            if importance is None:
                importance = Importance.ESSENTIAL if level else Importance.OPTIONAL
            provenance = Provenance(sha, position)
            known = fiche.requirements.get(key)
            if known is None:
                fiche.requirements[key] = Requirement(key, importance, provenance=[provenance])
            else:  # two items of one fiche named alike: one requirement, the strongest
                if importance is Importance.ESSENTIAL:
                    known.importance = importance
                known.provenance.append(provenance)

    # --- helpers ---------------------------------------------------------------------------

    def add_item(self, table: Table, position: Position, code: str, competency: Competency) -> None:
        key = label_key(competency.label)
        if not key or not code:
            self.warn("item-illisible", table, position, f"code « {code} », « {competency.label} »")
            return
        known = self.competencies.get(key)
        if known is not None and symbols(known.label) != symbols(competency.label):
            # "Langage C#" / "Langage C++": the key drops the symbols that tell them apart.
            key = f"{key}--{code.lower()}"
            self.warn(
                "libelle-distinct",
                table,
                position,
                f"« {competency.label} » (code {code}) et « {known.label} » (code "
                f"{known.codes[0]}) ne diffèrent que par des symboles : deux compétences, "
                f"la seconde sous la clé « {key} »",
            )
            known = self.competencies.get(key)
        self.items[code] = key
        if known is None:
            competency.key = key
            self.competencies[key] = competency
            return
        # Same label (folded, singular) = one entity, as in every referential.
        known.codes.extend(c for c in competency.codes if c not in known.codes)
        known.provenance.extend(competency.provenance)
        for name in ("category", "domain", "definition"):
            if getattr(known, name) is None:
                setattr(known, name, getattr(competency, name))
        first = known.provenance[0]
        source = self.names.get(first.document, "")
        where = f"l. {first.position.line}"
        if source != table.file_name(self.version):
            where += f" de {source}"
        self.warn(
            "libelle-commun",
            table,
            position,
            f"« {competency.label} » (code {code}) et « {known.label} » (code {known.codes[0]}, "
            f"{where}) ont la même clé « {key} » : une seule compétence",
        )

    def warn(self, code: str, table: Table, position: Position, message: str) -> None:
        self.draft.warn(code, f"{table.file_name(self.version)} : {message}", position)

    def finish(self, part: Referential) -> None:
        for (filename, what), unknown in self.unknown.items():
            self.draft.warn(
                "reference-inconnue",
                f"{filename} : {unknown.count} ligne(s) citent un {what} inconnu, ignorées "
                f"({'; '.join(unknown.examples)})",
            )
        titles = self.documents[TITLES.file_name(self.version)].sha256
        texts = self.documents[TEXTS.file_name(self.version)].sha256
        links = self.documents[LINKS.file_name(self.version)].sha256
        contexts = self.documents[CONTEXTS.file_name(self.version)].sha256
        for fiche in self.fiches.values():
            job = fiche.job
            self._texts(fiche, texts)
            job.provenance.extend(line_ranges(titles, fiche.titles))
            job.provenance.extend(line_ranges(links, fiche.context_lines))
            labels = [fiche.context_labels[line] for line in sorted(fiche.context_labels)]
            job.provenance.extend(line_ranges(contexts, labels))
            job.environment = _contexts(fiche.contexts, workplace=False)
            job.workplace = _contexts(fiche.contexts, workplace=True)
            job.requirements = list(fiche.requirements.values())
            part.jobs[job.key] = job
        part.competencies = self.competencies

    def _texts(self, fiche: _Fiche, document: str) -> None:
        job = fiche.job
        used: list[Position] = []
        ordered = sorted(fiche.texts, key=lambda t: (t[0], t[1], t[2].line or 0))
        for kind, _order, position, sentence in ordered:
            if kind == "definition":
                job.purpose.append(sentence)
            elif kind == "acces_metier":
                job.access_conditions.append(sentence)
            else:
                self.unknown_texts[kind].add(position, job.code or "")
                continue
            used.append(position)
        used.sort(key=lambda position: position.line or 0)
        job.provenance.extend(line_ranges(document, used))


def _kind(category: str) -> CompetencyKind | None:
    folded = fold(category)
    return next((kind for prefix, kind in _KINDS if folded.startswith(prefix)), None)


def _contexts(contexts: Mapping[str, list[str]], *, workplace: bool) -> str | None:
    """One line per context type: "Horaires et durée du travail : Travail le samedi ; …"."""
    lines = [
        f"{kind} : {' ; '.join(labels)}"
        for kind, labels in contexts.items()
        if (fold(kind) in WORKPLACE_CONTEXTS) is workplace
    ]
    return "\n".join(lines) or None


class RomeImporter:
    """The ROME 4.0 CSV export of France Travail, as one bundle (a folder)."""

    family = DocumentFamily.ROME
    format = "csv"
    description = "Export CSV du ROME 4.0 de France Travail (un dossier de fichiers)"

    def score(self, names: Collection[str]) -> float:
        tables = {found[0] for found in map(split_name, names) if found is not None}
        if len(tables) == len(TABLES):
            return 1.0
        if FICHES.name in tables:
            return 0.9  # the export, incomplete: parse names the missing file
        return 0.6 if len(tables) * 2 >= len(TABLES) else 0.0

    def members(self, names: Collection[str]) -> list[str]:
        """The files of ``names`` this importer reads, in reading order."""
        order = {table.name: i for i, table in enumerate(TABLES)}
        found = [(split_name(name), name) for name in names]
        return [
            name
            for parts, name in sorted(
                ((p, n) for p, n in found if p is not None),
                key=lambda item: (order[item[0][0]], item[0][1]),
            )
        ]

    def parse(
        self,
        folder: str,
        files: Mapping[str, bytes],
        documents: Mapping[str, SourceDocument],
        document: SourceDocument,
        progress: Progress | None = None,
    ) -> ImportDraft:
        version = _version(folder, documents)
        for table in TABLES:
            filename = table.file_name(version)
            if filename not in files or filename not in documents:
                raise DocumentError(
                    f"{folder}/{filename}", f"{filename} : fichier absent du dossier {folder}"
                )
        draft = ImportDraft(document=document)
        reader = _Reader(folder, version, files, documents, draft, progress)
        reader.read_fiches()
        reader.read_domains()
        reader.read_titles()
        reader.read_texts()
        reader.read_competencies()
        reader.read_knowledge()
        reader.read_contexts()
        reader.read_links()
        part = Referential(
            name=f"ROME 4.0 (v{version})",
            organisation=ORGANISATION,
            description=f"Répertoire opérationnel des métiers et des emplois, version {version}",
        )
        reader.finish(part)
        for kind, unknown in reader.unknown_texts.items():
            draft.warn(
                "texte-inconnu",
                f"{TEXTS.file_name(version)} : {unknown.count} phrase(s) de type « {kind} » "
                f"non reprises ({'; '.join(unknown.examples)})",
            )
        draft.parts.append(part)
        return draft


def _version(folder: str, documents: Mapping[str, SourceDocument]) -> str:
    versions = sorted({found[1] for found in map(split_name, documents) if found is not None})
    if not versions:
        raise DocumentError(folder, f"aucun fichier de l'export ROME dans {folder}")
    if len(versions) > 1:
        shown = ", ".join(f"v{v}" for v in versions)
        raise DocumentError(folder, f"fichiers de plusieurs versions du ROME mélangés : {shown}")
    return versions[0]
