"""The draft's "what publishing would change" in French labels, by job, with the source line
(issue 13): no internal key, no English word."""

from __future__ import annotations

import html
import re

from .conftest import Site, seed_files, sign_in_hr

KEY = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+){3,}\b")  # a folded key such as charge-de-clientele
ENGLISH = re.compile(r"\b(within_metier|unspecified|vertical|horizontal|example_path)\b")


def changes_section(site: Site, *seeds: str, lang: str = "fr") -> str:
    csrf = sign_in_hr(site)
    files = [("files", (name, data, "text/plain")) for name, data in seed_files(*seeds)]
    page = site.client.post(f"/import?lang={lang}", files=files, data={"csrf_token": csrf})
    assert page.status_code == 200, page.text[:300]
    section = page.text.split('id="diff-h"')[1].split("</section>")[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", section)).split())


def test_the_changes_of_a_fiche_fonction_by_job(fresh: Site) -> None:
    text = changes_section(fresh, "000")
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert not KEY.search(text), KEY.search(text)
    assert "Postes : 99 ajouts" in text
    assert "Chargé de clientèle risques II.3" in text
    assert "Poste ajouté" in text and "000_ce384df82dfce3ff.txt, l. 5" in text
    assert re.search(r"Évolution ajoutée vers\s+Assistant crédit II\.2\s+dans le métier", text)
    assert "cité comme évolution, sans fiche" in text


def test_a_certification_shows_its_title_not_its_keys(fresh: Site) -> None:
    text = changes_section(fresh, "003")
    assert not KEY.search(text), KEY.search(text)
    assert "Certification ajoutée" in text and "Chargé de clientèle particuliers" in text
    assert re.search(r"003_54f6290963f21cf4\.txt, l\. \d+", text)


def test_english_on_request(fresh: Site) -> None:
    text = changes_section(fresh, "000", lang="en")
    assert "Job added" in text and "Move added to" in text and "within the occupation" in text
