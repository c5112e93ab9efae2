"""The employee's career space, "Mon parcours" (/mon-parcours): the home page of a signed-in
person who is not an HR administrator. The forms follow a job, share it with one's manager or
stop following it; they work without JavaScript and answer with a redirect back to the space.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parcours.domain.competency import PROFICIENCY_SCALE
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.people import SOURCE_LABELS
from parcours.services import career
from parcours.services.catalogue import JobSummary
from parcours.web.deps import Actor, Csrf, Uow, render
from parcours.web.job_picker import Picker, ValueForm, pick

router = APIRouter(include_in_schema=False)

HOME = "/mon-parcours"
Field = Annotated[str, Form(max_length=300)]


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


DONE = {"suivi", "retire", "partage", "prive"}


@dataclass(frozen=True, slots=True)
class Draft:
    """What the follow form held when it comes back to choose among jobs: kept, not lost."""

    poste: str | None = None
    shared: bool = False
    note: str = ""


def _follow_field(
    uow: Uow, home: str | None, choices: tuple[tuple[str, str], ...], poste: str | None
) -> Picker | None:
    """The follow form's job field over ``choices`` (key, title) of the referential ``home``."""
    if home is None:
        return None
    jobs = [JobSummary(home, key, title, None, True, None, None, None) for key, title in choices]
    return pick(uow, jobs, poste, ValueForm.KEY, home=home, scope=home)


def _page(
    request: Request,
    uow: Uow,
    actor: Actor,
    done: str | None = None,
    error: str | None = None,
    draft: Draft | None = None,
) -> Response:
    if actor.person is None:
        return _no_store(render(request, "person_missing.html", {}))
    space = career.career_space(uow, actor)
    draft = draft or Draft()
    context = {
        "space": space,
        "levels": PROFICIENCY_SCALE,
        "source_labels": {s.value: label for s, label in SOURCE_LABELS.items()},
        "done": done if done in DONE else None,
        "error": error,
        "follow": _follow_field(uow, space.person.referential, space.choices, draft.poste),
        "draft": draft,
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
    draft = Draft(poste, partage == "oui", note or "")
    try:
        try:
            career.follow_job(
                uow, actor, referential=referentiel, job=poste, shared=draft.shared, note=note
            )
        except NotFoundError:
            # No job's key: a search box sends words when the referential has too many jobs
            # for a list. The job they name, or the page again to choose among those.
            field = _follow_field(uow, *career.follow_choices(uow, actor), poste)
            if field is None or not field.searching:
                raise
            if not field.value:
                return _page(request, uow, actor, draft=draft)
            career.follow_job(
                uow, actor, referential=referentiel, job=field.value, shared=draft.shared, note=note
            )
    except ParcoursError as exc:
        return _page(request, uow, actor, error=str(exc), draft=draft)
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
