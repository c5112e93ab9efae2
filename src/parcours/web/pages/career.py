"""The employee's career space, "Mon parcours" (/mon-parcours): the home page of a signed-in
person who is not an HR administrator. The forms follow a job, share it with one's manager or
stop following it; they work without JavaScript and answer with a redirect back to the space.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parcours.domain.competency import PROFICIENCY_SCALE
from parcours.domain.errors import ParcoursError
from parcours.domain.people import SOURCE_LABELS
from parcours.services import career
from parcours.web.deps import Actor, Csrf, Uow, render

router = APIRouter(include_in_schema=False)

HOME = "/mon-parcours"
Field = Annotated[str, Form(max_length=300)]


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


DONE = {"suivi", "retire", "partage", "prive"}


def _page(
    request: Request, uow: Uow, actor: Actor, done: str | None = None, error: str | None = None
) -> Response:
    if actor.person is None:
        return _no_store(render(request, "person_missing.html", {}))
    space = career.career_space(uow, actor)
    context = {
        "space": space,
        "levels": PROFICIENCY_SCALE,
        "source_labels": {s.value: label for s, label in SOURCE_LABELS.items()},
        "done": done if done in DONE else None,
        "error": error,
    }
    status = 400 if error else 200
    return _no_store(render(request, "career.html", context, status_code=status))


@router.get(HOME, response_class=HTMLResponse)
def career_page(request: Request, uow: Uow, actor: Actor, fait: str | None = None) -> Response:
    """My job and ratings, my possible moves, the jobs I follow, my to-dos, my trainings."""
    return _page(request, uow, actor, done=fait)


def _back(done: str) -> RedirectResponse:
    return RedirectResponse(f"{HOME}?fait={done}#souhaits", 303)


@router.post(f"{HOME}/souhaits", dependencies=[Csrf])
def follow(
    request: Request,
    uow: Uow,
    actor: Actor,
    referentiel: Field,
    poste: Field,
    partage: Annotated[str | None, Form(max_length=8)] = None,
    note: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    try:
        career.follow_job(
            uow, actor, referential=referentiel, job=poste, shared=partage == "oui", note=note
        )
    except ParcoursError as exc:
        return _page(request, uow, actor, error=str(exc))
    return _back("suivi")


@router.post(f"{HOME}/souhaits/retirer", dependencies=[Csrf])
def stop(request: Request, uow: Uow, actor: Actor, referentiel: Field, poste: Field) -> Response:
    try:
        career.stop_following(uow, actor, referential=referentiel, job=poste)
    except ParcoursError as exc:
        return _page(request, uow, actor, error=str(exc))
    return _back("retire")


@router.post(f"{HOME}/souhaits/partage", dependencies=[Csrf])
def share(
    request: Request,
    uow: Uow,
    actor: Actor,
    referentiel: Field,
    poste: Field,
    partage: Annotated[str, Form(max_length=8)],
) -> Response:
    try:
        career.share_wish(uow, actor, referential=referentiel, job=poste, shared=partage == "oui")
    except ParcoursError as exc:
        return _page(request, uow, actor, error=str(exc))
    return _back("partage" if partage == "oui" else "prive")
