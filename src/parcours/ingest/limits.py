"""What reading one imported file may cost, and the refusal when it would cost more.

A document is read in memory (the libraries that read PDF, Word and Excel files need it
whole), so every dimension that makes reading expensive is bounded *before* it is paid for:
the file's size, for a ZIP package (DOCX, XLSX) the number of entries, their inflated size,
their compression ratio and the XML elements of the parts read whole, for a PDF its pages and
the inflated size of each stream, for every format the characters and lines of the extracted
text, and finally the time spent on the file (a watchdog interrupts the reading thread).
Past a limit the file is refused with a ``LimitExceeded`` naming it, the limit and the
setting that raises it (docs/settings.md); the other files of the import go on.

The defaults let the real documents through with a wide margin (the five seeds, the ROME
4.0 and v3 and ESCO exports) and keep the memory of reading any single hostile file under
500 MiB (docs/benchmarks.md, benchmarks/attack_bench.py).
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any

from parcours.domain.errors import DocumentError

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits on one imported file; each is the setting ``import_<name>``."""

    max_file_bytes: int = 50 * MIB  # one file as received (or one member file of a folder)
    max_bundle_bytes: int = 64 * MIB  # the member files of a folder read as one document
    max_unpacked_bytes: int = 64 * MIB  # a ZIP package's entries, inflated, together
    max_zip_entries: int = 10_000
    max_compression_ratio: int = 100  # of an entry over 1 MiB, inflated / compressed
    max_xml_elements: int = 1_000_000  # in the XML parts a library reads whole
    max_pdf_pages: int = 2_000
    max_stream_bytes: int = 16 * MIB  # one PDF stream, inflated
    max_text_chars: int = 16_000_000  # the text extracted from a document
    max_lines: int = 100_000  # the lines of that text (JSON excepted: it is read whole)
    max_seconds: float = 60.0  # reading and parsing one file (0: no limit)
    max_warnings: int = 200  # kept per file, the others counted

    def setting(self, name: str) -> str:
        """The environment variable of a limit, for the refusal's message."""
        return f"PARCOURS_IMPORT_{name.upper()}"


DEFAULT_LIMITS = Limits()

# A compressed entry is only judged on its ratio above this inflated size.
RATIO_FLOOR = MIB


def limits_from(settings: Any) -> Limits:
    """The limits of the ``import_*`` attributes of a settings object (missing ones default)."""
    values = {
        f.name: getattr(settings, f"import_{f.name}")
        for f in fields(Limits)
        if getattr(settings, f"import_{f.name}", None) is not None
    }
    return Limits(**values)


class LimitExceeded(DocumentError):
    """A file refused because reading it would cost more than a limit allows.

    ``kind`` says which: "size" (the file itself is too large: HTTP 413), "content" (what it
    unpacks to: a bomb, too many pages, elements or lines) or "time".
    """

    def __init__(self, filename: str, reason: str, kind: str = "content") -> None:
        super().__init__(filename, reason)
        self.kind = kind


def mib(size: float) -> str:
    """A size in mebibytes, the French way: « 1,5 Mio »."""
    value = size / MIB
    text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return f"{text.replace('.', ',')} Mio"


def too_large(filename: str, size: int, limits: Limits = DEFAULT_LIMITS) -> LimitExceeded:
    """The refusal of a file over ``max_file_bytes``."""
    return LimitExceeded(
        filename,
        f"fichier trop volumineux : {mib(size)} pour une limite de "
        f"{mib(limits.max_file_bytes)} ({limits.setting('max_file_bytes')})",
        kind="size",
    )


def check_text(text: str, filename: str, limits: Limits, *, lines: bool = True) -> None:
    """Refuse extracted text over ``max_text_chars`` or (with ``lines``) ``max_lines``."""
    if len(text) > limits.max_text_chars:
        raise too_much_text(filename, limits)
    if lines and text.count("\n") >= limits.max_lines:  # lines = line breaks + 1
        raise too_many_lines(filename, limits)


def too_much_text(filename: str, limits: Limits) -> LimitExceeded:
    return LimitExceeded(
        filename,
        f"texte extrait trop long : plus de {limits.max_text_chars:,} caractères "
        f"({limits.setting('max_text_chars')})".replace(",", "\u202f"),
    )


def too_many_lines(filename: str, limits: Limits) -> LimitExceeded:
    return LimitExceeded(
        filename,
        f"texte extrait trop long : plus de {limits.max_lines:,} lignes "
        f"({limits.setting('max_lines')})".replace(",", "\u202f"),
    )


# --- time --------------------------------------------------------------------------------


class FileTimeout(BaseException):
    """Raised into the reading thread when its file takes longer than allowed.

    A BaseException, so that a library's ``except Exception`` does not swallow it.
    """


_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)
_set_async_exc.restype = ctypes.c_int


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block with ``FileTimeout`` after ``seconds`` (0 or less: no limit).

    A watchdog thread raises the exception into this thread; it lands between two Python
    instructions (a long call into C finishes first: the other limits keep those short). The
    exception is raised once, and never once the block is left: leaving clears a pending one
    under the same lock the watchdog holds to raise it.
    """
    if seconds <= 0:
        yield
        return
    target = threading.get_ident()
    lock = threading.Lock()
    stop = threading.Event()
    state = {"done": False, "raised": False}

    def watchdog() -> None:
        if stop.wait(seconds):
            return
        with lock:
            if not state["done"]:
                _set_async_exc(target, ctypes.py_object(FileTimeout))
                state["raised"] = True

    thread = threading.Thread(target=watchdog, name="parcours-time-limit", daemon=True)
    try:
        thread.start()
        yield
    finally:
        _leave(lock, state, stop, target)


def _leave(
    lock: threading.Lock, state: dict[str, bool], stop: threading.Event, target: int
) -> None:
    # The exception may land while leaving: retry until the watchdog is told, then clear any
    # exception still pending for this thread (``NULL`` clears it).
    while True:
        try:
            with lock:
                state["done"] = True
                if state["raised"]:
                    _set_async_exc(target, ctypes.py_object())
            stop.set()
            return
        except FileTimeout:
            continue
