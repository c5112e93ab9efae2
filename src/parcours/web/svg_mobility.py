"""SVG pictures of the engine's answers, drawn by the server: the mobility graph around a job
and the gap bar chart. Every shape has a text equivalent on the page (tables) for screen
readers; the SVG itself carries a title and description."""

from __future__ import annotations

import math
from html import escape

from parcours.services.mobility import GapReport, Recommendations

DECLARED = "#000091"  # solid, dark blue
COMPUTED = "#6a6a6a"  # dashed, grey


def _short(text: str, size: int = 28) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def mobility_graph(result: Recommendations, href: dict[str, str], title: str) -> str:
    """The job in the middle, its targets around it; declared moves solid blue, computed ones
    dashed grey (a legend says so); each node links to its job sheet."""
    width, height, radius = 760, 520, 200
    cx, cy = width / 2, height / 2 + 10
    n = max(1, len(result.items))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        # A group, not an image: its nodes are links (an image may not contain controls).
        f'role="group" aria-labelledby="g-title g-desc" class="mobility-graph">',
        f'<title id="g-title">{escape(title)}</title>',
        f'<desc id="g-desc">{len(result.items)} postes cibles ; traits pleins : mobilités '
        "déclarées, tirets : mobilités calculées.</desc>",
        '<g class="legend" font-size="13">'
        f'<line x1="16" y1="20" x2="56" y2="20" stroke="{DECLARED}" stroke-width="3"/>'
        '<text x="62" y="24">déclarée (document)</text>'
        f'<line x1="220" y1="20" x2="260" y2="20" stroke="{COMPUTED}" stroke-width="2" '
        'stroke-dasharray="6 4"/><text x="266" y="24">calculée (compétences, grade)</text></g>',
    ]
    nodes: list[str] = []
    for i, item in enumerate(result.items):
        angle = 2 * math.pi * i / n - math.pi / 2
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        color, dash, stroke = (
            (DECLARED, "", 3) if item.declared else (COMPUTED, ' stroke-dasharray="6 4"', 2)
        )
        parts.append(
            f'<line x1="{cx:.0f}" y1="{cy:.0f}" x2="{x:.0f}" y2="{y:.0f}" stroke="{color}" '
            f'stroke-width="{stroke}"{dash}/>'
        )
        label = escape(_short(item.title))
        link = escape(href.get(item.target, "#"))
        nodes.append(
            f'<a href="{link}"><g class="node"><circle cx="{x:.0f}" cy="{y:.0f}" r="9" '
            f'fill="{color}"/><text x="{x:.0f}" y="{y + 24:.0f}" text-anchor="middle" '
            f'font-size="12">{label}</text><text x="{x:.0f}" y="{y + 38:.0f}" '
            f'text-anchor="middle" font-size="11" fill="#3a3a3a">{item.score:.2f}</text></g></a>'
        )
    parts.extend(nodes)
    source = result.source.title if result.source else (result.person or "")
    parts.append(
        f'<g class="centre"><circle cx="{cx:.0f}" cy="{cy:.0f}" r="14" fill="#e1000f"/>'
        f'<text x="{cx:.0f}" y="{cy - 22:.0f}" text-anchor="middle" font-size="14" '
        f'font-weight="bold">{escape(_short(source, 40))}</text></g>'
    )
    parts.append("</svg>")
    return "".join(parts)


def gap_chart(report: GapReport) -> str:
    """One bar per competency of the target, its length the competency's weight, filled by
    how much of it is held (covered full, under level partly, missing empty)."""
    items = sorted(report.gap.items, key=lambda i: -i.weight)[:25]
    top = max((i.weight for i in items), default=1.0) or 1.0
    row, label_width, bar_width = 22, 330, 360
    height = 40 + row * len(items)
    fill = {"covered": "#18753c", "under_level": "#b34000", "missing": "#ffffff"}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_width + bar_width + 20} '
        f'{height}" role="img" aria-labelledby="gap-title" class="gap-chart">',
        f'<title id="gap-title">Écart avec {escape(report.gap.target_title)} : couverture '
        f"{report.gap.coverage:.0f} %</title>",
    ]
    for index, item in enumerate(items):
        y = 30 + row * index
        length = bar_width * item.weight / top
        held = 1.0
        if item.status.value == "under_level" and item.required_level and item.held_level:
            held = item.held_level / item.required_level
        elif item.status.value == "missing":
            held = 0.0
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 14}" text-anchor="end" font-size="12">'
            f"{escape(_short(item.label, 48))}</text>"
            f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="16" '
            f'fill="{fill["missing"]}" stroke="#3a3a3a"/>'
            f'<rect x="{label_width}" y="{y + 2}" width="{length * held:.1f}" height="16" '
            f'fill="{fill.get(item.status.value, "#3a3a3a")}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
