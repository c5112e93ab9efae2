"""Plain text in any encoding: UTF-8 first, then detection, never a crash on CP1252."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from parcours.domain.errors import DocumentError
from parcours.ingest.limits import DEFAULT_LIMITS, Limits, check_text
from parcours.ingest.text import ExtractedText

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Bytes that never occur in text: NUL and most C0 controls (tab, LF, CR, FF excepted).
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or more than 1 % control characters."""
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls > max(1, len(sample) // 100)


def decode(data: bytes) -> tuple[str, str]:
    """Decode text bytes; returns (text, encoding name)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(
        data[:262144], cp_isolation=["cp1252", "latin_1", "utf_16", "mac_roman"]
    ).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        # cp1252 leaves five bytes undefined: replace them rather than fail.
        return data.decode("cp1252", errors="replace"), "cp1252"


def _decoded(data: bytes, filename: str, limits: Limits, lines: bool) -> str:
    has_bom = any(data.startswith(bom) for bom, _ in _BOMS)
    if not has_bom and looks_binary(data):
        raise DocumentError(filename, "fichier binaire : ce n'est pas un document texte lisible")
    text, _ = decode(data)
    check_text(text, filename, limits, lines=False)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Counted before the lines are made: a line costs far more than its characters.
    check_text(text, filename, limits, lines=lines)
    return text


def read_text(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> ExtractedText:
    return ExtractedText.from_string(_decoded(data, filename, limits, lines=True), "txt")


def read_json(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> ExtractedText:
    """A JSON document: text like any other, its lines not counted (an indented export has
    many short ones; its importer reads it whole), its characters are."""
    return ExtractedText.from_string(_decoded(data, filename, limits, lines=False), "txt")
