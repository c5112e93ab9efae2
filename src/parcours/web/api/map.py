"""JSON API of the organisation's map: its jobs by famille > filière > métier, and the role of
each referential (HR declares it)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from pydantic import BaseModel, Field

from parcours.domain.cartography import MapRole
from parcours.services import cartography
from parcours.web.deps import Actor, Csrf, Uow
from parcours.web.http import cached_json

router = APIRouter(prefix="/api/v1", tags=["cartographie"])


class RoleDeclaration(BaseModel):
    role: MapRole | None = Field(
        description="organisation, reference, ou null pour revenir au rôle par défaut"
    )


@router.get("/map")
def job_map(request: Request, uow: Uow) -> Response:
    """Every job of the organisation's referentials, grouped by famille > filière > métier,
    with its source document, its equivalents and the reference jobs it is linked to."""
    result = cartography.job_map(uow)
    data = {
        "organisation": result.organisation,
        "references": result.references,
        "members": [asdict(m) for m in result.members],
        "jobs": result.job_count,
        "groups": [asdict(g) for g in result.groups],
    }
    return cached_json(request, jsonable_encoder(data))


@router.get("/map/members")
def members(uow: Uow) -> list[dict[str, Any]]:
    """Every referential and its role in the map (declared by HR or by default)."""
    return [jsonable_encoder(asdict(m)) for m in cartography.map_members(uow)]


@router.put("/map/members/{referential}", dependencies=[Csrf])
def declare(uow: Uow, actor: Actor, referential: str, body: RoleDeclaration) -> dict[str, Any]:
    """Declare a referential part of the organisation's map or a reference (HR only)."""
    member = cartography.set_role(uow, actor, referential, body.role)
    return jsonable_encoder(asdict(member))  # type: ignore[no-any-return]
