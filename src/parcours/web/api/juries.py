"""JSON API of the certification juries (under /api/v1/juries).

Every route acts as the signed-in principal (401 without one). HR creates sessions, adds
candidates and closes sessions; a member of a session (or HR) reads its candidates, records
their evaluations and reads their record (procès-verbal). Anyone else gets 403; recording on a
closed session 409. Answers carrying personal data are not to be cached.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from parcours.domain.jury import CompetencyEvaluation, Outcome
from parcours.services import juries
from parcours.web.deps import Actor, Csrf, Uow, row_id

router = APIRouter(prefix="/api/v1", tags=["jurys"])

NO_STORE = "no-store"

JuryId = Annotated[int, row_id("Numéro de la session")]
PersonId = Annotated[str, Path(max_length=64, description="Pseudonyme du candidat")]


class JuryIn(BaseModel):
    referential: str = Field(max_length=500, description="Nom du référentiel")
    certification: str = Field(
        max_length=500, description="Titre de la certification (dernière version du référentiel)"
    )
    held_on: date = Field(description="Date de la session")
    members: list[str] = Field(
        min_length=1, max_length=50, description="Identifiants des comptes membres (rôle jury)"
    )
    name: str | None = Field(default=None, max_length=500)


class JuryOut(BaseModel):
    id: int
    name: str
    referential: str
    certification: str
    held_on: date
    status: str = Field(description="open ou closed")
    members: list[str]
    created_by: str | None


class CandidateOut(BaseModel):
    person: str = Field(description="Pseudonyme")
    display_name: str | None
    status: str = Field(description="pending, granted, partial ou refused")
    title_granted: bool | None
    validated_blocks: list[str]
    partial_blocks: list[str]
    recorded_by: str | None
    recorded_at: str | None


class JuryDetailOut(JuryOut):
    candidates: list[CandidateOut]


class CandidateIn(BaseModel):
    person: str = Field(max_length=64, description="Pseudonyme de la personne")


class CompetencyEvaluationIn(BaseModel):
    code: str = Field(max_length=32, description="Code de la compétence (C1 ...)")
    criteria: list[Outcome] = Field(
        max_length=100, description="Un résultat par critère, dans l'ordre du référentiel"
    )
    questionnaire: float | None = Field(
        default=None, ge=0, le=1, description="Part de bonnes réponses au questionnaire (0 à 1)"
    )


class EvaluationIn(BaseModel):
    evaluations: list[CompetencyEvaluationIn] = Field(max_length=500)
    comment: str | None = Field(default=None, max_length=5000)


def _jury_out(data: dict[str, Any]) -> JuryOut:
    return JuryOut.model_validate(data)


@router.get("/juries", response_model=list[JuryOut])
def list_juries(uow: Uow, actor: Actor) -> list[JuryOut]:
    """Les sessions de jury : toutes pour les RH, celles où l'on siège pour un membre de jury."""
    return [_jury_out(juries.jury_data(j)) for j in juries.list_juries(uow, actor)]


@router.post("/juries", response_model=JuryOut, status_code=201, dependencies=[Csrf])
def create_jury(uow: Uow, actor: Actor, body: JuryIn) -> JuryOut:
    """Crée une session de jury (RH) pour une certification d'un référentiel."""
    jury = juries.create_jury(
        uow,
        actor,
        referential=body.referential,
        certification=body.certification,
        held_on=body.held_on,
        members=body.members,
        name=body.name,
    )
    return _jury_out(juries.jury_data(jury))


@router.get("/juries/{jury}", response_model=JuryDetailOut)
def get_jury(uow: Uow, actor: Actor, jury: JuryId, response: Response) -> JuryDetailOut:
    """Une session et ses candidats, avec leur statut (membres de la session et RH)."""
    response.headers["Cache-Control"] = NO_STORE
    view = juries.jury_view(uow, actor, jury)
    return JuryDetailOut.model_validate(
        {
            **juries.jury_data(view.jury),
            "candidates": [juries.candidate_data(c) for c in view.candidates],
        }
    )


@router.post(
    "/juries/{jury}/candidates",
    response_model=CandidateOut,
    status_code=201,
    dependencies=[Csrf],
)
def add_candidate(uow: Uow, actor: Actor, jury: JuryId, body: CandidateIn) -> CandidateOut:
    """Ajoute un candidat (une personne existante) à une session ouverte (RH)."""
    added = juries.add_candidate(uow, actor, jury, body.person)
    return CandidateOut.model_validate(juries.candidate_data(added))


@router.get("/juries/{jury}/candidates/{person}/evaluation")
def get_evaluation(
    uow: Uow, actor: Actor, jury: JuryId, person: PersonId, response: Response
) -> dict[str, Any]:
    """Les critères de la certification, les évaluations enregistrées et la décision."""
    response.headers["Cache-Control"] = NO_STORE
    return juries.sheet_data(juries.candidate_sheet(uow, actor, jury, person))


@router.put("/juries/{jury}/candidates/{person}/evaluation", dependencies=[Csrf])
def put_evaluation(
    uow: Uow, actor: Actor, jury: JuryId, person: PersonId, body: EvaluationIn, response: Response
) -> dict[str, Any]:
    """Enregistre (ou remplace, tant que la session est ouverte) les évaluations d'un candidat :
    la réponse est le procès-verbal calculé."""
    response.headers["Cache-Control"] = NO_STORE
    evaluations = [
        CompetencyEvaluation(e.code, tuple(e.criteria), e.questionnaire) for e in body.evaluations
    ]
    sheet = juries.record_evaluation(uow, actor, jury, person, evaluations, body.comment)
    return juries.sheet_data(sheet)


@router.get("/juries/{jury}/candidates/{person}/record")
def get_record(
    uow: Uow, actor: Actor, jury: JuryId, person: PersonId, response: Response
) -> dict[str, Any]:
    """Le procès-verbal d'un candidat (404 tant que rien n'est enregistré)."""
    response.headers["Cache-Control"] = NO_STORE
    return juries.sheet_data(juries.candidate_record(uow, actor, jury, person))


@router.post("/juries/{jury}/close", response_model=JuryOut, dependencies=[Csrf])
def close_jury(uow: Uow, actor: Actor, jury: JuryId) -> JuryOut:
    """Clôt une session (RH) : ses évaluations ne changent plus."""
    return _jury_out(juries.jury_data(juries.close_jury(uow, actor, jury)))
