"""French conventions on the pages of campaigns, juries, people, RGPD, referentials and imports
(issue 14, point 7): dates jj/mm/aaaa, percentages « 60 % », no « (s) » plural, no English code
word; and the services' texts (errors, a jury's reasons, audit details) in English when the page
is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from parcours.domain.french import count, day
from parcours.services import juries
from parcours.services.auth import SYSTEM
from parcours.web.i18n import translator
from parcours.web.i18n.messages import translate_message
from tests.integration.test_juries import CERT, REFERENTIAL, evaluations
from tests.people_cast import CAST, api_login, login
from tests.web.conftest import Site, make_cast_site
from tests.web.phone import english_words, parenthesised_plurals

NNBSP = "\u202f"
ISO_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")


class _Text(HTMLParser):
    """The visible text of a page, code samples and screen-reader-only text left out (as the
    browser scan of tests/web/phone.py)."""

    VOID = frozenset({"br", "input", "meta", "link", "img", "hr", "wbr", "source"})
    HIDDEN = frozenset({"code", "kbd", "samp", "script", "style", "title"})

    def __init__(self) -> None:
        super().__init__()
        self.hidden: list[bool] = []
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        a = dict(attrs)
        other_lang = tag != "html" and a.get("lang") not in (None, "fr")
        self.hidden.append(tag in self.HIDDEN or "sr-only" in (a.get("class") or "") or other_lang)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.hidden:
            self.hidden.pop()

    def handle_data(self, data: str) -> None:
        if not any(self.hidden):
            self.out.append(data)


def visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"[ \t\r\n]+", " ", " ".join(parser.out))  # not str.split: keeps U+202F


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    s = make_cast_site(tmp_path_factory.mktemp("french") / "french.db", "003")
    client = s.client
    created = client.post(
        "/api/v1/campaigns",
        json={
            "name": "Entretiens annuels",
            "referential": "banque-exemple",
            "starts_on": "2026-01-05",
            "ends_on": "2026-03-31",
            "teams": ["agence-nord"],
        },
        headers=api_login(client, CAST.hr),
    )
    assert created.status_code == 201, created.text
    client.cookies.clear()
    jury = juries.create_jury(
        s.uow,
        SYSTEM,
        referential=REFERENTIAL,
        certification=CERT.title,
        held_on=date(2026, 6, 15),
        members=[CAST.jury],
    )
    juries.add_candidate(s.uow, SYSTEM, jury.id, "n-1")
    body = {
        "comment": "C9 à repasser",
        "evaluations": [
            {"code": e.code, "criteria": [o.value for o in e.criteria], "questionnaire": q}
            for e in evaluations(scores={"C9": 0.59})
            for q in [e.questionnaire]
        ],
    }
    saved = client.put(
        f"/api/v1/juries/{jury.id}/candidates/n-1/evaluation",
        json=body,
        headers=api_login(client, CAST.jury),
    )
    assert saved.status_code == 200, saved.text
    client.cookies.clear()
    yield s
    s.engine.dispose()


def page(site: Site, who: str, path: str, lang: str = "fr") -> str:
    client: TestClient = site.client
    client.cookies.clear()
    login(client, who)
    response = client.get(path + ("&" if "?" in path else "?") + f"lang={lang}")
    assert response.status_code == 200, (path, response.status_code)
    return visible(response.text)


PAGES = [
    (CAST.hr, "/campagnes"),
    (CAST.hr, "/campagnes/1"),
    (CAST.hr, "/campagnes/1?equipe=agence-nord"),
    (CAST.hr, "/campagnes/1/personnes/n-1"),
    (CAST.hr, "/jurys"),
    (CAST.hr, "/jurys/1"),
    (CAST.hr, "/jurys/1/candidats/n-1/proces-verbal"),
    (CAST.jury, "/jurys/1/candidats/n-1"),
    (CAST.hr, "/personnes/n-1"),
    (CAST.hr, "/rgpd"),
    (CAST.hr, "/rgpd/personnes/n-1"),
    (CAST.hr, "/referentiels/banque-exemple"),
    (CAST.hr, "/import"),
    (CAST.hr, "/personnes/import"),
    (
        CAST.hr,
        "/referentiels/banque-exemple/postes/conseiller-a-distance--ii-1/ecart"
        "?cible=conseiller-a-distance-confirme--ii-3",
    ),
    (CAST.employee, "/moi/donnees"),
]


@pytest.mark.parametrize(("who", "path"), PAGES)
def test_no_iso_date_no_parenthesised_plural_no_english_word(
    site: Site, who: str, path: str
) -> None:
    text = page(site, who, path)
    assert ISO_DATE.findall(text) == []
    assert parenthesised_plurals(text) == []
    assert english_words(text) == []


def test_campaign_dates_and_progress_in_french(site: Site) -> None:
    listed = page(site, CAST.hr, "/campagnes")
    assert "du 05/01/2026 au 31/03/2026" in listed
    assert f"0{NNBSP}%" in page(site, CAST.hr, "/campagnes/1")
    one = page(site, CAST.hr, "/campagnes/1?equipe=agence-nord")
    assert "Voir la revue de Conseiller Nord 1" in one
    english = page(site, CAST.hr, "/campagnes/1?equipe=agence-nord", "en")
    assert "from 5 Jan 2026 to 31 Mar 2026" in english
    assert "See the review of Conseiller Nord 1" in english


def test_jury_dates_thresholds_and_reasons(site: Site) -> None:
    assert "15/06/2026" in page(site, CAST.hr, "/jurys")
    record = page(site, CAST.hr, "/jurys/1/candidats/n-1/proces-verbal")
    assert f"seuil 60{NNBSP}%" in record and f"questionnaire : 59{NNBSP}% < 60{NNBSP}%" in record
    assert re.search(r"jules\.jury, \d\d/\d\d/2026 à \d\d:\d\d", record)
    english = page(site, CAST.hr, "/jurys/1/candidats/n-1/proces-verbal", "en")
    assert "questionnaire: 59% < 60%" in english and "questionnaire :" not in english
    evaluation = page(site, CAST.jury, "/jurys/1/candidats/n-1")
    assert f"seuil : 60{NNBSP}%" in evaluation and "Évaluation de Conseiller Nord 1" in evaluation


def test_assessment_dates_on_the_person_page(site: Site) -> None:
    text = page(site, CAST.hr, "/personnes/n-1")
    assert re.search(r"\b\d\d/\d\d/20\d\d\b", text)


def test_the_audit_log_speaks_french_and_english(site: Site) -> None:
    by_system = "/rgpd?compte=syst%C3%A8me"  # the events the fixture made, whatever came after
    text = page(site, CAST.hr, by_system)
    assert "ligne de commande" in text and "jury 1 créé (1 membre)" in text
    assert re.search(r"\d\d/\d\d/2026 à \d\d:\d\d", text)
    english = page(site, CAST.hr, by_system, "en")
    assert "command line" in english and "jury 1 created (1 member)" in english
    by_jury = page(site, CAST.hr, "/rgpd?compte=jules.jury", "en")
    assert "jury 1 : évaluation" not in by_jury
    assert "jury 1: evaluation (validated blocks: B1, B3)" in by_jury


def test_service_errors_are_translated_on_english_pages(site: Site) -> None:
    client = site.client
    client.cookies.clear()
    login(client, CAST.hr)
    french = client.get("/personnes/inconnu-9?lang=fr")
    assert french.status_code == 404 and "personne inconnue : inconnu-9" in french.text
    english = client.get("/personnes/inconnu-9?lang=en")
    assert english.status_code == 404 and "unknown person: inconnu-9" in english.text
    assert "personne inconnue" not in english.text


def test_french_texts_of_the_services() -> None:
    assert [count(n, "personne", "personnes") for n in (0, 1, 2)] == [
        "0 personne",
        "1 personne",
        "2 personnes",
    ]
    assert day(date(2026, 1, 5)) == "05/01/2026"


def test_messages_are_translated_by_pattern_values_kept() -> None:
    en = translator("en")
    assert translate_message("personne inconnue : n-9", "fr", en) == "personne inconnue : n-9"
    assert translate_message("personne inconnue : n-9", "en", en) == "unknown person: n-9"
    reason = f"questionnaire : 59,5{NNBSP}% < 60{NNBSP}%"
    assert translate_message(reason, "en", en) == "questionnaire: 59.5% < 60%"
    assert (
        translate_message("compte créé : eve (collaborateur, membre de jury)", "en", en)
        == "account created: eve (employee, jury member)"
    )
    assert translate_message("un texte que rien ne connaît", "en", en) == (
        "un texte que rien ne connaît"
    )


def test_team_page_plurals_and_plan_durations_in_english(site: Site) -> None:
    en = translator("en")
    assert translate_message("1 jour (7 h)", "en", en) == "1 day (7 h)"
    assert translate_message("1,5 jour (10,5 h)", "en", en) == "1.5 days (10.5 h)"
    assert translate_message("2 thèmes créés, 0 remplacé", "en", en) == (
        "themes created: 2, replaced: 0"
    )
    plan = page(
        site, CAST.hr, "/personnes/n-1/plan?cible=conseiller-a-distance-confirme--ii-3", "en"
    )
    assert re.search(r"\d+(\.\d+)? days? \(\d+(\.\d+)? h\)", plan) and " jour" not in plan


def test_a_service_error_has_no_parenthesised_plural_and_reads_in_english(site: Site) -> None:
    client = site.client
    client.cookies.clear()
    headers = api_login(client, CAST.hr)
    body = {
        "name": "Essai",
        "referential": "banque-exemple",
        "starts_on": "2026-01-05",
        "ends_on": "2026-03-31",
        "teams": ["nulle-part"],
    }
    french = client.post("/api/v1/campaigns", json=body, headers=headers)
    assert french.status_code == 404 and french.json()["detail"] == "équipe inconnue : nulle-part"
    english = client.post("/api/v1/campaigns?lang=en", json=body, headers=headers)
    assert english.status_code == 404 and english.json()["detail"] == "unknown teams: nulle-part"
    client.cookies.clear()
