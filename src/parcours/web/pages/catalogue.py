"""French pages, read side: home and search, job map, job sheet, competencies, compare,
certifications. Server-rendered; readable without JavaScript."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from parcours.domain.errors import NotFoundError
from parcours.domain.links import LinkKind
from parcours.services import (
    catalogue,
    crosswalks,
    exchange,
    links,
    search,
    sources,
    training_catalogue,
)
from parcours.web import job_review, job_sheet, views
from parcours.web.deps import MaybeActor, Uow, render
from parcours.web.job_picker import ValueForm, pick
from parcours.web.pages import career

router = APIRouter(include_in_schema=False)

SEARCH_LIMIT = 50


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    uow: Uow,
    actor: MaybeActor,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """The referentials, and the results of the search box grouped by kind (typo-tolerant:
    ``services.search``), each with the words found marked. A signed-in person who is not an
    HR administrator is at home in their career space (``pages.career``)."""
    query = (q or "").strip()
    if not query and actor is not None and actor.person and not actor.is_hr:
        return RedirectResponse(career.HOME, status_code=303)
    results = search.search(uow, query, limit=SEARCH_LIMIT) if query else None
    return render(
        request,
        "home.html",
        {
            "referentials": catalogue.list_referentials(uow),
            "q": query,
            "results": results,
            "markup": Markup,
        },
    )


@router.get("/referentiels/{referential}", response_class=HTMLResponse)
def referential_page(
    request: Request,
    uow: Uow,
    referential: str,
    version: Annotated[int | None, Query(ge=1)] = None,
) -> HTMLResponse:
    name = views.resolve_referential(uow, referential)
    # The page shows the jobs' tree and the certifications: the latest version is read without
    # its competencies and requirements (ROME 4.0's first view: 4 s read whole).
    if version is None:
        ref = catalogue.referential_outline(uow, name)
    else:
        ref = exchange.referential_at(uow, name, version)
    return render(
        request,
        "referential.html",
        {
            "ref": ref,
            "tree": views.job_map(ref),
            "versions": catalogue.list_versions(uow, name),
            "latest": version is None,
        },
    )


@router.get("/referentiels/{referential}/postes/{key}", response_class=HTMLResponse)
def job_page(request: Request, uow: Uow, referential: str, key: str) -> HTMLResponse:
    name = views.resolve_referential(uow, referential)
    sheet = catalogue.job_sheet(uow, key, name)
    others = [j for j in catalogue.list_jobs(uow, referential=name) if j.key != sheet.job.key]
    # Compared with a job of the same referential: the field looks there only.
    compare_with = pick(uow, others, None, ValueForm.SLUG, scope=name)
    linked = crosswalks.job_crosswalks(uow, sheet.referential, sheet.job.key)
    # Around the job, the referential without its competencies and requirements (the bulk of
    # ROME): the documents' titles, its certifications, the trainings towards the job.
    outline = catalogue.referential_outline(uow, sheet.referential)
    ref = replace(
        outline,
        jobs={**outline.jobs, sheet.job.key: sheet.job},
        competencies=sheet.competencies,
    )
    titles = sources.document_titles(ref)
    return render(
        request,
        "job.html",
        {
            "sheet": sheet,
            "crosswalks": linked,
            "codes": job_sheet.codes(sheet.job, linked),
            "near": job_sheet.near_jobs(uow, sheet),
            "move_groups": job_sheet.grouped_moves(sheet.moves_out),
            "certifications": job_sheet.certifications(linked, ref),
            "trainings": training_catalogue.leading_to(
                uow,
                ref,
                sheet.job.key,
                whole=lambda: exchange.referential_at(uow, sheet.referential),
            ),
            "activities": views.activities_by_domain(sheet.job),
            "requirements": views.requirements_by_kind(sheet.job, sheet.competencies),
            "compare_with": compare_with,
            "provenance": sheet.job.provenance,
            **job_review.sheet_context(uow, sheet, titles),
        },
    )


# A page of the competencies' list: a few screens of links, whatever the referential's size.
COMPETENCIES_PER_PAGE = 500


@router.get("/referentiels/{referential}/competences", response_class=HTMLResponse)
def competencies_page(
    request: Request,
    uow: Uow,
    referential: str,
    q: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[str | None, Query(alias="type", max_length=40)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    # Their labels only: ROME 4.0 read whole took 4 s at the first view; and a page of them
    # at a time: its 33,622 competencies made a page of 7.5 MB.
    ref = catalogue.competency_list(uow, views.resolve_referential(uow, referential))
    wanted = kind if kind in views.KIND_TITLES else None
    listed = views.list_competencies(ref, q, wanted, page, COMPETENCIES_PER_PAGE)

    def page_href(number: int) -> str:
        query = {"q": q or "", "type": wanted or "", "page": str(number)}
        kept = urlencode({k: v for k, v in query.items() if v and (k != "page" or v != "1")})
        return f"/referentiels/{views.slug(ref.name)}/competences" + (f"?{kept}" if kept else "")

    return render(
        request,
        "competencies.html",
        {
            "ref": ref,
            "listed": listed,
            "q": q or "",
            "kind": wanted or "",
            "filtered": bool(q or wanted),
            "page_href": page_href,
        },
    )


@router.get("/referentiels/{referential}/competences/{key}", response_class=HTMLResponse)
def competency_page(request: Request, uow: Uow, referential: str, key: str) -> HTMLResponse:
    # The competency and the jobs requiring it only: ROME 4.0 read whole took 4 s.
    ref = catalogue.competency_sheet(uow, views.resolve_referential(uow, referential), key)
    comp = ref.competencies[key]
    documents = {d.sha256: d for d in ref.documents.values()}
    return render(
        request,
        "competency.html",
        {
            "ref": ref,
            "comp": comp,
            "jobs": views.jobs_requiring(ref, key),
            "links": [
                link
                for link in links.review_queue(
                    uow, status=None, referential=ref.name, search=key, limit=200
                ).links
                if link.kind is LinkKind.COMPETENCY
                and (ref.name, key) in {(e.referential, e.key) for e in link.ends}
            ],
            "source": lambda items: [
                views.provenance_label(p, documents, "document") for p in items
            ],
        },
    )


@router.get("/comparer", response_class=HTMLResponse)
def compare_page(
    request: Request,
    uow: Uow,
    a: Annotated[str | None, Query(max_length=400)] = None,
    b: Annotated[str | None, Query(max_length=400)] = None,
) -> HTMLResponse:
    jobs = catalogue.list_jobs(uow, with_sheet_only=True)
    first, second = pick(uow, jobs, a, ValueForm.SLUG), pick(uow, jobs, b, ValueForm.SLUG)
    wanted = (first.wanted, second.wanted)
    result = views.load_pair(uow, wanted[0], wanted[1]) if wanted[0] and wanted[1] else None
    return render(request, "compare.html", {"result": result, "first": first, "second": second})


@router.get("/referentiels/{referential}/certifications/{key}", response_class=HTMLResponse)
def certification_page(request: Request, uow: Uow, referential: str, key: str) -> HTMLResponse:
    ref = exchange.referential_at(uow, views.resolve_referential(uow, referential))
    cert = ref.certifications.get(key)
    if cert is None:
        raise NotFoundError(f"aucune certification « {key} » dans « {ref.name} »")
    documents = {d.sha256: d for d in ref.documents.values()}
    return render(
        request,
        "certification.html",
        {
            "ref": ref,
            "cert": cert,
            "source": lambda items: [
                views.provenance_label(p, documents, "document") for p in items
            ],
        },
    )
