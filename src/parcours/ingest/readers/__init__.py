"""Readers: bytes of a document in a given format -> text with positions.

The format is recognised from the bytes first (magic numbers), the file name second,
so that a PDF named ".txt" is still read as a PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from parcours.domain.errors import DocumentError
from parcours.ingest.excel_export import is_xlsx, read_xlsx
from parcours.ingest.readers.docx import read_docx
from parcours.ingest.readers.html import read_html
from parcours.ingest.readers.pdf import read_pdf
from parcours.ingest.readers.plaintext import read_text
from parcours.ingest.text import ExtractedText

Reader = Callable[[bytes, str], ExtractedText]

READERS: dict[str, Reader] = {
    "pdf": read_pdf,
    "xlsx": read_xlsx,
    "docx": read_docx,
    "html": read_html,
    "json": read_text,
    "txt": read_text,
}

_EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
}


def detect_format(data: bytes, filename: str) -> str:
    """The document format: "pdf", "docx", "html", "json" or "txt"."""
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx" if is_xlsx(data) else "docx"
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "html"
    ext = PurePath(filename).suffix.lower()
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    if head.startswith(b"{"):
        return "json"
    return "txt"


def read(data: bytes, filename: str) -> ExtractedText:
    """Extract the text of a document; raises DocumentError naming the file and the reason."""
    if not data or not data.strip():
        raise DocumentError(filename, "le fichier est vide")
    fmt = detect_format(data, filename)
    text = READERS[fmt](data, filename)
    if not any(line.text.strip() for line in text.lines):
        raise DocumentError(filename, "aucun texte n'a pu être extrait du document")
    return text
