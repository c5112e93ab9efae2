"""The map page (/cartographie): the organisation's jobs together, and the referentials' roles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from parcours.domain.cartography import ROLE_LABELS, MapRole
from parcours.services import cartography
from parcours.web import views
from parcours.web.deps import Actor, Csrf, Uow, render

router = APIRouter(include_in_schema=False)


@router.get("/cartographie", response_class=HTMLResponse)
def map_page(request: Request, uow: Uow) -> HTMLResponse:
    result = cartography.job_map(uow)
    return render(
        request,
        "map.html",
        {
            "result": result,
            "roles": list(MapRole),
            "role_labels": ROLE_LABELS,
            "slug": views.slug,
        },
    )


@router.post("/cartographie/roles", dependencies=[Csrf])
def declare(
    uow: Uow,
    actor: Actor,
    referentiel: Annotated[str, Form()],
    role: Annotated[str, Form()],
) -> RedirectResponse:
    cartography.set_role(uow, actor, referentiel, None if role == "defaut" else role)
    return RedirectResponse("/cartographie#roles", status_code=303)
