"""Pages of the development use cases: a person's gap towards a target job and their ordered
training plan, printable on A4 (for the person, their manager and HR)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from parcours.domain.competency import PROFICIENCY_SCALE
from parcours.services import development
from parcours.web.deps import Actor, Uow, render
from parcours.web.svg_mobility import gap_chart

router = APIRouter(include_in_schema=False)


@router.get("/personnes/{person}/plan", response_class=HTMLResponse)
def plan_page(
    request: Request,
    uow: Uow,
    actor: Actor,
    person: str,
    cible: Annotated[str, Query(min_length=1, max_length=300)],
) -> Response:
    plan = development.training_plan(uow, actor, person, cible)
    context = {
        "plan": plan,
        "report": plan.report,
        "person_id": person,
        "chart": Markup(gap_chart(plan.report)),
        "levels": PROFICIENCY_SCALE,
    }
    response = render(request, "plan.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response
