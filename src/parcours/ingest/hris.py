"""HRIS exports (CSV or Excel) read into numbered rows of text cells: no database, no checks
against the referentials (services/hris.py does those).

Two kinds of file, told apart by their headers (or named by the caller):

- ``people``: one row per person — matricule (or pseudonyme), nom, referentiel, emploi, equipe,
  equipe_nom, manager (or pseudonyme_manager), date_sortie;
- ``assessments``: one row per rating — matricule (or pseudonyme), competence, niveau or mesure,
  source, date, evaluateur, preuve.

Headers are matched without case, accents or punctuation ("Date de sortie", "DATE_SORTIE" and
"date-sortie" are one column) and have English aliases (docs/hris.md lists them). CSV files are
UTF-8 (with or without BOM), UTF-16 with BOM, or CP1252; the delimiter (``;``, ``,`` or tab) is
the one the header row uses. Excel files (.xlsx) are read in read-only mode, first sheet.
Line numbers are those a spreadsheet shows: the header is line 1 (after any blank lines).

The cell readers at the end (dates, levels, shares, frequencies, sources) are pure too; they
raise ``ValueError`` with the French reason.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import struct
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

from parcours.domain.errors import ParcoursError
from parcours.domain.people import Source
from parcours.ingest import archive
from parcours.ingest.limits import MIB, Limits


class HrisFileError(ParcoursError):
    """The file as a whole cannot be read (format, encoding, headers)."""


class HrisLineError(HrisFileError):
    """The file cannot be read past one line (a CSV cell over the csv module's field limit,
    a sheet damaged there): reported as that line's error."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"ligne {line} : {reason}")
        self.line = line
        self.reason = reason


class HrisKind(StrEnum):
    PEOPLE = "people"
    ASSESSMENTS = "assessments"


KIND_NAMES: dict[str, HrisKind] = {
    "people": HrisKind.PEOPLE,
    "personnes": HrisKind.PEOPLE,
    "assessments": HrisKind.ASSESSMENTS,
    "evaluations": HrisKind.ASSESSMENTS,
}


def fold(text: str) -> str:
    """Lower case, no accents, every run of other characters one ``_``: header matching."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def parse_kind(value: str | None) -> HrisKind | None:
    """``people``/``personnes`` or ``assessments``/``évaluations``; None when not given."""
    if value is None or not value.strip():
        return None
    kind = KIND_NAMES.get(fold(value))
    if kind is None:
        raise HrisFileError(
            f"type de fichier inconnu : « {value} » (attendu : people ou assessments)"
        )
    return kind


# Canonical column -> its accepted headers (compared folded). pseudonyme, pseudonyme_manager and
# pseudonyme_evaluateur declare columns that already hold pseudonyms (used as they are, not
# derived again).
ALIASES: dict[str, tuple[str, ...]] = {
    "matricule": (
        "matricule",
        "id",
        "identifiant",
        "id_rh",
        "matricule_rh",
        "hr_id",
        "employee_id",
        "employee_number",
    ),
    "pseudonyme": ("pseudonyme", "pseudonym", "pseudo"),
    "nom": ("nom", "name", "nom_prenom", "nom_affiche", "display_name", "full_name"),
    "referentiel": ("referentiel", "referential", "referentiel_emplois"),
    "emploi": ("emploi", "job", "poste", "fonction", "code_emploi", "job_code", "job_title"),
    "equipe": ("equipe", "team", "code_equipe", "team_code", "equipe_code"),
    "equipe_nom": ("equipe_nom", "nom_equipe", "libelle_equipe", "team_name"),
    "manager": (
        "manager",
        "matricule_manager",
        "manager_matricule",
        "manager_id",
        "responsable",
        "n_1",
    ),
    "pseudonyme_manager": ("pseudonyme_manager", "manager_pseudonyme", "manager_pseudonym"),
    "date_sortie": (
        "date_sortie",
        "date_de_sortie",
        "sortie",
        "leaving_date",
        "left_on",
        "end_date",
    ),
    "competence": ("competence", "competency", "skill", "code_competence"),
    "niveau": ("niveau", "level"),
    "mesure": ("mesure", "measure", "score", "resultat"),
    "source": ("source", "origine", "origin"),
    "date": ("date", "date_evaluation", "assessed_on", "assessment_date"),
    "evaluateur": ("evaluateur", "evaluatrice", "assessor", "evaluator", "rater"),
    "pseudonyme_evaluateur": (
        "pseudonyme_evaluateur",
        "evaluateur_pseudonyme",
        "assessor_pseudonym",
    ),
    "preuve": ("preuve", "preuves", "evidence", "justificatif", "commentaire", "comment"),
}
HEADER_OF: dict[str, str] = {alias: name for name, names in ALIASES.items() for alias in names}

PEOPLE_COLUMNS = frozenset(
    {
        "matricule",
        "pseudonyme",
        "nom",
        "referentiel",
        "emploi",
        "equipe",
        "equipe_nom",
        "manager",
        "pseudonyme_manager",
        "date_sortie",
    }
)
ASSESSMENT_COLUMNS = frozenset(
    {"matricule", "pseudonyme", "competence", "niveau", "mesure", "source", "date"}
    | {"evaluateur", "pseudonyme_evaluateur", "preuve"}
)
COLUMNS_OF: dict[HrisKind, frozenset[str]] = {
    HrisKind.PEOPLE: PEOPLE_COLUMNS,
    HrisKind.ASSESSMENTS: ASSESSMENT_COLUMNS,
}
# Each tuple: one of these columns is needed.
REQUIRED: dict[HrisKind, tuple[tuple[str, ...], ...]] = {
    HrisKind.PEOPLE: (("matricule", "pseudonyme"), ("referentiel",), ("emploi",), ("equipe",)),
    HrisKind.ASSESSMENTS: (
        ("matricule", "pseudonyme"),
        ("competence",),
        ("niveau", "mesure"),
        ("date",),
    ),
}
EXCLUSIVE: tuple[tuple[str, str], ...] = (
    ("matricule", "pseudonyme"),
    ("manager", "pseudonyme_manager"),
    ("evaluateur", "pseudonyme_evaluateur"),
)


@dataclass(frozen=True, slots=True)
class HrisRow:
    """One data row: its line in the file and its cells, in header order (padded with "")."""

    line: int
    cells: tuple[str, ...]
    problem: str | None = None  # a row that cannot be trusted as a whole (shifted cells)


@dataclass(slots=True)
class HrisTable:
    """A file's header, resolved to canonical columns, and its rows (read once, lazily)."""

    kind: HrisKind
    header: list[str]
    columns: dict[str, int]  # canonical name -> cell index
    rows: Iterator[HrisRow]
    ignored: list[str] = field(default_factory=list)  # headers that are no known column
    format: str = "csv"

    def has(self, column: str) -> bool:
        return column in self.columns

    def cell(self, row: HrisRow, column: str) -> str:
        index = self.columns.get(column)
        return row.cells[index] if index is not None else ""


# --- reading cells ------------------------------------------------------------------------

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# CP1252 characters that French text practically never holds: a file full of them is in
# another encoding (Shift-JIS, Big5, KOI8…) read as CP1252.
_UNLIKELY = frozenset("ƒ„†‡ˆ‰Š‹Ž˜™š›žŸ¤¦¨¯´¸¬±÷×¹¾")
ENCODING_HINT = "donnez l'encodage du fichier (--encoding, ou le champ encoding de l'API)"


def _position(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"ligne {line}, octet {column} (0x{data[offset]:02X})"


def _implausible(text: str) -> tuple[int, str] | None:
    """The first line and word that CP1252 French text would not hold, if any."""
    for number, line in enumerate(text.splitlines(), start=1):
        for word in re.split(r"[\s;,\t\"\u00a0’‘“”«»–—…•]+", line):
            high = sum(1 for c in word if ord(c) > 127)
            if high == 0:
                continue
            letters = sum(1 for c in word if c.isascii() and c.isalpha())
            if (high >= 3 and high > letters) or any(c in _UNLIKELY for c in word):
                return number, word
    return None


def decode(data: bytes, encoding: str | None = None) -> str:
    """The text of a CSV file: in ``encoding`` when given; else UTF-8 (BOM or not), UTF-16 with
    its BOM, or CP1252 when the file is French text in CP1252. A UTF-8 file with an invalid
    byte, and a file in another encoding, are refused (``HrisFileError`` naming the line and
    the byte) rather than read garbled."""
    if encoding:
        try:
            codec = codecs.lookup(encoding.strip()).name
        except LookupError as exc:
            raise HrisFileError(f"encodage inconnu : « {encoding} »") from exc
        if codec == "utf-8" and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            return data.decode(codec)
        except UnicodeDecodeError as exc:
            raise HrisFileError(
                f"le fichier n'est pas en {codec} : {_position(data, exc.start)} invalide"
            ) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8", errors="strict")
        except UnicodeDecodeError as exc:
            raise HrisFileError(
                f"fichier UTF-8 abîmé : {_position(data, exc.start + 3)} invalide en UTF-8 ; "
                f"réenregistrez-le en UTF-8, ou {ENCODING_HINT}"
            ) from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise HrisFileError(f"fichier UTF-16 abîmé : {_position(data, exc.start)}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        valid = len(_UTF8_SEQUENCE.findall(data))
        invalid = data.decode("utf-8", errors="replace").count("\ufffd")
        if valid > invalid:  # mostly UTF-8: a few bad bytes, not another encoding
            raise HrisFileError(
                f"fichier UTF-8 abîmé : {_position(data, exc.start)} invalide en UTF-8, alors "
                f"que le reste du fichier est en UTF-8 ; corrigez ce caractère, ou "
                f"{ENCODING_HINT}"
            ) from exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise HrisFileError(
            f"encodage non reconnu : {_position(data, exc.start)} n'existe ni en UTF-8 ni en "
            f"CP1252 ; {ENCODING_HINT}"
        ) from exc
    odd = _implausible(text)
    if odd is not None:
        raise HrisFileError(
            f"encodage non reconnu : ligne {odd[0]}, « {odd[1][:40]} » n'est pas du texte "
            f"français en UTF-8 ni en CP1252 ; {ENCODING_HINT} (par exemple shift_jis)"
        )
    return text


def first_record(text: str) -> str:
    """The header record: the text up to the first line break outside double quotes,
    skipping leading blank lines."""
    quoted = False
    start = 0
    length = len(text)
    while start < length and text[start] in "\r\n":
        start += 1
    for index in range(start, length):
        ch = text[index]
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            return text[start:index]
    return text[start:]


def detect_delimiter(text: str) -> str:
    """The delimiter the header record uses most, outside quotes: ``;`` on a tie (French Excel),
    ``,`` when the header has none of them."""
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for ch in first_record(text):
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts.values())
    if best == 0:
        return ","
    return next(d for d in (";", ",", "\t") if counts[d] == best)


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    last = 0
    try:
        for cells in reader:
            line = last + 1
            last = reader.line_num
            yield line, cells
    except csv.Error as exc:
        if "field limit" in str(exc):
            limit = csv.field_size_limit() // 1024
            reason = (
                f"cellule de plus de {limit} Kio : valeur trop longue, ou guillemet jamais "
                "refermé (la suite du fichier est lue comme une seule cellule)"
            )
        else:
            reason = f"ligne CSV illisible ({exc})"
        raise HrisLineError(last + 1, reason) from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# An HRIS workbook may be far larger than a job document (250,000 people): openpyxl streams
# its sheet, so only what it reads whole (shared strings) and bombs need bounds.
HRIS_LIMITS = Limits(
    max_unpacked_bytes=1024 * MIB, max_xml_elements=5_000_000, max_lines=10_000_000
)


def check_xlsx(data: bytes) -> None:
    """Refuse a workbook a reader should not open before openpyxl does: a decompression bomb
    (ratio, forged sizes, more than a gibibyte inflated), 10,000 entries, a DTD (``<!DOCTYPE``:
    entity expansion, external entities) — see ingest/archive.py."""
    try:
        archive.check(data, HRIS_LIMITS, streamed=lambda name: name.startswith("xl/worksheets/"))
    except archive.ArchiveRefused as exc:
        if exc.kind == archive.UNREADABLE:
            raise HrisFileError(f"classeur Excel illisible : {exc.reason}") from None
        raise HrisFileError(f"classeur Excel refusé : {exc.reason}") from None
    except struct.error:
        raise HrisFileError("classeur Excel illisible ou tronqué") from None


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    check_xlsx(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise HrisFileError(f"classeur Excel illisible : {exc}") from exc
    number = 0
    try:
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in values]
    except Exception as exc:  # the sheet's XML damaged past a row
        raise HrisLineError(
            number + 1, f"classeur Excel illisible à partir de cette ligne ({exc})"
        ) from exc
    finally:
        book.close()


def read_cells(
    data: bytes, filename: str = "", encoding: str | None = None
) -> tuple[str, Iterator[tuple[int, list[str]]]]:
    """The file's format (csv or xlsx) and its rows of raw text cells, with their lines
    (``encoding``: of a CSV file, when its reader knows it)."""
    if data.startswith(_XLSX_MAGIC):
        return "xlsx", _xlsx_rows(data)
    if data.startswith(_OLE_MAGIC) or filename.lower().endswith(".xls"):
        raise HrisFileError(
            "ancien format Excel (.xls) non pris en charge : enregistrez le fichier en .xlsx "
            "ou en CSV"
        )
    if not data.strip():
        raise HrisFileError("fichier vide")
    return "csv", _csv_rows(decode(data, encoding))


def _clean(cell: str) -> str:
    return (cell.replace("\u00a0", " ") if "\u00a0" in cell else cell).strip()


def read_rows(
    data: bytes, filename: str = "", encoding: str | None = None
) -> tuple[str, list[str], Iterator[HrisRow]]:
    """Format, header (the first non-blank row) and the data rows, blank rows skipped."""
    fmt, raw = read_cells(data, filename, encoding)
    header: list[str] | None = None
    for _line, cells in raw:
        cleaned = [_clean(c) for c in cells]
        if any(cleaned):
            header = cleaned
            break
    if header is None:
        raise HrisFileError("aucune ligne d'en-tête : le fichier est vide")
    while header and not header[-1]:
        header.pop()
    width = len(header)

    def rows() -> Iterator[HrisRow]:
        try:
            yield from _rows()
        except HrisLineError as exc:  # the rest of the file cannot be read: that line's error
            yield HrisRow(exc.line, ("",) * width, exc.reason)

    def _rows() -> Iterator[HrisRow]:
        for line, cells in raw:
            cleaned = [_clean(c) for c in cells]
            if not any(cleaned):
                continue
            problem = None
            if len(cleaned) > width:
                extra = [c for c in cleaned[width:] if c]
                if extra:
                    problem = (
                        f"{len(cleaned)} cellules pour {width} colonnes : un séparateur dans une "
                        "valeur non entourée de guillemets ?"
                    )
                cleaned = cleaned[:width]
            elif len(cleaned) < width:
                cleaned += [""] * (width - len(cleaned))
            yield HrisRow(line, tuple(cleaned), problem)

    return fmt, header, rows()


def resolve_header(header: Sequence[str]) -> tuple[dict[str, int], list[str], list[str]]:
    """Canonical column -> index, the unknown headers, the columns given twice."""
    columns: dict[str, int] = {}
    unknown: list[str] = []
    twice: list[str] = []
    for index, name in enumerate(header):
        canonical = HEADER_OF.get(fold(name))
        if canonical is None:
            if name:
                unknown.append(name)
        elif canonical in columns:
            twice.append(name)
        else:
            columns[canonical] = index
    return columns, unknown, twice


def detect_kind(columns: Iterable[str]) -> HrisKind | None:
    names = set(columns)
    if names & {"competence", "niveau", "mesure"}:
        return HrisKind.ASSESSMENTS
    if names & {"emploi", "referentiel", "equipe", "manager", "pseudonyme_manager"}:
        return HrisKind.PEOPLE
    return None


def open_table(
    data: bytes,
    filename: str = "",
    kind: HrisKind | None = None,
    encoding: str | None = None,
) -> HrisTable:
    """The file's table, its kind detected from the headers unless given; raises
    ``HrisFileError`` listing every header problem (missing, doubled, conflicting columns)."""
    fmt, header, rows = read_rows(data, filename, encoding)
    columns, unknown, twice = resolve_header(header)
    found = detect_kind(columns) if kind is None else kind
    if found is None:
        raise HrisFileError(
            "type de fichier non reconnu : ni personnes (colonnes matricule, referentiel, "
            "emploi, equipe) ni évaluations (colonnes matricule, competence, niveau ou mesure, "
            f"date) ; en-têtes lus : {', '.join(header)}"
        )
    problems: list[str] = []
    if twice:
        problems.append(f"colonnes en double : {', '.join(twice)}")
    for needed in REQUIRED[found]:
        if not any(c in columns for c in needed):
            problems.append(f"colonne manquante : {' ou '.join(needed)}")
    for one, other in EXCLUSIVE:
        if one in columns and other in columns:
            problems.append(f"colonnes {one} et {other} : donnez l'une ou l'autre")
    foreign = sorted(set(columns) - COLUMNS_OF[found])
    if foreign:
        kind_label = "de personnes" if found is HrisKind.PEOPLE else "d'évaluations"
        problems.append(f"colonnes sans objet dans un fichier {kind_label} : {', '.join(foreign)}")
    if problems:
        raise HrisFileError(" ; ".join(problems))
    return HrisTable(found, header, columns, rows, unknown, fmt)


# --- cell readers -------------------------------------------------------------------------

_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")


def parse_date(text: str) -> date:
    """ISO (2026-01-15, with or without a time) or French (15/01/2026, 15-01-2026, 15.01.2026)."""
    value = text.strip()
    if len(value) == 10 or (len(value) > 10 and value[10] in "T "):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date invalide : « {text} » (attendu : AAAA-MM-JJ ou JJ/MM/AAAA)")


def _number(text: str) -> float:
    value = text.strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"nombre invalide : « {text} »") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"nombre invalide : « {text} »")
    return number


def parse_level(text: str) -> int:
    """A level on the proficiency scale: 1 to 4 ("3", "3.0" and "3,0" are 3)."""
    try:
        number = _number(text)
    except ValueError:
        raise ValueError(f"niveau invalide : « {text} » (attendu : 1, 2, 3 ou 4)") from None
    if not number.is_integer() or not 1 <= number <= 4:
        raise ValueError(f"niveau invalide : « {text} » (attendu : 1, 2, 3 ou 4)")
    return int(number)


def parse_share(text: str) -> float:
    """A questionnaire score: a share 0 to 1 ("0.75", "0,75") or a percentage ("75 %")."""
    value = text.strip()
    percent = value.endswith("%")
    number = _number(value.rstrip("%"))
    if percent:
        number /= 100
    if not 0 <= number <= 1:
        raise ValueError(
            f"score de questionnaire hors échelle : « {text} » (attendu : 0 à 1, ou 0 à 100 %)"
        )
    return number


def parse_anchor(text: str) -> int:
    """A performance anchor: 1 to 4."""
    try:
        return parse_level(text)
    except ValueError:
        raise ValueError(
            f"repère de performance invalide : « {text} » (attendu : 1, 2, 3 ou 4)"
        ) from None


def parse_frequencies(text: str) -> list[int]:
    """One frequency (0 jamais ... 4 toujours) per indicator: "3;4;2", "3 4 2", "3|4|2"."""
    parts = [p for p in re.split(r"[;,|/\s]+", text.strip()) if p]
    if not parts:
        raise ValueError("aucune fréquence donnée")
    out: list[int] = []
    for part in parts:
        if not part.isdigit() or int(part) > 4:
            raise ValueError(
                f"fréquence invalide : « {part} » dans « {text} » (attendu : 0 à 4 par "
                "indicateur, séparés par des points-virgules)"
            )
        out.append(int(part))
    return out


SOURCE_NAMES: dict[str, Source] = {
    **{s.value: s for s in Source},
    "auto": Source.SELF,
    "auto_evaluation": Source.SELF,
    "autoevaluation": Source.SELF,
    "self_assessment": Source.SELF,
    "collaborateur": Source.SELF,
    "salarie": Source.SELF,
    "employe": Source.SELF,
    "soi": Source.SELF,
    "responsable": Source.MANAGER,
    "hierarchique": Source.MANAGER,
    "n_1": Source.MANAGER,
    "entretien_annuel": Source.MANAGER,
    "jury_de_certification": Source.JURY,
    "certification": Source.JURY,
    "sirh": Source.IMPORT,
    "import_sirh": Source.IMPORT,
    "rh": Source.IMPORT,
    "hris": Source.IMPORT,
}


def parse_source(text: str) -> Source:
    """self, manager, jury or import, or a French synonym; empty means import."""
    if not text.strip():
        return Source.IMPORT
    source = SOURCE_NAMES.get(fold(text))
    if source is None:
        raise ValueError(
            f"source inconnue : « {text} » (attendu : auto-évaluation, manager, jury ou import)"
        )
    return source
