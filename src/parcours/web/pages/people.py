"""Pages of the people use cases: my profile, the people list, a person's profile with its
rating forms, and the rating scales.

The rules are the services' (a page never decides who may see what): an employee sees their own
profile, a manager their teams', HR everyone; a refused read is a 403 page, no account a
redirect to /connexion.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parcours.domain.access import AccessDenied, NotAuthenticated, Principal
from parcours.domain.competency import PROFICIENCY_SCALE, CompetencyKind
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.people import SOURCE_LABELS, SOURCE_PRECEDENCE, Person, Source
from parcours.domain.scales import FREQUENCIES, KNOWLEDGE_THRESHOLDS
from parcours.services import career, catalogue, people, people_search
from parcours.services.people import PersonView
from parcours.services.ports import UowFactory
from parcours.web.deps import Actor, Csrf, Uow, render
from parcours.web.job_picker import ValueForm, pick

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def job_titles(uow: UowFactory, persons: list[Person]) -> dict[tuple[str, str], str]:
    """(referential, job key) -> the job's title, for the referentials of these people."""
    titles: dict[tuple[str, str], str] = {}
    for name in sorted({p.referential for p in persons if p.referential}):
        try:
            jobs = catalogue.list_jobs(uow, referential=name)
        except ParcoursError:
            continue
        titles.update({(name, j.key): j.title + (f" {j.grade}" if j.grade else "") for j in jobs})
    return titles


def _common() -> dict[str, Any]:
    return {
        "levels": PROFICIENCY_SCALE,
        "frequencies": FREQUENCIES,
        "source_labels": {s.value: label for s, label in SOURCE_LABELS.items()},
        "kinds": CompetencyKind,
    }


@router.get("/moi", response_class=HTMLResponse)
def me(request: Request, actor: Actor) -> Response:
    """The signed-in account's own profile, or why there is none."""
    if actor.person:
        return RedirectResponse(f"/personnes/{actor.person}", status_code=303)
    return _no_store(render(request, "person_missing.html", {}))


@router.get("/personnes", response_class=HTMLResponse)
def people_list(
    request: Request,
    uow: Uow,
    actor: Actor,
    equipe: Annotated[str | None, Query(max_length=200)] = None,
    poste: Annotated[str | None, Query(max_length=300)] = None,
    page: Annotated[int, Query(ge=1, le=people.MAX_OFFSET // PAGE_SIZE)] = 1,
    nom: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """HR: everyone; a manager: the people of their teams (and themselves); ``nom``: the
    people of that name among them (people_search)."""
    if nom and nom.strip():
        found = people_search.find_people(uow, actor, nom)
        shown: dict[str, Any] = {"found": found, "nom": nom.strip()}
        shown["titles"] = job_titles(uow, found)
        return _no_store(render(request, "people_found.html", shown))
    listed = people.list_people(
        uow,
        actor,
        team=equipe or None,
        job=poste or None,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    pages = max(1, -(-listed.total // PAGE_SIZE))

    def page_href(number: int) -> str:
        query = {k: v for k, v in (("equipe", equipe), ("poste", poste)) if v}
        return "/personnes?" + urlencode({**query, "page": number})

    context = {
        "listed": listed,
        "titles": job_titles(uow, listed.items),
        "equipe": equipe or "",
        "poste": poste or "",
        "page": page,
        "pages": pages,
        "page_href": page_href,
        "teams": sorted(actor.teams),
    }
    return _no_store(render(request, "people.html", context))


def _profile_context(
    view: PersonView, uow: UowFactory, actor: Principal, cible: str | None = None
) -> dict[str, Any]:
    person = view.profile.person
    targets = []
    if person.referential:
        try:
            targets = catalogue.list_jobs(uow, referential=person.referential)
        except ParcoursError:
            targets = []
    others = sorted((j for j in targets if j.key != person.job), key=lambda j: j.title)
    home = person.referential
    return {
        **_common(),
        "view": view,
        "profile": view.profile,
        "person": person,
        "targets": others,
        "target": pick(uow, others, cible, ValueForm.KEY, home=home, scope=home),
        "may_plan": actor.is_hr or view.is_self or view.is_manager,
        "today": date.today().isoformat(),
        "precedence": sorted(Source, key=lambda s: -SOURCE_PRECEDENCE[s]),
        "todos": career.my_todos(uow, actor) if view.is_self else [],
        # The jobs the person follows and shares: for their manager and HR.
        "wishes": (
            career.shared_wishes_of(uow, actor, person.id)
            if view.is_manager or (actor.is_hr and not view.is_self)
            else []
        ),
    }


@router.get("/personnes/{person}", response_class=HTMLResponse)
def person_page(
    request: Request,
    uow: Uow,
    actor: Actor,
    person: str,
    enregistre: Annotated[str | None, Query(max_length=200)] = None,
    cible: Annotated[str | None, Query(max_length=300)] = None,
) -> Response:
    view = people.person_view(uow, actor, person)
    context = {**_profile_context(view, uow, actor, cible), "saved": enregistre, "error": None}
    chosen = context["target"].value
    if cible and chosen:
        # The plan form's search box named one job: its plan (the box sends words here when
        # the referential's jobs are too many for a list).
        plan = f"/personnes/{quote(person, safe='')}/plan?{urlencode({'cible': chosen})}"
        return RedirectResponse(plan, status_code=303)
    return _no_store(render(request, "person.html", context))


def _measure(
    score: str | None, anchor: str | None, frequencies: list[str]
) -> tuple[float | None, int | None, list[int] | None]:
    """(score, anchor, frequencies) from a rating form; the score is given in percent."""
    try:
        share = float(score.replace(",", ".")) / 100.0 if score and score.strip() else None
        level = int(anchor) if anchor and anchor.strip() else None
        if any(not f.strip() for f in frequencies):
            raise ParcoursError("choisir une fréquence pour chaque indicateur")
        seen = [int(f) for f in frequencies]
    except ValueError as exc:
        raise ParcoursError("valeur non numérique dans le formulaire d'évaluation") from exc
    return share, level, seen or None


Field = Annotated[str | None, Form(max_length=50)]


@router.post("/personnes/{person}/evaluations", dependencies=[Csrf])
def rate_form(
    request: Request,
    uow: Uow,
    actor: Actor,
    person: str,
    competency: Annotated[str, Form(min_length=1, max_length=200)],
    source: Annotated[Source, Form()],
    score: Field = None,
    anchor: Field = None,
    frequence: Annotated[list[str] | None, Form(max_length=50)] = None,
    evidence: Annotated[str | None, Form(max_length=people.MAX_EVIDENCE)] = None,
    assessed_on: Field = None,
) -> Response:
    """A rating from the profile page: recorded, then back to the profile (or the profile
    again, with the reason, when the rating does not hold). Refusals stay 403/404."""
    try:
        share, level, frequencies = _measure(score, anchor, frequence or [])
        try:
            when = date.fromisoformat(assessed_on) if assessed_on else None
        except ValueError as exc:
            raise ParcoursError("date invalide (attendu : AAAA-MM-JJ)") from exc
        people.assess(
            uow,
            actor,
            person,
            competency,
            source=source,
            score=share,
            anchor=level,
            frequencies=frequencies,
            assessed_on=when,
            evidence=evidence,
        )
    except (AccessDenied, NotAuthenticated, NotFoundError):
        raise
    except ParcoursError as exc:
        view = people.person_view(uow, actor, person)
        context = {
            **_profile_context(view, uow, actor),
            "saved": None,
            "error": str(exc),
            "error_competency": competency,
            # The rating as it was typed, shown again in its form: nothing entered is lost.
            "typed": {
                "source": source.value,
                "score": score or "",
                "anchor": anchor or "",
                "frequence": list(frequence or []),
                "assessed_on": assessed_on or "",
                "evidence": evidence or "",
            },
        }
        return _no_store(render(request, "person.html", context, status_code=400))
    target = f"/personnes/{person}?{urlencode({'enregistre': competency})}"
    return RedirectResponse(f"{target}#c-{competency}", status_code=303)


@router.get("/echelles", response_class=HTMLResponse)
def scales_page(request: Request) -> HTMLResponse:
    """The three rating scales and their anchors (no personal data)."""
    context = {
        **_common(),
        "scales": people.scales(),
        "thresholds": KNOWLEDGE_THRESHOLDS,
        "precedence": sorted(Source, key=lambda s: -SOURCE_PRECEDENCE[s]),
    }
    return render(request, "scales.html", context)
