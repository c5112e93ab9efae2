"""The readable personal-data export as a PDF (A4, pure Python with reportlab, no network).

The text is set in Bitstream Vera, the TrueType font shipped inside reportlab itself, embedded
in the document: accented and other Latin letters (é, œ, Ł, ğ…) are drawn and read back
(every font carries its Unicode map, so the PDF's text can be searched and copied). Each
section of ``rgpd_readable`` becomes a heading, its facts a two-column table, its tables a
table whose header row repeats on every page.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from parcours.services.rgpd_readable import ReadableExport, Section, Table

FONT, BOLD = "ParcoursVera", "ParcoursVera-Bold"
FONTS = Path(reportlab.__file__).parent / "fonts"
MARGIN = 14 * mm


def _register() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONTS / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "VeraBd.ttf")))


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11.5)
    return {
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=16, leading=20),
        "h2": ParagraphStyle(
            "h2", base, fontName=BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4
        ),
        "body": base,
        "cell": ParagraphStyle("cell", base, fontSize=7.5, leading=9),
        "head": ParagraphStyle("head", base, fontName=BOLD, fontSize=7.5, leading=9),
        "note": ParagraphStyle("note", base, textColor=colors.HexColor("#444444")),
    }


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _grid(header: bool) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")))
    return TableStyle(commands)


def _facts(section: Section, styles: dict[str, ParagraphStyle], width: float) -> Flowable:
    rows = [
        [Paragraph(_escape(label), styles["head"]), Paragraph(_escape(value), styles["cell"])]
        for label, value in section.facts
    ]
    table = PdfTable(rows, colWidths=[width * 0.3, width * 0.7], hAlign="LEFT")
    table.setStyle(_grid(header=False))
    return table


def _table(
    table: Table, styles: dict[str, ParagraphStyle], width: float, title: str
) -> list[Flowable]:
    # the caption, unless the section's heading says it already
    caption: list[Flowable] = (
        [] if table.caption == title else [Paragraph(_escape(table.caption), styles["head"])]
    )
    if not table.rows:
        return [*caption, Paragraph(_escape(table.empty), styles["note"])]
    rows = [[Paragraph(_escape(c), styles["head"]) for c in table.columns]]
    rows += [[Paragraph(_escape(c), styles["cell"]) for c in row] for row in table.rows]
    grid = PdfTable(rows, colWidths=[width / len(table.columns)] * len(table.columns), repeatRows=1)
    grid.setStyle(_grid(header=True))
    return [*caption, Spacer(1, 2), grid]


def export_pdf(export: ReadableExport, *, lang: str = "fr") -> bytes:
    """The readable export as the bytes of a PDF document (A4 landscape: wide tables)."""
    _register()
    styles = _styles()
    buffer = io.BytesIO()
    page = landscape(A4)
    width = page[0] - 2 * MARGIN
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=export.title,
        author="parcours",
        subject=export.generated,
        lang=lang,
    )
    story: list[Flowable] = [
        Paragraph(_escape(export.title), styles["title"]),
        Spacer(1, 4),
        Paragraph(_escape(export.generated), styles["note"]),
    ]
    for section in export.sections:
        head: list[Flowable] = [Paragraph(_escape(section.title), styles["h2"])]
        if section.facts:
            head.append(_facts(section, styles, width))
        if section.facts or not section.tables:
            story.append(KeepTogether(head))
            head = []
        for i, table in enumerate(section.tables):
            parts = _table(table, styles, width, section.title)
            if i == 0 and head:
                # the heading stays with the start of its table
                story.append(KeepTogether([*head, *parts[:-1]]))
                story.append(parts[-1])
            else:
                story += [Spacer(1, 4), *parts]
    doc.build(story)
    return buffer.getvalue()
