"""The annex matrices of an Observatoire study: job x activity and job x competency.

The annex gives each table as tab-separated lines: a header row (item column, then one
column per job), group rows whose job cells are empty, and item rows whose cells hold
the mark "■" (U+25A0 BLACK SQUARE) or nothing. A page break repeats the header row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from parcours.domain.provenance import Provenance
from parcours.domain.referential import Matrix, MatrixRow
from parcours.engine.normalise import fold, slugify
from parcours.ingest.study_sheets import RawWarning, clean_label, is_blank

MARK = "\u25a0"  # "■": the only mark the annex uses for "this job does it"
_GROUP_NAME = re.compile(r"«\s*(?P<name>[^»]+?)\s*»")

# Builds the provenance of lines first..last (0-based) with a confidence.
ProvenanceOf = Callable[[int, int, float], list[Provenance]]


@dataclass(slots=True)
class RawRow:
    label: str
    cells: list[bool]
    group: str | None
    index: int
    confidence: float = 1.0


@dataclass(slots=True)
class RawTable:
    title: str
    header: list[str]
    first: int
    last: int
    rows: list[RawRow] = field(default_factory=list)
    repeated_headers: list[int] = field(default_factory=list)

    @property
    def item_kind(self) -> str | None:
        head = fold(self.header[0])
        if head.startswith("activit"):
            return "activity"
        if head.startswith("competen"):
            return "competency"
        return None

    @property
    def column_headers(self) -> list[str]:
        return self.header[1:]


@dataclass(slots=True)
class Annex:
    tables: list[RawTable] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # line indexes the tables account for
    warnings: list[RawWarning] = field(default_factory=list)


def split_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def is_header(cells: Sequence[str]) -> bool:
    return len(cells) >= 2 and all(cells) and MARK not in cells


def is_group(cells: Sequence[str]) -> bool:
    return bool(cells[0]) and not any(cells[1:])


def parse_cell(cell: str) -> bool | None:
    """True for the mark, False for an empty cell, None for anything else."""
    if not cell.strip():
        return False
    if cell.strip() == MARK:
        return True
    return None


def group_name(label: str) -> str:
    """ "Compétences «relationnelles»" -> "relationnelles"."""
    match = _GROUP_NAME.search(label)
    return match.group("name") if match else clean_label(label)


def parse_annex(lines: Sequence[str], start: int, end: int) -> Annex:
    """Read the tab tables of lines ``start``..``end`` (exclusive)."""
    annex = Annex()
    table: RawTable | None = None
    group: str | None = None
    title: tuple[int, str] | None = None
    for index in range(start, end):
        line = lines[index]
        if is_blank(line):
            continue
        if "\t" not in line:
            title = (index, clean_label(line))
            continue
        cells = split_cells(line)
        if table is not None and cells == table.header:
            table.repeated_headers.append(index)
            annex.used.add(index)
            continue
        if is_header(cells):
            # The table's span starts at its title line when it has one.
            first = title[0] if title else index
            table = RawTable(title[1] if title else clean_label(cells[0]), cells, first, index)
            if title is not None:
                annex.used.add(title[0])
            annex.tables.append(table)
            annex.used.add(index)
            title, group = None, None
            continue
        if table is None:
            annex.warnings.append(
                RawWarning(
                    "ligne-hors-tableau", "ligne à tabulations avant tout en-tête", index, index
                )
            )
            continue
        annex.used.add(index)
        table.last = index
        if is_group(cells):
            group = group_name(cells[0])
            continue
        table.rows.append(_row(cells, len(table.header), group, index, annex))
    return annex


def _row(cells: list[str], width: int, group: str | None, index: int, annex: Annex) -> RawRow:
    label = cells[0]
    marks = cells[1:width] + [""] * (width - len(cells))
    confidence = 1.0
    if len(cells) != width:
        confidence = 0.8
        annex.warnings.append(
            RawWarning(
                "ligne-incomplete",
                f"Annexe : la ligne « {label} » a {len(cells) - 1} cellules au lieu de {width - 1}",
                index,
                index,
            )
        )
    values: list[bool] = []
    for cell in marks:
        value = parse_cell(cell)
        if value is None:
            confidence = 0.8
            annex.warnings.append(
                RawWarning(
                    "cellule-inconnue",
                    f"Annexe : cellule « {cell} » de la ligne « {label} » ni cochée ni vide, "
                    "lue comme vide",
                    index,
                    index,
                )
            )
        values.append(bool(value))
    return RawRow(label, values, group, index, confidence)


def build_matrix(table: RawTable, columns: list[str], provenance: ProvenanceOf) -> Matrix:
    """The domain matrix of a table whose job columns are the job keys ``columns``."""
    return Matrix(
        key=f"annexe-{slugify(table.header[0])}",
        title=table.title,
        item_kind=table.item_kind or "activity",
        columns=columns,
        headers=table.column_headers,
        rows=[
            MatrixRow(
                row.label, row.cells, row.group, provenance(row.index, row.index, row.confidence)
            )
            for row in table.rows
        ],
        provenance=provenance(table.first, table.last, 1.0),
    )
