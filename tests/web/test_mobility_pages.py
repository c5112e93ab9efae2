"""The engine's pages on the real seeds: mobility graph, career-path planner, gap chart."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from .conftest import Site


def study(seeded: Site) -> str:
    return seeded.referential_id("observatoire")


def test_mobility_explorer_shows_declared_and_computed_moves(
    client: TestClient, seeded: Site
) -> None:
    page = client.get(f"/referentiels/{study(seeded)}/postes/conseiller-junior/mobilite")
    assert page.status_code == 200
    html = page.text
    # The picture: a titled SVG with a legend, declared moves solid, computed ones dashed.
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<title" in svg and "déclarée (document)" in svg and "calculée" in svg
    assert svg.count('stroke-dasharray="6 4"') >= 2  # legend + at least one computed move
    # Every node is a link to a job sheet; the declared moves (senior, senior spécialisé) first.
    links = re.findall(r'<a href="(/referentiels/[^"]+/postes/[^"]+)">', svg)
    assert any(link.endswith("/conseiller-senior") for link in links)
    rows = re.findall(r'<tr class="(declared|computed)">', html)
    assert rows[:2] == ["declared", "declared"] and "computed" in rows


def test_career_path_planner_explains_each_step(client: TestClient, seeded: Site) -> None:
    ref = study(seeded)
    page = client.get(
        "/parcours",
        params={"referential": ref, "source": "conseiller-junior", "target": "directeur-de-centre"},
    )
    assert page.status_code == 200
    assert 'class="career-path"' in page.text
    first = page.text[page.text.index('class="career-path"') :]
    assert "Directeur de centre" in first and "À acquérir" in first


def test_gap_page_draws_the_bar_chart(client: TestClient, seeded: Site) -> None:
    ref = study(seeded)
    page = client.get(
        f"/referentiels/{ref}/postes/conseiller-junior/ecart", params={"cible": "conseiller-senior"}
    )
    assert page.status_code == 200
    assert 'class="gap-chart"' in page.text and "Couverture pondérée" in page.text
    coverage = re.search(r"<strong>(\d+)\u202f%</strong>", page.text)  # « 52 % »: narrow space
    assert coverage is not None and 0 < int(coverage.group(1)) < 100
