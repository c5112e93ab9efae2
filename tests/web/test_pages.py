"""Every French page answers, shows what the documents said, and is built to be accessible."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from parcours.services import exchange

from .conftest import Site

BANK = "la-banque-postale"
SHEET = f"/referentiels/{BANK}/postes/charge-de-clientele-risque--ii-3"


class Landmarks(HTMLParser):
    """Collects what an accessibility check looks at first."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def landmarks(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Landmarks()
    parser.feed(html)
    return parser.tags


def page_urls(seeded: Site) -> list[str]:
    study = seeded.referential_id("observatoire")
    cert_ref = seeded.referential_id("rncp")
    cert = seeded.client.get(f"/api/v1/referentials/{cert_ref}/certifications").json()[0]["id"]
    return [
        "/",
        "/?q=conseiller",
        f"/referentiels/{BANK}",
        SHEET,
        f"/referentiels/{BANK}/competences",
        "/referentiels/banque-exemple/competences/ecoute-active",
        "/comparer",
        "/comparer?a=banque-exemple:conseiller-a-distance--ii-1"
        "&b=banque-exemple:conseiller-a-distance-confirme--ii-3",
        f"/referentiels/{study}/matrices",
        f"/referentiels/{cert_ref}/certifications/{cert}",
        "/import",
    ]


def test_every_page_is_french_html_with_landmarks_and_a_skip_link(seeded: Site) -> None:
    for url in page_urls(seeded):
        response = seeded.client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/html")
        tags = landmarks(response.text)
        names = [t for t, _ in tags]
        assert '<html lang="fr">' in response.text, url
        assert names.count("main") == 1 and "header" in names and "footer" in names, url
        assert names.count("h1") == 1, url
        first_link = next(a for t, a in tags if t == "a")
        assert first_link.get("href") == "#contenu", url
        for tag, attrs in tags:  # every form control has a label (for=id) or an aria-label
            if tag in ("input", "select") and attrs.get("type") not in ("hidden", "checkbox"):
                ident = attrs.get("id")
                assert ident and f'for="{ident}"' in response.text, (url, attrs)
        assert "<table" not in response.text or "<th scope=" in response.text, url


def test_job_sheet_shows_every_section_with_sources(client: TestClient) -> None:
    html = client.get(SHEET).text
    assert "CHARGE DE CLIENTELE RISQUES" in html and "II.3" in html
    for heading in ("Raison d&#39;être", "Missions et activités", "Compétences", "Mobilités"):
        assert heading in html
    assert "middle office bancaire particuliers" in html  # the métier, from the document
    # Every fact has a source disclosure naming the document by its title, and its line; each
    # disclosure has a name of its own (the fact it sources).
    names = re.findall(r'<summary>source<span class="sr-only"> : ([^<]+)</span>', html)
    sources = re.findall(r'<ul class="src-panel"><li><cite>([^<]+)</cite>, (l\. \d+)', html)
    assert len(sources) > 20 and len(names) == html.count('<details class="src">')
    assert len(set(names)) > 20
    assert {title for title, _ in sources} == {"Fiche fonction « Chargé de clientèle risques »"}
    assert "fichier 000_ce384df82dfce3ff.txt" in html
    assert "Évolutions possibles" in html and "/postes/assistant-credit--ii-3" in html


def test_job_sheet_has_a_print_stylesheet(client: TestClient) -> None:
    css = client.get("/static/parcours.css").text
    assert "@media print" in css and "details.src{display:none}" in css
    assert "header.site" in css.split("@media print", 1)[1]


def test_job_map_counts_family_filiere_metier(client: TestClient, seeded: Site) -> None:
    html = client.get(f"/referentiels/{BANK}").text
    assert "relation commerciale et gestion clients" in html
    ref = exchange.referential_at(seeded.uow, "La Banque Postale")
    with_family = sum(1 for j in ref.jobs.values() if j.family)
    assert f'relation commerciale et gestion clients <span class="count">({with_family} ' in html
    assert f"({len(ref.jobs) - with_family} postes)" in html  # the unclassified evolution targets
    api = client.get(f"/api/v1/referentials/{BANK}/map").json()
    assert api["count"] == len(ref.jobs) == sum(f["count"] for f in api["families"])


def test_the_latest_job_map_reads_the_referential_without_its_competencies(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ROME 4.0 read whole took 4 s at the first view of its map: the page needs its jobs only.
    def whole(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the latest version read whole")

    monkeypatch.setattr(exchange, "referential_at", whole)
    page = client.get(f"/referentiels/{BANK}")
    assert page.status_code == 200 and "relation commerciale et gestion clients" in page.text
    api = client.get(f"/api/v1/referentials/{BANK}/map")
    assert api.status_code == 200 and api.json()["count"] > 0


def test_the_competencies_are_filtered_and_paged(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parcours.web.pages import catalogue as pages

    url = "/referentiels/banque-exemple/competences"
    whole = client.get(url).text
    everything = len(re.findall(r'href="/referentiels/banque-exemple/competences/', whole))
    assert everything > 6 and 'role="search"' in whole and 'rel="next"' not in whole
    found = client.get(url, params={"q": "ECOUTE"}).text  # case and accents aside
    assert "Écoute active" in found
    assert f"Compétences trouvées : 1 sur {everything}" in found
    kind = client.get(url, params={"type": "savoir-etre"}).text
    assert 'id="k-savoir-etre"' in kind and 'id="k-savoir-faire"' not in kind
    assert '<option value="savoir-etre" selected>' in kind
    assert client.get(url, params={"type": "inconnu"}).text == whole  # an unknown kind: all

    monkeypatch.setattr(pages, "COMPETENCIES_PER_PAGE", 3)
    first = client.get(url, params={"type": "savoir-faire"}).text
    links = re.findall(r'href="/referentiels/banque-exemple/competences/', first)
    assert len(links) == 3
    assert 'href="/referentiels/banque-exemple/competences?type=savoir-faire&amp;page=2"' in first
    shown = re.search(r"Page 1 / (\d+)", first)
    assert shown is not None
    pages_count = int(shown.group(1))
    last = client.get(url, params={"type": "savoir-faire", "page": 10_000}).text
    assert f"Page {pages_count} / {pages_count}" in last and 'rel="next"' not in last
    assert 'rel="prev"' in last
    assert client.get(url, params={"page": 0}).status_code == 422


def test_old_versions_stay_viewable(fresh: Site) -> None:
    from parcours.demo import SAMPLE_NAME, sample_bytes
    from parcours.services.imports import import_documents

    changed = sample_bytes().replace("Conseiller à distance".encode(), b"Conseiller distant")
    import_documents(fresh.uow, [(SAMPLE_NAME, changed)])
    page = fresh.client.get("/referentiels/banque-exemple?version=1").text
    assert "Conseiller à distance" in page and "version 1" in page
    latest = fresh.client.get("/referentiels/banque-exemple").text
    assert "Conseiller distant" in latest and "version 2" in latest
    assert fresh.client.get("/referentiels/banque-exemple?version=9").status_code == 404


def test_search_groups_jobs_competencies_and_certifications(client: TestClient) -> None:
    html = client.get("/", params={"q": "relation client"}).text
    assert "<mark>" in html
    jobs, rest = html.split('id="r-competency"', 1)
    competencies = rest.split('id="r-certification"', 1)[0]
    assert "/postes/" in jobs.split('id="r-job"', 1)[1]
    assert "/competences/" in competencies
    typo = client.get("/", params={"q": "conseiler"}).text  # one typo: still found
    assert "Mots corrigés" in typo and "/postes/conseiller-a-distance--ii-1" in typo
    empty = client.get("/", params={"q": "zzzzqqq"}).text
    assert "Aucun poste trouvé." in empty and "Aucune compétence trouvée." in empty


def test_competency_page_lists_its_jobs(client: TestClient) -> None:
    html = client.get("/referentiels/banque-exemple/competences/ecoute-active").text
    assert "Écoute active" in html and "Postes qui la demandent" in html
    assert "/postes/conseiller-a-distance--ii-1" in html


def test_compare_shows_shared_missing_and_levels(client: TestClient) -> None:
    html = client.get(
        "/comparer",
        params={
            "a": "banque-exemple:conseiller-a-distance--ii-1",
            "b": "banque-exemple:conseiller-a-distance-confirme--ii-3",
        },
    ).text
    assert "Compétences communes" in html and "Écoute active" in html
    assert "Écarts de niveau" in html and "À acquérir pour B" in html
    assert client.get("/comparer", params={"a": "x", "b": "y"}).status_code == 404


def test_matrix_page_shows_the_study_annexes_cell_for_cell(seeded: Site) -> None:
    study = seeded.referential_id("observatoire")
    html = seeded.client.get(f"/referentiels/{study}/matrices").text
    ref = next(
        r
        for r in exchange.export_json(seeded.uow)["matrices"]
        if r["referential"] == study and r["item_kind"] == "activity"
    )
    section = html.split(f'data-matrix="{ref["id"]}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr data-row="\d+">(.*?)</tr>', section, re.S)
    assert len(rows) == len(ref["rows"])
    for row, expected in zip(rows, ref["rows"], strict=True):
        cells = [c == "1" for c in re.findall(r'data-cell="([01])"', row)]
        assert cells == expected["cells"]
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="heatmap"') == 3


def test_the_matrix_page_reads_the_chosen_jobs_and_the_matrices_only(
    seeded: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    study = seeded.referential_id("observatoire")
    expected = seeded.client.get(f"/referentiels/{study}/matrices").text

    def whole(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the referential read whole")

    monkeypatch.setattr(exchange, "referential_at", whole)
    page = seeded.client.get(f"/referentiels/{study}/matrices")
    assert page.status_code == 200 and page.text == expected
    assert page.text.count('<svg xmlns="http://www.w3.org/2000/svg" class="heatmap"') == 3


def test_matrix_page_draws_levels_for_a_selection(client: TestClient) -> None:
    html = client.get(
        "/referentiels/banque-exemple/matrices",
        params={"postes": ["conseiller-a-distance--ii-1", "charge-de-contentieux--iii-1"]},
    ).text
    assert "Aucune matrice dans ce référentiel." in html
    assert '<td class="l3">3</td>' in html  # écoute active, level 3 for the first job


def test_sources_cite_the_file_never_a_python_value(seeded: Site) -> None:
    # The source macro took a plain string for a source view (a ``str`` has a ``title``
    # method): the certification and competency pages showed "<built-in method title…>".
    rncp, bank = seeded.referential_id("rncp"), seeded.referential_id("la-banque-postale")
    cert = seeded.client.get(f"/api/v1/referentials/{rncp}/certifications").json()[0]
    competency = seeded.client.get(f"/api/v1/referentials/{bank}/competencies").json()
    first = (competency["items"] if isinstance(competency, dict) else competency)[0]["id"]
    for url in (
        f"/referentiels/{rncp}/certifications/{cert['id']}",
        f"/referentiels/{bank}/competences/{first}",
    ):
        html = seeded.client.get(url).text
        assert '<details class="src">' in html, url
        assert not re.search(r"built-in method|object at 0x|bound method", html), url
        assert re.search(r'<ul class="src-panel"><li>[^<]+\.txt', html), url


def test_certification_page_shows_blocks_and_rules(seeded: Site) -> None:
    ref = seeded.referential_id("rncp")
    cert = seeded.client.get(f"/api/v1/referentials/{ref}/certifications").json()[0]
    html = seeded.client.get(f"/referentiels/{ref}/certifications/{cert['id']}").text
    for block in cert["blocks"]:
        assert block["code"] in html
    assert "Modalités d&#39;évaluation" in html and "Critères d&#39;évaluation" in html
    assert "Règles de validation" in html


@pytest.mark.parametrize(
    "url",
    [
        "/referentiels/nope",
        "/referentiels/banque-exemple/postes/nope",
        "/referentiels/banque-exemple/competences/nope",
        "/referentiels/banque-exemple/certifications/nope",
    ],
)
def test_missing_things_are_html_404_pages(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Page introuvable" in response.text


def test_english_switch_sets_a_cookie(client: TestClient) -> None:
    page = client.get("/", params={"lang": "en"})
    assert '<html lang="en">' in page.text and "Imported referentials" in page.text
    assert client.cookies.get("parcours_lang") == "en"
    assert "Skip to content" in client.get("/import").text  # kept by the cookie
    assert '<html lang="fr">' in client.get("/", params={"lang": "fr"}).text
