"""Importer of the ROME CSV export (France Travail, formerly Pôle emploi): a folder, one document.

The folder's files and editions are described in ``rome_export``. ROME 4.0 (``v4xx``) reads:

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
| ``rubrique_mobilite`` (when there) | declared moves between fiches |

ROME v3 (``v3xx``) reads the same first three, then ``texte`` (with the conditions of
practice), ``referentiel_competence`` (savoirs), ``referentiel_activite`` (activities, as
savoir-faire), ``referentiel_env_travail`` (work environments), ``composition_bloc`` and
``liens_rome_referentiels`` (which block of its fiche an item is in: base activities are
essential, specific ones optional), ``coherence_item`` (fiche x item) and ``rubrique_mobilite``
(typed moves: "Proche" horizontal, "Evolution" vertical).

Every fact cites the CSV file it comes from (its sha256) and its physical line(s). The rest
of the folder (RIASEC codes, centres d'intérêt, sectors, themes, trees) is not read: the
domain has no place for it yet.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field

from parcours.domain.competency import Competency, CompetencyKind, Importance, Requirement
from parcours.domain.draft import ImportDraft
from parcours.domain.job import Job
from parcours.domain.mobility import Mobility, MobilityKind
from parcours.domain.provenance import DocumentFamily, Position, Provenance, SourceDocument
from parcours.domain.referential import Referential
from parcours.engine.normalise import fold, label_key
from parcours.ingest import rome_export
from parcours.ingest.csv_tables import Table, line_ranges, read_table
from parcours.ingest.rome_export import (
    ACTIVITIES_V3,
    BLOCK_LINKS_V3,
    BLOCKS_V3,
    COMPETENCIES,
    COMPETENCIES_V3,
    CONTEXTS,
    DOMAINS,
    ENVIRONMENTS_V3,
    FICHES,
    KNOWLEDGE,
    LINKS,
    LINKS_V3,
    MOVES,
    MOVES_V3,
    ROME_3,
    TEXTS,
    TEXTS_V3,
    TITLES,
    Layout,
)

Progress = Callable[[str], None]

_ROME_CODE = re.compile(r"^[A-Z]\d{4}$")
# Characters other than letters, digits, white space and everyday punctuation.
_SYMBOL = re.compile(r"[^\w\s.,;:!?'’\"«»()\[\]/…–—-]")

# coeur_metier -> importance. "Principale": the job's core; "Émergente": a competency that
# is emerging in the job, not (yet) its core. Empty: the fiche lists it, as optional.
IMPORTANCE = {"principale": Importance.ESSENTIAL, "emergente": Importance.OPTIONAL}
# ROME v3 blocks of a fiche (composition_bloc labels, folded, start with) -> importance.
BLOCK_IMPORTANCE = (
    ("activites de base", Importance.ESSENTIAL),
    ("activites specifiques", Importance.OPTIONAL),
)
# Work-context types that say where the job is done (-> Job.workplace); others -> environment.
WORKPLACE_CONTEXTS = frozenset({"types de structures", "lieux et deplacements", "structures"})
# Text types -> what they become on the job.
TEXT_KINDS = {
    "definition": "purpose",
    "acces_metier": "access",  # ROME 4.0
    "acces_a_em": "access",  # ROME v3
    "cond_exercice_activite": "conditions",  # ROME v3: appended to the environment
}
# libelle_type_mobilite, folded -> kind of move.
MOVE_KINDS = {"proche": MobilityKind.HORIZONTAL, "evolution": MobilityKind.VERTICAL}
# cat_comp (ROME 4.0) or libelle_type_competence (v3), folded, starts with -> kind.
_KINDS = (
    ("savoir-faire", CompetencyKind.SAVOIR_FAIRE),
    ("savoir-etre", CompetencyKind.SAVOIR_ETRE),
    ("savoirs de l'action", CompetencyKind.SAVOIR_FAIRE),
    ("savoirs theoriques", CompetencyKind.SAVOIR),
)
# Examples quoted in a warning about many lines.
_EXAMPLES = 3


def symbols(label: str) -> list[str]:
    """The symbols of a label that its key drops but that carry meaning ("C++", "> 125")."""
    return sorted(_SYMBOL.findall(label))


@dataclass(slots=True)
class _Fiche:
    """What the other files add to a job before it is finished."""

    job: Job
    index: int
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


@dataclass(slots=True)
class _Move:
    """A declared move being read: the mobility and where it sorts."""

    mobility: Mobility
    order: tuple[int, int, int]


class _Reader:
    """One parse: the files, their documents, the part being built, the warnings."""

    def __init__(
        self,
        layout: Layout,
        files: Mapping[str, bytes],
        documents: Mapping[str, SourceDocument],
        draft: ImportDraft,
        progress: Progress | None,
    ) -> None:
        self.layout = layout
        self.folder = layout.folder
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
        # ROME v3: (code ROME, code_ogr) -> (importance of its block, line in the block links)
        self.blocks: dict[tuple[str, str], tuple[Importance, Position]] = {}
        self.moves: dict[tuple[str, str, MobilityKind], _Move] = {}
        self.unknown: defaultdict[tuple[str, str], _Unknown] = defaultdict(_Unknown)
        self.skipped: defaultdict[tuple[str, str, str], _Unknown] = defaultdict(_Unknown)
        self.unknown_texts: defaultdict[str, _Unknown] = defaultdict(_Unknown)

    def filename(self, table: Table) -> str:
        return self.layout.file(table)

    def sha(self, table: Table) -> str:
        return self.documents[self.filename(table)].sha256

    def rows(self, table: Table) -> tuple[str, Iterator[tuple[Position, list[str]]]]:
        filename = self.filename(table)
        if self.progress:
            self.progress(f"{self.folder}/{filename}")
        return self.sha(table), read_table(self.folder, filename, self.files[filename], table)

    def fiche(self, table: Table, code: str, position: Position) -> _Fiche | None:
        found = self.fiches.get(code)
        if found is None:
            self.unknown[(self.filename(table), "code ROME")].add(position, code)
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
            self.fiches[code] = _Fiche(job, len(self.fiches))

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

    def read_texts(self, table: Table) -> None:
        _, rows = self.rows(table)
        for position, (code, kind, rank, sentence) in rows:
            fiche = self.fiche(table, code, position)
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
            kind, confidence = self.kind(COMPETENCIES, position, label, category)
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

    def read_items_v3(self, table: Table) -> None:
        """ROME v3 savoirs (``referentiel_competence``) or activities (``referentiel_activite``,
        savoir-faire): the category is the item's type as written."""
        sha, rows = self.rows(table)
        for position, (code, label, category) in rows:
            if table is ACTIVITIES_V3:
                kind, confidence = CompetencyKind.SAVOIR_FAIRE, 1.0
            else:
                savoir = CompetencyKind.SAVOIR
                kind, confidence = self.kind(table, position, label, category, savoir)
            competency = Competency(
                key="",
                label=label,
                kind=kind,
                category=category or None,
                codes=[code],
                provenance=[Provenance(sha, position, confidence)],
            )
            self.add_item(table, position, code, competency)

    def read_contexts(self, table: Table) -> None:
        _, rows = self.rows(table)
        for position, (code, label, kind) in rows:
            self.contexts[code] = (kind, label, position)

    def read_blocks_v3(self) -> None:
        """Which block of a fiche each item is in: base activities (essential) or specific."""
        _, rows = self.rows(BLOCKS_V3)
        importance_of: dict[str, Importance] = {}
        for _position, (block, label) in rows:
            folded = fold(label)
            for prefix, importance in BLOCK_IMPORTANCE:
                if folded.startswith(prefix):
                    importance_of[block] = importance
        _, rows = self.rows(BLOCK_LINKS_V3)
        for position, (code, item, block, _rank) in rows:
            if block in importance_of:
                self.blocks[(code, item)] = (importance_of[block], position)

    def read_links(self, table: Table) -> None:
        sha, rows = self.rows(table)
        filename = self.filename(table)
        v3 = self.layout.edition is ROME_3
        blocks = self.sha(BLOCK_LINKS_V3) if v3 else ""
        for position, (code, item, *level) in rows:
            fiche = self.fiche(table, code, position)
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
            provenance = [Provenance(sha, position)]
            if v3:
                placed = self.blocks.get((code, item))
                if placed is None:
                    importance = Importance.OPTIONAL
                    self.skipped[
                        ("bloc-inconnu", filename, "citent un item hors des blocs d'activités")
                    ].add(position, f"{code} x {item}")
                else:
                    importance = placed[0]
                    provenance.append(Provenance(blocks, placed[1]))
            else:
                found = IMPORTANCE.get(fold(level[0]))
                if found is None:
                    found = Importance.ESSENTIAL if level[0] else Importance.OPTIONAL
                importance = found
            known = fiche.requirements.get(key)
            if known is None:
                fiche.requirements[key] = Requirement(key, importance, provenance=provenance)
            else:  # two items of one fiche named alike: one requirement, the strongest
                if importance is Importance.ESSENTIAL:
                    known.importance = importance
                known.provenance.extend(provenance)

    def read_moves(self, table: Table) -> None:
        """Declared moves: one mobility per (fiche, target fiche, kind), citing every line that
        declares it (ROME v3 has lines per appellation: they are moves of their fiches)."""
        sha, rows = self.rows(table)
        filename = self.filename(table)
        for position, values in rows:
            if table is MOVES:
                code, target, rank, kind_label = values
            else:
                code, target, kind_label, *_appellations = values
                rank = ""
            source, goal = self.fiche(table, code, position), self.fiche(table, target, position)
            if source is None or goal is None:
                continue
            if source is goal:
                what = "vont d'une fiche vers elle-même"
                self.skipped[("mobilite-illisible", filename, what)].add(position, code)
                continue
            kind = MOVE_KINDS.get(fold(kind_label), MobilityKind.UNSPECIFIED)
            if kind_label and kind is MobilityKind.UNSPECIFIED:
                self.skipped[
                    ("mobilite-type-inconnu", filename, "ont un type de mobilité inconnu, reprises")
                ].add(position, kind_label)
            identity = (source.job.key, goal.job.key, kind)
            move = self.moves.get(identity)
            if move is None:
                order = int(rank) if rank.isdigit() else 0
                mobility = Mobility(source.job.key, goal.job.key, kind)
                move = self.moves[identity] = _Move(
                    mobility, (source.index, order, position.line or 0)
                )
            move.mobility.provenance.append(Provenance(sha, position))

    # --- helpers ---------------------------------------------------------------------------

    def kind(
        self,
        table: Table,
        position: Position,
        label: str,
        category: str,
        default: CompetencyKind = CompetencyKind.SAVOIR_FAIRE,
    ) -> tuple[CompetencyKind, float]:
        """The kind a category says, else ``default`` with a warning and confidence 0.5."""
        folded = fold(category)
        found = next((kind for prefix, kind in _KINDS if folded.startswith(prefix)), None)
        if found is not None:
            return found, 1.0
        self.warn(
            "categorie-inconnue",
            table,
            position,
            f"catégorie « {category} » de « {label} » : {default.value} supposé",
        )
        return default, 0.5

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
        if source != self.filename(table):
            where += f" de {source}"
        self.warn(
            "libelle-commun",
            table,
            position,
            f"« {competency.label} » (code {code}) et « {known.label} » (code {known.codes[0]}, "
            f"{where}) ont la même clé « {key} » : une seule compétence",
        )

    def warn(self, code: str, table: Table, position: Position, message: str) -> None:
        self.draft.warn(code, f"{self.filename(table)} : {message}", position)

    def finish(self, part: Referential, texts: Table, contexts: Table, links: Table) -> None:
        for (filename, what), unknown in self.unknown.items():
            self.draft.warn(
                "reference-inconnue",
                f"{filename} : {unknown.count} ligne(s) citent un {what} inconnu, ignorées "
                f"({'; '.join(unknown.examples)})",
            )
        for (code, filename, what), skipped in self.skipped.items():
            self.draft.warn(
                code,
                f"{filename} : {skipped.count} ligne(s) {what} ({'; '.join(skipped.examples)})",
            )
        titles_sha, texts_sha = self.sha(TITLES), self.sha(texts)
        links_sha, contexts_sha = self.sha(links), self.sha(contexts)
        for fiche in self.fiches.values():
            job = fiche.job
            conditions = self._texts(fiche, texts_sha)
            job.provenance.extend(line_ranges(titles_sha, fiche.titles))
            job.provenance.extend(line_ranges(links_sha, fiche.context_lines))
            labels = [fiche.context_labels[line] for line in sorted(fiche.context_labels)]
            job.provenance.extend(line_ranges(contexts_sha, labels))
            environment = _contexts(fiche.contexts, workplace=False)
            if conditions:
                environment = "\n".join(filter(None, [environment, " ".join(conditions)]))
            job.environment = environment
            job.workplace = _contexts(fiche.contexts, workplace=True)
            job.requirements = list(fiche.requirements.values())
            part.jobs[job.key] = job
        part.competencies = self.competencies
        part.mobilities = [
            move.mobility for move in sorted(self.moves.values(), key=lambda m: m.order)
        ]

    def _texts(self, fiche: _Fiche, document: str) -> list[str]:
        """Fill the job's purpose and access conditions; returns the conditions of practice."""
        job = fiche.job
        conditions: list[str] = []
        used: list[Position] = []
        ordered = sorted(fiche.texts, key=lambda t: (t[0], t[1], t[2].line or 0))
        for kind, _order, position, sentence in ordered:
            target = TEXT_KINDS.get(kind)
            if target == "purpose":
                job.purpose.append(sentence)
            elif target == "access":
                job.access_conditions.append(sentence)
            elif target == "conditions":
                conditions.append(sentence)
            else:
                self.unknown_texts[kind].add(position, job.code or "")
                continue
            used.append(position)
        used.sort(key=lambda position: position.line or 0)
        job.provenance.extend(line_ranges(document, used))
        return conditions


def _contexts(contexts: Mapping[str, list[str]], *, workplace: bool) -> str | None:
    """One line per context type: "Horaires et durée du travail : Travail le samedi ; …"."""
    lines = [
        f"{kind} : {' ; '.join(labels)}"
        for kind, labels in contexts.items()
        if (fold(kind) in WORKPLACE_CONTEXTS) is workplace
    ]
    return "\n".join(lines) or None


class RomeImporter:
    """The ROME CSV export (ROME 4.0 or ROME v3), as one bundle (a folder)."""

    family = DocumentFamily.ROME
    format = "csv"
    description = "Export CSV du ROME 4.0 ou v3 de France Travail (un dossier de fichiers)"

    def score(self, names: Collection[str]) -> float:
        return rome_export.score(names)

    def members(self, names: Collection[str]) -> list[str]:
        """The files of ``names`` this importer reads, in reading order."""
        return rome_export.members(names)

    def parse(
        self,
        folder: str,
        files: Mapping[str, bytes],
        documents: Mapping[str, SourceDocument],
        document: SourceDocument,
        progress: Progress | None = None,
    ) -> ImportDraft:
        layout = rome_export.layout(folder, {name: files[name] for name in documents})
        draft = ImportDraft(document=document)
        reader = _Reader(layout, files, documents, draft, progress)
        reader.read_fiches()
        reader.read_domains()
        reader.read_titles()
        if layout.edition is ROME_3:
            texts, contexts, links, moves = TEXTS_V3, ENVIRONMENTS_V3, LINKS_V3, MOVES_V3
            reader.read_texts(texts)
            reader.read_items_v3(COMPETENCIES_V3)
            reader.read_items_v3(ACTIVITIES_V3)
            reader.read_contexts(contexts)
            reader.read_blocks_v3()
        else:
            texts, contexts, links, moves = TEXTS, CONTEXTS, LINKS, MOVES
            reader.read_texts(texts)
            reader.read_competencies()
            reader.read_knowledge()
            reader.read_contexts(contexts)
        reader.read_links(links)
        if layout.has(moves):
            reader.read_moves(moves)
        part = Referential(
            name=layout.referential_name,
            organisation=layout.edition.organisation,
            description=(
                f"Répertoire opérationnel des métiers et des emplois, version {layout.version}"
            ),
        )
        reader.finish(part, texts, contexts, links)
        for kind, unknown in reader.unknown_texts.items():
            draft.warn(
                "texte-inconnu",
                f"{layout.file(texts)} : {unknown.count} phrase(s) de type « {kind} » "
                f"non reprises ({'; '.join(unknown.examples)})",
            )
        draft.parts.append(part)
        return draft
