"""Pages of the certification juries: the sessions, a session's candidates, the evaluation form
of a candidate and their record (procès-verbal, printable on A4). Forms work without JavaScript.

Evaluation form fields: ``crit:<code>:<n>`` (n from 1, in the referential's order) is ``met``,
``not_met`` or ``not_evaluated``; ``q:<code>`` the questionnaire score in percent; ``comment``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from parcours.domain.jury import CompetencyEvaluation, JuryError, Outcome
from parcours.services import juries, people_search
from parcours.web.deps import Actor, Csrf, Uow, render, row_id

router = APIRouter(include_in_schema=False)

JuryId = Annotated[int, row_id()]
PersonId = Annotated[str, Path(max_length=64)]
OUTCOMES = (Outcome.MET, Outcome.NOT_MET, Outcome.NOT_EVALUATED)


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/jurys", response_class=HTMLResponse)
def juries_page(request: Request, uow: Uow, actor: Actor) -> Response:
    return _juries_page(request, uow, actor)


def _juries_page(
    request: Request,
    uow: Uow,
    actor: Actor,
    *,
    error: str | None = None,
    entered: dict[str, Any] | None = None,
) -> Response:
    """The sessions; for HR the creation form, holding ``entered`` when an error sent it back."""
    sessions = juries.list_juries(uow, actor)
    context: dict[str, Any] = {
        "juries": sessions,
        "choices": [],
        "accounts": [],
        "error": error,
        "entered": entered or {},
    }
    if actor.is_hr:
        context["choices"] = juries.certification_choices(uow, actor)
        context["accounts"] = juries.jury_accounts(uow, actor)
    return render(request, "jury_list.html", context, status_code=400 if error else 200)


@router.post("/jurys", dependencies=[Csrf])
def create_jury_form(
    request: Request,
    uow: Uow,
    actor: Actor,
    certification: Annotated[str, Form(max_length=2000)],
    held_on: Annotated[date, Form()],
    members: Annotated[list[str] | None, Form()] = None,
    name: Annotated[str | None, Form(max_length=500)] = None,
) -> Response:
    try:
        try:
            referential, title = json.loads(certification)
        except (ValueError, TypeError) as exc:
            raise juries.JuryInputError(
                "certification illisible : choisissez-la dans la liste"
            ) from exc
        jury = juries.create_jury(
            uow,
            actor,
            referential=str(referential),
            certification=str(title),
            held_on=held_on,
            members=members or [],
            name=name,
        )
    except juries.JuryInputError as exc:
        # The form again with the reason, holding what was entered (nothing is lost).
        try:
            pair = [str(part) for part in json.loads(certification)]
        except (ValueError, TypeError):
            pair = []
        entered = {
            "certification": pair,
            "held_on": held_on.isoformat(),
            "members": set(members or []),
            "name": name or "",
        }
        return _juries_page(request, uow, actor, error=str(exc), entered=entered)
    return RedirectResponse(f"/jurys/{jury.id}", status_code=303)


@router.get("/jurys/{jury}", response_class=HTMLResponse)
def jury_page(request: Request, uow: Uow, actor: Actor, jury: JuryId) -> Response:
    view = juries.jury_view(uow, actor, jury)
    return _no_store(render(request, "jury.html", {"view": view}))


@router.post("/jurys/{jury}/candidats", dependencies=[Csrf])
def add_candidate_form(
    uow: Uow, actor: Actor, jury: JuryId, person: Annotated[str, Form(max_length=200)]
) -> RedirectResponse:
    # a pseudonym or a name ("Noah Michel"), among the people HR may see
    juries.add_candidate(uow, actor, jury, people_search.resolve_person(uow, actor, person))
    return RedirectResponse(f"/jurys/{jury}", status_code=303)


@router.post("/jurys/{jury}/cloture", dependencies=[Csrf])
def close_form(uow: Uow, actor: Actor, jury: JuryId) -> RedirectResponse:
    juries.close_jury(uow, actor, jury)
    return RedirectResponse(f"/jurys/{jury}", status_code=303)


@router.get("/jurys/{jury}/candidats/{person}", response_class=HTMLResponse)
def evaluation_page(
    request: Request, uow: Uow, actor: Actor, jury: JuryId, person: PersonId
) -> Response:
    sheet = juries.candidate_sheet(uow, actor, jury, person)
    return _no_store(render(request, "jury_evaluation.html", _form_context(sheet)))


def _form_context(sheet: juries.CandidateSheet, error: str | None = None) -> dict[str, Any]:
    return {"sheet": sheet, "outcomes": OUTCOMES, "error": error}


def _percent(code: str, value: str) -> float | None:
    text = value.strip().replace(",", ".").rstrip("%").strip()
    if not text:
        return None
    try:
        share = float(text) / 100
    except ValueError:
        raise JuryError(f"{code} : le questionnaire est un pourcentage (0 à 100)") from None
    if not 0.0 <= share <= 1.0:
        raise JuryError(f"{code} : le questionnaire est un pourcentage (0 à 100)")
    return share


def parse_form(
    form: FormData, *, lenient: bool = False
) -> tuple[list[CompetencyEvaluation], str | None]:
    """The evaluations and the comment of a submitted evaluation form. ``lenient`` (to show
    the form again after an error) leaves out what it cannot read instead of refusing it."""
    criteria: dict[str, dict[int, Outcome]] = {}
    scores: dict[str, float | None] = {}
    for key, value in form.multi_items():
        if not isinstance(value, str):
            continue
        try:
            if key.startswith("crit:"):
                code, _, number = key[5:].rpartition(":")
                try:
                    outcome = Outcome(value)
                    index = int(number)
                except ValueError:
                    raise JuryError(f"champ de critère illisible : {key}") from None
                criteria.setdefault(code, {})[index] = outcome
            elif key.startswith("q:"):
                scores[key[2:]] = _percent(key[2:], value)
        except JuryError:
            if not lenient:
                raise
    evaluations = []
    for code in dict.fromkeys([*criteria, *scores]):
        given = criteria.get(code, {})
        count = max(given, default=0)
        outcomes = tuple(given.get(i, Outcome.NOT_EVALUATED) for i in range(1, count + 1))
        evaluations.append(CompetencyEvaluation(code, outcomes, scores.get(code)))
    comment = form.get("comment")
    return evaluations, comment if isinstance(comment, str) else None


@router.post("/jurys/{jury}/candidats/{person}", dependencies=[Csrf])
async def evaluation_form(
    request: Request, uow: Uow, actor: Actor, jury: JuryId, person: PersonId
) -> Response:
    form = await request.form()
    try:
        evaluations, comment = parse_form(form)
        await run_in_threadpool(
            juries.record_evaluation, uow, actor, jury, person, evaluations, comment
        )
    except JuryError as exc:
        # The form again, as it was sent: what it could read, and the questionnaires' and
        # comment's text as typed (nothing the jury entered is lost to an error).
        sheet = await run_in_threadpool(juries.candidate_sheet, uow, actor, jury, person)
        submitted, comment = parse_form(form, lenient=True)
        sheet = replace(
            sheet,
            evaluations={e.code: e for e in submitted},
            candidate=replace(sheet.candidate, comment=comment),
        )
        typed = {
            key[2:]: value
            for key, value in form.multi_items()
            if key.startswith("q:") and isinstance(value, str)
        }
        context = {**_form_context(sheet, str(exc)), "typed": typed}
        return _no_store(render(request, "jury_evaluation.html", context, status_code=400))
    return RedirectResponse(
        f"/jurys/{jury}/candidats/{person}/proces-verbal?enregistre=1", status_code=303
    )


@router.get("/jurys/{jury}/candidats/{person}/proces-verbal", response_class=HTMLResponse)
def record_page(
    request: Request, uow: Uow, actor: Actor, jury: JuryId, person: PersonId, enregistre: int = 0
) -> Response:
    sheet = juries.candidate_record(uow, actor, jury, person)
    return _no_store(render(request, "jury_record.html", {"sheet": sheet, "saved": enregistre}))
