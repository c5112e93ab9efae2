"""Reading HRIS exports: CSV and Excel into numbered rows, headers, kinds, cell readers."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from parcours.domain.people import Source
from parcours.ingest.hris import (
    ALIASES,
    HrisFileError,
    HrisKind,
    decode,
    detect_delimiter,
    fold,
    open_table,
    parse_date,
    parse_frequencies,
    parse_kind,
    parse_level,
    parse_share,
    parse_source,
    read_rows,
    resolve_header,
)

PEOPLE_HEADER = ["matricule", "nom", "referentiel", "emploi", "equipe", "manager"]

# Cell text: anything a spreadsheet may hold but NUL (which no CSV tool writes).
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    max_size=12,
)


def write_csv(header: list[str], rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def cleaned(cells: list[str]) -> tuple[str, ...]:
    return tuple(c.replace("\u00a0", " ").strip() for c in cells)


@settings(max_examples=150, deadline=None)
@given(
    width=st.integers(min_value=2, max_value=len(PEOPLE_HEADER)),
    rows=st.lists(st.lists(cell_text, min_size=6, max_size=6), max_size=8),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_any_csv_the_writer_produces_reads_back_the_same(
    width: int, rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    header = PEOPLE_HEADER[:width]
    rows = [r[:width] for r in rows]
    text = write_csv(header, rows, delimiter)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
        return
    if encoding == "cp1252":  # CP1252 bytes that happen to be valid UTF-8 read as UTF-8
        try:
            data.decode("utf-8")
            assume(False)
        except UnicodeDecodeError:
            pass
    fmt, got_header, got_rows = read_rows(data, "export.csv")
    assert fmt == "csv" and got_header == header
    read = list(got_rows)
    expected = [cleaned(r) for r in rows if any(cleaned(r))]
    assert [r.cells for r in read] == expected
    assert all(r.problem is None for r in read)
    lines = [r.line for r in read]
    assert lines == sorted(set(lines)) and all(line >= 2 for line in lines)
    if not any("\n" in c or "\r" in c for r in rows for c in r):
        kept = [i for i, r in enumerate(rows) if any(cleaned(r))]
        assert lines == [i + 2 for i in kept]


def _variant(draw: Callable[[st.SearchStrategy[str]], str], name: str) -> str:
    accents = {"e": "eéèêÉE", "a": "aàâA", "i": "iîI", "u": "uùûU", "o": "oôO"}
    out = []
    for ch in name:
        if ch == "_":
            out.append(draw(st.sampled_from(["_", " ", "-", " - ", "__", "."])))
        elif ch in accents:
            out.append(draw(st.sampled_from(list(accents[ch]))))
        else:
            out.append(draw(st.sampled_from([ch.lower(), ch.upper()])))
    pad = draw(st.sampled_from(["", " ", "  "]))
    return pad + "".join(out) + pad


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_headers_match_in_any_case_and_accents(data: st.DataObject) -> None:
    canonical = data.draw(st.sampled_from(sorted(ALIASES)))
    alias = data.draw(st.sampled_from(ALIASES[canonical]))
    header = _variant(data.draw, alias)
    columns, unknown, twice = resolve_header(["colonne libre", header])
    assert columns == {canonical: 1} and unknown == ["colonne libre"] and twice == []


@settings(max_examples=150, deadline=None)
@given(
    names=st.lists(st.sampled_from(sorted(ALIASES)), min_size=2, max_size=8, unique=True),
    rows=st.lists(st.lists(cell_text, min_size=8, max_size=8), max_size=5),
    delimiter=st.sampled_from([";", ",", "\t"]),
)
def test_the_delimiter_is_the_one_of_the_header(
    names: list[str], rows: list[list[str]], delimiter: str
) -> None:
    text = write_csv(names, [r[: len(names)] for r in rows], delimiter)
    assert detect_delimiter(text) == delimiter


def test_delimiters_inside_quoted_headers_do_not_count() -> None:
    assert detect_delimiter('"a;b;c",nom,emploi\n1,2,3\n') == ","
    assert detect_delimiter("\n\nmatricule;emploi,x;equipe\n") == ";"
    assert detect_delimiter("matricule\n1\n") == ","


def test_encodings_bom_utf16_and_cp1252() -> None:
    text = "matricule;équipe\n1;Agence Crédit\n"
    assert decode(b"\xef\xbb\xbf" + text.encode()) == text
    assert decode(text.encode("utf-16")) == text
    assert decode(text.encode("cp1252")) == text
    assert decode("Œuvre".encode("cp1252")) == "Œuvre"


def test_line_numbers_follow_the_file() -> None:
    text = (
        "\n"  # a blank line before the header: the header is line 2
        "matricule;nom;emploi;referentiel;equipe\n"
        '1;"Alice\nsur deux lignes";a;R;e\n'
        ";;;;\n"
        "2;Bob;a;R;e\n"
        "3;Carla;a;R;e;surplus\n"
        "4;Dan\n"
    )
    table = open_table(text.encode(), "x.csv")
    rows = list(table.rows)
    assert [r.line for r in rows] == [3, 6, 7, 8]
    assert table.cell(rows[0], "nom") == "Alice\nsur deux lignes"
    assert rows[2].problem is not None and "6 cellules pour 5 colonnes" in rows[2].problem
    assert rows[3].cells == ("4", "Dan", "", "", "")


def test_kind_is_detected_from_the_headers_or_given() -> None:
    people = open_table("Matricule;Référentiel;Emploi;Équipe\n".encode(), "p.csv")
    assert people.kind is HrisKind.PEOPLE and set(people.columns) == {
        "matricule",
        "referentiel",
        "emploi",
        "equipe",
    }
    scores = open_table(b"ID,Competency,Level,Date,Comment\n", "a.csv")
    assert scores.kind is HrisKind.ASSESSMENTS and scores.has("preuve")
    with pytest.raises(HrisFileError, match="colonne manquante : competence"):
        open_table(b"matricule;niveau;date\n", "a.csv", HrisKind.ASSESSMENTS)
    with pytest.raises(HrisFileError, match="type de fichier non reconnu"):
        open_table(b"a;b;c\n1;2;3\n", "a.csv")
    assert parse_kind("Évaluations") is HrisKind.ASSESSMENTS and parse_kind("") is None
    with pytest.raises(HrisFileError, match="type de fichier inconnu"):
        parse_kind("jobs")


def test_header_problems_are_all_listed() -> None:
    with pytest.raises(HrisFileError) as caught:
        open_table(b"matricule;pseudonyme;emploi;equipe;equipe;niveau\n", "p.csv", HrisKind.PEOPLE)
    message = str(caught.value)
    assert "colonnes en double : equipe" in message
    assert "colonne manquante : referentiel" in message
    assert "matricule et pseudonyme" in message
    assert "sans objet dans un fichier de personnes : niveau" in message


def test_empty_and_old_excel_files_are_refused() -> None:
    with pytest.raises(HrisFileError, match="vide"):
        open_table(b"  \n", "p.csv")
    with pytest.raises(HrisFileError, match=r"\.xls"):
        open_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "p.xls")
    with pytest.raises(HrisFileError, match="Excel illisible"):
        list(open_table(b"PK\x03\x04broken", "p.xlsx").rows)


def test_excel_rows_dates_and_numbers_become_text() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Matricule", "Compétence", "Niveau", "Mesure", "Date"])
    sheet.append([1001, "ecoute-active", 3.0, None, datetime(2026, 1, 15)])
    sheet.append([None, None, None, None, None])
    sheet.append([1002, "produits-bancaires", None, 0.75, date(2026, 2, 1)])
    out = io.BytesIO()
    book.save(out)
    table = open_table(out.getvalue(), "evaluations.xlsx")
    assert table.kind is HrisKind.ASSESSMENTS and table.format == "xlsx"
    rows = list(table.rows)
    assert [r.line for r in rows] == [2, 4]
    assert rows[0].cells == ("1001", "ecoute-active", "3", "", "2026-01-15")
    assert rows[1].cells == ("1002", "produits-bancaires", "", "0.75", "2026-02-01")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-15", date(2026, 1, 15)),
        ("2026-01-15T08:30:00", date(2026, 1, 15)),
        ("2026-01-15 00:00:00", date(2026, 1, 15)),
        ("15/01/2026", date(2026, 1, 15)),
        ("15-01-2026", date(2026, 1, 15)),
        ("15.01.2026", date(2026, 1, 15)),
        ("15/01/26", date(2026, 1, 15)),
    ],
)
def test_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2026-13-01", "31/02/2026", "hier", "2026-01-15abc", ""])
def test_bad_dates(text: str) -> None:
    with pytest.raises(ValueError, match="date invalide"):
        parse_date(text)


def test_levels_shares_frequencies_and_sources() -> None:
    assert [parse_level(t) for t in ("1", "3.0", "4,0", " 2 ")] == [1, 3, 4, 2]
    for bad in ("0", "5", "2.5", "trois", "nan"):
        with pytest.raises(ValueError, match="niveau invalide"):
            parse_level(bad)
    assert parse_share("0,75") == 0.75 and parse_share("75 %") == 0.75 and parse_share("1") == 1
    for bad in ("75", "-0.1", "120 %"):
        with pytest.raises(ValueError, match="hors échelle"):
            parse_share(bad)
    assert parse_frequencies("3;4;2") == [3, 4, 2] == parse_frequencies("3 | 4 / 2")
    assert parse_frequencies("0") == [0]
    for bad in ("5", "3;x", "-1", ""):
        with pytest.raises(ValueError):
            parse_frequencies(bad)
    assert parse_source("Auto-évaluation") is Source.SELF
    assert parse_source("N+1") is Source.MANAGER
    assert parse_source("Jury") is Source.JURY
    assert parse_source("Import SIRH") is Source.IMPORT
    assert parse_source("") is Source.IMPORT
    with pytest.raises(ValueError, match="source inconnue"):
        parse_source("collègue")


def test_fold() -> None:
    assert fold("  Date de Sortie ") == "date_de_sortie" == fold("DATE-DE-SORTIE")
    assert fold("Équipe_nom") == "equipe_nom"
