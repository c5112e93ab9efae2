"""HR corrects a fact from the job sheet (issue 13): the sheet's forms post here, with the
CSRF token; the service keeps the correction, writes the corrected version and the audit
event, then the sheet is shown again."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse

from parcours.domain.corrections import CorrectedField, FactKind
from parcours.services import corrections
from parcours.services.corrections import CorrectionRequest, NothingToCorrect
from parcours.web import views
from parcours.web.deps import Actor, Csrf, Uow

router = APIRouter(include_in_schema=False)

Text = Annotated[str | None, Form(max_length=2000)]
Texts = Annotated[list[str] | None, Form()]


def requests_of(
    key: str,
    *,
    title: str | None,
    competency: str | None,
    kind: str | None,
    importance: str | None,
    details: list[str],
    originals: list[str],
) -> list[CorrectionRequest]:
    """The corrections a sheet's form asks for (the service leaves out what is unchanged)."""
    out: list[CorrectionRequest] = []
    if title is not None:
        out.append(CorrectionRequest(FactKind.JOB, key, CorrectedField.TITLE, title))
    if competency:
        if kind:
            out.append(
                CorrectionRequest(FactKind.COMPETENCY, competency, CorrectedField.KIND, kind)
            )
        if importance:
            out.append(
                CorrectionRequest(
                    FactKind.REQUIREMENT,
                    key,
                    CorrectedField.IMPORTANCE,
                    importance,
                    competency=competency,
                )
            )
        for value, original in zip(details, originals, strict=False):
            out.append(
                CorrectionRequest(
                    FactKind.REQUIREMENT,
                    key,
                    CorrectedField.DETAIL,
                    value,
                    competency=competency,
                    original=original,
                )
            )
    return out


@router.post("/referentiels/{referential}/postes/{key}/corrections", dependencies=[Csrf])
def correct_from_sheet(
    uow: Uow,
    actor: Actor,
    referential: str,
    key: str,
    intitule: Text = None,
    competence: Text = None,
    kind: Annotated[str | None, Form(alias="type", max_length=2000)] = None,
    importance: Text = None,
    detail: Texts = None,
    detail_origine: Texts = None,
) -> RedirectResponse:
    name = views.resolve_referential(uow, referential)
    asked = requests_of(
        key,
        title=intitule,
        competency=competence,
        kind=kind,
        importance=importance,
        details=detail or [],
        originals=detail_origine or [],
    )
    done = "1"
    try:
        corrections.correct(uow, actor, name, asked)
    except NothingToCorrect:
        done = "0"
    anchor = f"#fix-{competence}" if competence else "#fix-title"
    target = f"/referentiels/{views.slug(name)}/postes/{quote(key, safe='')}?corrige={done}"
    return RedirectResponse(target + anchor, status_code=303)
