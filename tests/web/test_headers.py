"""Security headers, no-store on personal data, no external resource (issue 12, point 12).

- every response (pages, API, static files, errors) carries the CSP, X-Frame-Options,
  nosniff and Referrer-Policy headers; HSTS only over HTTPS (directly or from a trusted proxy);
- every route that needs an account (introspected, as in test_access_rules.py) answers with
  ``Cache-Control: no-store``, and so does every page served to a signed-in visitor, while the
  catalogue keeps its ETags;
- the pages reached from the home page and the menus, signed in as HR (a crawl), and the API
  documentation reference no other host and hold no inline script, style or event handler
  (what the CSP would block); Swagger UI's assets are served by the app;
- in Chromium, the API documentation renders under the CSP without a violation and without a
  request to another host.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from parcours.services import auth
from parcours.settings import Settings
from parcours.web.app import create_app
from parcours.web.headers import CONTENT_SECURITY_POLICY
from tests.people_cast import CAST, PASSWORD
from tests.web.conftest import Site
from tests.web.test_access_rules import PRIVATE, concrete, methods

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}
PRIVATE_GETS = [r for r in PRIVATE if "GET" in methods(r)]


def as_hr(site: Site) -> TestClient:
    site.client.cookies.clear()
    site.client.cookies.set("parcours_session", auth.login(site.uow, CAST.hr, PASSWORD)[0])
    return site.client


def assert_secured(response: Any) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (response.url, name)


def test_the_policy_allows_nothing_from_elsewhere_and_no_framing() -> None:
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY
    assert all(
        source in ("'self'", "'none'", "data:")
        for sources in directives.values()
        for source in sources.split()
    )


def test_every_kind_of_response_carries_the_security_headers(cast_client: TestClient) -> None:
    for path in (
        "/",
        "/api/v1/referentials",
        "/static/parcours.css",
        "/api/v1/docs",
        "/api/v1/openapi.json",
        "/connexion",
        "/pas-de-page",
        "/api/v1/people",  # 401
        "/personnes",  # the sign-in redirect
        "/api/v1/search?q=%00",  # refused before any route
    ):
        assert_secured(cast_client.get(path, follow_redirects=False))


def test_the_erasure_and_purge_forms_cannot_be_framed(cast_site: Site) -> None:
    client = as_hr(cast_site)
    for path in ("/rgpd", "/rgpd/personnes/n-1"):
        response = client.get(path)
        assert response.status_code == 200 and "csrf_token" in response.text
        assert response.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("route", PRIVATE_GETS, ids=[r.path for r in PRIVATE_GETS])
def test_every_personal_data_response_is_not_stored(cast_site: Site, route: APIRoute) -> None:
    client = as_hr(cast_site)
    path = concrete(route.path).replace("/1", "/n-1") if "person" in route.path else None
    for target in {concrete(route.path), path or concrete(route.path)}:
        response = client.get(target, follow_redirects=False)
        assert response.headers.get("cache-control") == "no-store", (target, response.status_code)
        assert_secured(response)


def test_own_pages_sign_in_and_signed_in_pages_are_not_stored(cast_site: Site) -> None:
    client = cast_site.client
    client.cookies.clear()
    for path in ("/connexion", "/api/v1/auth/me"):
        assert client.get(path).headers["cache-control"] == "no-store", path
    catalogue = client.get("/api/v1/referentials")
    assert catalogue.headers["cache-control"] == "no-cache" and "etag" in catalogue.headers
    assert "no-store" not in client.get("/").headers.get("cache-control", "")
    client.cookies.set("parcours_session", auth.login(cast_site.uow, CAST.employee, PASSWORD)[0])
    for path in ("/", "/moi", "/moi/donnees", "/api/v1/me/export", "/api/v1/auth/me"):
        response = client.get(path, follow_redirects=False)
        assert response.headers.get("cache-control") == "no-store", (path, response.status_code)
    # The catalogue API holds no one's data: it keeps its ETag even for a signed-in caller.
    assert client.get("/api/v1/referentials").headers["cache-control"] == "no-cache"


def test_hsts_only_over_https_or_from_a_trusted_proxy(cast_site: Site) -> None:
    def app(**settings: Any) -> TestClient:
        return TestClient(
            create_app(
                Settings.from_environment(database_url=cast_site.url, **settings), cast_site.uow
            )
        )

    plain = app()
    assert "strict-transport-security" not in plain.get("/").headers
    forged = plain.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" not in forged.headers  # nobody is trusted by default
    secure = TestClient(plain.app, base_url="https://parcours.test")
    assert secure.get("/").headers["strict-transport-security"] == "max-age=31536000"
    proxied = app(trusted_proxies="*", hsts_seconds=600)
    response = proxied.get("/connexion", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["strict-transport-security"] == "max-age=600"
    assert "secure" in response.headers["set-cookie"].lower()  # the CSRF cookie: Secure too
    elsewhere = app(trusted_proxies="10.0.0.0/8, 192.168.1.1")
    assert (
        "strict-transport-security"
        not in elsewhere.get("/", headers={"X-Forwarded-Proto": "https"}).headers
    )
    off = TestClient(app(hsts_seconds=0).app, base_url="https://parcours.test")
    assert "strict-transport-security" not in off.get("/").headers


# --- no external resource ------------------------------------------------------------------


class Page(HTMLParser):
    """The references of a page (every attribute that loads or posts somewhere) and what the
    CSP would block (inline scripts, style attributes, event handlers)."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[tuple[str, str]] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("href", "src", "action", "formaction", "data", "poster", "srcset"):
            value = found.get(name)
            if value:
                self.references.append((tag, value))
        if tag == "script" and not found.get("src"):
            self.inline.append("<script> without src")
        if tag == "style":
            self.inline.append("<style>")
        self.inline += [f"{tag}[{n}]" for n in found if n == "style" or n.startswith("on")]


def external(reference: str) -> bool:
    parts = urlsplit(reference)
    return bool(parts.netloc) and parts.netloc not in ("testserver",)


def crawl(client: TestClient, start: list[str], limit: int = 120) -> Iterator[tuple[str, Any]]:
    """The pages reached by following the app's own links (GET, HTML), breadth first."""
    seen = set(start)
    queue = deque(start)
    count = 0
    while queue and count < limit:
        path = queue.popleft()
        response = client.get(path, follow_redirects=False)
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        count += 1
        yield path, response
        parser = Page()
        parser.feed(response.text)
        for tag, reference in parser.references:
            if tag != "a" or external(reference):
                continue
            target = urljoin(path, reference).split("#")[0]
            parts = urlsplit(target)
            if parts.path.startswith(("/deconnexion", "/static/")) or "lang=" in parts.query:
                continue
            if target not in seen:
                seen.add(target)
                queue.append(target)


def test_no_page_references_another_host_or_runs_inline_code(cast_site: Site) -> None:
    client = as_hr(cast_site)
    start = ["/", "/personnes", "/equipes", "/campagnes", "/jurys", "/rgpd", "/personnes/n-1"]
    pages = 0
    for path, response in crawl(client, [*start, "/api/v1/docs", "/connexion"]):
        pages += 1
        parser = Page()
        parser.feed(response.text)
        assert [r for _t, r in parser.references if external(r)] == [], path
        assert parser.inline == [], path
        assert not re.search(r"https?://(?!www\.w3\.org/)", response.text), path
    assert pages >= 40
    css = client.get("/static/parcours.css").text
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", css)


def test_the_api_documentation_is_served_by_the_app(cast_client: TestClient) -> None:
    page = cast_client.get("/api/v1/docs")
    assert page.status_code == 200
    parser = Page()
    parser.feed(page.text)
    assets = [r for tag, r in parser.references if tag in ("script", "link")]
    assert {"/static/swagger-ui/swagger-ui-bundle.js", "/static/swagger-init.js"} <= set(assets)
    for asset in assets:
        response = cast_client.get(asset)
        assert response.status_code == 200 and len(response.content) > 100, asset
    init = cast_client.get("/static/swagger-init.js").text
    assert "http" not in init and "validatorUrl: null" in init
    assert cast_client.get("/docs/oauth2-redirect").status_code == 404


def test_the_api_documentation_renders_under_the_policy(cast_site: Site) -> None:
    from tests.web.browser import CHROMIUM, launch_browser, missing, new_page, serving

    if not CHROMIUM.exists():
        missing(f"Chromium is not installed ({CHROMIUM}): apt-get install chromium")
    with serving(cast_site.client.app) as served, launch_browser() as browser:
        page = new_page(browser)
        problems: list[str] = []
        hosts: set[str] = set()
        page.on(
            "console",
            lambda m: problems.append(m.text) if m.type in ("error", "warning") else None,
        )
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
        page.goto(f"{served.url}/api/v1/docs")
        page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
        assert "parcours" in page.inner_text(".swagger-ui .info .title")
        assert page.locator(".opblock").count() > 50  # the operations are listed
        page.goto(f"{served.url}/")
        page.wait_for_selector("main")
        page.context.close()
    assert [p for p in problems if "Content Security Policy" in p or "Refused" in p] == []
    assert hosts <= {urlsplit(served.url).netloc}
