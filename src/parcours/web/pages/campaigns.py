"""Pages of the assessment campaigns: the list (and HR's creation form), a campaign's progress
per team, and a person's review (the rating form on each kind's scale, then the comparison).

The forms work without JavaScript and carry the CSRF token; the services check who may do what.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from parcours.domain.access import AccessDenied, Principal
from parcours.domain.competency import CompetencyKind
from parcours.domain.errors import ParcoursError
from parcours.domain.people import PeopleError, Source
from parcours.domain.scales import FREQUENCIES, KNOWLEDGE, PERFORMANCE
from parcours.services import campaigns
from parcours.services.campaigns import CampaignItem, ReviewView
from parcours.web.deps import Actor, Csrf, Uow, render, row_id
from parcours.web.problems import status_of

router = APIRouter(include_in_schema=False)

CampaignId = Annotated[int, row_id()]
PersonId = Annotated[str, Path(min_length=1, max_length=64)]
SIDE_NAMES = {"self": Source.SELF, "manager": Source.MANAGER}


def _list_context(uow: Uow, actor: Principal) -> dict[str, Any]:
    choices = campaigns.creation_choices(uow, actor) if actor.is_hr else None
    return {"campaigns": campaigns.list_campaigns(uow, actor), "choices": choices}


@router.get("/campagnes", response_class=HTMLResponse)
def campaigns_page(request: Request, uow: Uow, actor: Actor) -> HTMLResponse:
    context = _list_context(uow, actor)
    context.update(error=None, entered={}, today=date.today().isoformat())
    return render(request, "campaigns.html", context)


@router.post("/campagnes", dependencies=[Csrf])
def create_campaign(
    request: Request,
    uow: Uow,
    actor: Actor,
    name: Annotated[str, Form(max_length=200)],
    referential: Annotated[str, Form(max_length=200)],
    starts_on: Annotated[date, Form()],
    ends_on: Annotated[date, Form()],
    teams: Annotated[list[str] | None, Form(max_length=500)] = None,
) -> Response:
    try:
        made = campaigns.create_campaign(
            uow,
            actor,
            name=name,
            referential=referential,
            starts_on=starts_on,
            ends_on=ends_on,
            teams=teams or [],
        )
    except AccessDenied:
        raise
    except ParcoursError as exc:
        context = _list_context(uow, actor)
        entered = {
            "name": name,
            "referential": referential,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "teams": teams or [],
        }
        context.update(error=str(exc), entered=entered, today=date.today().isoformat())
        return render(request, "campaigns.html", context, status_code=status_of(exc))
    return RedirectResponse(f"/campagnes/{made.id}", status_code=303)


@router.get("/campagnes/{campaign_id}", response_class=HTMLResponse)
def campaign_page(
    request: Request,
    uow: Uow,
    actor: Actor,
    campaign_id: CampaignId,
    equipe: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    overview = campaigns.campaign_overview(uow, actor, campaign_id, team=equipe or None)
    return render(request, "campaign.html", {"overview": overview, "team": equipe or None})


@router.post("/campagnes/{campaign_id}/clore", dependencies=[Csrf])
def close_campaign(uow: Uow, actor: Actor, campaign_id: CampaignId) -> RedirectResponse:
    campaigns.close_campaign(uow, actor, campaign_id)
    return RedirectResponse(f"/campagnes/{campaign_id}", status_code=303)


# --- a person's review ------------------------------------------------------------------------


def _field(item: CampaignItem, index: int | None = None) -> str:
    return f"m-{item.competency}" + (f"-{index}" if index is not None else "")


def _indicator_count(item: CampaignItem) -> int:
    return len(item.indicators) or 1


def _side(view: ReviewView) -> Source | None:
    if view.can_rate_manager:
        return Source.MANAGER
    if view.can_rate_self:
        return Source.SELF
    return None


def _stored_values(view: ReviewView, side: Source | None) -> dict[str, str]:
    """The form's fields filled with the side's saved ratings (its draft)."""
    values: dict[str, str] = {}
    if side is None:
        return values
    for line in view.lines:
        rating = view.rating(line, side)
        if rating is None:
            continue
        item = line.item
        if item.kind is CompetencyKind.SAVOIR and rating.raw is not None:
            values[_field(item)] = f"{round(rating.raw * 100)}"
        elif item.kind is CompetencyKind.SAVOIR_FAIRE:
            values[_field(item)] = str(rating.level)
        else:
            for i, f in enumerate(campaigns.frequencies_of(rating)):
                values[_field(item, i)] = str(f)
    comment = view.review.self_comment if side is Source.SELF else view.review.manager_comment
    values["comment"] = comment or ""
    return values


def _ratings(view: ReviewView, form: dict[str, str]) -> dict[str, campaigns.Measure]:
    """The measures of the filled-in rows; a row left empty is not rated (yet)."""
    ratings: dict[str, campaigns.Measure] = {}
    for line in view.lines:
        item = line.item
        if item.kind is CompetencyKind.SAVOIR_ETRE:
            given = [form.get(_field(item, i), "").strip() for i in range(_indicator_count(item))]
            if not any(given):
                continue
            if not all(given):
                raise PeopleError(f"« {item.label} » : donnez une fréquence pour chaque indicateur")
            ratings[item.competency] = campaigns.parse_measure(item, ",".join(given))
            continue
        value = form.get(_field(item), "").strip()
        if not value:
            continue
        if item.kind is CompetencyKind.SAVOIR:
            value = value.rstrip("% ") + "%"  # the form asks for a percentage
        ratings[item.competency] = campaigns.parse_measure(item, value)
    return ratings


def _review_page(
    request: Request,
    view: ReviewView,
    *,
    values: dict[str, str] | None = None,
    error: str | None = None,
    saved: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    side = _side(view)
    context = {
        "view": view,
        "side": side.value if side else None,
        "values": values if values is not None else _stored_values(view, side),
        "error": error,
        "saved": saved,
        "field": _field,
        "indicator_count": _indicator_count,
        "frequencies": FREQUENCIES,
        "performance": PERFORMANCE,
        "knowledge": KNOWLEDGE,
        "kinds": CompetencyKind,
    }
    return render(request, "campaign_person.html", context, status_code=status_code)


@router.get("/campagnes/{campaign_id}/personnes/{person_id}", response_class=HTMLResponse)
def review_page(
    request: Request,
    uow: Uow,
    actor: Actor,
    campaign_id: CampaignId,
    person_id: PersonId,
    enregistre: Annotated[str | None, Query(max_length=16)] = None,
) -> HTMLResponse:
    view = campaigns.person_review(uow, actor, campaign_id, person_id)
    return _review_page(request, view, saved=enregistre)


@router.post("/campagnes/{campaign_id}/personnes/{person_id}", dependencies=[Csrf])
async def rate_page(
    request: Request, uow: Uow, actor: Actor, campaign_id: CampaignId, person_id: PersonId
) -> Response:
    raw = await request.form()
    form = {k: v for k, v in raw.items() if isinstance(v, str)}
    side = SIDE_NAMES.get(form.get("side", ""))
    if side is None:
        raise PeopleError("côté inconnu : self ou manager attendu")
    submit = form.get("action") == "soumettre"
    view = await run_in_threadpool(campaigns.person_review, uow, actor, campaign_id, person_id)
    try:
        ratings = _ratings(view, form)
        await run_in_threadpool(
            lambda: campaigns.rate(
                uow,
                actor,
                campaign_id,
                person_id,
                side,
                ratings,
                comment=form.get("comment", "")[: campaigns.MAX_COMMENT],
                submit=submit,
            )
        )
    except AccessDenied:
        raise
    except ParcoursError as exc:
        return _review_page(request, view, values=form, error=str(exc), status_code=status_of(exc))
    state = "soumis" if submit else "oui"
    return RedirectResponse(
        f"/campagnes/{campaign_id}/personnes/{person_id}?enregistre={state}", status_code=303
    )
