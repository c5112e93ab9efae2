"""Spreadsheet outputs (CSV and Excel) never carry a formula: the one rule every writer uses.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — also
after leading spaces, and in their full-width forms — is taken for a formula by Excel,
LibreOffice or Google Sheets when the file is opened (OWASP "CSV injection": ``=cmd|' /C
calc'!A0`` runs a program through DDE, ``=HYPERLINK(...)`` leaks data). So:

- CSV (``csv_cell``, ``csv_row``, ``write_csv``): such a cell is written with a leading
  apostrophe, which spreadsheets show as text and never evaluate (the OWASP rule);
- Excel (``xlsx_cell``): the cell keeps its exact text (the workbook imports back unchanged)
  but is typed as a string with Excel's "quote prefix", so that it is text even when edited.

Numbers, booleans and dates are written as they are; only text is neutralised.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

# The characters that make a formula at the start of a cell (after leading spaces).
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
QUOTE = "'"


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula (OWASP CSV injection)."""
    stripped = text.lstrip(" \u00a0")
    return bool(stripped) and stripped[0] in FORMULA_STARTS


def csv_cell(value: Any) -> Any:
    """A value as written in a CSV cell: text that would be a formula gets a leading
    apostrophe; None becomes empty; other values are left to the csv module."""
    if value is None:
        return ""
    if isinstance(value, str) and is_formula_like(value):
        return QUOTE + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


def write_csv(writer: Any, rows: Iterable[Iterable[Any]]) -> None:
    """Write rows through a ``csv.writer``, every cell neutralised."""
    for row in rows:
        writer.writerow(csv_row(row))


def csv_text(
    header: Iterable[str],
    rows: Iterable[Iterable[Any]],
    *,
    delimiter: str = ";",
    lineterminator: str = "\r\n",
    bom: bool = False,
) -> str:
    """A whole CSV document (header and rows, every cell neutralised)."""
    import io

    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter, lineterminator=lineterminator)
    write_csv(writer, [list(header), *rows])
    return out.getvalue()


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """A value for an openpyxl write-only sheet's row: text that would be a formula becomes a
    string cell (its exact text, never a formula) with the quote prefix; other values as
    they are."""
    if not (isinstance(value, str) and is_formula_like(value)):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
