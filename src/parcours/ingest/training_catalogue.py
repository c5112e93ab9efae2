"""A training catalogue (CSV or Excel) read into trainings, row by row, with line-numbered errors.

Pure: bytes in, ``CatalogueTable`` out (no database). The file is read by the HRIS readers
(``ingest.hris.read_rows``: encodings, delimiters, Excel, line numbers as a spreadsheet shows
them); the competencies are checked against the referentials by ``services.training_catalogue``.

Columns (headers matched without case, accents or punctuation; English aliases):

- ``titre`` (required): the training's title;
- ``code``: its key in the catalogue (default: the title as a slug);
- ``duree``: "3 jours", "14 h", "1 semaine", "une demi-journée";
- ``modalite``: présentiel, distanciel, mixte (hybride, blended) or e-learning;
- ``organisme``: who gives it;
- ``competences`` (required): the competencies it develops, separated by ``|``, ``;`` or line
  breaks, each with the level reached after a colon or in brackets ("Techniques de vente : 3",
  "Écoute active (2)"), or without one;
- ``prerequis``: prerequisites, separated the same way (free text);
- ``cout``: cost in euros ("1 200", "850,50 €", "1200 € HT").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from parcours.domain.durations import parse_duration
from parcours.domain.training_catalogue import (
    CatalogueTraining,
    DevelopedCompetency,
    Modality,
)
from parcours.engine.normalise import slugify
from parcours.ingest.hris import HrisFileError, HrisRow, fold, read_rows

MAX_KEY = 64
MAX_TITLE = 300
MAX_TEXT = 2000

ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("code", "key", "cle", "reference", "ref", "code_formation", "identifiant", "id"),
    "titre": ("titre", "title", "intitule", "libelle", "formation", "nom", "name"),
    "duree": ("duree", "duration", "duree_formation", "length"),
    "modalite": ("modalite", "modality", "format", "mode"),
    "organisme": ("organisme", "provider", "prestataire", "fournisseur", "organisme_formation"),
    "competences": (
        "competences",
        "competence",
        "competencies",
        "competences_developpees",
        "skills",
    ),
    "prerequis": ("prerequis", "prerequisites", "pre_requis", "prealables"),
    "cout": ("cout", "cost", "prix", "tarif", "cout_ht", "prix_ht", "cout_eur"),
}
HEADER_OF: dict[str, str] = {alias: name for name, names in ALIASES.items() for alias in names}
REQUIRED = ("titre", "competences")

MODALITIES: dict[str, Modality] = {
    "presentiel": Modality.ON_SITE,
    "en_presentiel": Modality.ON_SITE,
    "on_site": Modality.ON_SITE,
    "classroom": Modality.ON_SITE,
    "distanciel": Modality.REMOTE,
    "a_distance": Modality.REMOTE,
    "classe_virtuelle": Modality.REMOTE,
    "remote": Modality.REMOTE,
    "mixte": Modality.BLENDED,
    "hybride": Modality.BLENDED,
    "blended": Modality.BLENDED,
    "e_learning": Modality.E_LEARNING,
    "elearning": Modality.E_LEARNING,
    "en_ligne": Modality.E_LEARNING,
    "online": Modality.E_LEARNING,
}

_SEPARATORS = re.compile(r"\s*(?:\||;|\n)\s*")
_LEVEL_AFTER_COLON = re.compile(r"^(?P<name>.+?)\s*[:=]\s*(?:niveau\s*)?(?P<level>\S+)$", re.I)
_LEVEL_IN_BRACKETS = re.compile(r"^(?P<name>.+?)\s*\(\s*(?:niveau\s*)?(?P<level>[^()]+)\)$", re.I)


@dataclass(frozen=True, slots=True)
class CatalogueRowError:
    line: int | None  # None: the file as a whole
    message: str
    column: str | None = None


@dataclass(slots=True)
class CatalogueTable:
    """A file's trainings, the lines they come from, and every row error."""

    format: str
    trainings: list[CatalogueTraining] = field(default_factory=list)
    errors: list[CatalogueRowError] = field(default_factory=list)
    rows: int = 0
    ignored: list[str] = field(default_factory=list)  # headers that are no known column


class CatalogueFileError(HrisFileError):
    """The file as a whole cannot be read (format, encoding, headers)."""


def parse_modality(text: str) -> Modality:
    found = MODALITIES.get(fold(text))
    if found is None:
        raise ValueError(
            f"modalité inconnue : « {text} » "
            "(attendu : présentiel, distanciel, mixte ou e-learning)"
        )
    return found


def parse_level(text: str) -> int:
    value = text.strip().replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number.is_integer() or not 1 <= number <= 4:
        raise ValueError(f"niveau invalide : « {text} » (attendu : 1, 2, 3 ou 4)")
    return int(number)


def parse_competencies(text: str) -> tuple[DevelopedCompetency, ...]:
    """``"Techniques de vente : 3 | Écoute active (2) | Crédit"`` -> the competencies and their
    levels (None when not given); ``ValueError`` on a level outside 1-4."""
    found: list[DevelopedCompetency] = []
    seen: set[str] = set()
    for item in _SEPARATORS.split(text.strip()):
        if not item:
            continue
        match = _LEVEL_IN_BRACKETS.match(item) or _LEVEL_AFTER_COLON.match(item)
        name, level = item, None
        if match is not None:
            name = match["name"].strip()
            level = parse_level(match["level"])
        if fold(name) in seen:
            continue
        seen.add(fold(name))
        found.append(DevelopedCompetency(name[:MAX_TITLE], level))
    return tuple(found)


def split_list(text: str) -> tuple[str, ...]:
    return tuple(item[:MAX_TEXT] for item in _SEPARATORS.split(text.strip()) if item)


def parse_cost(text: str) -> float:
    """``"1 200"``, ``"850,50 €"``, ``"1200 € HT"`` -> euros; ``ValueError`` otherwise."""
    value = re.sub(r"(?i)\s*(€|eur(os?)?)?\s*(ht|ttc)?\s*$", "", text.strip())
    value = value.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d+([.,]\d{1,2})?", value) is None:
        raise ValueError(f"coût invalide : « {text} » (attendu : un montant en euros, ex. 1 200)")
    return float(value.replace(",", "."))


def parse_duration_cell(text: str) -> tuple[str, float]:
    hours = parse_duration(text)
    if hours is None or hours <= 0:
        raise ValueError(
            f"durée illisible : « {text} » (attendu : « 3 jours », « 14 h », « 1 semaine »…)"
        )
    return text.strip(), hours


def read_catalogue(data: bytes, filename: str = "", encoding: str | None = None) -> CatalogueTable:
    """Every row read and checked on its own; raises ``CatalogueFileError`` when the file as a
    whole cannot be read (no header, a required column missing, a column given twice)."""
    try:
        fmt, header, rows = read_rows(data, filename, encoding)
    except HrisFileError as exc:
        raise CatalogueFileError(str(exc)) from exc
    columns: dict[str, int] = {}
    ignored: list[str] = []
    twice: list[str] = []
    for index, name in enumerate(header):
        canonical = HEADER_OF.get(fold(name))
        if canonical is None:
            if name:
                ignored.append(name)
        elif canonical in columns:
            twice.append(name)
        else:
            columns[canonical] = index
    problems = [f"colonnes en double : {', '.join(twice)}"] if twice else []
    problems += [f"colonne manquante : {name}" for name in REQUIRED if name not in columns]
    if problems:
        raise CatalogueFileError(" ; ".join(problems) + f" (en-têtes lus : {', '.join(header)})")
    table = CatalogueTable(fmt, ignored=ignored)
    by_key: dict[str, int] = {}
    for row in _rows(rows):
        table.rows += 1
        training, errors = _training(row, columns, filename)
        if training is not None:
            first = by_key.setdefault(training.key, row.line)
            if first != row.line:
                errors.append(
                    CatalogueRowError(
                        row.line,
                        f"formation en double dans le fichier : « {training.key} » "
                        f"(déjà ligne {first})",
                        "code" if "code" in columns else "titre",
                    )
                )
        table.errors += errors
        if training is not None and not errors:
            table.trainings.append(training)
    return table


def _rows(rows: Iterator[HrisRow]) -> Iterator[HrisRow]:
    try:
        yield from rows
    except HrisFileError as exc:  # a damaged file past some line
        raise CatalogueFileError(str(exc)) from exc


def _training(
    row: HrisRow, columns: dict[str, int], filename: str
) -> tuple[CatalogueTraining | None, list[CatalogueRowError]]:
    errors: list[CatalogueRowError] = []

    def cell(name: str) -> str:
        index = columns.get(name)
        return row.cells[index] if index is not None else ""

    def fail(column: str | None, message: str) -> None:
        errors.append(CatalogueRowError(row.line, message, column))

    if row.problem is not None:
        fail(None, row.problem)
        return None, errors
    if any("\x00" in c for c in row.cells):
        fail(None, "caractère nul (octet 0x00) : fichier endommagé ?")
        return None, errors
    title = cell("titre")
    if not title:
        fail("titre", "titre manquant")
    elif len(title) > MAX_TITLE:
        fail("titre", f"titre trop long (plus de {MAX_TITLE} caractères)")
    key = slugify(cell("code") or title)[:MAX_KEY]
    if title and not key:
        fail("code", f"code invalide : « {cell('code') or title} »")
    duration: str | None = None
    hours: float | None = None
    if cell("duree"):
        try:
            duration, hours = parse_duration_cell(cell("duree"))
        except ValueError as exc:
            fail("duree", str(exc))
    modality: Modality | None = None
    if cell("modalite"):
        try:
            modality = parse_modality(cell("modalite"))
        except ValueError as exc:
            fail("modalite", str(exc))
    competencies: tuple[DevelopedCompetency, ...] = ()
    try:
        competencies = parse_competencies(cell("competences"))
    except ValueError as exc:
        fail("competences", str(exc))
    else:
        if not competencies:
            fail("competences", "aucune compétence développée")
    cost: float | None = None
    if cell("cout"):
        try:
            cost = parse_cost(cell("cout"))
        except ValueError as exc:
            fail("cout", str(exc))
    if errors:
        return None, errors
    training = CatalogueTraining(
        key=key,
        title=title,
        duration=duration,
        hours=hours,
        modality=modality,
        provider=cell("organisme")[:MAX_TITLE] or None,
        competencies=competencies,
        prerequisites=split_list(cell("prerequis")),
        cost=cost,
        source=filename or None,
        line=row.line,
    )
    return training, errors
