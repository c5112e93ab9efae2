"""The link review page: HR accepts, rejects or merges the proposed competency links."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from parcours.domain.links import Endpoint, LinkKind, LinkStatus
from parcours.services import catalogue, links
from parcours.web.deps import Uow, render

router = APIRouter(include_in_schema=False)

PAGE = 50


@router.get("/liens", response_class=HTMLResponse)
def review_page(
    request: Request,
    uow: Uow,
    statut: LinkStatus | None = LinkStatus.PROPOSED,
    referentiel: str | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> HTMLResponse:
    queue = links.review_queue(
        uow,
        status=statut,
        referential=referentiel or None,
        limit=PAGE,
        offset=(page - 1) * PAGE,
    )
    return render(
        request,
        "links.html",
        {
            "queue": queue,
            "statut": statut.value if statut else "",
            "referentiel": referentiel or "",
            "page": page,
            "referentials": catalogue.list_referentials(uow),
            "statuses": list(LinkStatus),
            "groups": links.canonical_groups(uow, referential=referentiel or None),
        },
    )


def _back(statut: str, referentiel: str) -> RedirectResponse:
    return RedirectResponse(f"/liens?statut={statut}&referentiel={referentiel}", status_code=303)


@router.post("/liens/decider")
def decide(
    uow: Uow,
    action: Annotated[str, Form()],
    lien: Annotated[list[str] | None, Form()] = None,
    utilisateur: Annotated[str, Form()] = "rh",
    statut: Annotated[str, Form()] = "proposed",
    referentiel: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """One form for the whole queue: accept or reject the ticked links, or merge them."""
    chosen = lien or []
    if action == "accepter":
        for link_id in chosen:
            links.accept_link(uow, link_id, user=utilisateur)
    elif action == "rejeter":
        for link_id in chosen:
            links.reject_link(uow, link_id, user=utilisateur)
    elif action == "fusionner" and chosen:
        links.merge_links(uow, chosen, user=utilisateur)
    return _back(statut, referentiel)


@router.post("/liens/groupes/{group_id}/retirer")
def split(
    uow: Uow,
    group_id: str,
    membre: Annotated[str, Form()],
    utilisateur: Annotated[str, Form()] = "rh",
) -> RedirectResponse:
    """Take one member (``referential`` + tab + ``key``) out of its canonical group."""
    referential, _, key = membre.partition("\t")
    links.split_member(uow, group_id, Endpoint(referential, key), user=utilisateur)
    return _back("accepted", "")


@router.post("/liens/proposer")
def propose(uow: Uow) -> RedirectResponse:
    """Propose links between every pair of referentials: competencies, then jobs."""
    links.propose_links(uow, kind=LinkKind.COMPETENCY)
    links.propose_links(uow, kind=LinkKind.JOB)
    return _back("proposed", "")
