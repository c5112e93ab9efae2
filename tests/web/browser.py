"""Browser tooling for the web tests: a served app, Debian's Chromium driven by Playwright,
axe-core from the npm registry (web-vendor/). Skips with the reason when a tool is missing,
except under CI=true where that is a failure."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import uvicorn

from tests.conftest import REPO_ROOT
from tests.people_cast import PASSWORD

if TYPE_CHECKING:
    from tests.web.conftest import Site

CHROMIUM = Path(os.environ.get("PARCOURS_CHROMIUM", "/usr/bin/chromium"))
AXE = REPO_ROOT / "web-vendor" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# What axe-core checks: WCAG 2.0 / 2.1, levels A and AA (RGAA 4 follows WCAG 2.1 AA).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI=true: scripts/test installs it)")
    pytest.skip(reason)


def require_tools() -> None:
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        missing(f"Chromium is not installed ({CHROMIUM}): apt-get install chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("the playwright Python package is not installed (dev extra)")
    if not AXE.is_file():
        missing(f"axe-core is not installed ({AXE}): npm ci --prefix web-vendor")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class ServedApp:
    """uvicorn on 127.0.0.1 in a thread, stopped by ``stop``."""

    def __init__(self, app: Any) -> None:
        self.port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the app did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@contextmanager
def serving(app: Any) -> Iterator[ServedApp]:
    """The app served until the block ends."""
    served = ServedApp(app)
    served.start()
    try:
        yield served
    finally:
        served.stop()


# The Chromium of the ``chromium`` fixture while it runs: Playwright's synchronous API drives one
# instance per thread, so a test asking for a browser of its own gets that one.
_RUNNING: list[Any] = []


@contextmanager
def launch_browser() -> Iterator[Any]:
    if _RUNNING:
        yield _RUNNING[0]
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
            args=CHROMIUM_ARGS,
        )
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations of the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated by the driver, not added as a <script>: the pages' Content-Security-Policy
        # (no inline script) stays in force during the checks.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
    result: dict[str, Any] = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def new_page(browser: Any) -> Any:
    """A tab in a fresh context (French, 1280 x 900); ``page.context.close()`` ends it."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    return context.new_page()


def check(page: Any, name: str) -> None:
    """Accessibility check and screenshot of the page as it is now."""
    assert axe_violations(page) == [], name
    screenshot(page, name)


def sign_in(page: Any, server: ServedApp, login: str, then: str) -> None:
    """The sign-in form, as a person fills it: back on ``then`` once signed in."""
    page.goto(f"{server.url}/connexion?suite={then}")
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url(f"**{then}")


# The fixtures of a browser test module (tests/web/conftest.py re-exports them): its ``site``
# served for the whole module, once the tools are there; one Chromium per process (a launch
# costs a second or two, and each test gets a context of its own: no cookie or storage is
# shared); a fresh tab per test.


@pytest.fixture(scope="module")
def server(site: Site) -> Iterator[ServedApp]:
    require_tools()
    with serving(site.client.app) as served:
        yield served


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    require_tools()
    with launch_browser() as launched:
        _RUNNING.append(launched)
        try:
            yield launched
        finally:
            _RUNNING.clear()


@pytest.fixture
def browser(server: ServedApp, chromium: Any) -> Any:
    """The process's Chromium, once the module's app is served."""
    return chromium


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = new_page(browser)
    yield tab
    tab.context.close()
