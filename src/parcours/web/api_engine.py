"""JSON API of the engine: mobility, similar jobs, career paths, gaps, competency links."""

from __future__ import annotations

from dataclasses import asdict
from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response

from parcours.domain.links import Endpoint, Link, LinkStatus
from parcours.services import links, mobility
from parcours.services.mobility import Recommendations
from parcours.web import views
from parcours.web.api_catalogue import NOT_MODIFIED
from parcours.web.auth import Actor, Csrf
from parcours.web.deps import Uow
from parcours.web.http import cached_json

router = APIRouter(prefix="/api/v1", tags=["moteur"])

K = Annotated[int, Query(ge=1, le=50, description="Nombre de cibles")]


def _plain(value: Any) -> Any:
    """Dataclasses as JSON-ready values (enums as their values)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _recommendations(result: Recommendations) -> dict[str, Any]:
    return _plain(asdict(result))  # type: ignore[no-any-return]


def _etagged(request: Request, data: Any) -> Response:
    """Read answers carry an ETag (304 when the client has it), like the catalogue's."""
    return cached_json(request, jsonable_encoder(data))


@router.get("/referentials/{referential}/jobs/{key}/mobility", responses=NOT_MODIFIED)
def job_mobility(request: Request, uow: Uow, referential: str, key: str, k: K = 10) -> Response:
    """Declared moves first, then computed ones, each with its reasons."""
    name = views.resolve_referential(uow, referential)
    result = mobility.recommend_for_job(uow, job=key, referential=name, k=k)
    return _etagged(request, _recommendations(result))


@router.get("/referentials/{referential}/jobs/{key}/similar", responses=NOT_MODIFIED)
def job_similar(request: Request, uow: Uow, referential: str, key: str, k: K = 10) -> Response:
    name = views.resolve_referential(uow, referential)
    result = mobility.similar_jobs(uow, job=key, referential=name, k=k)
    return _etagged(request, _recommendations(result))


@router.get("/referentials/{referential}/jobs/{key}/gap", responses=NOT_MODIFIED)
def job_gap(request: Request, uow: Uow, referential: str, key: str, target: str) -> Response:
    """The gap from this job to ``target``: covered, under level, missing, trainings."""
    name = views.resolve_referential(uow, referential)
    report = mobility.gap_between_jobs(uow, source=key, target=target, referential=name)
    return _etagged(request, _plain(asdict(report)))


@router.get("/referentials/{referential}/paths", responses=NOT_MODIFIED)
def career_paths(
    request: Request,
    uow: Uow,
    referential: str,
    source: str,
    target: str,
    k: Annotated[int, Query(ge=1, le=5)] = 3,
    max_steps: Annotated[int, Query(ge=1, le=6)] = 4,
    allow_down: bool = False,
) -> Response:
    """The k best paths from ``source`` to ``target``, each step with its gap."""
    name = views.resolve_referential(uow, referential)
    result = mobility.career_paths(
        uow,
        source=source,
        target=target,
        referential=name,
        k=k,
        max_steps=max_steps,
        allow_down=allow_down,
    )
    return _etagged(request, _plain(asdict(result)))


def _link(link: Link) -> dict[str, Any]:
    data: dict[str, Any] = _plain(asdict(link))
    data["id"] = link.id
    data["decided_at"] = link.decided_at.isoformat() if link.decided_at else None
    return data


@router.get("/links", responses=NOT_MODIFIED)
def link_queue(
    request: Request,
    uow: Uow,
    status: LinkStatus | None = LinkStatus.PROPOSED,
    referential: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """The links to review (or of any status), best score first."""
    page = links.review_queue(
        uow, status=status, referential=referential, limit=limit, offset=offset
    )
    body = {
        "total": page.total,
        "offset": page.offset,
        "limit": page.limit,
        "links": [_link(x) for x in page.links],
    }
    return _etagged(request, body)


Decision = Annotated[dict[str, str], Body(examples=[{"note": "vu"}])]


@router.post("/links/{link_id}/accept", dependencies=[Csrf])
def accept(uow: Uow, actor: Actor, link_id: str, decision: Decision) -> dict[str, Any]:
    """Accepte un lien (RH) ; la décision est signée du compte qui agit."""
    return _link(links.accept_link(uow, actor, link_id, note=decision.get("note")))


@router.post("/links/{link_id}/reject", dependencies=[Csrf])
def reject(uow: Uow, actor: Actor, link_id: str, decision: Decision) -> dict[str, Any]:
    """Rejette un lien (RH) ; la décision est signée du compte qui agit."""
    return _link(links.reject_link(uow, actor, link_id, note=decision.get("note")))


@router.post("/links/merge", dependencies=[Csrf])
def merge(
    uow: Uow,
    actor: Actor,
    ids: Annotated[list[str], Body(embed=True)],
    label: Annotated[str | None, Body(max_length=200)] = None,
) -> dict[str, Any]:
    """Merge linked competencies into one canonical group (HR)."""
    group = links.merge_links(uow, actor, ids, label=label)
    return _plain(asdict(group))  # type: ignore[no-any-return]


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
    return _plain(asdict(group)) if group else None
