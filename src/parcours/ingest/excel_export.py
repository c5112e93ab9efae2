"""parcours' Excel export: its table layout, a reader for workbooks, and its importer.

The workbook holds one sheet per table of the parcours/1 document (docs/format.md), flattened
so that HR people can filter and sort it: jobs, their activities and requirements on sheets
of their own, certifications split into blocks, competencies, activities and rules, matrices
into their rows. Every row keeps its facts' provenance as JSON in a ``provenance`` column, so
that the workbook imports back into the same referentials (``ExcelExportImporter``).

Cells: lists of strings are written one item per line (as a JSON list when an item holds a
line break or the first item starts with "["), nested values as JSON; empty cells are null.
A note longer than an Excel cell allows is written over several rows with the same ``note``.

``read_xlsx`` turns any workbook into text, one line per row: a line ``== <sheet>`` opens
each sheet, cells are separated by tabs, and tabs, line breaks and backslashes inside a cell
are escaped (``\\t``, ``\\n``, ``\\r``, ``\\\\``).
"""

from __future__ import annotations

import io
import json
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from parcours.domain.codec import FORMAT, FormatError, from_document
from parcours.domain.draft import ImportDraft
from parcours.domain.errors import DocumentError
from parcours.domain.provenance import DocumentFamily, SourceDocument
from parcours.ingest import archive
from parcours.ingest.limits import (
    DEFAULT_LIMITS,
    LimitExceeded,
    Limits,
    too_many_lines,
    too_much_text,
)
from parcours.ingest.parcours_json import _attribute_orphans
from parcours.ingest.text import ExtractedText, Line

WORKBOOK_FORMAT = f"{FORMAT}+xlsx"
SHEET_MARK = "== "
# Excel refuses cells longer than 32,767 characters; notes are cut below that.
CELL_LIMIT = 30_000

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a sheet: its key and how its cells are written (str, list, json, int ...)."""

    key: str
    kind: str = "str"  # str | text (never null) | list | json | int | float | bool


def _cols(spec: str) -> tuple[Column, ...]:
    """``"id:text title:text tags:list"`` -> columns; a bare key is an optional string."""
    out: list[Column] = []
    for item in spec.split():
        key, _, kind = item.partition(":")
        out.append(Column(key, kind or "str"))
    return tuple(out)


PROV = " provenance:json"
REF = "referential:text "

# Sheet name -> columns, in the order the sheets are written.
SHEETS: dict[str, tuple[Column, ...]] = {
    "parcours": _cols("key:text value:text"),
    "referentials": _cols("id:text name:text organisation description version:int"),
    "sources": _cols(
        "sha256:text slot:text filename:text format:text family:text size:int referentials:list"
    ),
    "jobs": _cols(
        REF + "id:text code title:text grade classification level family filiere metier "
        "alt_titles:list purpose:list access_conditions:list reporting_line workplace "
        "headcount employer environment url has_sheet:bool" + PROV
    ),
    "activities": _cols(REF + "job:text label:text domain code" + PROV),
    "requirements": _cols(
        REF + "job:text competency:text importance:text level:int details:list" + PROV
    ),
    "competencies": _cols(
        REF + "id:text label:text kind:text category domain definition indicators:list "
        "details:list codes:list" + PROV
    ),
    "mobilities": _cols(REF + "from:text to:text kind:text origin:text" + PROV),
    "certifications": _cols(REF + "id:text title:text level" + PROV),
    "certification_blocks": _cols(REF + "certification:text code:text title:text" + PROV),
    "certification_competencies": _cols(
        REF + "certification:text block:text code:text label:text block_code "
        "activity_codes:list modalities:list criteria:list" + PROV
    ),
    "certification_activities": _cols(
        REF + "certification:text code:text title:text tasks:list" + PROV
    ),
    "certification_rules": _cols(
        REF + "certification:text kind:text text:text threshold:float competency_codes:list" + PROV
    ),
    "trainings": _cols(
        REF + "id:text title:text duration validation competencies:list transitions:json" + PROV
    ),
    "matrices": _cols(REF + "id:text title:text item_kind:text columns:list headers:list" + PROV),
    "matrix_rows": _cols(REF + "matrix:text label:text group cells:json" + PROV),
    "notes": _cols(REF + "note:int title:text text:text" + PROV),
}


# -- document -> rows -----------------------------------------------------------------------


def _split(text: str) -> list[str]:
    return [text[i : i + CELL_LIMIT] for i in range(0, len(text), CELL_LIMIT)] or [""]


def document_rows(document: Mapping[str, Any]) -> dict[str, list[Json]]:
    """The rows of every sheet for a parcours/1 document (each row a dict keyed by column)."""
    rows: dict[str, list[Json]] = {name: [] for name in SHEETS}
    rows["parcours"].append({"key": "format", "value": WORKBOOK_FORMAT})
    rows["referentials"].extend(document["referentials"])
    rows["sources"].extend(document["sources"])
    for job in document["jobs"]:
        rows["jobs"].append(job)
        for activity in job["activities"]:
            rows["activities"].append({"referential": job["referential"], "job": job["id"]})
            rows["activities"][-1].update(activity)
        for requirement in job["requirements"]:
            rows["requirements"].append({"referential": job["referential"], "job": job["id"]})
            rows["requirements"][-1].update(requirement)
    rows["competencies"].extend(document["competencies"])
    rows["mobilities"].extend(document["mobilities"])
    for cert in document["certifications"]:
        owner = {"referential": cert["referential"], "certification": cert["id"]}
        rows["certifications"].append(cert)
        for block in cert["blocks"]:
            rows["certification_blocks"].append({**owner, **block})
            for comp in block["competencies"]:
                rows["certification_competencies"].append({**owner, "block": block["code"], **comp})
        rows["certification_activities"].extend({**owner, **a} for a in cert["activities"])
        rows["certification_rules"].extend({**owner, **r} for r in cert["rules"])
    for training in document["trainings"]:
        transitions = [[t["from"], t["to"]] for t in training["transitions"]]
        rows["trainings"].append({**training, "transitions": transitions})
    for matrix in document["matrices"]:
        rows["matrices"].append(matrix)
        owner = {"referential": matrix["referential"], "matrix": matrix["id"]}
        rows["matrix_rows"].extend({**owner, **r} for r in matrix["rows"])
    for number, note in enumerate(document["notes"], start=1):
        for chunk in _split(note["text"]):
            rows["notes"].append({**note, "note": number, "text": chunk})
    return rows


def cell_value(column: Column, value: Any) -> str | int | float | bool | None:
    """A value as written in a cell (see the module's docstring)."""
    if value is None:
        return None
    if column.kind == "list":
        items = [str(v) for v in value]
        if not items:
            return None
        if any("\n" in v or "\r" in v for v in items) or items[0].startswith("["):
            return json.dumps(items, ensure_ascii=False)
        return "\n".join(items)
    if column.kind == "json":
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if column.kind in ("int", "float", "bool"):
        return value  # type: ignore[no-any-return]
    return str(value)


def table(document: Mapping[str, Any], sheet: str) -> tuple[list[str], list[list[Any]]]:
    """One sheet as a header and cell values: the CSV export uses the same tables."""
    columns = SHEETS[sheet]
    rows = document_rows(document)[sheet]
    return [c.key for c in columns], [[cell_value(c, r.get(c.key)) for c in columns] for r in rows]


# -- workbook -> text -----------------------------------------------------------------------


def is_xlsx(data: bytes) -> bool:
    """A ZIP holding a spreadsheet workbook (not a Word document); the entries are listed by
    hand, within the limits (ingest/archive.py), never by zipfile first."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    names = archive.names(data)
    return names is not None and "xl/workbook.xml" in names


def is_worksheet(name: str) -> bool:
    """openpyxl reads worksheets as a stream (read-only mode); the other parts whole."""
    return name.startswith("xl/worksheets/")


def check_workbook(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a workbook whose package passes the limits (ingest/archive.py)."""
    try:
        archive.check(data, limits, streamed=is_worksheet)
    except archive.ArchiveRefused as exc:
        if exc.kind == archive.UNREADABLE:
            raise DocumentError(filename, f"classeur Excel illisible ou tronqué ({exc})") from None
        raise LimitExceeded(filename, exc.reason, exc.kind) from None
    except struct.error:
        raise DocumentError(filename, "classeur Excel illisible ou tronqué") from None


def _escape(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _unescape(text: str) -> str:
    out: list[str] = []
    chars = iter(text)
    for ch in chars:
        if ch != "\\":
            out.append(ch)
            continue
        nxt = next(chars, "")
        out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(nxt, "\\" + nxt))
    return "".join(out)


def read_xlsx(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> ExtractedText:
    """Every sheet of a workbook as text: ``== <sheet>`` then one tab-separated line per row;
    refused past the limits (the package's, then ``max_lines`` and ``max_text_chars``)."""
    from openpyxl import load_workbook  # imported here: only workbooks need it

    check_workbook(data, filename, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors
        raise DocumentError(filename, f"classeur Excel illisible ({type(exc).__name__})") from exc
    lines: list[str] = []
    chars = 0
    try:
        for sheet in workbook.worksheets:
            lines.append(SHEET_MARK + sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells = [_escape(v) for v in row]
                while cells and cells[-1] == "":
                    cells.pop()
                line = "\t".join(cells)
                chars += len(line) + 1
                if chars > limits.max_text_chars:
                    raise too_much_text(filename, limits)
                if len(lines) >= limits.max_lines:
                    raise too_many_lines(filename, limits)
                lines.append(line)
    except DocumentError:
        raise
    except Exception as exc:  # a sheet damaged past its first rows
        raise DocumentError(
            filename, f"classeur Excel illisible ({type(exc).__name__} : {exc})"
        ) from exc
    finally:
        workbook.close()
    return ExtractedText(
        tuple(Line(i, text) for i, text in enumerate(lines, start=1)), format="xlsx"
    )


def sheets_of(text: ExtractedText) -> dict[str, list[list[str]]]:
    """The text of ``read_xlsx`` back as sheets of rows of cells (empty rows dropped)."""
    out: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for line in text:
        if line.text.startswith(SHEET_MARK):
            current = out.setdefault(line.text[len(SHEET_MARK) :], [])
        elif current is not None and line.text:
            current.append([_unescape(c) for c in line.text.split("\t")])
    return out


# -- rows -> document -----------------------------------------------------------------------


def _parse_cell(column: Column, text: str, where: str) -> Any:
    if text == "":
        if column.kind == "text":
            return ""
        return [] if column.kind == "list" or column.key == "provenance" else None
    try:
        if column.kind == "list":
            return json.loads(text) if text.startswith("[") else text.split("\n")
        if column.kind == "json":
            return json.loads(text)
        if column.kind == "int":
            return int(float(text))
        if column.kind == "float":
            return float(text)
        if column.kind == "bool":
            return text.strip().lower() in ("true", "1", "vrai", "oui", "x")
    except ValueError as exc:
        raise FormatError(f"{where} : valeur illisible « {text[:40]} » ({column.key})") from exc
    return text


def _records(sheets: Mapping[str, list[list[str]]], name: str) -> Iterator[Json]:
    rows = sheets.get(name, [])
    if not rows:
        return
    header = rows[0]
    columns = {c.key: c for c in SHEETS[name]}
    for number, row in enumerate(rows[1:], start=2):
        record: Json = {}
        for key, text in zip(header, row, strict=False):
            if key in columns:
                record[key] = _parse_cell(columns[key], text, f"feuille {name}, ligne {number}")
        for key, column in columns.items():
            if key not in record:
                record[key] = _parse_cell(column, "", name)
        yield record


def _pop(record: Json, *keys: str) -> tuple[Any, ...]:
    return tuple(record.pop(k) for k in keys)


def document_of(sheets: Mapping[str, list[list[str]]]) -> Json:
    """The parcours/1 document the sheets were written from."""
    doc: Json = {"format": FORMAT}
    doc["referentials"] = list(_records(sheets, "referentials"))
    doc["sources"] = list(_records(sheets, "sources"))
    jobs: dict[tuple[str, str], Json] = {}
    for job in _records(sheets, "jobs"):
        job["activities"], job["requirements"] = [], []
        jobs[(job["referential"], job["id"])] = job
    for name, field in (("activities", "activities"), ("requirements", "requirements")):
        for item in _records(sheets, name):
            ref, job_id = _pop(item, "referential", "job")
            owner = jobs.get((ref, job_id))
            if owner is None:
                raise FormatError(f"feuille {name} : poste inconnu « {job_id} »")
            owner[field].append(item)
    doc["jobs"] = list(jobs.values())
    doc["competencies"] = list(_records(sheets, "competencies"))
    doc["mobilities"] = list(_records(sheets, "mobilities"))
    certs: dict[tuple[str, str], Json] = {}
    for cert in _records(sheets, "certifications"):
        cert["blocks"], cert["activities"], cert["rules"] = [], [], []
        certs[(cert["referential"], cert["id"])] = cert

    def owner_cert(item: Json, sheet: str) -> Json:
        ref, cert_id = _pop(item, "referential", "certification")
        found = certs.get((ref, cert_id))
        if found is None:
            raise FormatError(f"feuille {sheet} : certification inconnue « {cert_id} »")
        return found

    for item in _records(sheets, "certification_blocks"):
        owner_cert(item, "certification_blocks")["blocks"].append({**item, "competencies": []})
    for comp in _records(sheets, "certification_competencies"):
        cert = owner_cert(comp, "certification_competencies")
        (code,) = _pop(comp, "block")
        block: Json | None = next((b for b in cert["blocks"] if b["code"] == code), None)
        if block is None:
            raise FormatError(f"feuille certification_competencies : bloc inconnu « {code} »")
        block["competencies"].append(comp)
    for activity in _records(sheets, "certification_activities"):
        owner_cert(activity, "certification_activities")["activities"].append(activity)
    for rule in _records(sheets, "certification_rules"):
        owner_cert(rule, "certification_rules")["rules"].append(rule)
    doc["certifications"] = list(certs.values())
    doc["trainings"] = [
        {**t, "transitions": [{"from": a, "to": b} for a, b in t["transitions"] or []]}
        for t in _records(sheets, "trainings")
    ]
    matrices: dict[tuple[str, str], Json] = {}
    for matrix in _records(sheets, "matrices"):
        matrix["rows"] = []
        matrices[(matrix["referential"], matrix["id"])] = matrix
    for row in _records(sheets, "matrix_rows"):
        ref, matrix_id = _pop(row, "referential", "matrix")
        owner = matrices.get((ref, matrix_id))
        if owner is None:
            raise FormatError(f"feuille matrix_rows : matrice inconnue « {matrix_id} »")
        owner["rows"].append(row)
    doc["matrices"] = list(matrices.values())
    notes: dict[int, Json] = {}
    for note in _records(sheets, "notes"):
        (number,) = _pop(note, "note")
        if number in notes:
            notes[number]["text"] += note["text"]
        else:
            notes[number] = note
    doc["notes"] = list(notes.values())
    return doc


class ExcelExportImporter:
    """parcours' own Excel export (one sheet per table), so that it imports back."""

    family = DocumentFamily.PARCOURS_JSON
    description = "Export Excel de parcours (une feuille par table)"

    def score(self, text: ExtractedText, filename: str) -> float:
        head = [line.text for line in text.lines[:3]]
        if head[:1] == [SHEET_MARK + "parcours"] and f"format\t{WORKBOOK_FORMAT}" in head:
            return 1.0
        return 0.0

    def parse(self, text: ExtractedText, document: SourceDocument) -> ImportDraft:
        try:
            parts = from_document(document_of(sheets_of(text)))
        except (FormatError, KeyError, TypeError, ValueError) as exc:
            raise DocumentError(document.filename, f"export Excel invalide : {exc}") from exc
        for part in parts:
            _attribute_orphans(part, document)
        return ImportDraft(document=document, parts=parts)
