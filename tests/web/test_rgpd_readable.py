"""The readable personal-data export (issue 14, point 8): a page and a PDF beside the JSON, with
the same access rules (the person, HR) and the same ``export`` audit event."""

from __future__ import annotations

import io
from html import unescape
from pathlib import Path

from fastapi.testclient import TestClient
from pypdf import PdfReader
from typer.testing import CliRunner

from parcours.cli import app as cli_app
from parcours.services import auth
from parcours.services.auth import SYSTEM
from parcours.services.rgpd_readable import TITLES, day, moment, number, readable
from parcours.web.i18n import EN
from tests.people_cast import CAST, api_login, login
from tests.web.conftest import Site


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _events(site: Site, person: str) -> list[str]:
    with site.uow() as uow:
        return [e.detail or "" for e in uow.audit.search(subject=person, action="export")]


def test_the_person_reads_their_data_as_a_page_in_french(cast_client: TestClient) -> None:
    login(cast_client, CAST.employee)
    page = cast_client.get("/moi/donnees/lisible")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    text = unescape(page.text)
    assert "Données personnelles de Conseiller Nord 1" in text
    for heading in (
        "Identité",
        "Poste et équipe",
        "Évaluations de compétences",
        "Campagnes d'entretiens",
        "Jurys de certification",
        "Souhaits d'évolution",
        "Qui a consulté ou modifié vos données",
    ):
        assert f">{heading}</h2>" in text, heading
    # dates jj/mm/aaaa, the level and the source in words
    assert "15/01/2026" in text and "10/01/2026" in text and "2026-01-15" not in text
    assert "3 (maîtrise)" in text and "auto-évaluation" in text
    assert 'href="/moi/donnees/export.pdf"' in text and 'href="/moi/donnees/export.json"' in text
    # in English on request: the words, not the data
    english = unescape(cast_client.get("/moi/donnees/lisible?lang=en").text)
    assert "Personal data of Conseiller Nord 1" in english and "Competency assessments" in english
    assert "3 (maîtrise)" not in english
    cast_client.get("/?lang=fr")


def test_the_pdf_opens_and_holds_the_name_and_the_assessments(
    cast_client: TestClient, cast_site: Site
) -> None:
    login(cast_client, CAST.employee)
    before = len(_events(cast_site, "n-1"))
    response = cast_client.get("/moi/donnees/export.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    assert 'filename="donnees-n-1.pdf"' in response.headers["content-disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata is not None
    assert reader.metadata.title == "Données personnelles de Conseiller Nord 1"
    text = _pdf_text(response.content)
    assert "Conseiller Nord 1" in text and "n-1" in text
    assert "Évaluations de compétences" in text
    for competency in ("ecoute-active", "produits-bancaires"):
        with cast_site.uow() as uow:
            ref = uow.referentials.get("Banque Exemple")
            assert ref is not None
            label = ref.competencies[competency].label
        assert " ".join(label.split()[:2]) in " ".join(text.split()), label
    assert "15/01/2026" in text and "3 (maîtrise)" in text
    # the same audit event as the JSON export, naming the form
    details = _events(cast_site, "n-1")
    assert len(details) == before + 1
    assert details[0] == "export des données personnelles (PDF)"


def test_hr_reads_and_downloads_anyone_and_nobody_else_does(
    cast_client: TestClient, cast_site: Site
) -> None:
    login(cast_client, CAST.hr)
    page = cast_client.get("/rgpd/personnes/n-2/lisible")
    assert page.status_code == 200 and "Conseiller Nord 2" in unescape(page.text)
    assert 'href="/rgpd/personnes/n-2/export.pdf"' in page.text
    pdf = cast_client.get("/rgpd/personnes/n-2/export.pdf")
    assert pdf.status_code == 200 and "Conseiller Nord 2" in _pdf_text(pdf.content)
    record = unescape(cast_client.get("/rgpd/personnes/n-2").text)
    assert "/rgpd/personnes/n-2/lisible" in record and "/rgpd/personnes/n-2/export.pdf" in record
    # another person's export is refused, to a colleague and to their manager alike
    for who in (CAST.colleague, CAST.manager):
        login(cast_client, who)
        for path in ("/rgpd/personnes/n-1/lisible", "/rgpd/personnes/n-1/export.pdf"):
            refused = cast_client.get(path)
            assert refused.status_code == 403, (who, path)
            assert "Conseiller Nord 1" not in refused.text
    # nobody signed in: the sign-in page
    cast_client.cookies.clear()
    for path in ("/moi/donnees/lisible", "/moi/donnees/export.pdf", "/rgpd/personnes/n-1/lisible"):
        response = cast_client.get(path, follow_redirects=False)
        assert response.status_code == 303 and "/connexion" in response.headers["location"]


def test_the_pdf_through_the_api(cast_client: TestClient, cast_site: Site) -> None:
    token = auth.create_api_token(cast_site.uow, SYSTEM, CAST.employee, "tests", days=1)
    cast_client.cookies.clear()
    headers = {"Authorization": f"Bearer {token}"}
    own = cast_client.get("/api/v1/me/export.pdf", headers=headers)
    assert own.status_code == 200 and "Conseiller Nord 1" in _pdf_text(own.content)
    assert cast_client.get("/api/v1/people/n-1/export.pdf", headers=headers).status_code == 200
    assert cast_client.get("/api/v1/people/n-2/export.pdf", headers=headers).status_code == 403
    assert cast_client.get("/api/v1/me/export.pdf").status_code == 401
    api_login(cast_client, CAST.hr)
    english = cast_client.get("/api/v1/people/n-2/export.pdf?lang=en")
    assert english.status_code == 200 and "Personal data of" in _pdf_text(english.content)
    schema = cast_client.get("/api/v1/openapi.json").json()
    assert "/api/v1/me/export.pdf" in schema["paths"]
    assert "/api/v1/people/{person}/export.pdf" in schema["paths"]


def test_my_profile_links_the_readable_export(cast_client: TestClient) -> None:
    login(cast_client, CAST.employee)
    profile = cast_client.get("/personnes/n-1").text
    assert 'href="/moi/donnees/lisible"' in profile and 'href="/moi/donnees/export.pdf"' in profile
    own = cast_client.get("/moi/donnees").text
    assert 'href="/moi/donnees/lisible"' in own and 'href="/moi/donnees/export.pdf"' in own


def test_every_fixed_word_of_the_readable_export_is_translated() -> None:
    assert sorted(m for m in TITLES if m not in EN) == []


def test_french_formats_and_a_document_with_odd_values() -> None:
    assert day("2026-01-15") == "15/01/2026" and day("2026-01-15T23:00:00+00:00") == "15/01/2026"
    assert day(None) == "—" and day("pas une date") == "pas une date"
    assert moment("2026-06-01T09:30:00+00:00") == "01/06/2026 09:30"
    assert number(3.25) == "3,25" and number(0.5) == "0,5" and number(3) == "3"
    export = readable(
        {
            "generated_at": "2026-06-01T09:30:00+00:00",
            "generated_by": "helene.rh",
            "person": {"id": "p-1", "display_name": None},
            "jury_candidacies": [
                {
                    "jury_name": "Session de juin",
                    "status": "closed",
                    "record": {
                        "title_granted": False,
                        "partial_blocks": ["B2"],
                        "blocks": [
                            {"code": "B1", "title": "Accueillir", "validated": True},
                            {"code": "B2", "title": "Conseiller", "validated": False},
                        ],
                    },
                }
            ],
            "audit_events": [
                {"at": "2026-01-01T08:00:00+00:00", "action": "read", "channel": "web"},
                {"at": "2026-02-01T08:00:00+00:00", "action": "export", "channel": "api"},
            ],
        }
    )
    assert export.name == "p-1" and export.title == "Données personnelles de p-1"
    sections = {s.key: s for s in export.sections}
    jury = sections["jurys"].tables[0].rows[0]
    assert jury[3] == "clos" and jury[4] == "validation partielle" and jury[5] == "B1 Accueillir"
    audit = sections["acces"].tables[0].rows
    assert [row[3] for row in audit] == ["export", "lecture"]  # the most recent first
    assert sections["evaluations"].tables[0].rows == ()


def test_the_command_line_writes_the_pdf(cast_site: Site, tmp_path: Path) -> None:
    employee = auth.create_api_token(cast_site.uow, SYSTEM, CAST.employee, "cli", days=1)
    options = ["--database-url", cast_site.url, "--token", employee]
    target = tmp_path / "n1.pdf"
    result = CliRunner().invoke(
        cli_app,
        ["rgpd", "export", "n-1", "--format", "pdf", "-o", str(target), *options],
        env={"PARCOURS_TOKEN": ""},
    )
    assert result.exit_code == 0, result.output
    assert "Conseiller Nord 1" in _pdf_text(target.read_bytes())
    refused = CliRunner().invoke(
        cli_app,
        ["rgpd", "export", "n-2", "--format", "pdf", "-o", str(tmp_path / "n2.pdf"), *options],
        env={"PARCOURS_TOKEN": ""},
    )
    assert refused.exit_code == 1 and not (tmp_path / "n2.pdf").exists()
    no_file = CliRunner().invoke(
        cli_app, ["rgpd", "export", "n-1", "--format", "pdf", *options], env={"PARCOURS_TOKEN": ""}
    )
    assert no_file.exit_code == 2
