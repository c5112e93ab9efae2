"""Widths of every page at 390 px per role, and screenshots of four pages (issue 14).

    .venv/bin/python artifacts/issue14/measure.py before|after

Builds a throw-away site (sample, the five seeds, the demo), serves it, crawls each role's pages
at 390 px (tests/web/phone.py) and writes widths-<tag>.json and <tag>-*.png beside this file."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.web.browser import launch_browser, serving  # noqa: E402
from tests.web.phone import PHONE, ROLES, crawl, make_phone_site, sign_in  # noqa: E402

tag = sys.argv[1] if len(sys.argv) > 1 else "after"
with tempfile.TemporaryDirectory() as folder:
    site = make_phone_site(Path(folder) / "phone.db")
    jobs = site.client.get("/api/v1/jobs?referential=banque-exemple&per_page=2").json()
    compare = f"/comparer?a=banque-exemple:{jobs[0]['id']}&b=banque-exemple:{jobs[1]['id']}"
    lbp = site.referential_id("la-banque")
    moves = site.client.get(f"/api/v1/jobs?referential={lbp}&per_page=200&has_sheet=true").json()
    sheets = {
        j["id"]: len(site.client.get(f"/api/v1/referentials/{lbp}/jobs/{j['id']}").json().get("mobilities", []))
        for j in moves
    }
    busiest = max(sheets, key=lambda k: sheets[k])
    sheet = f"/referentiels/{lbp}/postes/{busiest}"
    shots = {"home": "/", "compare": compare, "team-matrix": "/equipes/crc-lyon", "job-sheet": sheet}
    report: dict[str, object] = {"job_sheet": sheet, "moves_out": sheets[busiest]}
    with serving(site.client.app) as server, launch_browser() as browser:
        for role in ROLES:
            context = browser.new_context(locale="fr-FR", viewport=PHONE)
            page = context.new_page()
            if role:
                sign_in(page, server.url, role)
            start = ["/", compare, sheet, "/formations", "/equipes/crc-lyon"]
            found = crawl(page, server.url, start, limit=80)
            report[role or "anonyme"] = {"too_wide": found.too_wide(), "pages": len(found.widths), "widths": found.widths}
            if role == "manager":
                for name, path in shots.items():
                    page.goto(server.url + path)
                    report.setdefault("shots", {})[name] = page.evaluate("document.scrollingElement.scrollWidth")  # type: ignore[union-attr]
                    page.screenshot(path=str(HERE / f"{tag}-{name}-390.png"), full_page=False)
            context.close()
        context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
        page = context.new_page()
        sign_in(page, server.url, "rh")
        report["hr_header_1366"] = page.evaluate("document.querySelector('header.site').getBoundingClientRect().height")
        page.goto(server.url + sheet)
        report["job_sheet_height_1366"] = page.evaluate("document.scrollingElement.scrollHeight")
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        report["job_sheet_pdf_pages"] = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        context.close()
    site.engine.dispose()
(HERE / f"widths-{tag}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), "utf-8")
summary = {k: (v["too_wide"] if isinstance(v, dict) and "too_wide" in v else v) for k, v in report.items()}
print(json.dumps(summary, indent=1, ensure_ascii=False))
