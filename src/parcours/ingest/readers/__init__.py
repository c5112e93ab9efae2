"""Readers: bytes of a document in a given format -> text with positions.

The format is recognised from the bytes first (magic numbers), the file name second,
so that a PDF named ".txt" is still read as a PDF. Every reader keeps to the ``Limits``
it is given (ingest/limits.py): a file that would cost more is refused, naming the limit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from parcours.domain.errors import DocumentError
from parcours.ingest import archive
from parcours.ingest.excel_export import read_xlsx
from parcours.ingest.limits import DEFAULT_LIMITS, Limits, too_large
from parcours.ingest.readers.docx import read_docx
from parcours.ingest.readers.html import read_html
from parcours.ingest.readers.pdf import read_pdf
from parcours.ingest.readers.plaintext import read_json, read_text
from parcours.ingest.text import ExtractedText

Reader = Callable[[bytes, str, Limits], ExtractedText]

READERS: dict[str, Reader] = {
    "pdf": read_pdf,
    "xlsx": read_xlsx,
    "docx": read_docx,
    "html": read_html,
    "json": read_json,
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


def detect_format(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """The document format: "pdf", "docx", "xlsx", "html", "json" or "txt"."""
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        # The entry names, listed by hand and within the limits (never by zipfile first).
        names = archive.names(data, limits)
        return "xlsx" if names is not None and "xl/workbook.xml" in names else "docx"
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "html"
    ext = PurePath(filename).suffix.lower()
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    if head.startswith(b"{"):
        return "json"
    return "txt"


def read(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> ExtractedText:
    """Extract the text of a document; raises DocumentError naming the file and the reason
    (``LimitExceeded`` when a limit is passed)."""
    if len(data) > limits.max_file_bytes:
        raise too_large(filename, len(data), limits)
    if not data or not data.strip():
        raise DocumentError(filename, "le fichier est vide")
    fmt = detect_format(data, filename, limits)
    text = READERS[fmt](data, filename, limits)
    if not any(line.text.strip() for line in text.lines):
        raise DocumentError(filename, "aucun texte n'a pu être extrait du document")
    return text
