"""The files of a ROME CSV export: naming schemes, editions and what each edition must hold.

Two naming schemes are recognised: the official ``unix_<table>_v<version>_utf8.csv`` and the
numbered ``<n>-<table>_v<version>_utf8.csv`` of some copies (``12-rubrique_mobilite_v344_utf8
.csv``). The version's first digit tells the edition: ``v3xx`` is ROME v3 (532 fiches; activities,
savoirs and work environments; typed moves), anything else is read as ROME 4.0 (``v4xx``:
savoir-faire, savoirs and work contexts). Each edition has the tables its importer reads,
required or optional (ROME 4.0's mobility table, absent from some copies).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from parcours.domain.errors import DocumentError
from parcours.ingest.csv_tables import Table, missing_columns, missing_report

# "unix_referentiel_code_rome_v460_utf8.csv", "12-rubrique_mobilite_v344_utf8.csv".
FILE_NAME = re.compile(r"^(?:unix_|\d+-)(?P<table>[a-z_]+?)_v(?P<version>\d+)_utf8\.csv$")

# Tables of both editions (same name, same columns read).
FICHES = Table("referentiel_code_rome", ("code_rome", "libelle_rome"))
DOMAINS = Table("cr_gd_dp", ("code_rome", "libelle_grand_domaine", "libelle_domaine_professionel"))
TITLES = Table("referentiel_appellation", ("code_rome", "libelle_appellation_long"))

# ROME 4.0.
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
MOVES = Table(
    "rubrique_mobilite",
    ("code_rome", "code_rome_cible", "numero_ordre"),
    optional=("libelle_type_mobilite",),
)

# ROME v3.
TEXTS_V3 = Table(
    "texte", ("code_rome", "libelle_type_texte", "position_libelle_txt", "libelle_texte")
)
COMPETENCIES_V3 = Table(
    "referentiel_competence", ("code_ogr", "libelle_competence", "libelle_type_competence")
)
ACTIVITIES_V3 = Table(
    "referentiel_activite", ("code_ogr", "libelle_activite", "libelle_type_activite")
)
ENVIRONMENTS_V3 = Table(
    "referentiel_env_travail",
    ("code_ogr", "libelle_env_travail", "libelle_type_section_env_trav"),
)
BLOCKS_V3 = Table("composition_bloc", ("code_compo_bloc", "libelle_bloc"))
BLOCK_LINKS_V3 = Table(
    "liens_rome_referentiels", ("code_rome", "code_ogr", "code_compo_bloc", "position_bloc")
)
LINKS_V3 = Table("coherence_item", ("code_rome", "code_ogr"))
MOVES_V3 = Table(
    "rubrique_mobilite",
    ("code_rome", "code_rome_cible", "libelle_type_mobilite"),
    optional=("code_appellation_source", "code_appellation_cible"),
)


@dataclass(frozen=True, slots=True)
class Edition:
    """A generation of the export: its title, publisher and tables (required, then optional,
    each in reading order: fiches first, items before the links that cite them)."""

    title: str
    organisation: str
    required: tuple[Table, ...]
    optional: tuple[Table, ...] = ()

    @property
    def tables(self) -> tuple[Table, ...]:
        """Every table read, in reading order (the optional ones last)."""
        return self.required + self.optional

    def referential_name(self, version: str) -> str:
        return f"{self.title} (v{version})"


ROME_4 = Edition(
    "ROME 4.0",
    "France Travail",
    (FICHES, DOMAINS, TITLES, TEXTS, COMPETENCIES, KNOWLEDGE, CONTEXTS, LINKS),
    (MOVES,),
)
ROME_3 = Edition(
    "ROME v3",
    "Pôle emploi",
    (
        FICHES,
        DOMAINS,
        TITLES,
        TEXTS_V3,
        COMPETENCIES_V3,
        ACTIVITIES_V3,
        ENVIRONMENTS_V3,
        BLOCKS_V3,
        BLOCK_LINKS_V3,
        LINKS_V3,
        MOVES_V3,
    ),
)
EDITIONS = {"3": ROME_3, "4": ROME_4}
# Names of every table some edition reads.
TABLE_NAMES = frozenset(t.name for e in EDITIONS.values() for t in e.tables)


def edition_of(version: str) -> Edition:
    """The edition of an export version: ``3xx`` is ROME v3, any other ROME 4.0 (the latest)."""
    return EDITIONS.get(version[:1], ROME_4)


def split_name(filename: str) -> tuple[str, str] | None:
    """(table, version) of an export file that some edition's importer reads, else None."""
    match = FILE_NAME.match(filename)
    if match is None or match["table"] not in TABLE_NAMES:
        return None
    return match["table"], match["version"]


def _found(names: Collection[str]) -> list[tuple[str, str, str]]:
    """(table, version, file name) of the export files among ``names``, sorted by name."""
    return [(*parts, name) for name in sorted(names) if (parts := split_name(name)) is not None]


def score(names: Collection[str]) -> float:
    """How surely these file names are a ROME export (0.9 when incomplete but with its
    fiches, so that the import names what is missing)."""
    found = _found(names)
    versions = {version for _, version, _ in found}
    if not found:
        return 0.0
    edition = edition_of(versions.pop()) if len(versions) == 1 else ROME_4
    tables = {table for table, _, _ in found}
    required = {table.name for table in edition.required}
    if required <= tables:
        return 1.0
    if FICHES.name in tables:
        return 0.9
    return 0.6 if len(tables & required) * 2 >= len(required) else 0.0


def members(names: Collection[str]) -> list[str]:
    """The files of ``names`` the importer reads, in reading order. Files of several
    versions are all listed: the parse then refuses the mixture, naming the versions."""
    found = _found(names)
    versions = sorted({version for _, version, _ in found})
    if len(versions) != 1:
        return [name for _, _, name in found]
    order = {table.name: i for i, table in enumerate(edition_of(versions[0]).tables)}
    return [name for _, name in sorted((order[t], name) for t, _, name in found if t in order)]


@dataclass(frozen=True, slots=True)
class Layout:
    """One export folder: its edition, version, and the file read for each table."""

    folder: str
    edition: Edition
    version: str
    files: Mapping[str, str]  # table name -> file name

    @property
    def referential_name(self) -> str:
        return self.edition.referential_name(self.version)

    def file(self, table: Table) -> str:
        return self.files[table.name]

    def has(self, table: Table) -> bool:
        return table.name in self.files


def layout(folder: str, files: Mapping[str, bytes]) -> Layout:
    """The layout of an export folder (``files``: its member files' bytes by name).

    Raises ONE DocumentError naming the folder and everything missing at once: every absent
    required file and every required column absent from a file that is there. Files of
    several versions, or two files for one table, are refused too.
    """
    found = _found(files)
    versions = sorted({version for _, version, _ in found})
    if not versions:
        raise DocumentError(folder, f"aucun fichier de l'export ROME dans {folder}")
    if len(versions) > 1:
        shown = ", ".join(f"v{v}" for v in versions)
        raise DocumentError(folder, f"fichiers de plusieurs versions du ROME mélangés : {shown}")
    version = versions[0]
    edition = edition_of(version)
    by_table: dict[str, list[str]] = {}
    for table_name, _, file_name in found:
        by_table.setdefault(table_name, []).append(file_name)
    doubles = [names for names in by_table.values() if len(names) > 1]
    if doubles:
        shown = " ; ".join(" et ".join(names) for names in doubles)
        raise DocumentError(folder, f"une même table en plusieurs fichiers dans {folder} : {shown}")
    chosen = {table: names[0] for table, names in by_table.items()}
    missing: dict[str, list[str] | None] = {}
    for table in edition.tables:
        present = chosen.get(table.name)
        if present is None:
            if table in edition.required:
                missing[_expected_name(table, version, chosen)] = None
            continue
        columns = missing_columns(files[present], table)
        if columns:
            missing[present] = columns
    if missing:
        raise missing_report(folder, f"export {edition.title}", missing)
    read = {table.name: chosen[table.name] for table in edition.tables if table.name in chosen}
    return Layout(folder, edition, version, read)


def _expected_name(table: Table, version: str, present: Mapping[str, str]) -> str:
    """The name a missing file would have, in the folder's naming scheme."""
    numbered = any(not name.startswith("unix_") for name in present.values())
    if numbered:  # numbered copies: the number is not known, the table name is
        return f"N-{table.name}_v{version}_utf8.csv"
    return f"unix_{table.name}_v{version}_utf8.csv"
