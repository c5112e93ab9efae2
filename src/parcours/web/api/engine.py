"""JSON API of the engine: mobility, similar jobs, career paths, gaps (the links: api/links.py)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response

from parcours.services import mobility
from parcours.services.mobility import Recommendations
from parcours.web import views
from parcours.web.deps import Uow
from parcours.web.http import NOT_MODIFIED, cached_json, plain

router = APIRouter(prefix="/api/v1", tags=["moteur"])

K = Annotated[int, Query(ge=1, le=50, description="Nombre de cibles")]


def _recommendations(result: Recommendations) -> dict[str, Any]:
    return plain(asdict(result))  # type: ignore[no-any-return]


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
    return _etagged(request, plain(asdict(report)))


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
    return _etagged(request, plain(asdict(result)))
