"""Importer of the ESCO classification's CSV export (European Commission): a folder, one document.

ESCO is a reference taxonomy: occupations (each in an ISCO-08 unit group) and skills, each
identified by a URI. The folder holds ``<table>_<language>.csv`` files (the broader relations
with or without the language suffix):

- ``ISCOGroups_fr.csv``: the ISCO groups, which give a job's family (major group, 1 digit),
  filière (sub-major group, 2 digits) and métier (unit group, 4 digits);
- ``occupations_fr.csv``: one job per occupation, key = the last segment of its URI,
  ``code`` = its ISCO group, ``url`` = its URI, alternative titles = ``altLabels``;
- ``broaderRelationsOccPillar.csv``: the occupation -> ISCO group lines support the métier;
  occupation -> occupation is not read (the domain has no place for a broader job);
- ``skillGroups_fr.csv``: the labels of the skill groups a skill may be under;
- ``skills_fr.csv``: one competency per skill, key = the last segment of its URI, ``codes`` =
  [URI], kind from ``skillType`` (knowledge: savoir, skill/competence: savoir-faire),
  category = the reuse level, details = ``altLabels``;
- ``broaderRelationsSkillPillar.csv``: a skill's first broader skill or group is its domain,
  the others are details ("Notion plus large : …");
- ``occupationSkillRelations.csv``, when there: requirements, essential or optional.

Keys come from the URIs, not the labels: ESCO's identity is its URI, so that a label changed in
a later ESCO version is the same job or competency, and HR's link decisions keep holding.
Every fact cites the CSV file and the line(s) it comes from.
"""

from __future__ import annotations

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
from parcours.engine.normalise import fold
from parcours.ingest.csv_tables import Table, missing_columns, missing_report, read_table

Progress = Callable[[str], None]

ORGANISATION = "Commission européenne"

GROUPS = Table("ISCOGroups", ("conceptUri", "code", "preferredLabel"))
OCCUPATIONS = Table(
    "occupations",
    ("conceptUri", "iscoGroup", "preferredLabel", "altLabels"),
    optional=("description", "definition"),
)
OCCUPATION_BROADER = Table(
    "broaderRelationsOccPillar", ("conceptType", "conceptUri", "broaderType", "broaderUri")
)
SKILL_GROUPS = Table("skillGroups", ("conceptUri", "preferredLabel"))
SKILLS = Table(
    "skills",
    ("conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels"),
    optional=("description", "definition"),
)
SKILL_BROADER = Table(
    "broaderRelationsSkillPillar", ("conceptType", "conceptUri", "broaderType", "broaderUri")
)
RELATIONS = Table("occupationSkillRelations", ("occupationUri", "relationType", "skillUri"))
# In reading order: groups before what cites them.
REQUIRED = (GROUPS, OCCUPATIONS, OCCUPATION_BROADER, SKILL_GROUPS, SKILLS, SKILL_BROADER)
OPTIONAL = (RELATIONS,)
TABLES = REQUIRED + OPTIONAL
_BY_NAME = {table.name: table for table in TABLES}

# "occupations_fr.csv", "broaderRelationsOccPillar.csv", "broaderRelationsSkillPillar_en.csv".
FILE_NAME = re.compile(
    r"^(?P<table>" + "|".join(_BY_NAME) + r")(?:_(?P<language>[a-z]{2}(?:-[a-z]+)?))?\.csv$"
)
# The version an export folder is named with ("esco-v1.0-fr" -> "v1.0"): the files carry none.
_VERSION = re.compile(r"(?:^|[^a-z0-9])(v\d+(?:\.\d+)*)(?![\d.])", re.IGNORECASE)

# skillType -> kind. A skill typed both ways is a savoir-faire, with a warning.
KINDS = {"knowledge": CompetencyKind.SAVOIR, "skill/competence": CompetencyKind.SAVOIR_FAIRE}
# reuseLevel -> category, in French.
REUSE_LEVELS = {
    "transversal": "transversale",
    "cross-sector": "intersectorielle",
    "sector-specific": "spécifique à un secteur",
    "occupation-specific": "spécifique à une profession",
}
# relationType -> importance.
IMPORTANCE = {"essential": Importance.ESSENTIAL, "optional": Importance.OPTIONAL}
BROADER_DETAIL = "Notion plus large : "
# Language codes of the file names, in the referential's description.
LANGUAGES = {"fr": "français", "en": "anglais", "de": "allemand", "es": "espagnol", "it": "italien"}
_EXAMPLES = 3


def split_name(filename: str) -> tuple[str, str] | None:
    """(table, language or "") of an ESCO export file this importer reads, else None."""
    match = FILE_NAME.match(filename)
    if match is None:
        return None
    return match["table"], match["language"] or ""


def uri_key(uri: str) -> str:
    """The key of an ESCO concept: the last segment of its URI (a UUID)."""
    return uri.rstrip("/").rsplit("/", 1)[-1]


def referential_name(folder: str, language: str) -> str:
    """ "ESCO (v1.0, fr)": the version from the folder's name (the files carry none)."""
    match = _VERSION.search(folder)
    version = match.group(1).lower() if match else ""
    inside = ", ".join(part for part in (version, language) if part)
    return f"ESCO ({inside})" if inside else "ESCO"


def _lines(text: str) -> list[str]:
    """The items of a newline-separated field (altLabels), stripped, each once."""
    return list(dict.fromkeys(line.strip() for line in text.split("\n") if line.strip()))


def _unique(key: str, used: set[str]) -> str:
    """``key``, or ``key--2``, ``key--3``... when two URIs end alike (never in ESCO itself)."""
    found, n = key, 1
    while found in used:
        n += 1
        found = f"{key}--{n}"
    used.add(found)
    return found


@dataclass(slots=True)
class _Count:
    """Lines of one file counted for one warning, a few quoted."""

    count: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, position: Position, value: str) -> None:
        self.count += 1
        if len(self.examples) < _EXAMPLES:
            self.examples.append(f"l. {position.line} : {value}")


@dataclass(slots=True)
class _Group:
    code: str
    label: str
    position: Position


class _Reader:
    """One parse: the files, their documents, the part being built, the warnings."""

    def __init__(
        self,
        folder: str,
        files: Mapping[str, str],
        data: Mapping[str, bytes],
        documents: Mapping[str, SourceDocument],
        draft: ImportDraft,
        progress: Progress | None,
    ) -> None:
        self.folder = folder
        self.files = files  # table name -> file name
        self.data = data
        self.documents = documents
        self.draft = draft
        self.progress = progress
        self.groups: dict[str, _Group] = {}  # ISCO code -> group
        self.jobs: dict[str, Job] = {}  # URI -> job
        self.skill_groups: dict[str, tuple[str, Position]] = {}  # URI -> label, line
        self.competencies: dict[str, Competency] = {}  # URI -> competency
        self.broader: defaultdict[str, list[str]] = defaultdict(list)  # skill URI -> labels
        self.counts: defaultdict[tuple[str, str, str], _Count] = defaultdict(_Count)
        self.job_keys: set[str] = set()
        self.competency_keys: set[str] = set()

    def sha(self, table: Table) -> str:
        return self.documents[self.files[table.name]].sha256

    def rows(self, table: Table) -> tuple[str, Iterator[tuple[Position, list[str]]]]:
        filename = self.files[table.name]
        if self.progress:
            self.progress(f"{self.folder}/{filename}")
        return self.sha(table), read_table(self.folder, filename, self.data[filename], table)

    def count(self, code: str, table: Table, what: str, position: Position, value: str) -> None:
        self.counts[(code, self.files[table.name], what)].add(position, value)

    # --- the files, in order ---------------------------------------------------------------

    def read_groups(self) -> None:
        _, rows = self.rows(GROUPS)
        for position, (_uri, code, label) in rows:
            if code and label and code not in self.groups:
                self.groups[code] = _Group(code, label, position)

    def read_occupations(self) -> None:
        sha, rows = self.rows(OCCUPATIONS)
        groups = self.sha(GROUPS)
        for position, (uri, isco, title, alt, description, definition) in rows:
            if not uri or not title:
                self.count(
                    "poste-illisible", OCCUPATIONS, "sans URI ou sans libellé", position, uri
                )
                continue
            if uri in self.jobs:
                self.count("poste-en-double", OCCUPATIONS, "répètent une URI", position, uri)
                continue
            job = Job(
                key=_unique(uri_key(uri), self.job_keys),
                title=title,
                code=isco or None,
                url=uri,
                alt_titles=_lines(alt),
                purpose=[text for text in (definition or description,) if text],
            )
            job.provenance.append(Provenance(sha, position))
            levels = [self.groups.get(isco[:n]) for n in (1, 2, 4)] if isco else []
            if isco and levels[-1] is None:
                self.count(
                    "reference-inconnue",
                    OCCUPATIONS,
                    "citent un groupe CITP inconnu",
                    position,
                    isco,
                )
            family, filiere, metier = [*levels, None, None, None][:3]
            job.family = family.label if family else None
            job.filiere = filiere.label if filiere else None
            job.metier = metier.label if metier else None
            job.provenance.extend(
                Provenance(groups, g.position) for g in (family, filiere, metier) if g
            )
            self.jobs[uri] = job

    def read_occupation_broader(self) -> None:
        sha, rows = self.rows(OCCUPATION_BROADER)
        for position, (kind, uri, broader_kind, broader) in rows:
            if kind != "Occupation" or broader_kind != "ISCOGroup":
                continue  # ISCO -> ISCO is the codes' own structure; occupation -> occupation
            job = self.jobs.get(uri)
            if job is None:
                self.count(
                    "reference-inconnue",
                    OCCUPATION_BROADER,
                    "citent une profession inconnue",
                    position,
                    uri,
                )
                continue
            if job.code is None or uri_key(broader) != f"C{job.code}":
                self.count(
                    "groupe-contradictoire",
                    OCCUPATION_BROADER,
                    "rattachent une profession à un autre groupe CITP que le sien",
                    position,
                    uri_key(broader),
                )
                continue
            job.provenance.append(Provenance(sha, position))

    def read_skill_groups(self) -> None:
        _, rows = self.rows(SKILL_GROUPS)
        for position, (uri, label) in rows:
            if uri and label:
                self.skill_groups.setdefault(uri, (label, position))

    def read_skills(self) -> None:
        sha, rows = self.rows(SKILLS)
        for position, (uri, skill_type, reuse, label, alt, description, definition) in rows:
            if not uri or not label:
                self.count("item-illisible", SKILLS, "sans URI ou sans libellé", position, uri)
                continue
            if uri in self.competencies:
                self.count("item-en-double", SKILLS, "répètent une URI", position, uri)
                continue
            kind = KINDS.get(skill_type)
            confidence = 1.0
            if kind is None:
                kind, confidence = CompetencyKind.SAVOIR_FAIRE, 0.5
                self.count(
                    "categorie-inconnue",
                    SKILLS,
                    "ont un type de compétence ambigu ou inconnu (savoir-faire supposé)",
                    position,
                    skill_type or "(vide)",
                )
            self.competencies[uri] = Competency(
                key=_unique(uri_key(uri), self.competency_keys),
                label=label,
                kind=kind,
                category=REUSE_LEVELS.get(reuse, reuse) or None,
                definition=(definition or description) or None,
                details=_lines(alt),
                codes=[uri],
                provenance=[Provenance(sha, position, confidence)],
            )

    def read_skill_broader(self) -> None:
        sha, rows = self.rows(SKILL_BROADER)
        for position, (kind, uri, _broader_kind, broader) in rows:
            if kind == "SkillGroup":
                continue  # group -> group: the groups' own structure, no competency
            competency = self.competencies.get(uri)
            if competency is None:
                self.count(
                    "reference-inconnue",
                    SKILL_BROADER,
                    "citent une compétence inconnue",
                    position,
                    uri_key(uri),
                )
                continue
            parent = self.competencies.get(broader)
            group = self.skill_groups.get(broader)
            label = parent.label if parent else group[0] if group else None
            if label is None:
                self.count(
                    "reference-inconnue",
                    SKILL_BROADER,
                    "citent une notion plus large inconnue (ni compétence ni groupe "
                    "nommé), ignorées",
                    position,
                    uri_key(broader),
                )
                continue
            if label in self.broader[uri]:
                continue
            self.broader[uri].append(label)
            if competency.domain is None:
                competency.domain = label
            else:
                competency.details.append(BROADER_DETAIL + label)
            competency.provenance.append(Provenance(sha, position))
            if parent is None and group is not None:  # the group's label: its line
                competency.provenance.append(Provenance(self.sha(SKILL_GROUPS), group[1]))

    def read_relations(self) -> None:
        sha, rows = self.rows(RELATIONS)
        for position, (occupation, relation, skill) in rows:
            job = self.jobs.get(occupation)
            competency = self.competencies.get(skill)
            if job is None or competency is None:
                self.count(
                    "reference-inconnue",
                    RELATIONS,
                    "citent une profession ou une compétence inconnue",
                    position,
                    uri_key(occupation if job is None else skill),
                )
                continue
            importance = IMPORTANCE.get(fold(relation))
            if importance is None:
                importance = Importance.OPTIONAL
                self.count(
                    "importance-inconnue",
                    RELATIONS,
                    "ont un type de relation inconnu (facultative supposée)",
                    position,
                    relation or "(vide)",
                )
            provenance = Provenance(sha, position)
            known = next((r for r in job.requirements if r.competency == competency.key), None)
            if known is None:
                job.requirements.append(
                    Requirement(competency.key, importance, provenance=[provenance])
                )
            else:
                if importance is Importance.ESSENTIAL:
                    known.importance = importance
                known.provenance.append(provenance)

    def finish(self, part: Referential) -> None:
        for (code, filename, what), counted in self.counts.items():
            self.draft.warn(
                code,
                f"{filename} : {counted.count} ligne(s) {what} ({'; '.join(counted.examples)})",
            )
        part.jobs = {job.key: job for job in self.jobs.values()}
        part.competencies = {c.key: c for c in self.competencies.values()}


class EscoImporter:
    """The ESCO classification's CSV export, as one bundle (a folder)."""

    family = DocumentFamily.ESCO
    format = "csv"
    description = "Export CSV de la classification ESCO (un dossier de fichiers)"

    def score(self, names: Collection[str]) -> float:
        tables = {found[0] for found in map(split_name, names) if found is not None}
        if {t.name for t in REQUIRED} <= tables:
            return 1.0
        if tables & {OCCUPATIONS.name, SKILLS.name} and len(tables) >= 2:
            return 0.9  # the export, incomplete: parse names what is missing
        return 0.0

    def members(self, names: Collection[str]) -> list[str]:
        """The files of ``names`` this importer reads, in reading order."""
        order = {table.name: i for i, table in enumerate(TABLES)}
        found = [(split_name(name), name) for name in names]
        return [
            name for _, name in sorted((order[p[0]], name) for p, name in found if p is not None)
        ]

    def parse(
        self,
        folder: str,
        files: Mapping[str, bytes],
        documents: Mapping[str, SourceDocument],
        document: SourceDocument,
        progress: Progress | None = None,
    ) -> ImportDraft:
        language, chosen = _layout(folder, {name: files[name] for name in documents})
        draft = ImportDraft(document=document)
        reader = _Reader(folder, chosen, files, documents, draft, progress)
        reader.read_groups()
        reader.read_occupations()
        reader.read_occupation_broader()
        reader.read_skill_groups()
        reader.read_skills()
        reader.read_skill_broader()
        if RELATIONS.name in chosen:
            reader.read_relations()
        description = (
            "Classification européenne des aptitudes, compétences, certifications et "
            "professions (ESCO)"
        )
        if language:
            description += f", libellés en {LANGUAGES.get(language, language)}"
        part = Referential(
            name=referential_name(folder, language),
            organisation=ORGANISATION,
            description=description,
        )
        reader.finish(part)
        draft.parts.append(part)
        return draft


def _layout(folder: str, files: Mapping[str, bytes]) -> tuple[str, dict[str, str]]:
    """(language, table name -> file name); ONE DocumentError naming everything missing."""
    found = [(parts, name) for name in sorted(files) if (parts := split_name(name)) is not None]
    languages = sorted({language for (_, language), _ in found if language})
    if len(languages) > 1:
        shown = ", ".join(languages)
        raise DocumentError(folder, f"fichiers ESCO de plusieurs langues mélangés : {shown}")
    language = languages[0] if languages else ""
    chosen: dict[str, str] = {}
    doubles: list[str] = []
    for (table_name, _), file_name in found:
        if table_name in chosen:
            doubles.append(f"{chosen[table_name]} et {file_name}")
        chosen.setdefault(table_name, file_name)
    if doubles:
        raise DocumentError(
            folder, f"une même table en plusieurs fichiers dans {folder} : {' ; '.join(doubles)}"
        )
    missing: dict[str, list[str] | None] = {}
    for table in TABLES:
        present = chosen.get(table.name)
        if present is None:
            if table in REQUIRED:
                suffix = f"_{language}" if language and "Relations" not in table.name else ""
                missing[f"{table.name}{suffix}.csv"] = None
            continue
        columns = missing_columns(files[present], table)
        if columns:
            missing[present] = columns
    if missing:
        raise missing_report(folder, "export ESCO", missing)
    return language, chosen
