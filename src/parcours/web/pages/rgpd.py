"""Pages of the rgpd use cases: the audit log and retention (/rgpd), a person's export and
erasure (/rgpd/personnes/{id}), and one's own data and access log (/moi/donnees)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from parcours.services import people_search, rgpd, rgpd_readable
from parcours.services.rgpd import AUDIT_ACTIONS, AuditFilter, AuditPage, ConfirmationError
from parcours.web.deps import Actor, Csrf, SettingsDep, Uow, language, render
from parcours.web.downloads import audit_csv_download, json_download, pdf_download
from parcours.web.i18n import translator

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
ANONYMOUS = re.compile(r"anon-[0-9a-f]{16}")
Text = Annotated[str | None, Query(max_length=128)]
Page = Annotated[int, Query(ge=1, le=100_000)]

ACTION_LABELS: dict[str, str] = {
    "read": "lecture",
    "write": "écriture",
    "export": "export",
    "erase": "effacement",
    "login": "connexion",
    "login_failed": "connexion refusée",
    "account": "compte",
    "import": "import",
    "purge": "purge",
}


def _day(value: str | None) -> date | None:
    """A date field of a filter form: empty or malformed counts as no filter."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _pages(page: AuditPage, current: int) -> dict[str, Any]:
    last = max(1, -(-page.total // page.limit))
    return {"page": current, "last": last}


def _readable(
    request: Request, export: rgpd_readable.ReadableExport, base: str, back: str
) -> HTMLResponse:
    page = render(request, "rgpd_export.html", {"export": export, "base": base, "back": back})
    page.headers["Cache-Control"] = "no-store"
    return page


# --- HR: the audit log and retention -------------------------------------------------------


@router.get("/rgpd", response_class=HTMLResponse)
def rgpd_page(
    request: Request,
    settings: SettingsDep,
    uow: Uow,
    who: Actor,
    personne: Text = None,
    compte: Text = None,
    action: Text = None,
    du: Annotated[str | None, Query(max_length=10)] = None,
    au: Annotated[str | None, Query(max_length=10)] = None,
    page: Page = 1,
    efface: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    filters = AuditFilter(
        person=personne or None,
        actor=compte or None,
        action=action if action in AUDIT_ACTIONS else None,
        since=_day(du),
        until=_day(au),
    )
    result = rgpd.audit_log(uow, who, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    query = {
        k: v
        for k, v in {
            "personne": filters.person,
            "compte": filters.actor,
            "action": filters.action,
            "du": filters.since.isoformat() if filters.since else None,
            "au": filters.until.isoformat() if filters.until else None,
        }.items()
        if v
    }
    return render(
        request,
        "rgpd.html",
        {
            "result": result,
            "filters": filters,
            "query": urlencode(query),
            "actions": ACTION_LABELS,
            "pages": _pages(result, page),
            "erased": efface if efface and ANONYMOUS.fullmatch(efface) else None,
            "retention_days": settings.retention_days,
            "audit_retention_days": settings.audit_retention_days,
        },
    )


@router.get("/rgpd/journal.csv")
def audit_csv(
    uow: Uow,
    who: Actor,
    personne: Text = None,
    compte: Text = None,
    action: Text = None,
    du: Annotated[str | None, Query(max_length=10)] = None,
    au: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    filters = AuditFilter(
        person=personne or None,
        actor=compte or None,
        action=action if action in AUDIT_ACTIONS else None,
        since=_day(du),
        until=_day(au),
    )
    events = rgpd.audit_log_export(uow, who, filters)
    return audit_csv_download(events)


@router.post("/rgpd/purge", response_class=HTMLResponse, dependencies=[Csrf])
def purge_form(
    request: Request,
    settings: SettingsDep,
    uow: Uow,
    who: Actor,
    mode: Annotated[str, Form(max_length=16)] = "apercu",
) -> HTMLResponse:
    report = rgpd.purge(
        uow,
        who,
        retention_days=settings.retention_days,
        audit_retention_days=settings.audit_retention_days,
        dry_run=mode != "purger",
    )
    return render(request, "rgpd_purge.html", {"report": report})


@router.get("/rgpd/personnes")
def find_person(uow: Uow, who: Actor, id: Annotated[str, Query(max_length=200)] = "") -> Response:
    """A pseudonym, or a name ("Noah Michel"): the one person it names (people_search)."""
    target = id.strip()
    if not target:
        return RedirectResponse("/rgpd", status_code=303)
    found = people_search.resolve_person(uow, who, target)
    return RedirectResponse(f"/rgpd/personnes/{quote(found, safe='')}", status_code=303)


def _person_page(
    request: Request,
    uow: Uow,
    who: Actor,
    person: str,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    summary = rgpd.person_summary(uow, who, person)
    return render(
        request,
        "rgpd_person.html",
        {"summary": summary, "error": error},
        status_code=status_code,
    )


@router.get("/rgpd/personnes/{person}", response_class=HTMLResponse)
def person_page(request: Request, uow: Uow, who: Actor, person: str) -> HTMLResponse:
    return _person_page(request, uow, who, person)


@router.get("/rgpd/personnes/{person}/export.json")
def person_export(uow: Uow, who: Actor, person: str) -> JSONResponse:
    return json_download(rgpd.export_person(uow, who, person), person)


@router.get("/rgpd/personnes/{person}/lisible", response_class=HTMLResponse)
def person_readable(request: Request, uow: Uow, who: Actor, person: str) -> HTMLResponse:
    """The export as a page (the person or HR; an ``export`` event)."""
    lang = language(request)
    export = rgpd_readable.readable_export(
        uow, who, person, form="page", translate=translator(lang)
    )
    base = f"/rgpd/personnes/{quote(export.person, safe='')}"
    return _readable(request, export, base, base)


@router.get("/rgpd/personnes/{person}/export.pdf")
def person_pdf(request: Request, uow: Uow, who: Actor, person: str) -> Response:
    lang = language(request)
    export = rgpd_readable.readable_export(uow, who, person, form="PDF", translate=translator(lang))
    return pdf_download(export, lang)


@router.post("/rgpd/personnes/{person}/effacer", dependencies=[Csrf], response_model=None)
def erase_form(
    request: Request,
    uow: Uow,
    who: Actor,
    person: str,
    confirmation: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    try:
        report = rgpd.erase_person(uow, who, person, confirmation)
    except ConfirmationError as exc:
        return _person_page(request, uow, who, person, str(exc), status_code=400)
    return RedirectResponse(f"/rgpd?efface={quote(report.anonymous_id, safe='')}", status_code=303)


# --- everyone: one's own data --------------------------------------------------------------


@router.get("/moi/donnees", response_class=HTMLResponse)
def own_data(request: Request, uow: Uow, who: Actor, page: Page = 1) -> HTMLResponse:
    result = rgpd.own_audit_log(uow, who, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return render(
        request,
        "rgpd_own.html",
        {"result": result, "actions": ACTION_LABELS, "pages": _pages(result, page)},
    )


@router.get("/moi/donnees/export.json")
def own_export(uow: Uow, who: Actor) -> JSONResponse:
    document = rgpd.export_own(uow, who)
    return json_download(document, str(document["person"]["id"]))


@router.get("/moi/donnees/lisible", response_class=HTMLResponse)
def own_readable(request: Request, uow: Uow, who: Actor) -> HTMLResponse:
    """One's own data as a page, readable (an ``export`` event)."""
    export = rgpd_readable.readable_own(
        uow, who, form="page", translate=translator(language(request))
    )
    return _readable(request, export, "/moi/donnees", "/moi/donnees")


@router.get("/moi/donnees/export.pdf")
def own_pdf(request: Request, uow: Uow, who: Actor) -> Response:
    lang = language(request)
    export = rgpd_readable.readable_own(uow, who, form="PDF", translate=translator(lang))
    return pdf_download(export, lang)
