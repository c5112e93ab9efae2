"""PDF documents, page by page, with pypdf, within the limits.

pypdf's own limits are set from ours for the time of the read (``apply_configuration`` is
per context, so concurrent reads do not see each other's): no stream inflates past
``max_stream_bytes``; the page count is checked before any page is read; the text is
counted as it is extracted. Whatever pypdf raises (its limits, a malformed file, a recursion
too deep) refuses the file alone.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError

from parcours.domain.errors import DocumentError
from parcours.ingest.limits import (
    DEFAULT_LIMITS,
    LimitExceeded,
    Limits,
    mib,
    too_many_lines,
    too_much_text,
)
from parcours.ingest.text import ExtractedText

_OUTPUT_LIMITS = (
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "brotli_maximum_output_length",
    "jbig2_maximum_output_length",
    "array_based_stream_maximum_output_length",
    "image_maximum_buffer_size",
)


def _configuration(limits: Limits) -> dict[str, Any]:
    values: dict[str, Any] = dict.fromkeys(_OUTPUT_LIMITS, limits.max_stream_bytes)
    # A stream as stored (an image, say) is at most the file; what it inflates to is bounded.
    values["maximum_declared_stream_length"] = limits.max_file_bytes
    values["page_tree_maximum_entries"] = limits.max_pdf_pages + 1
    return values


def _too_many_pages(filename: str, pages: int | None, limits: Limits) -> LimitExceeded:
    """The refusal of a PDF with ``pages`` pages (None: more than the limit, uncounted)."""
    counted = f"de {pages:,} pages" if pages is not None else "de trop de pages"
    return LimitExceeded(
        filename,
        f"PDF {counted} : plus que la limite de {limits.max_pdf_pages:,} "
        f"({limits.setting('max_pdf_pages')})".replace(",", "\u202f"),
    )


def _declared_pages(reader: PdfReader) -> int:
    """The /Count of the page tree's root (it may lie: the pages are counted again after)."""
    try:
        root: Any = reader.trailer["/Root"]
        return int(root["/Pages"]["/Count"])
    except Exception:  # a damaged tree: flattening it will tell
        return 0


def read_pdf(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> ExtractedText:
    if b"%%EOF" not in data[-2048:]:
        raise DocumentError(filename, "PDF tronqué : la fin du fichier (%%EOF) manque")
    # pypdf logs recoverable oddities as warnings; the reader's errors are what matter here.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with apply_configuration(**_configuration(limits)):
            pages = _pages(data, filename, limits)
    except DocumentError:
        raise
    except LimitReachedError as exc:
        raise LimitExceeded(
            filename,
            f"PDF hors limites : un flux se décompresse au-delà de "
            f"{mib(limits.max_stream_bytes)} ({limits.setting('max_stream_bytes')}), ou une "
            "structure dépasse les limites de lecture des PDF",
        ) from exc
    except RecursionError as exc:
        raise LimitExceeded(
            filename, "PDF illisible : structure imbriquée trop profondément"
        ) from exc
    except MemoryError as exc:
        raise LimitExceeded(filename, "PDF illisible : mémoire insuffisante pour le lire") from exc
    except Exception as exc:  # pypdf's errors, and any error of a malformed file
        raise DocumentError(filename, f"PDF illisible ({type(exc).__name__} : {exc})") from exc
    return ExtractedText.from_pages(pages, "pdf")


def _pages(data: bytes, filename: str, limits: Limits) -> list[str]:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise DocumentError(filename, "PDF chiffré : impossible d'en lire le texte")
    declared = _declared_pages(reader)
    if declared > limits.max_pdf_pages:
        raise _too_many_pages(filename, declared, limits)
    try:
        count = len(reader.pages)
    except LimitReachedError:
        raise _too_many_pages(filename, None, limits) from None
    if count > limits.max_pdf_pages:
        raise _too_many_pages(filename, count, limits)
    pages: list[str] = []
    chars = 0
    lines = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        chars += len(text)
        lines += text.count("\n") + 1
        if chars > limits.max_text_chars:
            raise too_much_text(filename, limits)
        if lines > limits.max_lines:
            raise too_many_lines(filename, limits)
        pages.append(text)
    return pages
