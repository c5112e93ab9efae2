"""RGPD use cases: the audit log, the right of access (export), the right to erasure, retention.

Every function takes the acting principal, checks it and leaves its own audit event in the same
transaction. See docs/rgpd.md for what is personal data here, what an export contains, what an
erasure clears and keeps, and how retention works.

Erasure re-keys the person to a fresh random anonymous id and clears everything that could
identify them (display name, leaving date, free texts, provenance, accounts); their levels, team
and job stay under the anonymous id, so that team coverage, campaign progress and certification
statistics add up the same before and after.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from parcours.domain.access import AUDIT_ACTIONS as AUDIT_ACTIONS
from parcours.domain.access import AccessDenied, Principal, require_hr
from parcours.domain.career import CareerWish
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.french import count, day
from parcours.domain.people import Assessment, Person
from parcours.services.access import audit, load_person
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.services.ports.people import AuditEvent, AuditVerification
from parcours.services.ports.rgpd import (
    AccountRecord,
    CandidacyRecord,
    PersonRecord,
    ReviewRecord,
    ScrubReport,
)
from parcours.services.spreadsheet import csv_cell
from parcours.settings import MIN_AUDIT_RETENTION_DAYS

EXPORT_FORMAT = "parcours-rgpd-export"
EXPORT_VERSION = 1
ANONYMOUS_PREFIX = "anon-"
CSV_COLUMNS = ("id", "at", "actor", "channel", "action", "subject", "detail")


class ConfirmationError(ParcoursError):
    """An erasure whose confirmation is not the person's pseudonym, typed again."""


@dataclass(frozen=True, slots=True)
class AuditFilter:
    person: str | None = None
    actor: str | None = None
    action: str | None = None
    since: date | None = None  # from this day on
    until: date | None = None  # up to this day, included

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        since = datetime.combine(self.since, time(), UTC) if self.since else None
        until = (
            datetime.combine(self.until + timedelta(days=1), time(), UTC) if self.until else None
        )
        return since, until


@dataclass(frozen=True, slots=True)
class AuditPage:
    events: list[AuditEvent]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True, slots=True)
class ErasureReport:
    anonymous_id: str
    scrub: ScrubReport


@dataclass(frozen=True, slots=True)
class PurgeReport:
    dry_run: bool
    people_cutoff: date
    audit_cutoff: datetime
    people: list[str] = field(default_factory=list)  # dry run: who would be erased
    people_erased: int = 0
    audit_events: int = 0  # deleted, or that would be


# --- the audit log ------------------------------------------------------------------------


def _search(
    uow: UnitOfWork, filters: AuditFilter, subject: str | None, limit: int | None, offset: int
) -> tuple[list[AuditEvent], int]:
    since, until = filters.bounds()
    actor, action = filters.actor or None, filters.action or None
    events = uow.audit.search(
        subject=subject,
        actor=actor,
        action=action,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
    total = uow.audit.count(subject=subject, actor=actor, action=action, since=since, until=until)
    return events, total


def audit_log(
    uow_factory: UowFactory,
    actor: Principal,
    filters: AuditFilter,
    *,
    limit: int = 50,
    offset: int = 0,
) -> AuditPage:
    """The audit log, filtered, newest first (HR only)."""
    require_hr(actor, "la consultation du journal d'audit")
    with uow_factory() as uow:
        events, total = _search(uow, filters, filters.person or None, limit, offset)
        audit(uow, actor, "read", filters.person or None, "journal d'audit")
        uow.commit()
    return AuditPage(events, total, offset, limit)


def audit_log_export(
    uow_factory: UowFactory, actor: Principal, filters: AuditFilter
) -> list[AuditEvent]:
    """Every event matching the filters, for a CSV export (HR only)."""
    require_hr(actor, "l'export du journal d'audit")
    with uow_factory() as uow:
        events, _total = _search(uow, filters, filters.person or None, None, 0)
        audit(uow, actor, "export", filters.person or None, f"journal d'audit ({len(events)})")
        uow.commit()
    return events


def own_audit_log(
    uow_factory: UowFactory, actor: Principal, *, limit: int = 50, offset: int = 0
) -> AuditPage:
    """Who read or wrote the actor's own data, and when (part of the right of access)."""
    person = _own(actor)
    with uow_factory() as uow:
        load_person(uow, person)
        events, total = _search(uow, AuditFilter(), person, limit, offset)
        audit(uow, actor, "read", person, "journal des accès à ses données")
        uow.commit()
    return AuditPage(events, total, offset, limit)


def _csv_cell(value: str) -> str:
    # A cell a spreadsheet would take for a formula is neutralised (services/spreadsheet.py).
    return str(csv_cell(value))


def audit_csv(events: Sequence[AuditEvent]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in events:
        writer.writerow(
            [
                str(e.id or ""),
                e.at.isoformat() if e.at else "",
                *(_csv_cell(v or "") for v in (e.actor, e.channel, e.action, e.subject, e.detail)),
            ]
        )
    return out.getvalue()


# --- right of access ----------------------------------------------------------------------


def _own(actor: Principal) -> str:
    if actor.person is None:
        raise NotFoundError("votre compte n'est rattaché à aucune personne")
    return actor.person


def require_export(actor: Principal, person: str) -> None:
    """The export of a person's data: the person themself, or HR."""
    if not (actor.is_hr or actor.person == person):
        raise AccessDenied(
            "accès refusé : l'export des données d'une personne est réservé à cette personne "
            "et aux administrateurs RH"
        )


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _event(e: AuditEvent) -> dict[str, Any]:
    return {
        "at": _iso(e.at),
        "actor": e.actor,
        "channel": e.channel,
        "action": e.action,
        "detail": e.detail,
    }


def _assessment(a: Assessment, labels: dict[str, str]) -> dict[str, Any]:
    return {
        "competency": a.competency,
        "competency_label": labels.get(a.competency),
        "level": a.level,
        "source": a.source.value,
        "scale": a.scale,
        "measure": a.raw,
        "assessed_on": _iso(a.assessed_on),
        "recorded_at": _iso(a.recorded_at),
        "assessor": a.assessor,
        "evidence": a.evidence,
        "campaign": a.campaign,
        "document": a.document,
        "line": a.line,
    }


def _review(r: ReviewRecord) -> dict[str, Any]:
    return {
        "campaign": r.campaign,
        "campaign_name": r.campaign_name,
        "referential": r.referential,
        "starts_on": _iso(r.starts_on),
        "ends_on": _iso(r.ends_on),
        "status": r.status,
        "self_submitted_at": _iso(r.self_submitted_at),
        "manager_submitted_at": _iso(r.manager_submitted_at),
        "manager_account": r.manager_account,
        "self_comment": r.self_comment,
        "manager_comment": r.manager_comment,
    }


def _candidacy(c: CandidacyRecord) -> dict[str, Any]:
    return {
        "jury": c.jury,
        "jury_name": c.jury_name,
        "referential": c.referential,
        "certification": c.certification,
        "held_on": _iso(c.held_on),
        "status": c.status,
        "evaluations": c.evaluations,
        "record": c.record,
        "recorded_by": c.recorded_by,
        "recorded_at": _iso(c.recorded_at),
        "comment": c.comment,
    }


def _account(a: AccountRecord) -> dict[str, Any]:
    return {
        "login": a.login,
        "display_name": a.display_name,
        "roles": a.roles,
        "active": a.active,
        "sso": a.sso,
        "created_at": _iso(a.created_at),
        "sessions_and_tokens": [
            {
                "kind": c.kind,
                "name": c.name,
                "created_at": _iso(c.created_at),
                "expires_at": _iso(c.expires_at),
                "last_used_at": _iso(c.last_used_at),
            }
            for c in a.credentials
        ],
    }


def _wish(w: CareerWish, titles: dict[tuple[str, str], str]) -> dict[str, Any]:
    return {
        "referential": w.referential,
        "job": w.job,
        "job_title": titles.get((w.referential, w.job)),
        "shared_with_manager": w.shared,
        "note": w.note,
        "created_at": _iso(w.created_at),
        "updated_at": _iso(w.updated_at),
        "ended_at": _iso(w.ended_at),
    }


def export_document(
    record: PersonRecord,
    *,
    team_name: str | None,
    job_title: str | None,
    labels: dict[str, str],
    assessments: Sequence[Assessment],
    reviews: Sequence[ReviewRecord],
    candidacies: Sequence[CandidacyRecord],
    accounts: Sequence[AccountRecord],
    events: Sequence[AuditEvent],
    generated_at: datetime,
    generated_by: str,
    wishes: Sequence[CareerWish] = (),
    job_titles: dict[tuple[str, str], str] | None = None,
) -> dict[str, Any]:
    """The export document, format ``parcours-rgpd-export`` version 1 (docs/rgpd.md)."""
    p: Person = record.person
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "generated_at": _iso(generated_at),
        "generated_by": generated_by,
        "person": {
            "id": p.id,
            "display_name": p.display_name,
            "referential": p.referential,
            "job": p.job,
            "job_title": job_title,
            "team": p.team,
            "team_name": team_name,
            "manager": p.manager,
            "left_on": _iso(p.left_on),
            "created_at": _iso(record.created_at),
            "updated_at": _iso(record.updated_at),
            "source_document": record.source_document,
            "source_line": record.source_line,
        },
        "assessments": [_assessment(a, labels) for a in assessments],
        "campaign_reviews": [_review(r) for r in reviews],
        "jury_candidacies": [_candidacy(c) for c in candidacies],
        "accounts": [_account(a) for a in accounts],
        "audit_events": [_event(e) for e in events],
        "career_wishes": [_wish(w, job_titles or {}) for w in wishes],
    }


def export_person(
    uow_factory: UowFactory,
    actor: Principal,
    person_id: str,
    *,
    now: datetime | None = None,
    form: str | None = None,
) -> dict[str, Any]:
    """Everything held on a person, as one JSON-ready document (art. 15); ``form`` names a
    readable rendering of it (``page``, ``PDF``) in the audit event's detail."""
    require_export(actor, person_id)
    with uow_factory() as uow:
        person = load_person(uow, person_id)
        record = uow.rgpd.person_record(person.id)
        assert record is not None
        referential = uow.referentials.get(person.referential) if person.referential else None
        team = uow.people.get_team(person.team) if person.team else None
        job = referential.jobs.get(person.job) if referential and person.job else None
        detail = "export des données personnelles" + (f" ({form})" if form else "")
        audit(uow, actor, "export", person.id, detail)
        wishes = uow.careers.wishes_of(person.id, include_ended=True)
        titles = {
            (w.referential, w.job): referential.jobs[w.job].title
            for w in wishes
            if referential is not None
            and w.referential == referential.name
            and w.job in referential.jobs
        }
        document = export_document(
            record,
            team_name=team.name if team else None,
            job_title=job.title if job else None,
            labels={k: c.label for k, c in referential.competencies.items()} if referential else {},
            assessments=uow.people.assessments_of(person.id),
            reviews=uow.rgpd.reviews_of(person.id),
            candidacies=uow.rgpd.candidacies_of(person.id),
            accounts=uow.rgpd.accounts_of(person.id),
            events=list(reversed(uow.audit.search(subject=person.id, limit=None))),
            generated_at=now or datetime.now(UTC),
            generated_by=actor.account,
            wishes=wishes,
            job_titles=titles,
        )
        uow.commit()
    return document


def export_own(
    uow_factory: UowFactory, actor: Principal, *, form: str | None = None
) -> dict[str, Any]:
    return export_person(uow_factory, actor, _own(actor), form=form)


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """What HR sees before exporting or erasing a person: counts, no content."""

    person: Person
    assessments: int
    reviews: int
    candidacies: int
    accounts: list[str]
    events: int


def person_summary(uow_factory: UowFactory, actor: Principal, person_id: str) -> PersonSummary:
    require_hr(actor, "la fiche RGPD d'une personne")
    with uow_factory() as uow:
        person = load_person(uow, person_id)
        summary = PersonSummary(
            person=person,
            assessments=len(uow.people.assessments_of(person.id)),
            reviews=len(uow.rgpd.reviews_of(person.id)),
            candidacies=len(uow.rgpd.candidacies_of(person.id)),
            accounts=[a.login for a in uow.rgpd.accounts_of(person.id)],
            events=uow.audit.count(subject=person.id),
        )
        audit(uow, actor, "read", person.id, "fiche RGPD")
        uow.commit()
    return summary


# --- right to erasure ---------------------------------------------------------------------


def anonymous_id() -> str:
    """A fresh random id: nothing in it derives from the erased person."""
    return ANONYMOUS_PREFIX + secrets.token_hex(8)


def _erase(uow: UnitOfWork, actor: Principal, person: Person, reason: str) -> ErasureReport:
    accounts = uow.rgpd.accounts_of(person.id)
    logins = [a.login for a in accounts]
    needles = [person.id, *logins, person.display_name or ""]
    needles += [a.display_name for a in accounts if a.display_name]
    new = anonymous_id()
    # The only rewriting the append-only audit log accepts: the events naming the person are
    # redacted, and their new digests are sealed into the erase event (docs/rgpd.md).
    with uow.audit.redacting(person.id, logins, [n for n in needles if n]) as redaction:
        uow.people.rename_person(person.id, new)
        uow.audit.rename_subject(person.id, new)
        report = uow.rgpd.scrub(new, logins=logins, needles=needles)
    uow.audit.record(
        AuditEvent(
            actor=actor.account,
            channel=actor.channel,
            action="erase",
            subject=new,
            detail=f"effacement ({reason}) : "
            f"{count(report.assessments, 'évaluation anonymisée', 'évaluations anonymisées')}, "
            f"{count(report.accounts_deleted, 'compte supprimé', 'comptes supprimés')}",
            proof=redaction.proof,
        )
    )
    return ErasureReport(new, report)


def erase_person(
    uow_factory: UowFactory, actor: Principal, person_id: str, confirm: str | None
) -> ErasureReport:
    """Erase a person (art. 17), HR only, confirmed by typing the pseudonym again."""
    require_hr(actor, "l'effacement d'une personne")
    if (confirm or "").strip() != person_id:
        raise ConfirmationError(
            "effacement non confirmé : saisissez exactement le pseudonyme de la personne"
        )
    if actor.person == person_id:
        raise AccessDenied(
            "accès refusé : vos propres données doivent être effacées par un autre "
            "administrateur RH"
        )
    with uow_factory() as uow:
        person = load_person(uow, person_id)
        report = _erase(uow, actor, person, "demande")
        uow.commit()
    return report


# --- retention ----------------------------------------------------------------------------


def purge(
    uow_factory: UowFactory,
    actor: Principal,
    *,
    retention_days: int,
    audit_retention_days: int,
    dry_run: bool = False,
    today: date | None = None,
    now: datetime | None = None,
) -> PurgeReport:
    """Erase the people who left more than ``retention_days`` ago and delete the audit events
    older than ``audit_retention_days`` (HR only). A dry run changes nothing and says who and
    how many would go."""
    require_hr(actor, "la purge des données")
    if audit_retention_days < MIN_AUDIT_RETENTION_DAYS:
        raise ParcoursError(
            f"durée de conservation du journal d'audit trop courte : {audit_retention_days} "
            f"jour{'s' if abs(audit_retention_days) > 1 else ''}, "
            f"{MIN_AUDIT_RETENTION_DAYS} au moins (audit_retention_days)"
        )
    if retention_days < 0:
        raise ParcoursError(
            f"durée de conservation négative : {count(retention_days, 'jour', 'jours')} "
            "(retention_days)"
        )
    now = now or datetime.now(UTC)
    today = today or now.date()
    people_cutoff = today - timedelta(days=retention_days)
    audit_cutoff = now - timedelta(days=audit_retention_days)
    with uow_factory() as uow:
        due = uow.rgpd.left_before(people_cutoff)
        old_events = uow.audit.count(until=audit_cutoff)
        if dry_run:
            audit(
                uow,
                actor,
                "read",
                None,
                f"aperçu de la purge : {count(len(due), 'personne', 'personnes')}, "
                f"{count(old_events, 'événement', 'événements')}",
            )
            uow.commit()
            return PurgeReport(True, people_cutoff, audit_cutoff, due, 0, old_events)
        deleted, proof = uow.audit.purge_expired(audit_cutoff)
        for person_id in due:
            person = uow.people.get_person(person_id)
            if person is not None and not person.erased:
                _erase(uow, actor, person, "durée de conservation dépassée")
        uow.audit.record(
            AuditEvent(
                actor=actor.account,
                channel=actor.channel,
                action="purge",
                detail=f"purge : {count(len(due), 'personne effacée', 'personnes effacées')} "
                f"(départ avant le {day(people_cutoff)}), "
                f"{count(deleted, 'événement', 'événements')} d'audit supprimé"
                f"{'s' if deleted > 1 else ''}",
                proof=proof,
            )
        )
        uow.commit()
    return PurgeReport(False, people_cutoff, audit_cutoff, [], len(due), deleted)


# --- integrity of the audit log ---------------------------------------------------------------


def verify_audit(uow_factory: UowFactory, actor: Principal) -> AuditVerification:
    """Walk the audit log's hash chain (HR): the first event that does not check, if any.
    The check itself is audited (a ``read`` event, written after the walk)."""
    require_hr(actor, "la vérification du journal d'audit")
    with uow_factory() as uow:
        outcome = uow.audit.verify()
        audit(
            uow,
            actor,
            "read",
            None,
            "vérification du journal d'audit : "
            + ("intègre" if outcome.ok else f"rompu à l'événement {outcome.broken_id}"),
        )
        uow.commit()
    return outcome
