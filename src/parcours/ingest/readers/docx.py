"""Word documents: paragraphs and tables (cells tab-separated), in document order."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from parcours.domain.errors import DocumentError
from parcours.ingest.text import ExtractedText


def _blocks(document: DocxDocument) -> list[str]:
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.extend(block.text.split("\n"))
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                lines.append("\t".join(cells))
            lines.append("")
    return lines


def read_docx(data: bytes, filename: str) -> ExtractedText:
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(filename, f"document Word illisible ou tronqué ({exc})") from exc
    except Exception as exc:  # python-docx raises its own PackageNotFoundError and lxml errors
        raise DocumentError(filename, f"document Word illisible ({type(exc).__name__})") from exc
    return ExtractedText.from_string("\n".join(_blocks(document)), "docx")
