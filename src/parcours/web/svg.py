"""Pictures drawn by the server as SVG: the heatmap of a jobs x items matrix.

The SVG is decorative help for the eye: every page that shows one also gives the same data
as a table, so the picture has a title and a description and nothing depends on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# A sequential blue scale (light to dark); the darkest keeps white text readable (WCAG AA).
SCALE: tuple[str, ...] = ("#f0f4ff", "#c9d6ff", "#8fa8f5", "#4d6fd6", "#000091")
EMPTY = "#ffffff"
CELL = 22
LABEL_WIDTH = 260
HEADER_HEIGHT = 150


@dataclass(frozen=True, slots=True)
class HeatRow:
    label: str
    values: Sequence[float | None]  # 0..1, None for an empty cell
    group: str | None = None


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def color(value: float | None) -> str:
    if value is None:
        return EMPTY
    index = min(len(SCALE) - 1, max(0, round(value * (len(SCALE) - 1))))
    return SCALE[index]


def heatmap(
    ident: str, title: str, description: str, columns: Sequence[str], rows: Sequence[HeatRow]
) -> Markup:
    """An SVG heatmap: one column per job, one row per item, darker = stronger."""
    width = LABEL_WIDTH + CELL * max(1, len(columns)) + 10
    height = HEADER_HEIGHT + CELL * max(1, len(rows)) + 10
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]
    for i, name in enumerate(columns):
        x = LABEL_WIDTH + CELL * i + CELL / 2
        parts.append(
            f'<text x="{x}" y="{HEADER_HEIGHT - 6}" transform="rotate(-60 {x} {HEADER_HEIGHT - 6})"'
            f' font-size="11" fill="#1b1b1b">{escape(_short(name, 28))}</text>'
        )
    for r, row in enumerate(rows):
        y = HEADER_HEIGHT + CELL * r
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + CELL * 0.7}" text-anchor="end" font-size="11"'
            f' fill="#1b1b1b">{escape(_short(row.label, 42))}</text>'
        )
        for c, value in enumerate(row.values):
            x = LABEL_WIDTH + CELL * c
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL - 2}" height="{CELL - 2}" '
                f'fill="{color(value)}" stroke="#929292" stroke-width="0.5"/>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
