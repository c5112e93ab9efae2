"""JSON API of HR's corrections (issue 13): read like the catalogue; making or withdrawing
one is HR's, signed with the acting account, and carries the CSRF token when made with the
session cookie (bearer calls need none)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from parcours.domain.corrections import CorrectedField, Correction, FactKind
from parcours.services import corrections
from parcours.services.corrections import CorrectionOutcome, CorrectionRequest, CorrectionView
from parcours.web import views
from parcours.web.deps import Actor, Csrf, Uow, row_id

CorrectionId = Annotated[int, row_id("Numéro de la correction")]

router = APIRouter(prefix="/api/v1", tags=["corrections"])


def _correction(correction: Correction) -> dict[str, Any]:
    return {
        "id": correction.id,
        "referential": correction.referential,
        "fact": correction.fact.value,
        "key": correction.key,
        "competency": correction.competency,
        "field": correction.field.value,
        "original": correction.original,
        "value": correction.value,
        "author": correction.author,
        "at": correction.at.isoformat() if correction.at else None,
        "withdrawn_at": correction.withdrawn_at.isoformat() if correction.withdrawn_at else None,
        "withdrawn_by": correction.withdrawn_by,
    }


def _view(view: CorrectionView) -> dict[str, Any]:
    return {**_correction(view.correction), "found": view.found, "status": view.status}


def _outcome(outcome: CorrectionOutcome) -> dict[str, Any]:
    version = outcome.version
    return {
        "corrections": [_correction(c) for c in outcome.corrections],
        "version": version.version if version else None,
        "summary": version.diff.summary() if version else None,
        "unapplied": [_correction(c) for c in version.unapplied] if version else [],
    }


@router.get("/referentials/{referential}/corrections")
def list_corrections(uow: Uow, referential: str) -> list[dict[str, Any]]:
    """Les corrections RH d'un référentiel, retirées comprises, des plus anciennes aux plus
    récentes ; ``found`` : la dernière version a encore le fait corrigé."""
    name = views.resolve_referential(uow, referential)
    return [_view(v) for v in corrections.list_corrections(uow, name)]


class CorrectionIn(BaseModel):
    fact: FactKind = Field(description="job, competency ou requirement")
    key: str = Field(min_length=1, max_length=2000, description="Clé du poste ou de la compétence")
    competency: str | None = Field(
        default=None, max_length=2000, description="Pour une exigence : la clé de la compétence"
    )
    field: CorrectedField = Field(description="title, kind, importance ou detail")
    value: str = Field(max_length=2000)
    original: str | None = Field(
        default=None, max_length=2000, description="Pour un détail : son texte affiché"
    )


class CorrectionsIn(BaseModel):
    corrections: list[CorrectionIn] = Field(min_length=1, max_length=200)


CorrectionsBody = Annotated[
    CorrectionsIn,
    Body(
        examples=[
            {
                "corrections": [
                    {"fact": "competency", "key": "analyse", "field": "kind", "value": "savoir"}
                ]
            }
        ]
    ),
]


@router.post("/referentials/{referential}/corrections", dependencies=[Csrf], status_code=201)
def correct(uow: Uow, actor: Actor, referential: str, body: CorrectionsBody) -> JSONResponse:
    """Corrige des faits (RH) : la correction est gardée et s'applique à chaque nouvelle
    version (réimport du même document compris) ; une nouvelle version est écrite, la
    correction signée du compte qui agit dans le journal d'audit."""
    name = views.resolve_referential(uow, referential)
    asked = [
        CorrectionRequest(c.fact, c.key, c.field, c.value, c.competency, c.original)
        for c in body.corrections
    ]
    outcome = corrections.correct(uow, actor, name, asked)
    return JSONResponse(_outcome(outcome), status_code=201)


@router.post("/corrections/{correction_id}/withdraw", dependencies=[Csrf])
def withdraw(uow: Uow, actor: Actor, correction_id: CorrectionId) -> dict[str, Any]:
    """Retire une correction (RH) : elle reste listée, avec qui l'a retirée et quand ; la
    valeur du document revient dans une nouvelle version."""
    return _outcome(corrections.withdraw(uow, actor, correction_id))
