"""ZIP packages (Word and Excel files) checked before any library opens them.

``zipfile``, python-docx and openpyxl trust what an archive says about itself: the central
directory is parsed whole (200,000 entries cost hundreds of mebibytes), and an entry is
inflated in one call whatever size its header declares (a 3 MB DOCX inflated to gigabytes).
So the package is checked here first, by hand and in bounded memory:

1. the central directory is walked record by record, refused past ``max_zip_entries``
   (whatever count the end record gives);
2. the declared inflated sizes are summed and each entry's compression ratio is checked;
3. every entry is inflated a mebibyte at a time, without keeping the output, counting what it
   really inflates to (a header that lies is caught here) against ``max_unpacked_bytes``;
4. every XML part is run through expat while it inflates: a DTD (``<!DOCTYPE``: entity
   expansion, external entities) is refused, Office files never have one, and the elements of
   the parts that a library loads whole are counted against ``max_xml_elements``.

Only then is the package handed to its library, whose reads are now bounded by sizes that
are known to be true.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.parsers import expat

from parcours.ingest.limits import DEFAULT_LIMITS, RATIO_FLOOR, Limits, mib

_END = b"PK\x05\x06"
_END64 = b"PK\x06\x06"
_LOCATOR64 = b"PK\x06\x07"
_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"
_END_SIZE = 22
_CHUNK = 1 << 20  # inflated a mebibyte at a time
_STORED, _DEFLATED = 0, 8
UNREADABLE = "unreadable"


class ArchiveRefused(Exception):
    """The package is refused; ``reason`` says why, in French."""

    def __init__(self, reason: str, kind: str = "content") -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Member:
    """One entry of the central directory."""

    name: str
    method: int
    flags: int
    compressed: int
    size: int  # as declared
    offset: int  # of its local header


def _end_record(data: bytes) -> tuple[int, int, int, int]:
    """(position of the end record, entries it declares, directory size, directory offset)."""
    start = data.rfind(_END, max(0, len(data) - 65536 - _END_SIZE))
    if start < 0 or len(data) - start < _END_SIZE:
        raise ArchiveRefused(
            "archive ZIP illisible : la fin de l'archive est introuvable", UNREADABLE
        )
    _, _, _, _, count, size, offset, _ = struct.unpack("<4sHHHHIIH", data[start : start + 22])
    locator = start - 20
    if locator >= 0 and data[locator : locator + 4] == _LOCATOR64:  # ZIP64, as zipfile reads it
        (record,) = struct.unpack("<Q", data[locator + 8 : locator + 16])
        if data[record : record + 4] != _END64:
            raise ArchiveRefused(
                "archive ZIP illisible : enregistrement ZIP64 introuvable", UNREADABLE
            )
        count, size, offset = struct.unpack("<QQQ", data[record + 32 : record + 56])
        return record, count, size, offset
    return start, count, size, offset


def _zip64_extra(extra: bytes, size: int, compressed: int, offset: int) -> tuple[int, int, int]:
    position = 0
    while position + 4 <= len(extra):
        tag, length = struct.unpack("<HH", extra[position : position + 4])
        body = extra[position + 4 : position + 4 + length]
        if tag == 1:
            values = list(struct.unpack(f"<{len(body) // 8}Q", body[: len(body) // 8 * 8]))
            if size == 0xFFFFFFFF and values:
                size = values.pop(0)
            if compressed == 0xFFFFFFFF and values:
                compressed = values.pop(0)
            if offset == 0xFFFFFFFF and values:
                offset = values.pop(0)
        position += 4 + length
    return size, compressed, offset


def members(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[Member]:
    """The entries of the central directory, walked by hand; refused past ``max_zip_entries``
    (counted, not taken from the end record, which may lie)."""
    end, declared, size, offset = _end_record(data)
    too_many = ArchiveRefused(
        f"archive ZIP de plus de {limits.max_zip_entries:,} entrées "
        f"({limits.setting('max_zip_entries')})".replace(",", "\u202f")
    )
    if declared > limits.max_zip_entries:
        raise too_many
    # Like zipfile: the directory sits right before the end record (data may be prepended).
    start = end - size
    shift = start - offset
    if start < 0:
        raise ArchiveRefused(
            "archive ZIP illisible : répertoire central hors du fichier", UNREADABLE
        )
    found: list[Member] = []
    position = start
    while position < end:
        if data[position : position + 4] != _CENTRAL:
            break
        if len(found) >= limits.max_zip_entries:
            raise too_many
        fields = struct.unpack("<4s4B4HL2L5H2L", data[position : position + 46])
        flags, method = fields[5], fields[6]
        compressed, declared_size = fields[10], fields[11]
        name_length, extra_length, comment_length = fields[12], fields[13], fields[14]
        header = fields[18]
        name_bytes = data[position + 46 : position + 46 + name_length]
        extra = data[position + 46 + name_length : position + 46 + name_length + extra_length]
        declared_size, compressed, header = _zip64_extra(extra, declared_size, compressed, header)
        name = name_bytes.decode("utf-8" if flags & 0x800 else "cp437", errors="replace")
        found.append(Member(name, method, flags, compressed, declared_size, header + shift))
        position += 46 + name_length + extra_length + comment_length
    return found


def names(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[str] | None:
    """The entry names of a ZIP archive, or None when it cannot be listed within the limits."""
    try:
        return [m.name for m in members(data, limits)]
    except (ArchiveRefused, struct.error):
        return None


# --- inflating ---------------------------------------------------------------------------


def _raw(data: bytes, member: Member) -> memoryview:
    start = member.offset
    if start < 0 or data[start : start + 4] != _LOCAL:
        raise ArchiveRefused(
            f"archive ZIP illisible : entrée « {member.name} » introuvable", UNREADABLE
        )
    name_length, extra_length = struct.unpack("<HH", data[start + 26 : start + 30])
    begin = start + 30 + name_length + extra_length
    return memoryview(data)[begin : begin + member.compressed]


def _inflate(raw: memoryview, member: Member) -> Iterator[bytes]:
    """The entry's content, a mebibyte at a time (never more in memory)."""
    if member.method == _STORED:
        for start in range(0, len(raw), _CHUNK):
            yield bytes(raw[start : start + _CHUNK])
        return
    if member.method != _DEFLATED:
        raise ArchiveRefused(
            f"entrée « {member.name} » : méthode de compression {member.method} non prise en "
            "charge (les fichiers Office n'utilisent que deflate)"
        )
    inflater = zlib.decompressobj(-15)
    for start in range(0, len(raw), _CHUNK):
        pending = bytes(raw[start : start + _CHUNK])
        while pending:
            try:
                out = inflater.decompress(pending, _CHUNK)
            except zlib.error as exc:
                raise ArchiveRefused(
                    f"archive ZIP illisible : entrée « {member.name} » endommagée ({exc})",
                    UNREADABLE,
                ) from exc
            pending = inflater.unconsumed_tail
            if out:
                yield out
        if inflater.eof:
            return


# --- XML parts ---------------------------------------------------------------------------


class _Stop(Exception):
    pass


class _Doctype(Exception):
    pass


class _XmlScan:
    """Feeds one XML part to expat: refuses a DTD; passes each element's name to ``count``
    (or stops at the root element when only the DTD matters)."""

    def __init__(self, count: Callable[[str], None] | None) -> None:
        self.parser = expat.ParserCreate()
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype
        self.parser.StartElementHandler = self._element
        self.count = count
        self.stopped = False

    def _doctype(self, *_: object) -> None:
        raise _Doctype

    def _element(self, name: str, _attributes: object) -> None:
        if self.count is None:
            raise _Stop
        self.count(name)

    def feed(self, chunk: bytes, final: bool = False) -> None:
        if self.stopped:
            return
        try:
            self.parser.Parse(chunk, final)
        except _Stop:
            self.stopped = True
        except expat.ExpatError:
            self.stopped = True  # malformed: its library will say so; what was read counts


def _looks_xml(first: bytes) -> bool:
    head = first[:64]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def check(
    data: bytes,
    limits: Limits = DEFAULT_LIMITS,
    *,
    streamed: Callable[[str], bool] = lambda name: False,
) -> list[Member]:
    """Check a ZIP package against the limits; raises ``ArchiveRefused``. ``streamed(name)``
    says which parts the library reads as a stream, row by row (an Excel sheet): their
    elements are not counted, their ``<row>`` elements are, against ``max_lines``."""
    entries = members(data, limits)
    declared = sum(m.size for m in entries)
    if declared > limits.max_unpacked_bytes:
        raise ArchiveRefused(_unpacked_message(declared, limits))
    for member in entries:
        if member.flags & 0x1:
            raise ArchiveRefused(f"entrée « {member.name} » chiffrée : document protégé")
        if member.size > RATIO_FLOOR and member.size > limits.max_compression_ratio * max(
            1, member.compressed
        ):
            raise ArchiveRefused(_ratio_message(member, member.size, limits))
    elements = 0
    rows = 0

    def count(_name: str) -> None:
        nonlocal elements
        elements += 1
        if elements > limits.max_xml_elements:
            raise ArchiveRefused(
                f"document de plus de {limits.max_xml_elements:,} éléments XML "
                f"({limits.setting('max_xml_elements')})".replace(",", "\u202f")
            )

    def count_rows(name: str) -> None:
        nonlocal rows
        if name == "row" or name.endswith(":row"):
            rows += 1
            if rows > limits.max_lines:
                raise ArchiveRefused(
                    f"classeur de plus de {limits.max_lines:,} lignes "
                    f"({limits.setting('max_lines')})".replace(",", "\u202f")
                )

    total = 0
    for member in entries:
        inflated = 0
        scan: _XmlScan | None = None
        first = True
        for chunk in _inflate(_raw(data, member), member):
            inflated += len(chunk)
            total += len(chunk)
            if inflated > member.size:
                raise ArchiveRefused(
                    f"archive ZIP falsifiée : l'entrée « {member.name} » annonce "
                    f"{member.size:,} octets et en contient davantage".replace(",", "\u202f")
                )
            if total > limits.max_unpacked_bytes:
                raise ArchiveRefused(_unpacked_message(total, limits))
            if inflated > RATIO_FLOOR and inflated > limits.max_compression_ratio * max(
                1, member.compressed
            ):
                raise ArchiveRefused(_ratio_message(member, inflated, limits))
            if first:
                first = False
                if _looks_xml(chunk):
                    scan = _XmlScan(count_rows if streamed(member.name) else count)
            if scan is not None:
                try:
                    scan.feed(chunk)
                except _Doctype:
                    raise ArchiveRefused(
                        f"partie XML « {member.name} » avec une DTD (<!DOCTYPE>) : refusée, "
                        "les fichiers Office n'en ont jamais (entités, références externes)"
                    ) from None
                if scan.stopped:
                    scan = None
        if scan is not None:
            try:
                scan.feed(b"", final=True)
            except _Doctype:
                raise ArchiveRefused(
                    f"partie XML « {member.name} » avec une DTD (<!DOCTYPE>) : refusée"
                ) from None
    return entries


def _unpacked_message(size: int, limits: Limits) -> str:
    return (
        f"archive qui se décompresse en plus de {mib(limits.max_unpacked_bytes)} "
        f"(au moins {mib(size)} ; {limits.setting('max_unpacked_bytes')})"
    )


def _ratio_message(member: Member, size: int, limits: Limits) -> str:
    ratio = size // max(1, member.compressed)
    return (
        f"bombe de décompression : l'entrée « {member.name} » se décompresse {ratio:,} fois "
        f"(limite {limits.max_compression_ratio} ; "
        f"{limits.setting('max_compression_ratio')})".replace(",", "\u202f")
    )
