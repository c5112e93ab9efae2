"""Readers on documents made in the test (PDF, DOCX, HTML, text in several encodings)."""

from __future__ import annotations

import io

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from parcours.domain.errors import DocumentError
from parcours.ingest.readers import detect_format, read
from parcours.ingest.readers.plaintext import decode, looks_binary

FRENCH = "Chargé de clientèle — évolutions possibles : « Conseiller »"


def make_pdf(pages: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for lines in pages:
        y = 800
        for line in lines:
            pdf.drawString(50, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Fonction")
    document.add_paragraph("Conseiller clientèle II.1 (H/F)")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "SAVOIR-FAIRE"
    table.cell(0, 1).text = "SAVOIRS"
    table.cell(1, 0).text = "Analyse"
    table.cell(1, 1).text = "Droit"
    document.add_paragraph("Après le tableau")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_pdf_gives_lines_with_pages() -> None:
    text = read(make_pdf([["Fonction", "Conseiller II.1"], ["Compétences"]]), "f.pdf")
    assert text.format == "pdf"
    lines = [(line.text, line.page) for line in text.lines if line.text.strip()]
    assert ("Fonction", 1) in lines and ("Compétences", 2) in lines


def test_pdf_named_txt_is_still_read_as_pdf() -> None:
    assert read(make_pdf([["Bonjour"]]), "mal-nommé.txt").format == "pdf"


def test_truncated_pdf_is_a_clear_error() -> None:
    data = make_pdf([["Fonction"]])
    with pytest.raises(DocumentError) as info:
        read(data[: len(data) // 2], "coupe.pdf")
    assert info.value.filename == "coupe.pdf" and "tronqué" in info.value.reason


def test_docx_paragraphs_and_tables_in_order() -> None:
    text = read(make_docx(), "fiche.docx")
    lines = [line.text for line in text.lines if line.text]
    assert lines[:5] == [
        "Fonction",
        "Conseiller clientèle II.1 (H/F)",
        "SAVOIR-FAIRE\tSAVOIRS",
        "Analyse\tDroit",
        "Après le tableau",
    ]


def test_truncated_docx_is_a_clear_error() -> None:
    data = make_docx()
    with pytest.raises(DocumentError) as info:
        read(data[:200], "coupe.docx")
    assert "Word" in info.value.reason


def test_html_visible_text_blocks_and_tables() -> None:
    page = (
        b"<!doctype html><html><head><title>x</title><style>p{}</style><script>var a=1;</script>"
        b"</head><body><h1>Fonction</h1><p>Conseiller&nbsp;II.1 &eacute;</p>"
        b"<ul><li>Un</li><li>Deux</li></ul><table><tr><td>A</td><td>B</td></tr></table></body></html>"
    )
    text = read(page, "page.html")
    lines = [line.text for line in text.lines if line.text.strip()]
    assert lines[0] == "Fonction"
    assert "Conseiller\xa0II.1 é" in lines
    assert "- Un" in lines and "- Deux" in lines
    assert "A\tB" in lines
    assert not any("var a" in line or "p{}" in line for line in lines)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_text_in_any_encoding(encoding: str) -> None:
    body = "\n".join([FRENCH.replace("—", "-") if encoding == "latin-1" else FRENCH] * 5)
    text = read(body.encode(encoding), "fiche.txt")
    assert "Chargé de clientèle" in text.lines[0].text
    assert "évolutions" in text.lines[0].text


def test_cp1252_undefined_bytes_never_crash() -> None:
    data = "Évolution".encode("cp1252") + b"\x81\x8d\x8f\x90\x9d" + " suite".encode("cp1252")
    text = read(data, "bizarre.txt")
    assert "suite" in text.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "vide"),
        (b"   \n\n ", "vide"),
        (bytes(range(256)) * 4, "binaire"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "binaire"),
    ],
)
def test_empty_and_binary_files_are_clear_errors(data: bytes, reason: str) -> None:
    with pytest.raises(DocumentError) as info:
        read(data, "x.bin")
    assert reason in info.value.reason and info.value.filename == "x.bin"


def test_detect_format() -> None:
    assert detect_format(b"%PDF-1.7", "a") == "pdf"
    assert detect_format(b"PK\x03\x04....", "a") == "docx"
    assert detect_format(b"<html><body>", "a") == "html"
    assert detect_format(b'{"format": "parcours/1"}', "a") == "json"
    assert detect_format(b"texte", "a.txt") == "txt"


@given(st.text(max_size=200))
def test_any_utf8_text_decodes_back(value: str) -> None:
    data = value.encode("utf-8")
    if not looks_binary(data):
        assert decode(data)[0] == value
