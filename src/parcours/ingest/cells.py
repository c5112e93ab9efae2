"""Reading markdown-ish pipe tables whose cells hold bits of HTML.

PDF-to-text converters render tables as ``| cell | cell |`` rows where a cell may
carry ``<p>`` paragraphs, ``<ul>`` lists with "•" or "-" bullets, ``<i>`` and
entities. These helpers are pure and never raise on odd input.
"""

from __future__ import annotations

import html
import re

from parcours.ingest.prose import collapse

# A tag: "<p>", "</i>", '<ul style="...">', "<br/>", "<!-- ... -->". A lone "<" in prose
# ("a < b") is not followed by a letter, so it is kept.
_TAG = re.compile(r"</?[A-Za-z!?][^<>]*>")
# A paragraph: from "<p>" to "</p>", or to the next block tag when "</p>" is missing.
_PARAGRAPH = re.compile(
    r"<p\b[^<>]*>(?P<body>.*?)(?:</p\s*>|(?=<(?:p|ul|ol|li|div|table)\b)|$)",
    re.IGNORECASE | re.DOTALL,
)
# An unescaped pipe separates cells; "\|" is a pipe inside a cell.
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
_SEPARATOR_CELL = re.compile(r":?-+:?")
# A list bullet: "•" anywhere, or "-" standing alone between spaces or bullets
# (not the hyphen of "relation-client").
_BULLET = re.compile(r"•|(?:^|(?<=[\s•]))-(?=[\s•]|$)")


def split_row(line: str) -> list[str] | None:
    """The raw cells of a pipe-table row, or None when the line is not a table row."""
    stripped = line.strip()
    if not stripped.startswith("|"):
        return None
    body = stripped[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [cell.replace("\\|", "|").strip() for cell in _CELL_SEPARATOR.split(body)]


def is_separator(cells: list[str]) -> bool:
    """True for the "|---|:--|" row under a table header."""
    filled = [cell for cell in cells if cell]
    return bool(filled) and all(_SEPARATOR_CELL.fullmatch(cell) for cell in filled)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, spaces normalised.

    Tags and entities are removed until none is left, so that an escaped tag
    ("&lt;p&gt;") does not survive as markup and the function is idempotent.
    """
    text = fragment
    while True:
        decoded = html.unescape(_TAG.sub(" ", text))
        if decoded == text:
            break
        text = decoded
    return collapse(text)


def paragraphs(fragment: str) -> list[str]:
    """The non-empty texts of the ``<p>`` paragraphs of a fragment, in order."""
    texts = (html_to_text(match.group("body")) for match in _PARAGRAPH.finditer(fragment))
    return [text for text in texts if text]


def outside_paragraphs(fragment: str) -> str:
    """The fragment without its ``<p>`` paragraphs (typically the list that follows them)."""
    return _PARAGRAPH.sub(" ", fragment)


def split_items(fragment: str) -> list[str]:
    """The items of a bulleted list ("• a • b", "- <i>a</i> - <i>b</i>"), empty ones dropped."""
    parts = _BULLET.split(html_to_text(fragment))
    return [part.strip() for part in parts if part.strip()]
