"""No spreadsheet output carries a formula (issue 12, point 6): the CSV tables and the Excel
workbook of the exports, the audit log's CSV, the team matrix CSV (the CSV of `recommend`:
tests/attacks/test_cli.py). One rule, services/spreadsheet.py, the OWASP CSV-injection one."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from parcours.cli.teams import matrix_csv as team_csv
from parcours.demo import sample_bytes
from parcours.services import exchange, rgpd
from parcours.services.ports.people import AuditEvent
from parcours.services.spreadsheet import csv_cell, is_formula_like
from parcours.services.teams import Column, Row, TeamMatrix

from .conftest import Site, make_site

DDE = "=cmd|' /C calc'!A0"
TRAPS = [DDE, "+1+1", " @SOMME(A1)", "-2+3", "\t=1", "\r=1", "＝1+1"]


@pytest.fixture(scope="module")
def trapped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A referential whose job titles and competency labels are formulas."""
    document = json.loads(sample_bytes())
    for job, text in zip(document["jobs"], TRAPS, strict=False):
        job["title"] = text
    for comp, text in zip(document["competencies"], TRAPS, strict=False):
        comp["label"] = text
    data = json.dumps(document, ensure_ascii=False).encode()
    site = make_site(tmp_path_factory.mktemp("formules") / "f.db", [("piege.json", data)])
    yield site
    site.engine.dispose()


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        ("=1+1", True),
        ("+1", True),
        ("-1", True),
        ("@A1", True),
        ("\t1", True),
        ("\r1", True),
        ("   =1", True),
        ("\u00a0+1", True),
        ("＝1", True),
        ("Conseiller", False),
        ("1-2", False),
        ("", False),
        ("   ", False),
        ("a=b", False),
    ],
)
def test_formula_rule(text: str, formula: bool) -> None:
    assert is_formula_like(text) is formula
    assert csv_cell(text) == ("'" + text if formula else text)


def test_csv_neutralises_other_values_untouched() -> None:
    assert csv_cell(None) == "" and csv_cell(-3) == -3 and csv_cell(2.5) == 2.5


def rows_of(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_export_writes_no_formula(trapped: Site) -> None:
    client = trapped.client
    jobs = rows_of(client.get("/api/v1/export", params={"format": "csv"}).text)
    titles = [row[jobs[0].index("title")] for row in jobs[1:]]
    for text in TRAPS:
        assert "'" + text in titles, text
    comps = rows_of(
        client.get("/api/v1/export", params={"format": "csv", "table": "competencies"}).text
    )
    labels = {row[comps[0].index("label")] for row in comps[1:]}
    assert "'+1+1" in labels and "' @SOMME(A1)" in labels
    assert not any(is_formula_like(cell) for row in jobs + comps for cell in row)


def test_xlsx_export_answers_and_keeps_text_as_text(trapped: Site, tmp_path: Path) -> None:
    response = trapped.client.get("/api/v1/export", params={"format": "xlsx"})
    assert response.status_code == 200  # a title starting with "=" answered 500
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    titles = {c.value for c in cells if c.value in TRAPS}
    assert titles == set(TRAPS)
    trapped_cell = next(c for c in cells if c.value == DDE)
    assert trapped_cell.data_type == "s" and trapped_cell.quotePrefix
    # The workbook imports back: the same referential, texts unchanged.
    back = make_site(tmp_path / "back.db", [("export.xlsx", response.content)])
    assert exchange.export_json(back.uow) == exchange.export_json(trapped.uow)
    back.engine.dispose()


def test_audit_csv_writes_no_formula() -> None:
    events = [AuditEvent(actor=" =1+1", channel="web", action="read", detail="@SOMME(A1)")]
    rows = list(csv.reader(io.StringIO(rgpd.audit_csv(events))))
    assert rows[1][2] == "' =1+1" and rows[1][6] == "'@SOMME(A1)"


def test_team_matrix_csv_writes_no_formula() -> None:
    column = Column("=cle", "Clé", None, 3, 1, 1, 1, 1.0)
    row = Row("p-1", '=HYPERLINK("http://x";"clic")', None, "+33 poste", None, [3], [3], ["ok"])
    matrix = TeamMatrix("Équipe", ["t"], None, 1, 1, True, [column], [row], [], [], [], None, 1)
    lines = list(csv.reader(io.StringIO(team_csv(matrix)), delimiter=";"))
    assert lines[0][3] == "'=cle"
    assert lines[1] == ["p-1", "'" + '=HYPERLINK("http://x";"clic")', "'+33 poste", "3/3"]
    hidden = TeamMatrix("Équipe", ["t"], None, 1, 5, False, [column], None, [], [], [], None, 1)
    totals = list(csv.reader(io.StringIO(team_csv(hidden)), delimiter=";"))
    assert totals[1][0] == "'=cle"
