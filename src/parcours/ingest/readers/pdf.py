"""PDF documents, page by page, with pypdf."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from parcours.domain.errors import DocumentError
from parcours.ingest.text import ExtractedText


def read_pdf(data: bytes, filename: str) -> ExtractedText:
    if b"%%EOF" not in data[-2048:]:
        raise DocumentError(filename, "PDF tronqué : la fin du fichier (%%EOF) manque")
    # pypdf logs recoverable oddities as warnings; the reader's errors are what matter here.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise DocumentError(filename, "PDF chiffré : impossible d'en lire le texte")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(filename, f"PDF illisible ({exc})") from exc
    return ExtractedText.from_pages(pages, "pdf")
