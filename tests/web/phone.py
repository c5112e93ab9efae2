"""Pages at a phone's width: a site with every seed and the demo's accounts, a crawl of the pages
each role reaches from the menus and the pages it links to, and the width each page scrolls to.

Used by tests/web/test_browser_phone.py and by artifacts/issue14/measure.py (the widths and
screenshots before and after, issue 14)."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services.demo import load_demo
from parcours.settings import Settings
from tests.people_cast import PASSWORD
from tests.web.conftest import Site, make_site, seed_files

PHONE = {"width": 390, "height": 844}
ROLES = ("", "rh", "manager", "salarie", "jury")  # "": not signed in
# Links a crawl does not follow: they change state, download a file or leave the pages.
SKIP = re.compile(
    r"^/(api/|static/|deconnexion|connexion)|[?&](lang|format)=|/export|\.(csv|xlsx|json|pdf)(\?|$)"
)


def make_phone_site(path: Path) -> Site:
    """The bundled sample, the five real documents and the demo (its accounts: PASSWORD)."""
    site = make_site(path, [(SAMPLE_NAME, sample_bytes()), *seed_files()])
    load_demo(site.uow, salt=Settings.from_environment().pseudonym_salt, password=PASSWORD)
    return site


def sign_in(page: Any, base: str, login: str) -> None:
    page.goto(f"{base}/connexion?suite=/")
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_load_state()


def shape(path: str) -> str:
    """Pages of one kind count once: the digits and the last segment of deep paths folded."""
    parts = urlsplit(path)
    segments = [re.sub(r"\d+", "N", s) for s in parts.path.split("/")]
    if len(segments) > 4:
        segments[-1] = "*"
    query = (
        "?" + "&".join(sorted(k.split("=")[0] for k in parts.query.split("&")))
        if parts.query
        else ""
    )
    return "/".join(segments) + query


@dataclass
class Crawl:
    widths: dict[str, int] = field(default_factory=dict)  # path -> scroll width
    statuses: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # path -> visible text (`visible_text`)

    def too_wide(self, limit: int = PHONE["width"]) -> dict[str, int]:
        return {p: w for p, w in self.widths.items() if w > limit}


def width(page: Any) -> int:
    return int(page.evaluate("document.scrollingElement.scrollWidth"))


def crawl(page: Any, base: str, start: list[str], limit: int = 60) -> Crawl:
    """Visit ``start`` then the pages they link to (one of each shape), ``limit`` at most."""
    found = Crawl()
    queue = deque(start)
    seen_shapes: set[str] = set()
    while queue and len(found.widths) < limit:
        path = queue.popleft()
        kind = shape(path)
        if kind in seen_shapes:
            continue
        seen_shapes.add(kind)
        response = page.goto(base + path)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        found.statuses[path] = response.status
        found.widths[path] = width(page)
        found.texts[path] = visible_text(page)
        hrefs: list[str] = page.eval_on_selector_all(
            "main a[href], header a[href]", "els => els.map(e => e.getAttribute('href'))"
        )
        for href in hrefs:
            target = urlsplit(urljoin(base + path, href))
            if target.netloc != urlsplit(base).netloc:
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if not SKIP.search(link) and shape(link) not in seen_shapes:
                queue.append(link)
    return found


# English words (and code values) that must not show on a French page. Words that French
# shares (manager, score, jury, import) are not listed.
ENGLISH = (
    "accepted",
    "proposed",
    "rejected",
    "related",
    "broader",
    "narrower",
    "exact",
    "employee",
    "study",
    "txt",
    "open-list",
    "pending",
    "published",
    "discarded",
    "granted",
    "refused",
    "under_level",
    "not-assessed",
    "covered",
    "missing",
    "None",
    "True",
    "False",
    "null",
    "hr",
    "self",
    "fiche_fonction",
    "fiche_metier",
    "parcours_json",
)
_ENGLISH = re.compile(r"(?<![\w.-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w-])")
# Plurals a French page spells out (« 1 poste », « 2 postes »), never « poste(s) ».
_PARENTHESISED_PLURAL = re.compile(r"\w\((s|x)\)")


def visible_text(page: Any) -> str:
    """The page's visible text, its code samples and identifiers left out."""
    return str(
        page.evaluate(
            """() => { const c = document.body.cloneNode(true);
            const hidden = 'code, kbd, samp, [lang]:not([lang=fr]), .sr-only';
            c.querySelectorAll(hidden).forEach(e => e.remove());
            return c.innerText; }"""
        )
    )


def english_words(text: str) -> list[str]:
    return sorted(set(_ENGLISH.findall(text)))


def parenthesised_plurals(text: str) -> list[str]:
    return sorted({m.group(0) for m in _PARENTHESISED_PLURAL.finditer(text)})
