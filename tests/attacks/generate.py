"""Hostile import files, generated (never committed, never downloaded).

Each ``Attack`` builds its bytes on demand, in memory or in a folder: decompression bombs
(DOCX and XLSX whose XML inflates to a gibibyte, forged ZIP headers, 200,000 entries), XML
with a DTD (billion laughs, an external entity), PDFs of 20,000 pages or with a stream that
inflates to a gibibyte, a text file over the size limit, a text file of 300,000 lines, a
sheet that yields a flood of warnings, deep JSON, and the HRIS files of issue 12 (a CSV cell
over 128 KiB, an .xlsx with a DOCTYPE).

The bombs are cheap to build: the deflate stream of one chunk, ended by a full flush (which
leaves no reference to what came before), is repeated as many times as needed, so a gibibyte
of XML costs a megabyte of output and one CRC pass.

    python -m tests.attacks.generate OUTDIR [--scale 1.0]   # writes every attack file

``scale`` shrinks the inflated sizes (the tests use small ones: the refusal happens before
anything is inflated); 1.0 is the size of the probe's files.
"""

from __future__ import annotations

import argparse
import io
import struct
import sys
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
GIB = 1024 * MIB

# --- deflate streams that inflate far ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Inflating:
    """A raw deflate stream with the CRC-32, Adler-32 and size of what it inflates to."""

    deflated: bytes
    size: int
    crc: int
    adler: int


def _flushed(data: bytes, final: bool = False) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = compressor.compress(data)
    return out + compressor.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def inflating(head: bytes, unit: bytes, size: int, tail: bytes) -> Inflating:
    """``head``, then ``unit`` repeated to about ``size`` bytes, then ``tail``, as raw deflate,
    built without holding it inflated (a mebibyte is deflated once and its output repeated)."""
    chunk = unit * max(1, min(MIB, size) // len(unit))
    repeat = max(1, size // len(chunk))
    block = _flushed(chunk)
    deflated = _flushed(head) + block * repeat + _flushed(tail, final=True)
    crc = zlib.crc32(head)
    adler = zlib.adler32(head)
    # CRC and Adler over the repeats, a mebibyte at a time.
    per = max(1, MIB // max(1, len(chunk)))
    big = chunk * per
    done = 0
    while done + per <= repeat:
        crc = zlib.crc32(big, crc)
        adler = zlib.adler32(big, adler)
        done += per
    for _ in range(repeat - done):
        crc = zlib.crc32(chunk, crc)
        adler = zlib.adler32(chunk, adler)
    crc = zlib.crc32(tail, crc)
    adler = zlib.adler32(tail, adler)
    return Inflating(deflated, len(head) + len(chunk) * repeat + len(tail), crc, adler)


def zlib_stream(stream: Inflating) -> bytes:
    """The raw deflate stream wrapped as zlib (a PDF /FlateDecode stream)."""
    return b"\x78\xda" + stream.deflated + struct.pack(">I", stream.adler & 0xFFFFFFFF)


# --- a ZIP writer that can lie -------------------------------------------------------------


@dataclass(slots=True)
class Entry:
    """One ZIP member: its name and content (stored or deflated), with sizes it may lie about."""

    name: str
    data: bytes  # what is written: raw deflate when ``deflated``, else the content
    size: int  # inflated size
    crc: int
    deflated: bool = True
    declared_size: int | None = None  # the size the headers claim (a lie when not None)


def entry(name: str, content: bytes) -> Entry:
    return Entry(name, _flushed(content, final=True), len(content), zlib.crc32(content))


def bomb_entry(name: str, stream: Inflating, declared_size: int | None = None) -> Entry:
    return Entry(name, stream.deflated, stream.size, stream.crc, True, declared_size)


def zip_bytes(entries: Iterable[Entry], *, declared_count: int | None = None) -> bytes:
    """A ZIP archive (no ZIP64: every size below 4 GiB); ``declared_count`` forges the count of
    entries the end record gives."""
    out = io.BytesIO()
    central = io.BytesIO()
    count = 0
    for item in entries:
        count += 1
        name = item.name.encode()
        method = 8 if item.deflated else 0
        size = item.size if item.declared_size is None else item.declared_size
        offset = out.tell()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                method,
                0,
                0x21,
                item.crc,
                len(item.data),
                size & 0xFFFFFFFF,
                len(name),
                0,
            )
        )
        out.write(name)
        out.write(item.data)
        central.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                method,
                0,
                0x21,
                item.crc,
                len(item.data),
                size & 0xFFFFFFFF,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        central.write(name)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    shown = count if declared_count is None else declared_count
    out.write(
        struct.pack(
            "<IHHHHIIH",
            0x06054B50,
            0,
            0,
            min(shown, 0xFFFF),
            min(shown, 0xFFFF),
            len(directory),
            start,
            0,
        )
    )
    return out.getvalue()


# --- Office packages -----------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"
DOC_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
BOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _types(*overrides: tuple[str, str]) -> bytes:
    parts = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
    return (
        XML_HEAD
        + (
            f'<Types xmlns="{PKG}/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{parts}</Types>'
        ).encode()
    )


def _rels(*targets: tuple[str, str, str]) -> bytes:
    items = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{p}"/>' for i, t, p in targets)
    return XML_HEAD + f'<Relationships xmlns="{PKG}/relationships">{items}</Relationships>'.encode()


def docx_parts(document: Entry) -> list[Entry]:
    """The minimal parts of a Word document around ``document`` (word/document.xml)."""
    return [
        entry("[Content_Types].xml", _types(("/word/document.xml", DOC_TYPE))),
        entry("_rels/.rels", _rels(("rId1", OFFICE_DOC, "word/document.xml"))),
        document,
    ]


def docx_document(paragraphs: Iterable[str], prolog: bytes = b"") -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return (
        XML_HEAD
        + prolog
        + f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()
    )


def small_docx(paragraphs: Iterable[str] = ("Fonction", "Conseiller II.1 (H/F)")) -> bytes:
    return zip_bytes(docx_parts(entry("word/document.xml", docx_document(paragraphs))))


def _docx_bomb_stream(size: int) -> Inflating:
    head = XML_HEAD + f'<w:document xmlns:w="{W}"><w:body>'.encode()
    unit = b"<w:p><w:r><w:t>bombe</w:t></w:r></w:p>"
    return inflating(head, unit, size, b"</w:body></w:document>")


def docx_bomb(size: int = GIB) -> bytes:
    """A Word document whose body inflates to ``size`` bytes of paragraphs (honest headers)."""
    return zip_bytes(docx_parts(bomb_entry("word/document.xml", _docx_bomb_stream(size))))


def docx_lying_sizes(size: int = GIB) -> bytes:
    """The same bomb, its headers claiming 2 KB: the reader must trust only what it inflates."""
    stream = _docx_bomb_stream(size)
    return zip_bytes(docx_parts(bomb_entry("word/document.xml", stream, declared_size=2048)))


def docx_dense(size: int = 48 * MIB) -> bytes:
    """A Word document whose body is ``size`` bytes of empty paragraphs, stored uncompressed
    (no ratio to catch): millions of XML elements for the parser's tree."""
    head = XML_HEAD + f'<w:document xmlns:w="{W}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    content = head + b"<w:p/>" * max(1, (size - len(head) - len(tail)) // 6) + tail
    document = Entry("word/document.xml", content, len(content), zlib.crc32(content), False)
    return zip_bytes(docx_parts(document))


def many_entries(count: int = 200_000, *, declared_count: int | None = None) -> bytes:
    """A Word document with ``count`` tiny members (and, with ``declared_count``, an end
    record that hides them)."""
    members = docx_parts(entry("word/document.xml", docx_document(["Fonction"])))
    filler = entry("x", b"")

    def all_entries() -> Iterable[Entry]:
        yield from members
        for index in range(count):
            yield Entry(f"word/media/{index}", filler.data, 0, filler.crc)

    return zip_bytes(all_entries(), declared_count=declared_count)


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
).encode()
EXTERNAL = b'<!DOCTYPE doc [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def docx_doctype(dtd: bytes = LAUGHS, reference: str = "&lol9;") -> bytes:
    """A Word document whose XML declares a DTD (billion laughs, or an external entity)."""
    document = docx_document(["Fonction", reference], prolog=dtd)
    return zip_bytes(docx_parts(entry("word/document.xml", document)))


def _xlsx(sheet: Entry, strings: Entry | None = None) -> bytes:
    overrides = [("/xl/workbook.xml", BOOK_TYPE), ("/xl/worksheets/sheet1.xml", SHEET_TYPE)]
    targets = [("rId1", f"{R}/worksheet", "worksheets/sheet1.xml")]
    if strings is not None:
        overrides.append(("/xl/sharedStrings.xml", STRINGS_TYPE))
        targets.append(("rId2", f"{R}/sharedStrings", "sharedStrings.xml"))
    book = (
        XML_HEAD
        + (
            f'<workbook xmlns="{S}" xmlns:r="{R}"><sheets>'
            '<sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode()
    )
    parts = [
        entry("[Content_Types].xml", _types(*overrides)),
        entry("_rels/.rels", _rels(("rId1", OFFICE_DOC, "xl/workbook.xml"))),
        entry("xl/workbook.xml", book),
        entry("xl/_rels/workbook.xml.rels", _rels(*targets)),
        sheet,
    ]
    if strings is not None:
        parts.append(strings)
    return zip_bytes(parts)


def _row(number: int, cells: Iterable[str]) -> str:
    out = "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in cells)
    return f'<row r="{number}">{out}</row>'


def sheet_xml(rows: Iterable[Iterable[str]], prolog: bytes = b"") -> bytes:
    body = "".join(_row(n, cells) for n, cells in enumerate(rows, start=1))
    return (
        XML_HEAD
        + prolog
        + f'<worksheet xmlns="{S}"><sheetData>{body}</sheetData></worksheet>'.encode()
    )


def small_xlsx(rows: Iterable[Iterable[str]], prolog: bytes = b"") -> bytes:
    return _xlsx(entry("xl/worksheets/sheet1.xml", sheet_xml(rows, prolog)))


def xlsx_bomb(size: int = GIB) -> bytes:
    """A workbook whose sheet inflates to ``size`` bytes of rows."""
    head = XML_HEAD + f'<worksheet xmlns="{S}"><sheetData>'.encode()
    unit = _row(1, ["bombe", "bombe"]).encode()
    stream = inflating(head, unit, size, b"</sheetData></worksheet>")
    return _xlsx(bomb_entry("xl/worksheets/sheet1.xml", stream))


def xlsx_strings_bomb(size: int = GIB) -> bytes:
    """A workbook whose shared strings inflate to ``size`` bytes (read whole by openpyxl)."""
    head = XML_HEAD + f'<sst xmlns="{S}">'.encode()
    stream = inflating(head, b"<si><t>b</t></si>", size, b"</sst>")
    sheet = entry(
        "xl/worksheets/sheet1.xml",
        XML_HEAD
        + f'<worksheet xmlns="{S}"><sheetData><row r="1"><c t="s"><v>0</v></c>'
        "</row></sheetData></worksheet>".encode(),
    )
    return _xlsx(sheet, bomb_entry("xl/sharedStrings.xml", stream))


def xlsx_doctype(dtd: bytes = LAUGHS, reference: str = "&lol9;") -> bytes:
    """An HRIS-shaped workbook whose sheet declares a DTD."""
    rows = [["matricule", "referentiel", "emploi", "equipe"], ["A1", "R", "J", reference]]
    return small_xlsx(rows, prolog=dtd)


def xlsx_many_rows(rows: int = 400_000) -> bytes:
    """A workbook of ``rows`` short rows, its sheet within the size and ratio limits."""
    body = "".join(_row(n, [f"v{n}"]) for n in range(1, rows + 1))
    content = (
        XML_HEAD + f'<worksheet xmlns="{S}"><sheetData>{body}</sheetData></worksheet>'.encode()
    )
    return _xlsx(
        Entry("xl/worksheets/sheet1.xml", content, len(content), zlib.crc32(content), False)
    )


# --- PDF -----------------------------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (object 1 the catalog), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _stream(data: bytes, flate: bool = False) -> bytes:
    extra = b" /Filter /FlateDecode" if flate else b""
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_pages(pages: int = 20_000) -> bytes:
    """A PDF of ``pages`` pages sharing one small content stream (about 3 MB for 20,000)."""
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        _stream(b"BT /F1 12 Tf 72 712 Td (Fonction) Tj ET"),
        FONT,
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
    page += b"/Resources << /Font << /F1 4 0 R >> >> >>"
    objects.extend(page for _ in range(pages))
    return _pdf(objects)


def pdf_stream_bomb(size: int = GIB, pages: int = 1) -> bytes:
    """A PDF whose page content stream inflates to ``size`` bytes (``pages`` pages share it)."""
    unit = b"BT /F1 12 Tf 72 712 Td (bombe) Tj ET\n"
    stream = inflating(b"", unit, size, b"")
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
    page += b"/Resources << /Font << /F1 4 0 R >> >> >>"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            _stream(zlib_stream(stream), flate=True),
            FONT,
            *(page for _ in range(pages)),
        ]
    )


def pdf_busy_pages(size: int = 4 * MIB, pages: int = 2_000) -> bytes:
    """A PDF of ``pages`` pages sharing a ``size``-byte content stream of drawing operators
    (no text): within every size limit, slow to read (its time is what stops it)."""
    stream = inflating(b"", b"0 0 m 1 1 l S\n", size, b"")
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
    page += b"/Resources << /Font << /F1 4 0 R >> >> >>"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            _stream(zlib_stream(stream), flate=True),
            FONT,
            *(page for _ in range(pages)),
        ]
    )


def pdf_deep_nesting(depth: int = 100_000) -> bytes:
    """A PDF whose page dictionary holds an array nested ``depth`` times."""
    nested = b"[" * depth + b"]" * depth
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /X %s >>"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            _stream(b"BT ET"),
            page % nested,
        ]
    )


# --- text ----------------------------------------------------------------------------------


def text_big(size: int = 60 * MIB) -> bytes:
    """A text file of ``size`` bytes (the probe's 60 MiB), of short French lines."""
    line = "Conseiller clientèle : ligne de remplissage.\n".encode()
    return line * (size // len(line) + 1)


def text_many_lines(lines: int = 300_000) -> bytes:
    """A text file of ``lines`` one-character lines (a few hundred kilobytes)."""
    return b"a\n" * lines


def sheet_with_warnings(junk_lines: int = 90_000) -> bytes:
    """A made-up fiche fonction (invented titles) whose every junk line is a warning."""
    head = ["Fonction", "OPERATEUR DE TEST II.1 (H/F)", ""]
    junk = [f"ligne {n} hors de toute section ; à vérifier" for n in range(junk_lines)]
    tail = [
        "",
        "Évolutions possibles",
        "Au sein du métier",
        "OPERATEUR DE TEST II.2 (H/F)",
        "",
        "Raisons d'être",
        "Tester l'import.",
        "",
        "Compétences",
        "SAVOIR-FAIRE",
        "Analyse",
    ]
    # Junk after the title (not before the first section heading, which is "Fonction"):
    # the title's section reports every extra line.
    return "\n".join([*head[:2], *junk, *tail]).encode()


def json_deep(depth: int = 200_000) -> bytes:
    return b'{"format": "parcours/1", "jobs": ' + b"[" * depth + b"]" * depth + b"}"


def html_deep(depth: int = 200_000) -> bytes:
    return b"<html><body>" + b"<div>" * depth + b"Fonction" + b"</div>" * depth + b"</body></html>"


# --- HRIS ----------------------------------------------------------------------------------


def hris_big_cell(size: int = 200 * 1024) -> bytes:
    """An HRIS CSV whose third line holds a cell over the csv module's 128 KiB field limit."""
    return (
        "matricule;referentiel;emploi;equipe\n"
        "A1;Banque Exemple;conseiller;crc\n"
        f"A2;Banque Exemple;{'x' * size};crc\n"
    ).encode()


def hris_xlsx_doctype() -> bytes:
    return xlsx_doctype()


def hris_xlsx_external() -> bytes:
    return xlsx_doctype(EXTERNAL, "&xxe;")


# --- the catalogue ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attack:
    """An attack file: its kind (the table's row), its file name and how to build it."""

    kind: str
    filename: str
    build: Callable[[], bytes]
    target: str = "import"  # "import" (documents) or "hris" (people)
    expect: str = "refused"  # or "imported" (a valid file, its warnings capped)


def attacks(scale: float = 1.0) -> list[Attack]:
    """Every attack; ``scale`` < 1 shrinks the inflated sizes (never below the limits' defaults
    at 1/16: 64 MiB of XML, 64 MiB of PDF stream)."""

    def sized(value: int) -> int:
        return max(1, int(value * scale))

    return [
        Attack("ZIP bomb (DOCX)", "bombe.docx", lambda: docx_bomb(sized(GIB))),
        Attack(
            "ZIP bomb, forged sizes", "tailles-fausses.docx", lambda: docx_lying_sizes(sized(GIB))
        ),
        Attack("ZIP, 200,000 entries", "entrees.docx", lambda: many_entries(200_000)),
        Attack(
            "ZIP, entries hidden by the end record",
            "entrees-cachees.docx",
            lambda: many_entries(200_000, declared_count=3),
        ),
        Attack("DOCX, 8 million XML elements", "dense.docx", lambda: docx_dense(48 * MIB)),
        Attack("DOCX, billion laughs DTD", "rires.docx", docx_doctype),
        Attack("DOCX, external entity", "xxe.docx", lambda: docx_doctype(EXTERNAL, "&xxe;")),
        Attack("XLSX bomb (sheet)", "bombe.xlsx", lambda: xlsx_bomb(sized(GIB))),
        Attack("XLSX bomb (shared strings)", "chaines.xlsx", lambda: xlsx_strings_bomb(sized(GIB))),
        Attack("XLSX, 400,000 rows", "lignes.xlsx", lambda: xlsx_many_rows(400_000)),
        Attack("PDF, 20,000 pages", "pages.pdf", lambda: pdf_pages(20_000)),
        Attack("PDF, stream bomb", "flux.pdf", lambda: pdf_stream_bomb(sized(GIB))),
        Attack(
            "PDF, 200 pages sharing a 30 MiB stream",
            "flux-partage.pdf",
            lambda: pdf_stream_bomb(30 * MIB, pages=200),
        ),
        Attack("PDF, 2,000 pages of drawing (CPU)", "dessin.pdf", lambda: pdf_busy_pages(8 * MIB)),
        Attack("PDF, nesting 100,000 deep", "imbrication.pdf", lambda: pdf_deep_nesting(100_000)),
        Attack("text, 60 MiB", "gros.txt", lambda: text_big(60 * MIB)),
        Attack("text, 300,000 lines", "lignes.txt", lambda: text_many_lines(300_000)),
        Attack(
            "text, warnings flood",
            "alertes.txt",
            lambda: sheet_with_warnings(90_000),
            expect="imported",
        ),
        Attack("JSON, nesting 200,000 deep", "imbrication.json", lambda: json_deep(200_000)),
        Attack("HTML, nesting 200,000 deep", "imbrication.html", lambda: html_deep(200_000)),
        Attack("HRIS CSV, 200 KiB cell", "sirh-cellule.csv", hris_big_cell, target="hris"),
        Attack(
            "HRIS XLSX, billion laughs DTD", "sirh-rires.xlsx", hris_xlsx_doctype, target="hris"
        ),
        Attack("HRIS XLSX, external entity", "sirh-xxe.xlsx", hris_xlsx_external, target="hris"),
        Attack("HRIS XLSX bomb", "sirh-bombe.xlsx", lambda: xlsx_bomb(sized(GIB)), target="hris"),
    ]


def write_all(folder: Path, scale: float = 1.0) -> list[tuple[Attack, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Attack, Path]] = []
    for attack in attacks(scale):
        path = folder / attack.filename
        path.write_bytes(attack.build())
        written.append((attack, path))
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    for attack, path in write_all(args.folder, args.scale):
        print(f"{path}\t{path.stat().st_size:>10,} octets\t{attack.kind}")


if __name__ == "__main__":
    main(sys.argv[1:])
