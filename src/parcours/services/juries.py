"""Certification juries: sessions, candidates, the jury's evaluations and the record.

HR creates a session for one certification of one referential, names its members (accounts
with the jury role), adds candidates and closes it. A member of the session (or HR) records,
per candidate, the outcome of every evaluation criterion and the questionnaire scores;
``domain.jury.evaluate`` decides the competencies, the blocks (only whole), the title and the
partial validation, and the record is stored with who recorded it and when. Recording again
before the session is closed replaces the evaluations; the previous ones stay in the record's
history. Every read and write of a candidate's evaluations leaves an audit event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from parcours.domain.access import (
    Principal,
    Role,
    require_hr,
    require_judge,
    require_read_person,
    require_role,
)
from parcours.domain.certification import Certification, CertificationCompetency
from parcours.domain.errors import ConflictError, NotFoundError, ParcoursError
from parcours.domain.french import count, day
from parcours.domain.jury import (
    CompetencyDecision,
    CompetencyEvaluation,
    JuryRecord,
    Outcome,
    contradictions,
    evaluate,
    evaluation_from_dict,
    evaluation_to_dict,
    record_from_dict,
    record_to_dict,
    thresholds,
)
from parcours.domain.people import Person
from parcours.domain.referential import Referential
from parcours.services.access import audit, load_person, subject_of
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.services.ports.juries import Jury, JuryCandidate
from parcours.services.ports.people import Account

PENDING = "pending"  # nothing recorded yet
GRANTED = "granted"  # the title is granted
PARTIAL = "partial"  # some blocks kept as a partial validation
REFUSED = "refused"  # no block validated (or no partial validation allowed)


class JuryInputError(ParcoursError):
    """A jury session cannot be created as asked (unknown certification, member...)."""


@dataclass(frozen=True, slots=True)
class CertificationChoice:
    referential: str
    certification: str
    level: str | None = None


@dataclass(frozen=True, slots=True)
class CandidateStatus:
    person: Person
    candidate: JuryCandidate
    record: JuryRecord | None

    @property
    def status(self) -> str:
        if self.record is None:
            return PENDING
        if self.record.title_granted:
            return GRANTED
        return PARTIAL if self.record.partial_blocks else REFUSED


@dataclass(frozen=True, slots=True)
class JuryView:
    jury: Jury
    certification: Certification | None
    candidates: list[CandidateStatus] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CompetencyLine:
    """One competency on the form or the record: its criteria with their outcome, the
    questionnaire score and its threshold, the decision (None before anything is recorded)."""

    competency: CertificationCompetency
    criteria: tuple[tuple[str, Outcome], ...]
    questionnaire: float | None
    threshold: float | None
    decision: CompetencyDecision | None


@dataclass(frozen=True, slots=True)
class BlockLine:
    code: str
    title: str
    validated: bool | None
    competencies: tuple[CompetencyLine, ...]


@dataclass(frozen=True, slots=True)
class CandidateSheet:
    """Everything the evaluation form and the record (procès-verbal) show of one candidate."""

    jury: Jury
    referential: str
    version: int
    certification: Certification
    person: Person
    candidate: JuryCandidate
    evaluations: dict[str, CompetencyEvaluation]
    record: JuryRecord | None
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def thresholds(self) -> dict[str, float]:
        return thresholds(self.certification)

    @property
    def status(self) -> str:
        return CandidateStatus(self.person, self.candidate, self.record).status

    @property
    def warnings(self) -> tuple[str, ...]:
        """What does not hold together in the recorded evaluation, in French: outcomes that
        contradict the questionnaire score (``jury.contradictions``), an evaluation recorded
        before the session's date."""
        out = list(contradictions(self.certification, self.evaluations.values()))
        at = self.candidate.recorded_at
        if at is not None and at.date() < self.jury.held_on:
            out.append(
                f"évaluation enregistrée le {at:%d/%m/%Y}, avant la date de la session "
                f"({self.jury.held_on:%d/%m/%Y})"
            )
        return tuple(out)

    @property
    def blocks(self) -> list[BlockLine]:
        limits = self.thresholds
        decisions: dict[str, CompetencyDecision] = {}
        validated: dict[str, bool] = {}
        if self.record is not None:
            for b in self.record.blocks:
                validated[b.code] = b.validated
                decisions.update((d.code, d) for d in b.competencies)
        lines = []
        for block in self.certification.blocks:
            comps = []
            for c in block.competencies:
                e = self.evaluations.get(c.code)
                outcomes: Sequence[Outcome] = (
                    e.criteria
                    if e is not None and len(e.criteria) == len(c.criteria)
                    else [Outcome.NOT_EVALUATED] * len(c.criteria)
                )
                comps.append(
                    CompetencyLine(
                        competency=c,
                        criteria=tuple(zip(c.criteria, outcomes, strict=True)),
                        questionnaire=e.questionnaire if e is not None else None,
                        threshold=limits.get(c.code),
                        decision=decisions.get(c.code),
                    )
                )
            lines.append(
                BlockLine(block.code, block.title, validated.get(block.code), tuple(comps))
            )
        return lines


# --- helpers --------------------------------------------------------------------------------


def find_certification(ref: Referential, title: str) -> Certification | None:
    """The certification of ``ref`` with this title (or key)."""
    for cert in ref.certifications.values():
        if cert.title == title:
            return cert
    return ref.certifications.get(title)


def _certification_of(
    uow: UnitOfWork, jury: Jury, version: int | None = None
) -> tuple[Referential, Certification]:
    ref = uow.referentials.get(jury.referential, version)
    if ref is None and version is not None:
        ref = uow.referentials.get(jury.referential)
    if ref is None:
        raise NotFoundError(f"référentiel inconnu : {jury.referential}")
    cert = find_certification(ref, jury.certification)
    if cert is None:
        raise NotFoundError(
            f"aucune certification « {jury.certification} » dans « {jury.referential} »"
        )
    return ref, cert


def _jury(uow: UnitOfWork, actor: Principal, jury_id: int) -> Jury:
    require_judge(actor, jury_id)
    jury = uow.juries.get_jury(jury_id)
    if jury is None:
        raise NotFoundError(f"jury inconnu : {jury_id}")
    return jury


def _record_of(candidate: JuryCandidate) -> JuryRecord | None:
    # The stored record does not name the candidate (the row does): an erasure, which re-keys
    # the row, leaves no former pseudonym in the JSON.
    if candidate.record is None:
        return None
    return record_from_dict({**candidate.record, "candidate": candidate.person})


def _candidate(
    uow: UnitOfWork, actor: Principal, jury_id: int, person_id: str
) -> tuple[Jury, Person, JuryCandidate]:
    """The jury, the person and their candidacy, once the actor may see them: HR, or a member
    of this session (``require_judge``) judging a candidate of it (``subject_of``)."""
    jury = _jury(uow, actor, jury_id)
    person = load_person(uow, person_id)
    subject = subject_of(uow, person)
    if jury.id not in subject.juries:
        raise NotFoundError(f"{person_id} n'est pas candidat de ce jury")
    require_read_person(actor, subject)
    candidate = uow.juries.get_candidate(jury.id, person.id)
    if candidate is None:  # pragma: no cover - subject.juries says it exists
        raise NotFoundError(f"{person_id} n'est pas candidat de ce jury")
    return jury, person, candidate


def _sheet(
    uow: UnitOfWork, jury: Jury, person: Person, candidate: JuryCandidate, *, recorded: bool
) -> CandidateSheet:
    """The sheet on the referential version the record was made on (``recorded``), or on the
    latest version (the form: a new record is made on it)."""
    stored = candidate.record or {}
    version = stored.get("version") if recorded else None
    ref, cert = _certification_of(uow, jury, version if isinstance(version, int) else None)
    evaluations = {e.code: e for e in map(evaluation_from_dict, candidate.evaluations)}
    history = stored.get("history", [])
    return CandidateSheet(
        jury=jury,
        referential=ref.name,
        version=ref.version,
        certification=cert,
        person=person,
        candidate=candidate,
        evaluations=evaluations,
        record=_record_of(candidate),
        history=list(history) if isinstance(history, list) else [],
    )


# --- use cases ------------------------------------------------------------------------------


def certification_choices(uow_factory: UowFactory, actor: Principal) -> list[CertificationChoice]:
    """The certifications a session can be created for (latest version of each referential)."""
    require_hr(actor, "la création d'un jury")
    with uow_factory() as uow:
        out = []
        for summary in uow.referentials.list_referentials():
            if not summary.certifications:
                continue
            ref = uow.referentials.get(summary.name)
            if ref is not None:
                out += [
                    CertificationChoice(ref.name, c.title, c.level)
                    for c in ref.certifications.values()
                ]
    return out


def jury_accounts(uow_factory: UowFactory, actor: Principal) -> list[Account]:
    """The active accounts that can sit on a jury (role jury)."""
    require_hr(actor, "la liste des membres de jury")
    with uow_factory() as uow:
        return [a for a in uow.accounts.list() if a.active and Role.JURY.value in a.roles]


def create_jury(
    uow_factory: UowFactory,
    actor: Principal,
    *,
    referential: str,
    certification: str,
    held_on: date,
    members: Sequence[str],
    name: str | None = None,
) -> Jury:
    require_hr(actor, "la création d'un jury")
    logins = list(dict.fromkeys(m.strip() for m in members if m.strip()))
    if not logins:
        raise JuryInputError("un jury a au moins un membre")
    with uow_factory() as uow:
        ref = uow.referentials.get(referential)
        if ref is None:
            raise NotFoundError(f"référentiel inconnu : {referential}")
        cert = find_certification(ref, certification)
        if cert is None:
            raise NotFoundError(
                f"aucune certification « {certification} » dans la dernière version de "
                f"« {referential} »"
            )
        for login in logins:
            account = uow.accounts.get(login)
            if account is None or not account.active:
                raise JuryInputError(f"compte inconnu ou inactif : {login}")
            if Role.JURY.value not in account.roles:
                raise JuryInputError(f"le compte {login} n'a pas le rôle membre de jury")
        jury = uow.juries.create_jury(
            name=(name or "").strip() or f"{cert.title} — {day(held_on)}",
            referential=ref.name,
            certification=cert.title,
            held_on=held_on,
            members=logins,
            created_by=actor.account,
        )
        audit(
            uow,
            actor,
            "write",
            None,
            f"jury {jury.id} créé ({count(len(logins), 'membre', 'membres')})",
        )
        uow.commit()
    return jury


def list_juries(uow_factory: UowFactory, actor: Principal) -> list[Jury]:
    """HR: every session; a jury member: the sessions they sit on; anyone else: refused."""
    with uow_factory() as uow:
        if actor.is_hr:
            return uow.juries.list_juries()
        require_role(actor, Role.JURY, "la liste des jurys")
        return uow.juries.list_juries(sorted(actor.juries)) if actor.juries else []


def jury_view(uow_factory: UowFactory, actor: Principal, jury_id: int) -> JuryView:
    """A session and its candidates with their status (each candidate's read is audited)."""
    with uow_factory() as uow:
        jury = _jury(uow, actor, jury_id)
        try:
            _ref, cert = _certification_of(uow, jury)
            found: Certification | None = cert
        except NotFoundError:
            found = None
        statuses = []
        for candidate in uow.juries.candidates(jury.id):
            person = uow.people.get_person(candidate.person)
            if person is None or person.erased:
                continue
            statuses.append(CandidateStatus(person, candidate, _record_of(candidate)))
            audit(uow, actor, "read", person.id, f"jury {jury.id} : statut du candidat")
        uow.commit()
    return JuryView(jury, found, statuses)


def add_candidate(
    uow_factory: UowFactory, actor: Principal, jury_id: int, person_id: str
) -> CandidateStatus:
    require_hr(actor, "l'ajout d'un candidat")
    with uow_factory() as uow:
        jury = _jury(uow, actor, jury_id)
        if jury.closed:
            raise ConflictError(f"le jury {jury.id} est clos")
        person = load_person(uow, person_id)
        if uow.juries.get_candidate(jury.id, person.id) is not None:
            raise ConflictError(f"{person.id} est déjà candidat de ce jury")
        candidate = uow.juries.add_candidate(jury.id, person.id)
        audit(uow, actor, "write", person.id, f"jury {jury.id} : candidat ajouté")
        uow.commit()
    return CandidateStatus(person, candidate, None)


def close_jury(uow_factory: UowFactory, actor: Principal, jury_id: int) -> Jury:
    require_hr(actor, "la clôture d'un jury")
    with uow_factory() as uow:
        jury = _jury(uow, actor, jury_id)
        if jury.closed:
            raise ConflictError(f"le jury {jury.id} est déjà clos")
        uow.juries.set_status(jury.id, "closed")
        audit(uow, actor, "write", None, f"jury {jury.id} clos")
        uow.commit()
        closed = uow.juries.get_jury(jury.id)
    assert closed is not None
    return closed


def candidate_sheet(
    uow_factory: UowFactory, actor: Principal, jury_id: int, person_id: str
) -> CandidateSheet:
    """The evaluation form's content: the criteria, the stored evaluations and record."""
    with uow_factory() as uow:
        jury, person, candidate = _candidate(uow, actor, jury_id, person_id)
        sheet = _sheet(uow, jury, person, candidate, recorded=False)
        audit(uow, actor, "read", person.id, f"jury {jury.id} : évaluations")
        uow.commit()
    return sheet


def candidate_record(
    uow_factory: UowFactory, actor: Principal, jury_id: int, person_id: str
) -> CandidateSheet:
    """The record (procès-verbal) of a candidate; NotFoundError before any evaluation."""
    with uow_factory() as uow:
        jury, person, candidate = _candidate(uow, actor, jury_id, person_id)
        if candidate.record is None:
            raise NotFoundError(f"aucune évaluation enregistrée pour {person.id} à ce jury")
        sheet = _sheet(uow, jury, person, candidate, recorded=True)
        audit(uow, actor, "read", person.id, f"jury {jury.id} : procès-verbal")
        uow.commit()
    return sheet


def record_evaluation(
    uow_factory: UowFactory,
    actor: Principal,
    jury_id: int,
    person_id: str,
    evaluations: Sequence[CompetencyEvaluation],
    comment: str | None = None,
    *,
    now: datetime | None = None,
) -> CandidateSheet:
    """Record (or record again, while the session is open) a candidate's evaluations."""
    at = now or datetime.now(UTC)
    with uow_factory() as uow:
        jury, person, candidate = _candidate(uow, actor, jury_id, person_id)
        if jury.closed:
            raise ConflictError(f"le jury {jury.id} est clos : ses évaluations ne changent plus")
        ref, cert = _certification_of(uow, jury)
        record = evaluate(cert, person.id, evaluations)
        previous = candidate.record
        history: list[dict[str, Any]] = []
        if previous is not None:
            history = list(previous.get("history", []))
            history.append(
                {
                    "recorded_by": candidate.recorded_by,
                    "recorded_at": (
                        candidate.recorded_at.isoformat() if candidate.recorded_at else None
                    ),
                    "comment": candidate.comment,
                    "evaluations": candidate.evaluations,
                    "title_granted": previous.get("title_granted"),
                    "validated_blocks": previous.get("validated_blocks"),
                    "partial_blocks": previous.get("partial_blocks"),
                }
            )
        stored = {**record_to_dict(record), "version": ref.version, "history": history}
        del stored["candidate"]  # the row names the candidate (see _record_of)
        text = (comment or "").strip() or None
        saved = uow.juries.save_evaluation(
            jury.id,
            person.id,
            evaluations=[evaluation_to_dict(e) for e in evaluations],
            record=stored,
            recorded_by=actor.account,
            recorded_at=at,
            comment=text,
        )
        outcome = (
            "titre délivré"
            if record.title_granted
            else f"blocs validés : {', '.join(record.validated_blocks) or 'aucun'}"
        )
        audit(uow, actor, "write", person.id, f"jury {jury.id} : évaluation ({outcome})")
        uow.commit()
        sheet = _sheet(uow, jury, person, saved, recorded=True)
    return sheet


# --- plain data for the API and the command line ----------------------------------------------


def jury_data(jury: Jury) -> dict[str, Any]:
    return {
        "id": jury.id,
        "name": jury.name,
        "referential": jury.referential,
        "certification": jury.certification,
        "held_on": jury.held_on.isoformat(),
        "status": jury.status,
        "members": list(jury.members),
        "created_by": jury.created_by,
    }


def candidate_data(status: CandidateStatus) -> dict[str, Any]:
    record = status.record
    return {
        "person": status.person.id,
        "display_name": status.person.display_name,
        "status": status.status,
        "title_granted": record.title_granted if record else None,
        "validated_blocks": list(record.validated_blocks) if record else [],
        "partial_blocks": list(record.partial_blocks) if record else [],
        "recorded_by": status.candidate.recorded_by,
        "recorded_at": (
            status.candidate.recorded_at.isoformat() if status.candidate.recorded_at else None
        ),
    }


def sheet_data(sheet: CandidateSheet) -> dict[str, Any]:
    """The record (procès-verbal) as plain data: the session, the candidate, per block and
    competency the criteria outcomes, the questionnaire score against its threshold, the
    decision and its reasons; the blocks validated, the title or the partial validation."""
    record = sheet.record
    return {
        "jury": jury_data(sheet.jury),
        "referential_version": sheet.version,
        "certification": {
            "key": sheet.certification.key,
            "title": sheet.certification.title,
            "level": sheet.certification.level,
        },
        "candidate": {"person": sheet.person.id, "display_name": sheet.person.display_name},
        "status": sheet.status,
        "recorded_by": sheet.candidate.recorded_by,
        "recorded_at": (
            sheet.candidate.recorded_at.isoformat() if sheet.candidate.recorded_at else None
        ),
        "comment": sheet.candidate.comment,
        "title_granted": record.title_granted if record else None,
        "validated_blocks": list(record.validated_blocks) if record else [],
        "partial_blocks": list(record.partial_blocks) if record else [],
        "blocks": [
            {
                "code": b.code,
                "title": b.title,
                "validated": b.validated,
                "competencies": [
                    {
                        "code": c.competency.code,
                        "label": c.competency.label,
                        "criteria": [{"text": t, "outcome": o.value} for t, o in c.criteria],
                        "questionnaire": c.questionnaire,
                        "threshold": c.threshold,
                        "validated": c.decision.validated if c.decision else None,
                        "reasons": list(c.decision.reasons) if c.decision else [],
                    }
                    for c in b.competencies
                ],
            }
            for b in sheet.blocks
        ],
        "evaluations": [evaluation_to_dict(e) for e in sheet.evaluations.values()],
        "warnings": list(sheet.warnings),
        "history": sheet.history,
    }
