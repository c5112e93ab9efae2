"""CSV files of an export folder (ROME, ESCO): records with their physical lines, headers checked.

A ``Table`` names the columns an importer reads in one file: ``columns`` must be there,
``optional`` ones are read when the file has them ("" otherwise). ``read_table`` yields each
record with its physical, 1-based lines (the header is line 1; a record whose quoted fields
span several lines gets ``line``..``end_line``), so that every fact can cite its line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from parcours.domain.errors import DocumentError
from parcours.domain.provenance import Position, Provenance


@dataclass(frozen=True, slots=True)
class Table:
    """A CSV file of an export: its table name and the columns the importer reads."""

    name: str
    columns: tuple[str, ...]
    optional: tuple[str, ...] = ()


def header(data: bytes) -> list[str] | None:
    """The column names of a CSV file (its first line), None when unreadable or empty."""
    first = data.split(b"\n", 1)[0]
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    row = next(csv.reader([text]), None)
    return [name.strip() for name in row] if row else None


def missing_columns(data: bytes, table: Table) -> list[str]:
    """The required columns of ``table`` that the file's header lacks ([] when unreadable:
    ``read_table`` then says what is wrong with the file)."""
    names = header(data)
    if names is None:
        return []
    return [column for column in table.columns if column not in names]


def read_table(
    folder: str, filename: str, data: bytes, table: Table
) -> Iterator[tuple[Position, list[str]]]:
    """The records of one CSV file: their physical lines and the table's columns, stripped
    (the required columns, then the optional ones, "" for those the file lacks).

    Raises DocumentError naming the file (and the line) on a missing column, a record with
    too few or too many fields (a truncated file), an unterminated quote or bad UTF-8.
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
        head = next(reader, None)
        if head is None:
            raise DocumentError(where, f"{filename} : fichier vide")
        head = [name.strip() for name in head]
        missing = [column for column in table.columns if column not in head]
        if missing:
            raise DocumentError(where, f"{filename} : colonne(s) absente(s) : {', '.join(missing)}")
        indexes = [head.index(column) for column in table.columns]
        indexes += [head.index(column) if column in head else -1 for column in table.optional]
        width = len(head)
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
            values = [row[i].strip() if i >= 0 else "" for i in indexes]
            yield Position(start, end if end != start else None), values
    except csv.Error as exc:  # an unterminated quote at the end: a truncated file
        raise DocumentError(
            where,
            f"{filename}, ligne {previous + 1} : CSV illisible, fichier tronqué ou mal formé "
            f"({exc})",
        ) from exc


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


def missing_report(folder: str, what: str, missing: dict[str, list[str] | None]) -> DocumentError:
    """One error for everything missing in an export folder: ``missing`` maps a file name to
    None (the file is absent) or to the required columns its header lacks.

    One problem keeps the short message naming the file; several are listed together, so that
    the folder can be completed in one go.
    """
    problems = [
        f"{name} : fichier absent"
        if columns is None
        else f"{name} : colonne(s) absente(s) : {', '.join(columns)}"
        for name, columns in missing.items()
    ]
    if len(missing) == 1:
        ((name, columns),) = missing.items()
        reason = f"{name} : fichier absent du dossier {folder}" if columns is None else problems[0]
        return DocumentError(f"{folder}/{name}", reason)
    return DocumentError(
        folder,
        f"{what} du dossier {folder} incomplet, {len(problems)} manque(s) : "
        + " ; ".join(problems),
    )
