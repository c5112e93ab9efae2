"""JSON API of the competency and job links (under /api/v1/links).

Reading the queue is open like the catalogue; every decision is HR's (the services check it),
signed with the acting account whatever the body says, and carries the CSRF token when made
with the session cookie (bearer calls need none).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from pydantic import BaseModel, Field

from parcours.domain.links import CanonicalGroup, Endpoint, Link, LinkKind, LinkRelation, LinkStatus
from parcours.services import links
from parcours.web.deps import Actor, Csrf, Uow
from parcours.web.http import NOT_MODIFIED, cached_json, plain

# Where a page of the queue may start (SQL binds 64 bits at most; no queue is that long).
MAX_OFFSET = 1_000_000_000

router = APIRouter(prefix="/api/v1", tags=["liens"])


def _link(link: Link) -> dict[str, Any]:
    data: dict[str, Any] = plain(asdict(link))
    data["id"] = link.id
    data["decided_at"] = link.decided_at.isoformat() if link.decided_at else None
    data["why"] = links.why(link)
    return data


def _group(group: CanonicalGroup) -> dict[str, Any]:
    data: dict[str, Any] = plain(asdict(group))
    data["created_at"] = group.created_at.isoformat() if group.created_at else None
    return data


MinScore = Annotated[float | None, Query(ge=0.0, le=1.0, description="Score minimal (0 à 1)")]


@router.get("/links", responses=NOT_MODIFIED)
def link_queue(
    request: Request,
    uow: Uow,
    status: LinkStatus | None = LinkStatus.PROPOSED,
    kind: LinkKind | None = None,
    relation: LinkRelation | None = None,
    referential: str | None = None,
    other: Annotated[
        str | None, Query(description="Avec referential : les liens entre ces deux-là")
    ] = None,
    min_score: MinScore = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    """The links to review (or of any status), best score first, each with its why."""
    page = links.review_queue(
        uow,
        status=status,
        kind=kind,
        relation=relation,
        referential=referential,
        other=other,
        min_score=min_score,
        search=search,
        limit=limit,
        offset=offset,
    )
    body = {
        "total": page.total,
        "offset": page.offset,
        "limit": page.limit,
        "links": [_link(x) for x in page.links],
    }
    return cached_json(request, jsonable_encoder(body))


class DecisionIn(BaseModel):
    note: str | None = Field(default=None, max_length=2000)
    relation: LinkRelation | None = Field(
        default=None, description="Accepter avec cette relation (le lien est retypé)"
    )


Decision = Annotated[DecisionIn, Body(examples=[{"note": "vu"}])]


@router.post("/links/{link_id}/accept", dependencies=[Csrf])
def accept(uow: Uow, actor: Actor, link_id: str, decision: Decision) -> dict[str, Any]:
    """Accepte un lien (RH), retypé si ``relation`` est donnée ; la décision est signée du
    compte qui agit."""
    return _link(
        links.accept_link(uow, actor, link_id, note=decision.note, relation=decision.relation)
    )


@router.post("/links/{link_id}/reject", dependencies=[Csrf])
def reject(uow: Uow, actor: Actor, link_id: str, decision: Decision) -> dict[str, Any]:
    """Rejette un lien (RH) ; la décision est signée du compte qui agit."""
    return _link(links.reject_link(uow, actor, link_id, note=decision.note))


class BulkDecisionIn(BaseModel):
    """Accept or reject every *proposed* link matching the filters (empty filters match all)."""

    decision: Literal["accept", "reject"]
    kind: LinkKind | None = None
    relation: LinkRelation | None = None
    referential: str | None = Field(default=None, max_length=500)
    other: str | None = Field(default=None, max_length=500)
    min_score: float | None = Field(default=None, ge=0.0, le=1.0)
    search: str | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, max_length=2000)
    expected: int | None = Field(
        default=None,
        ge=0,
        description="Nombre de liens attendus : si la file en compte un autre, rien n'est décidé "
        "(409)",
    )


BulkBody = Annotated[
    BulkDecisionIn,
    Body(examples=[{"decision": "accept", "kind": "competency", "relation": "exact"}]),
]


@router.post("/links/bulk", dependencies=[Csrf])
def decide_all(uow: Uow, actor: Actor, body: BulkBody) -> dict[str, Any]:
    """Accepte ou rejette en une fois (RH) tous les liens proposés qui passent les filtres ;
    chaque lien est décidé comme un par un (historique, groupes canoniques), en une transaction.
    """
    outcome = links.decide_many(
        uow,
        actor,
        LinkStatus.ACCEPTED if body.decision == "accept" else LinkStatus.REJECTED,
        kind=body.kind,
        relation=body.relation,
        referential=body.referential,
        other=body.other,
        min_score=body.min_score,
        search=body.search,
        note=body.note,
        expected=body.expected,
    )
    return {
        "status": outcome.status.value,
        "decided": outcome.decided,
        "links": [link.id for link in outcome.links],
        "groups": [_group(g) for g in outcome.groups],
    }


@router.post("/links/merge", dependencies=[Csrf])
def merge(
    uow: Uow,
    actor: Actor,
    ids: Annotated[list[str], Body(embed=True)],
    label: Annotated[str | None, Body(max_length=200)] = None,
) -> dict[str, Any]:
    """Merge linked competencies into one canonical group (HR)."""
    return _group(links.merge_links(uow, actor, ids, label=label))


@router.post("/links/groups/{group_id}/split", dependencies=[Csrf])
def split(
    uow: Uow,
    actor: Actor,
    group_id: str,
    referential: Annotated[str, Body()],
    key: Annotated[str, Body()],
) -> dict[str, Any] | None:
    """Take one member out of its canonical group (HR)."""
    group = links.split_member(uow, actor, group_id, Endpoint(referential, key))
    return _group(group) if group else None
