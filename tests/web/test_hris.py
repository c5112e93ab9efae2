"""The HRIS import through the API (POST /api/v1/people/import) and the page /personnes/import:
HR only, CSRF-protected, all or nothing, with the row errors."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from parcours.domain.profile import pseudonym
from parcours.services import auth
from parcours.services.auth import SYSTEM
from parcours.settings import Settings
from tests.people_cast import CAST, api_login, form_token, login
from tests.web.conftest import Site, make_cast_site

PEOPLE = (
    "Matricule;Nom;Référentiel;Emploi;Équipe;Équipe nom;Manager\n"
    "7001;Ada;Banque Exemple;Conseiller à distance;crc-est;CRC Est;7000\n"
    "7002;Bea;Banque Exemple;conseiller-a-distance--ii-1;crc-est;CRC Est;7000\n"
    "7000;Cid;Banque Exemple;Responsable d'équipe à distance;direction;Direction;\n"
).encode()
BAD = PEOPLE + b"7003;Dom;Banque Exemple;Astronaute;crc-est;;7000\n7004;Eli;Banque Exemple;;x;;\n"
CSV = "text/csv"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    site = make_cast_site(tmp_path / "hris.db")
    yield site
    site.engine.dispose()


def people_count(site: Site) -> int:
    with site.uow() as uow:
        return uow.people.count_people()


def post_api(site: Site, body: bytes, headers: dict[str, str], **data: str) -> object:
    return site.client.post(
        "/api/v1/people/import",
        files={"file": ("export.csv", body, CSV)},
        data=data,
        headers=headers,
    )


def test_api_imports_then_reports_nothing_changed(site: Site) -> None:
    headers = api_login(site.client, CAST.hr)
    response = site.client.post(
        "/api/v1/people/import",
        files={"file": ("C:\\exports\\sirh.csv", PEOPLE, CSV)},
        data={"kind": "people"},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["filename"] == "sirh.csv" and body["written"] is True
    assert (body["rows"], body["created"], body["teams_created"]) == (3, 3, 2)
    assert body["errors"] == [] and body["error_count"] == 0
    assert people_count(site) == 14
    salt = Settings.from_environment().pseudonym_salt
    with site.uow() as uow:
        ada = uow.people.get_person(pseudonym("7001", salt))
        assert ada is not None and ada.team == "crc-est"
        assert uow.people.teams_managed_by(pseudonym("7000", salt)) == ["crc-est"]

    again = site.client.post(
        "/api/v1/people/import", files={"file": ("sirh.csv", PEOPLE, CSV)}, headers=headers
    )
    assert again.status_code == 200
    assert (again.json()["created"], again.json()["unchanged"]) == (0, 3)


def test_api_refuses_an_invalid_file_with_every_row_error(site: Site) -> None:
    headers = api_login(site.client, CAST.hr)
    response = site.client.post(
        "/api/v1/people/import", files={"file": ("export.csv", BAD, CSV)}, headers=headers
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 422 and "rien n'a été importé : 3 erreurs" in problem["detail"]
    assert [(e["line"], e["column"]) for e in problem["errors"]] == [
        (5, "emploi"),
        (6, "emploi"),
        (6, "equipe"),
    ]
    assert problem["report"]["error_count"] == 3 and problem["report"]["written"] is False
    assert people_count(site) == 11


def test_api_dry_run_and_excel(site: Site) -> None:
    headers = api_login(site.client, CAST.hr)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["pseudonyme", "competence", "mesure", "source", "date"])
    sheet.append(["n-3", "Produits bancaires", 0.9, "Auto-évaluation", "2026-03-01"])
    out = io.BytesIO()
    book.save(out)
    xlsx = ("eval.xlsx", out.getvalue(), "application/octet-stream")
    dry = site.client.post(
        "/api/v1/people/import", files={"file": xlsx}, data={"dry_run": "true"}, headers=headers
    )
    assert dry.status_code == 200, dry.text
    assert (dry.json()["kind"], dry.json()["added"], dry.json()["written"]) == (
        "assessments",
        1,
        False,
    )
    with site.uow() as uow:
        assert len(uow.people.assessments_of("n-3")) == 0
    done = site.client.post("/api/v1/people/import", files={"file": xlsx}, headers=headers)
    assert done.json()["added"] == 1
    with site.uow() as uow:
        (rating,) = uow.people.assessments_of("n-3")
    assert (rating.level, rating.document, rating.line) == (4, "eval.xlsx", 2)


@pytest.mark.parametrize("who", [CAST.manager, CAST.employee])
def test_api_refuses_managers_and_employees(site: Site, who: str) -> None:
    headers = api_login(site.client, who)
    response = post_api(site, PEOPLE, headers)
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert "administrateurs RH" in response.json()["detail"]  # type: ignore[attr-defined]
    assert people_count(site) == 11


def test_api_needs_an_account_and_a_csrf_token(site: Site) -> None:
    site.client.cookies.clear()
    assert post_api(site, PEOPLE, {}).status_code == 401  # type: ignore[attr-defined]
    api_login(site.client, CAST.hr)
    assert post_api(site, PEOPLE, {}).status_code == 403  # type: ignore[attr-defined]
    site.client.cookies.clear()
    token = auth.create_api_token(site.uow, SYSTEM, CAST.hr, "tests", days=1)
    bearer = {"Authorization": f"Bearer {token}"}
    assert post_api(site, PEOPLE, bearer).status_code == 200  # type: ignore[attr-defined]
    manager = auth.create_api_token(site.uow, SYSTEM, CAST.manager, "tests", days=1)
    refused = post_api(site, PEOPLE, {"Authorization": f"Bearer {manager}"})
    assert refused.status_code == 403  # type: ignore[attr-defined]


def test_page_form_then_report(site: Site) -> None:
    login(site.client, CAST.hr)
    page = site.client.get("/personnes/import")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    token = form_token(site.client, "/personnes/import")
    response = site.client.post(
        "/personnes/import",
        files={"file": ("export.csv", PEOPLE, CSV)},
        data={"csrf_token": token, "kind": ""},
    )
    assert response.status_code == 200, response.text
    assert "Import terminé." in response.text
    assert '<th scope="row">Personnes créées</th><td>3</td>' in response.text
    assert people_count(site) == 14

    refused = site.client.post(
        "/personnes/import",
        files={"file": ("export.csv", BAD, CSV)},
        data={"csrf_token": token, "kind": "people"},
    )
    assert refused.status_code == 422
    assert "rien n&#39;a été importé : 3 erreurs." in refused.text
    assert '<th scope="row">5</th><td>emploi</td>' in refused.text
    assert "Astronaute" in refused.text
    english = site.client.post(
        "/personnes/import?lang=en",
        files={"file": ("export.csv", BAD, CSV)},
        data={"csrf_token": token},
    )
    assert "File refused, nothing was imported: 3 errors." in english.text


def test_page_needs_hr_and_a_csrf_token(site: Site) -> None:
    site.client.cookies.clear()
    anonymous = site.client.get("/personnes/import", follow_redirects=False)
    assert anonymous.status_code == 303 and "/connexion" in anonymous.headers["location"]
    for who in (CAST.manager, CAST.employee):
        token = login(site.client, who)
        assert site.client.get("/personnes/import").status_code == 403
        posted = site.client.post(
            "/personnes/import",
            files={"file": ("export.csv", PEOPLE, CSV)},
            data={"csrf_token": token},
        )
        assert posted.status_code == 403
    login(site.client, CAST.hr)
    forged = site.client.post(
        "/personnes/import",
        files={"file": ("export.csv", PEOPLE, CSV)},
        data={"csrf_token": "faux"},
    )
    assert forged.status_code == 403
    assert people_count(site) == 11
