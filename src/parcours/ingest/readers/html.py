"""HTML documents: visible text, one line per block, tables as tab-separated rows."""

from __future__ import annotations

from html.parser import HTMLParser

from parcours.ingest.limits import DEFAULT_LIMITS, Limits, check_text, too_much_text
from parcours.ingest.readers.plaintext import decode
from parcours.ingest.text import ExtractedText

# The markup an HTML page may carry around its text, at most (times ``max_text_chars``).
MARKUP_FACTOR = 4

_BLOCKS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "hr",
    }
)
_HIDDEN = frozenset({"script", "style", "head", "template", "noscript"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.cells_in_row = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
            if tag == "tr":
                self.cells_in_row = 0
        elif tag in {"td", "th"}:
            # Cells are tab-separated, as the other readers give table rows.
            if self.cells_in_row:
                self.parts.append("\t")
            self.cells_in_row += 1
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(" ".join(data.split("\n")))


def read_html(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> ExtractedText:
    text, _ = decode(data)
    if len(text) > MARKUP_FACTOR * limits.max_text_chars:
        raise too_much_text(filename, limits)
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    lines = [line.strip(" ").replace("\t ", "\t") for line in "".join(collector.parts).split("\n")]
    # Collapse runs of blank lines left by nested blocks, keep one as a paragraph break.
    out: list[str] = []
    for line in lines:
        cleaned = line.lstrip("\t") if line.strip() == "" else line
        if cleaned.strip() == "" and out and out[-1] == "":
            continue
        out.append(cleaned if cleaned.strip() else "")
    result = "\n".join(out).strip("\n")
    check_text(result, filename, limits)
    return ExtractedText.from_string(result, "html")
