"""Annex matrices of the study importer: cells, groups, repeated headers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parcours.domain.provenance import Position, Provenance
from parcours.ingest.study_matrices import (
    MARK,
    build_matrix,
    group_name,
    is_group,
    is_header,
    parse_annex,
    parse_cell,
    split_cells,
)

TABLE = [
    "Quelques tâches :",
    "",
    "Activités\tGardien\tPortier",
    f"Ouvre\t{MARK}\t",
    f"Ferme\t\t{MARK}",
    "",
    "",
    "Activités\tGardien\tPortier",
    f"Surveille\t{MARK}\t{MARK}",
    "Compétences\tGardien\tPortier",
    "Compétences «calmes»\t\t",
    f"Patience\t{MARK}\t ",
    f"Vigilance\tx\t{MARK}",
    f"Courte\t{MARK}",
    "",
    "Fin du document",
]


def test_cells() -> None:
    assert MARK == "■"
    assert parse_cell(MARK) is True
    assert parse_cell(f" {MARK} ") is True
    assert parse_cell(" ") is False
    assert parse_cell("x") is None
    assert split_cells(f"a\t{MARK}\t") == ["a", MARK, ""]
    assert is_header(["Activités", "Gardien"]) and not is_header(["Activités", MARK])
    assert is_group(["Compétences «calmes»", "", ""]) and not is_group(["a", MARK, ""])
    assert group_name("Compétences «relationnelles»") == "relationnelles"
    assert group_name("Compétences « Métier »") == "Métier"
    assert group_name("Autres :") == "Autres"


def test_parse_annex_tables_groups_and_repeated_headers() -> None:
    annex = parse_annex(TABLE, 0, len(TABLE))
    activities, competencies = annex.tables
    assert activities.title == "Quelques tâches"
    assert activities.item_kind == "activity"
    assert activities.repeated_headers == [7]
    assert [(r.label, r.cells, r.group) for r in activities.rows] == [
        ("Ouvre", [True, False], None),
        ("Ferme", [False, True], None),
        ("Surveille", [True, True], None),
    ]
    assert (activities.first, activities.last) == (0, 8)
    assert competencies.title == "Compétences"  # no title line of its own
    assert competencies.item_kind == "competency"
    assert [(r.label, r.cells, r.group) for r in competencies.rows] == [
        ("Patience", [True, False], "calmes"),
        ("Vigilance", [False, True], "calmes"),
        ("Courte", [True, False], "calmes"),
    ]
    assert [w.code for w in annex.warnings] == ["cellule-inconnue", "ligne-incomplete"]
    assert 15 not in annex.used and 0 in annex.used


def test_build_matrix_keeps_headers_and_maps_columns() -> None:
    annex = parse_annex(TABLE, 0, len(TABLE))

    def provenance(first: int, last: int, confidence: float) -> list[Provenance]:
        return [Provenance("sha", Position(first + 1, last + 1), confidence)]

    matrix = build_matrix(annex.tables[1], ["gardien", "portier"], provenance)
    assert matrix.key == "annexe-competences"
    assert matrix.headers == ["Gardien", "Portier"]
    assert matrix.columns == ["gardien", "portier"]
    assert [r.provenance[0].confidence for r in matrix.rows] == [1.0, 0.8, 0.8]
    assert matrix.rows[0].provenance[0].position == Position(12, 12)


_CELL = st.sampled_from(["", " ", MARK, f" {MARK}"])


@given(st.lists(st.lists(_CELL, min_size=3, max_size=3), max_size=12))
def test_every_row_is_read_back_cell_for_cell(rows: list[list[str]]) -> None:
    lines = ["Activités\tA\tB\tC"] + [f"ligne {n}\t" + "\t".join(r) for n, r in enumerate(rows)]
    annex = parse_annex(lines, 0, len(lines))
    (table,) = annex.tables
    data = [r for r in rows if any(c.strip() for c in r)]  # all-empty rows are group rows
    assert [row.cells for row in table.rows] == [[c.strip() == MARK for c in r] for r in data]
    assert not annex.warnings
