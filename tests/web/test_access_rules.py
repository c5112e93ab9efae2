"""The role rules on the routes, table-driven (issue 5, point 6).

1. Structure, over EVERY route of the app: every unsafe route checks the CSRF token (but the
   JSON sign-in), every route of personal data or administration needs a principal.
2. Behaviour, over every route that needs a principal: anonymous -> 401 (API) or the sign-in
   form (pages); signed in with a cookie but without the CSRF token -> 403 on every unsafe one.
3. A table of (route, role) -> status for the rules themselves: HR only for imports, link
   decisions, the audit log; an employee cannot read a colleague; a manager cannot read another
   team; a jury member sees no one outside their juries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services import auth
from parcours.services.auth import SYSTEM
from parcours.settings import Settings
from parcours.web.app import create_app
from tests.people_cast import CAST, PASSWORD, form_token, login
from tests.web.conftest import Site

ANONYMOUS = "anonymous"
ROLES = (ANONYMOUS, "employee", "manager", "jury", "hr")
LOGINS = {
    "employee": CAST.employee,
    "manager": CAST.manager,
    "jury": CAST.jury,
    "hr": CAST.hr,
}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

# Open to anyone who may read the catalogue (public_catalogue) or needed to sign in.
PUBLIC_PREFIXES = (
    "/api/v1/referentials",
    "/api/v1/jobs",
    "/api/v1/compare",
    "/api/v1/search",
    "/api/v1/links",  # reading the queue; deciding is checked below
    "/api/v1/map",  # the organisation's map; declaring roles is checked below
    "/cartographie",
    "/healthz",  # operations: the process answers (no data)
    "/readyz",  # operations: database reachable, migrations at head (no data)
    "/metrics",  # operations: Prometheus counters, to be blocked at the proxy (docs/deploy.md)
    "/api/v1/export",
    "/api/v1/scales",
    "/api/v1/auth/login",
    "/api/v1/auth/logout",  # ends the session it is sent with, if any
    "/api/v1/openapi.json",
    "/api/v1/docs",
    "/docs/oauth2-redirect",
    "/referentiels/",
    "/comparer",
    "/parcours",
    "/liens",
    "/echelles",
    "/connexion",
    "/deconnexion",
    "/oidc/",
    "/api/v1/trainings",  # the training catalogue, read like the job catalogue; editing: HR
    "/formations",
)
# Unsafe routes that need no CSRF token: the JSON sign-in (a browser cannot send JSON across
# sites without a CORS preflight, which parcours never grants).
NO_CSRF = {("POST", "/api/v1/auth/login")}


def all_routes(app: Any) -> list[APIRoute]:
    """Every route of the app, through the routers it includes."""
    found: list[APIRoute] = []

    def walk(routes: list[Any]) -> None:
        for route in routes:
            if isinstance(route, APIRoute):
                found.append(route)
            elif hasattr(route, "original_router"):  # FastAPI >= 0.16x keeps routers whole
                walk(route.original_router.routes)

    walk(app.routes)
    return found


def dependencies(route: APIRoute) -> set[str]:
    return {getattr(d.call, "__name__", "") for d in route.dependant.dependencies}


def methods(route: APIRoute) -> set[str]:
    return set(route.methods or ()) - {"HEAD"}


def needs_principal(route: APIRoute) -> bool:
    return "require_principal" in dependencies(route)


def concrete(path: str) -> str:
    """A path with every parameter filled (numbers where the routes expect them)."""
    return re.sub(r"\{[^}]+\}", "1", path)


APP = create_app(Settings.from_environment(), uow_factory=lambda: None)  # type: ignore[arg-type, return-value]
ROUTES = all_routes(APP)
PRIVATE = [r for r in ROUTES if needs_principal(r)]
UNSAFE_ROUTES = [(m, r) for r in ROUTES for m in sorted(methods(r) & UNSAFE)]


def _id(route: APIRoute, method: str | None = None) -> str:
    return f"{method or '/'.join(sorted(methods(route)))} {route.path}"


@pytest.fixture(scope="module")
def bearers(cast_site: Site) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {ANONYMOUS: {}}
    for role, name in LOGINS.items():
        token = auth.create_api_token(cast_site.uow, SYSTEM, name, "règles", days=1)
        out[role] = {"Authorization": f"Bearer {token}"}
    return out


@pytest.fixture(scope="module")
def sessions(cast_site: Site) -> dict[str, str]:
    """A session token per role, opened once (Argon2id is slow on purpose)."""
    return {role: auth.login(cast_site.uow, name, PASSWORD)[0] for role, name in LOGINS.items()}


def use_session(client: TestClient, sessions: dict[str, str], role: str) -> str:
    """Act as ``role`` (anonymous: no session); returns the CSRF token for its forms."""
    client.cookies.clear()
    if role != ANONYMOUS:
        client.cookies.set("parcours_session", sessions[role])
    return form_token(client)


# -- 1. structure --------------------------------------------------------------------------


def test_the_route_table_is_complete() -> None:
    paths = {r.path for r in ROUTES}
    assert {"/api/v1/imports", "/liens/decider", "/oidc/callback", "/connexion"} <= paths
    assert len(PRIVATE) >= 20 and len(UNSAFE_ROUTES) >= 15


@pytest.mark.parametrize(
    ("method", "route"), UNSAFE_ROUTES, ids=[_id(r, m) for m, r in UNSAFE_ROUTES]
)
def test_every_unsafe_route_checks_the_csrf_token(method: str, route: APIRoute) -> None:
    if (method, route.path) in NO_CSRF:
        return
    assert "check_csrf" in dependencies(route)


@pytest.mark.parametrize("route", ROUTES, ids=[_id(r) for r in ROUTES])
def test_only_catalogue_and_sign_in_routes_are_open(route: APIRoute) -> None:
    if route.path == "/" or route.path.startswith(PUBLIC_PREFIXES):
        prefixes = (
            "/liens/",
            "/api/v1/links/",
            "/cartographie/",
            "/api/v1/map/",
            "/api/v1/trainings",
            "/formations",
        )
        if route.path.startswith(prefixes) and methods(route) & UNSAFE:
            assert needs_principal(route)  # deciding on links: HR, checked in the service
        return
    assert needs_principal(route), f"{route.path} is open to anonymous visitors"


# -- 2. behaviour over every private route -------------------------------------------------


@pytest.mark.parametrize("route", PRIVATE, ids=[_id(r) for r in PRIVATE])
def test_anonymous_visitors_are_refused_everywhere(
    cast_client: TestClient, route: APIRoute
) -> None:
    anonymous_csrf = form_token(cast_client)  # a valid token: the refusal is about the account
    for method in sorted(methods(route)):
        response = cast_client.request(
            method,
            concrete(route.path),
            headers={"X-CSRF-Token": anonymous_csrf},
            follow_redirects=False,
        )
        if route.path.startswith("/api/"):
            assert response.status_code == 401, (method, route.path, response.text[:200])
            assert response.headers["content-type"].startswith("application/problem+json")
        else:
            assert response.status_code == 303, (method, route.path)
            assert response.headers["location"].startswith("/connexion?suite=")


@pytest.mark.parametrize(
    ("method", "route"), UNSAFE_ROUTES, ids=[_id(r, m) for m, r in UNSAFE_ROUTES]
)
def test_a_signed_in_session_without_the_csrf_token_is_refused(
    cast_client: TestClient, sessions: dict[str, str], method: str, route: APIRoute
) -> None:
    if (method, route.path) in NO_CSRF:
        return
    use_session(cast_client, sessions, "hr")
    response = cast_client.request(method, concrete(route.path), follow_redirects=False)
    assert response.status_code == 403, (method, route.path, response.text[:200])
    assert "CSRF" in response.text
    forged = cast_client.request(
        method,
        concrete(route.path),
        headers={"X-CSRF-Token": "0" * 64},
        follow_redirects=False,
    )
    assert forged.status_code == 403


# -- 3. the rules, role by role ------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    method: str
    path: str
    expected: dict[str, int | None]  # role -> status (None: not tried for that role)
    json: Any = None
    files: Any = None

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"


def only_hr(ok: int | None) -> dict[str, int | None]:
    return {ANONYMOUS: 401, "employee": 403, "manager": 403, "jury": 403, "hr": ok}


def manager_and_hr(anonymous: int = 401) -> dict[str, int | None]:
    """The manager (of the person or the team) and HR; no one else."""
    return {**only_hr(200), ANONYMOUS: anonymous, "manager": 200}


def everyone(ok: int, anonymous: int = 401) -> dict[str, int | None]:
    return {ANONYMOUS: anonymous, "employee": ok, "manager": ok, "jury": ok, "hr": ok}


UPLOAD = [("files", (SAMPLE_NAME, sample_bytes()))]

API_RULES = [
    # authentication
    Rule("GET", "/api/v1/auth/me", everyone(200)),
    # imports: HR only (reading drafts too: they are unpublished documents)
    Rule("GET", "/api/v1/imports", only_hr(200)),
    Rule("POST", "/api/v1/imports", only_hr(201), files=UPLOAD),
    Rule("GET", "/api/v1/imports/999", only_hr(404)),
    Rule("POST", "/api/v1/imports/999/publish", only_hr(404)),
    Rule("POST", "/api/v1/imports/999/discard", only_hr(404)),
    # links: everyone reads the queue, HR decides
    Rule("GET", "/api/v1/links", everyone(200, anonymous=200)),
    Rule("POST", "/api/v1/links/inconnu/accept", only_hr(404), json={}),
    Rule("POST", "/api/v1/links/inconnu/reject", only_hr(404), json={}),
    Rule("POST", "/api/v1/links/merge", only_hr(404), json={"ids": ["inconnu"]}),
    Rule(
        "POST",
        "/api/v1/links/groups/g0/split",
        only_hr(404),
        json={"referential": "x", "key": "ecoute-active"},
    ),
    # the map: everyone reads it, HR declares the referentials' roles
    Rule("GET", "/api/v1/map", everyone(200, anonymous=200)),
    Rule("GET", "/api/v1/map/members", everyone(200, anonymous=200)),
    Rule("PUT", "/api/v1/map/members/inconnu", only_hr(404), json={"role": "reference"}),
    # people: oneself, one's team (manager), everyone (HR); never a colleague or another team
    Rule("GET", "/api/v1/people/n-1", {**manager_and_hr(), "employee": 200}),
    Rule("GET", "/api/v1/people/n-2", manager_and_hr()),
    Rule("GET", "/api/v1/people/s-1", only_hr(200)),
    Rule("GET", "/api/v1/people/n-2/assessments", manager_and_hr()),
    # team matrices: the team's manager and HR
    Rule("GET", "/api/v1/teams/agence-nord/matrix", manager_and_hr()),
    Rule("GET", "/api/v1/teams/crc-sud/matrix", only_hr(None)),
    # RGPD: the audit log, another person's export and erasure are HR's
    Rule("GET", "/api/v1/audit", only_hr(200)),
    Rule("GET", "/api/v1/people/n-2/export", only_hr(200)),
    Rule("DELETE", "/api/v1/people/n-2", only_hr(None)),
]


@pytest.mark.parametrize("rule", API_RULES, ids=[r.id for r in API_RULES])
@pytest.mark.parametrize("role", ROLES)
def test_api_rules(
    cast_client: TestClient, bearers: dict[str, dict[str, str]], rule: Rule, role: str
) -> None:
    expected = rule.expected[role]
    if expected is None:
        pytest.skip(f"{role} not tried on {rule.id} (it would change the shared data)")
    response = cast_client.request(
        rule.method, rule.path, headers=bearers[role], json=rule.json, files=rule.files
    )
    assert response.status_code == expected, (role, rule.id, response.text[:300])
    if expected in (401, 403):
        assert response.headers["content-type"].startswith("application/problem+json")


PAGE_RULES = [
    Rule("GET", "/import", {**only_hr(200), ANONYMOUS: 303}),
    Rule("GET", "/import/999", {**only_hr(404), ANONYMOUS: 303}),
    Rule("POST", "/import/999/publier", {**only_hr(404), ANONYMOUS: 303}),
    Rule(
        "POST",
        "/liens/decider",
        {**only_hr(404), ANONYMOUS: 303},
        json={"action": "accepter", "lien": "inconnu"},
    ),
    Rule("POST", "/liens/proposer", {**only_hr(303), ANONYMOUS: 303}),
    Rule("GET", "/liens", everyone(200, anonymous=200)),
    Rule("GET", "/cartographie", everyone(200, anonymous=200)),
    Rule(
        "POST",
        "/cartographie/roles",
        {**only_hr(404), ANONYMOUS: 303},
        json={"referentiel": "inconnu", "role": "reference"},
    ),
    Rule("GET", "/personnes/n-2", manager_and_hr(anonymous=303)),
    Rule("GET", "/rgpd", {**only_hr(200), ANONYMOUS: 303}),
]


@pytest.mark.parametrize("rule", PAGE_RULES, ids=[r.id for r in PAGE_RULES])
@pytest.mark.parametrize("role", ROLES)
def test_page_rules(
    cast_client: TestClient, sessions: dict[str, str], rule: Rule, role: str
) -> None:
    expected = rule.expected[role]
    assert expected is not None
    csrf = use_session(cast_client, sessions, role)
    data = {"csrf_token": csrf, **(rule.json or {})} if rule.method == "POST" else None
    response = cast_client.request(rule.method, rule.path, data=data, follow_redirects=False)
    assert response.status_code == expected, (role, rule.id, response.text[:300])
    if role == ANONYMOUS and expected == 303:
        assert response.headers["location"].startswith("/connexion")


def test_the_link_page_shows_the_decision_forms_to_hr_only(cast_client: TestClient) -> None:
    for who in (None, CAST.manager):
        if who:
            login(cast_client, who)
        page = cast_client.get("/liens").text
        assert " liens" in page or " lien " in page  # the queue, read-only
        assert 'action="/liens/proposer"' not in page and 'action="/liens/decider"' not in page
    login(cast_client, CAST.hr)
    page = cast_client.get("/liens").text
    assert 'action="/liens/proposer"' in page and 'action="/liens/decider"' in page
    assert 'name="csrf_token"' in page


def test_a_private_catalogue_asks_every_visitor_to_sign_in(cast_site: Site) -> None:
    closed = TestClient(
        create_app(
            Settings.from_environment(database_url=cast_site.url, public_catalogue=False),
            cast_site.uow,
        )
    )
    home = closed.get("/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/connexion?suite=/"
    assert closed.get("/api/v1/referentials").status_code == 401
    assert closed.get("/api/v1/links").status_code == 401
    assert closed.get("/connexion").status_code == 200
    assert closed.get("/static/parcours.css").status_code == 200
    login(closed, CAST.employee)
    assert closed.get("/api/v1/referentials").status_code == 200


def test_the_json_sign_in_cannot_be_sent_by_a_cross_site_form(cast_client: TestClient) -> None:
    """It takes no CSRF token because a form can only send text/plain or form bodies, which it
    refuses; only a JSON request (which needs a CORS preflight across sites) signs in."""
    body = f'{{"login": "{CAST.hr}", "password": "{PASSWORD}"}}'
    for content_type in ("text/plain", "application/x-www-form-urlencoded"):
        response = cast_client.post(
            "/api/v1/auth/login", content=body, headers={"content-type": content_type}
        )
        assert response.status_code == 422, content_type
        assert "parcours_session" not in response.headers.get("set-cookie", "")
    assert cast_client.get("/api/v1/auth/me").status_code == 401
    signed = cast_client.post("/api/v1/auth/login", json={"login": CAST.hr, "password": PASSWORD})
    assert signed.status_code == 200
    assert "access-control-allow-origin" not in signed.headers
