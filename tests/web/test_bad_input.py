"""NUL characters are bad input everywhere (issue 12, point 8).

PostgreSQL cannot store a NUL in text: a NUL that reached a query answered 500 there. Every
GET route of the app (introspected, as in test_access_rules.py) gets a NUL in each of its query
parameters and in its path, on SQLite and on PostgreSQL, signed in as HR so that nothing but the
NUL stops the request on its way to storage; then a JSON body (assessment evidence), the
sign-in form, an uploaded file's name and HRIS files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services import auth
from parcours.services.auth import SYSTEM
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork
from parcours.settings import Settings
from parcours.store.uow import SqlUnitOfWork, make_session_factory
from parcours.web.app import create_app
from tests.integration.conftest import postgres_engine, sqlite_engine
from tests.people_cast import CAST, PASSWORD, form_token, populate
from tests.web.test_access_rules import ROUTES, methods


def query_parameters(dependant: Dependant) -> list[str]:
    """The query parameters of a route and of every dependency it has, by name."""
    names = [p.alias for p in dependant.query_params]
    for sub in dependant.dependencies:
        names += [n for n in query_parameters(sub) if n not in names]
    return names


GETS = [r for r in ROUTES if "GET" in methods(r)]
QUERY_PARAMETERS = [(r, p) for r in GETS for p in query_parameters(r.dependant)]
WITH_PATH_PARAMETERS = [r for r in GETS if "{" in r.path]


def _fill(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


class Site:
    def __init__(self, engine: Engine) -> None:
        sessions: sessionmaker[Session] = make_session_factory(engine)

        def make() -> UnitOfWork:
            return SqlUnitOfWork(sessions)

        assert import_documents(make, [(SAMPLE_NAME, sample_bytes())]).ok
        populate(make)
        self.uow = make
        url = engine.url.render_as_string(hide_password=False)
        self.client = TestClient(create_app(Settings.from_environment(database_url=url), make))
        self.session = auth.login(make, CAST.hr, PASSWORD)[0]
        token = auth.create_api_token(make, SYSTEM, CAST.hr, "tests", days=1)
        self.bearer = {"Authorization": f"Bearer {token}"}

    def as_hr(self, path: str) -> dict[str, str]:
        """Headers of a request as HR: the bearer token on the API, the session on pages."""
        self.client.cookies.clear()
        if path.startswith("/api/"):
            return self.bearer
        self.client.cookies.set("parcours_session", self.session)
        return {}


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    if request.param == "sqlite":
        engines = sqlite_engine(tmp_path_factory.mktemp("nul"))
    else:
        engines = postgres_engine(request.getfixturevalue("postgres_server"))
    engine = next(engines)
    yield Site(engine)
    next(engines, None)


def assert_refused(response: object, path: str) -> None:
    status = getattr(response, "status_code", None)
    headers = getattr(response, "headers", {})
    text = getattr(response, "text", "")
    assert status == 422, (path, status, text[:300])
    assert "caractère nul" in text
    if path.startswith("/api/"):
        assert headers["content-type"].startswith("application/problem+json")


def test_the_routes_are_found() -> None:
    assert len(QUERY_PARAMETERS) >= 60 and len(WITH_PATH_PARAMETERS) >= 30


@pytest.mark.parametrize(
    ("route", "parameter"),
    QUERY_PARAMETERS,
    ids=[f"{r.path}?{p}" for r, p in QUERY_PARAMETERS],
)
def test_a_nul_in_any_query_parameter_is_refused(
    site: Site, route: APIRoute, parameter: str
) -> None:
    path = _fill(route.path)
    headers = site.as_hr(path)
    response = site.client.get(
        path, params={parameter: "a\x00b"}, headers=headers, follow_redirects=False
    )
    assert_refused(response, path)
    assert parameter in response.text


@pytest.mark.parametrize("route", WITH_PATH_PARAMETERS, ids=[r.path for r in WITH_PATH_PARAMETERS])
def test_a_nul_in_any_path_parameter_is_refused(site: Site, route: APIRoute) -> None:
    path = re.sub(r"\{[^}]+\}", "a%00b", route.path)
    response = site.client.get(path, headers=site.as_hr(path), follow_redirects=False)
    assert_refused(response, path)


def test_a_nul_in_static_paths_and_unknown_routes_is_refused(site: Site) -> None:
    for path in ("/static/parcours.css%00", "/nulle/part%00", "/api/v1/inconnu?x=%00"):
        assert site.client.get(path).status_code == 422, path


def test_a_nul_in_assessment_evidence_is_refused_and_nothing_is_written(site: Site) -> None:
    with site.uow() as uow:
        before = len(uow.people.assessments_of("n-1"))
    body = {"competency": "ecoute-active", "source": "manager", "frequencies": [3, 3]}
    for evidence in ("vu\x00en agence", "\x00"):
        response = site.client.post(
            "/api/v1/people/n-1/assessments",
            json={**body, "evidence": evidence},
            headers=site.as_hr("/api/"),
        )
        assert_refused(response, "/api/v1/people/n-1/assessments")
        assert response.json()["errors"][0]["loc"] == ["body", "evidence"]
    response = site.client.post(
        "/api/v1/people/n-1/assessments", json={**body, "evidence": "vu"}, headers=site.bearer
    )
    assert response.status_code == 201, response.text
    with site.uow() as uow:
        assert len(uow.people.assessments_of("n-1")) == before + 1


def test_a_nul_in_the_sign_in_is_refused(site: Site) -> None:
    site.client.cookies.clear()
    response = site.client.post("/api/v1/auth/login", json={"login": "x\x00", "password": "y"})
    assert_refused(response, "/api/v1/auth/login")
    site.client.cookies.clear()
    token = form_token(site.client)
    for login, password in (("rh\x00", "mot de passe"), (CAST.hr, "\x00")):
        form = {"login": login, "password": password, "csrf_token": token, "suite": "/"}
        response = site.client.post("/connexion", data=form, follow_redirects=False)
        assert_refused(response, "/connexion")


def test_a_nul_in_an_uploaded_file_name_is_refused(site: Site) -> None:
    # Written by hand: HTTP clients escape control characters in file names, attackers do not.
    body = (
        b"--limite\r\n"
        b'Content-Disposition: form-data; name="file"; filename="sirh\x00.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n"
        b"matricule;nom\r\n"
        b"--limite--\r\n"
    )
    headers = {**site.bearer, "Content-Type": "multipart/form-data; boundary=limite"}
    response = site.client.post("/api/v1/people/import", content=body, headers=headers)
    assert_refused(response, "/api/v1/people/import")
    assert response.json()["errors"][0]["loc"] == ["body", "file", "filename"]


@pytest.mark.parametrize(
    "data",
    [
        "matricule;referentiel;emploi;equipe\nE1\x00;Banque Exemple;conseiller;agence-nord\n",
        "matricule;competence;niveau;date;preuve\nE1;rigueur;2;2026-01-02;vu\x00\n",
        "matricule;competence;niveau;date;evaluateur\nE1;rigueur;2;2026-01-02;E\x002\n",
    ],
    ids=["people", "evidence", "assessor"],
)
def test_a_nul_in_an_hris_file_is_refused_with_its_line(site: Site, data: str) -> None:
    files = {"file": ("sirh.csv", data.encode(), "text/csv")}
    response = site.client.post("/api/v1/people/import", files=files, headers=site.bearer)
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [e["line"] for e in errors] == [2]
    assert "caractère nul" in errors[0]["message"]


def test_a_nul_in_a_command_line_hris_file_is_refused(site: Site) -> None:
    from parcours.services.hris import import_hris

    data = b"matricule;competence;niveau;date;preuve\nE1;rigueur;2;2026-01-02;a\x00\n"
    report = import_hris(site.uow, SYSTEM, data, "sirh\x00.csv", salt="s")
    assert not report.ok and report.errors[0].line == 2
    assert "\x00" not in report.filename
