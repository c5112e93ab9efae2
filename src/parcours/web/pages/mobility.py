"""French pages of the engine: the mobility explorer around a job, the career-path planner,
the gap between two jobs. Pictures are server-drawn SVG with a table beside them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from parcours.services import catalogue, mobility
from parcours.web import views
from parcours.web.deps import Uow, render
from parcours.web.job_picker import ValueForm, pick
from parcours.web.svg_mobility import gap_chart, mobility_graph

router = APIRouter(include_in_schema=False)


def _href(referential: str, key: str) -> str:
    return f"/referentiels/{views.slug(referential)}/postes/{key}"


@router.get("/referentiels/{referential}/postes/{key}/mobilite", response_class=HTMLResponse)
def mobility_page(
    request: Request,
    uow: Uow,
    referential: str,
    key: str,
    k: Annotated[int, Query(ge=1, le=30)] = 10,
) -> HTMLResponse:
    name = views.resolve_referential(uow, referential)
    result = mobility.recommend_for_job(uow, job=key, referential=name, k=k)
    href = {item.target: _href(item.referential or name, item.target) for item in result.items}
    title = f"Mobilités depuis {result.source.title if result.source else key}"
    return render(
        request,
        "mobility.html",
        {
            "result": result,
            "name": name,
            "key": key,
            "graph": Markup(mobility_graph(result, href, title)),
            "href": href,
            "empty": mobility.why_no_moves(uow, result) if not result.items else None,
            "move_types": mobility.MOVE_TYPE_LABELS,
        },
    )


@router.get("/parcours", response_class=HTMLResponse)
def path_page(
    request: Request,
    uow: Uow,
    referential: str | None = None,
    source: str | None = None,
    target: str | None = None,
    k: Annotated[int, Query(ge=1, le=5)] = 3,
    max_steps: Annotated[int, Query(ge=1, le=6)] = 4,
    allow_down: bool = False,
) -> HTMLResponse:
    refs = catalogue.list_referentials(uow)
    name = views.resolve_referential(uow, referential) if referential else None
    if name is None and refs:
        name = refs[0].name
    jobs = catalogue.list_jobs(uow, referential=name) if name else []
    on_map = bool(name) and mobility.on_map(uow, name or "")
    start = pick(uow, jobs, source, ValueForm.KEY, home=name, scope=name)
    goal = pick(
        uow,
        catalogue.list_jobs(uow) if on_map else jobs,
        target,
        ValueForm.NAME,
        home=name,
        scope=None if on_map else name,
    )
    result = None
    if name and start.wanted and goal.wanted:
        result = mobility.career_paths(
            uow,
            source=start.wanted,
            target=goal.wanted,
            referential=name,
            k=k,
            max_steps=max_steps,
            allow_down=allow_down,
        )
    return render(
        request,
        "path.html",
        {
            "referentials": refs,
            "name": name,
            "start": start,
            "goal": goal,
            "result": result,
            "max_steps": max_steps,
            "allow_down": allow_down,
            "href": lambda key, ref=None: _href(ref or name or "", key),
        },
    )


@router.get("/referentiels/{referential}/postes/{key}/ecart", response_class=HTMLResponse)
def gap_page(request: Request, uow: Uow, referential: str, key: str, cible: str) -> HTMLResponse:
    name = views.resolve_referential(uow, referential)
    report = mobility.gap_between_jobs(uow, source=key, target=cible, referential=name)
    return render(
        request,
        "gap.html",
        {
            "report": report,
            "name": name,
            "chart": Markup(gap_chart(report)),
            "href": lambda k, ref=None: _href(ref or name, k),
        },
    )
