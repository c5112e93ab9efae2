"""The link review page: HR accepts, rejects or merges the proposed competency links.

Anyone who may read the catalogue sees the queue; proposing and deciding are HR's (the
service checks it), signed with the HR account, and the forms carry the CSRF token.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from parcours.domain.links import Endpoint, LinkKind, LinkStatus
from parcours.services import catalogue, links
from parcours.web.auth import Actor, Csrf
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


@router.post("/liens/decider", dependencies=[Csrf])
def decide(
    uow: Uow,
    actor: Actor,
    action: Annotated[str, Form()],
    lien: Annotated[list[str] | None, Form()] = None,
    statut: Annotated[str, Form()] = "proposed",
    referentiel: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """One form for the whole queue: accept or reject the ticked links, or merge them."""
    chosen = lien or []
    if action == "accepter":
        for link_id in chosen:
            links.accept_link(uow, actor, link_id)
    elif action == "rejeter":
        for link_id in chosen:
            links.reject_link(uow, actor, link_id)
    elif action == "fusionner" and chosen:
        links.merge_links(uow, actor, chosen)
    return _back(statut, referentiel)


@router.post("/liens/groupes/{group_id}/retirer", dependencies=[Csrf])
def split(
    uow: Uow,
    actor: Actor,
    group_id: str,
    membre: Annotated[str, Form()],
) -> RedirectResponse:
    """Take one member (``referential`` + tab + ``key``) out of its canonical group."""
    referential, _, key = membre.partition("\t")
    links.split_member(uow, actor, group_id, Endpoint(referential, key))
    return _back("accepted", "")


@router.post("/liens/proposer", dependencies=[Csrf])
def propose(uow: Uow, actor: Actor) -> RedirectResponse:
    """Propose links between every pair of referentials: competencies, then jobs."""
    links.propose_links(uow, actor, kind=LinkKind.COMPETENCY)
    links.propose_links(uow, actor, kind=LinkKind.JOB)
    return _back("proposed", "")
