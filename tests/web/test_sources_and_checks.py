"""Sources named by the document's title with the place in it, and facts the import guessed
marked « à vérifier » with why (issue 13)."""

from __future__ import annotations

import re

from parcours.services import exchange
from parcours.services.sources import document_titles
from parcours.web.views import slug

from .conftest import Site


def test_every_seed_document_has_a_readable_title(seeded: Site) -> None:
    titles: dict[str, str] = {}
    for name in ("La Banque Postale",):
        titles |= document_titles(exchange.referential_at(seeded.uow, name))
    assert set(titles.values()) == {
        "Fiche fonction « Chargé de clientèle risques »",
        "Fiche fonction « Gestionnaires contentieux »",
    }
    ids = [r["name"] for r in seeded.client.get("/api/v1/referentials").json()]
    study = next(n for n in ids if n.startswith("Observatoire"))
    (title,) = document_titles(exchange.referential_at(seeded.uow, study)).values()
    assert title == "Étude « Les métiers de la relation client à distance dans les banques »"


def test_a_guessed_fact_is_marked_to_check_with_why(seeded: Site) -> None:
    found = None
    for summary in seeded.client.get("/api/v1/referentials").json():
        ref = exchange.referential_at(seeded.uow, summary["name"])
        for job in ref.jobs.values():
            if any(p.confidence < 1 for r in job.requirements for p in r.provenance):
                found = (ref.name, job.key)
                break
        if found:
            break
    assert found, "no guessed requirement in the seeds"
    page = seeded.client.get(f"/referentiels/{slug(found[0])}/postes/{found[1]}").text
    assert '<strong class="to-check">à vérifier</strong>' in page
    assert re.search(r"Déduit par l&#39;import, confiance \d+ % :", page)


def test_no_mark_when_the_document_says_it(seeded: Site) -> None:
    sheet = "/referentials/la-banque-postale/postes/charge-de-clientele-risque--ii-3"
    page = seeded.client.get(sheet.replace("/referentials/", "/referentiels/"))
    first = page.text.split("<h1>")[1].split("</p>")[0]
    assert "à vérifier" not in first
