"""Word documents: paragraphs and tables (cells tab-separated), in document order.

The package is checked first (ingest/archive.py: entries, inflated size, ratio, DTD, XML
elements), since python-docx reads every part whole and trusts the sizes it declares.
"""

from __future__ import annotations

import io
import struct
import zipfile

import docx
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from parcours.domain.errors import DocumentError
from parcours.ingest import archive
from parcours.ingest.limits import DEFAULT_LIMITS, LimitExceeded, Limits, check_text
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


def check_package(data: bytes, filename: str, limits: Limits) -> None:
    """Refuse a package over the limits (``LimitExceeded``) or unreadable (``DocumentError``)."""
    try:
        archive.check(data, limits)
    except archive.ArchiveRefused as exc:
        if exc.kind == archive.UNREADABLE:
            raise DocumentError(filename, f"document Word illisible ou tronqué ({exc})") from None
        raise LimitExceeded(filename, exc.reason, exc.kind) from None
    except struct.error:
        raise DocumentError(filename, "document Word illisible ou tronqué") from None


def read_docx(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> ExtractedText:
    check_package(data, filename, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(filename, f"document Word illisible ou tronqué ({exc})") from exc
    except Exception as exc:  # python-docx raises its own PackageNotFoundError and lxml errors
        raise DocumentError(filename, f"document Word illisible ({type(exc).__name__})") from exc
    text = "\n".join(_blocks(document))
    check_text(text, filename, limits)
    return ExtractedText.from_string(text, "docx")
