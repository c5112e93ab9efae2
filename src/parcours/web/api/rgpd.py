"""JSON API of the rgpd use cases (under /api/v1): audit log, export, erasure, retention.

Access rules live in services/rgpd.py: the audit log, erasure and purge are HR's; an export is
HR's or the person's own (/me/export); everyone with a person sees who accessed their data
(/me/audit).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from parcours.services import rgpd, rgpd_readable
from parcours.services.ports.people import AuditEvent
from parcours.services.rgpd import AuditFilter, AuditPage
from parcours.web.deps import Actor, Csrf, SettingsDep, Uow, language
from parcours.web.downloads import audit_csv_download, json_download, pdf_download
from parcours.web.i18n import translator

router = APIRouter(prefix="/api/v1", tags=["rgpd"])

PersonId = Annotated[str, Path(min_length=1, max_length=64, description="Pseudonyme.")]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Text = Annotated[str | None, Query(max_length=128)]


class AuditEventOut(BaseModel):
    id: int | None
    at: datetime | None
    actor: str
    channel: str
    action: str
    subject: str | None
    detail: str | None


class AuditPageOut(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[AuditEventOut]


class ErasureOut(BaseModel):
    anonymous_id: str
    assessments: int
    reviews: int
    candidacies: int
    accounts_deleted: int


class PurgeOut(BaseModel):
    dry_run: bool
    people_cutoff: date
    audit_cutoff: datetime
    people: list[str]
    people_erased: int
    audit_events: int


def _event(e: AuditEvent) -> AuditEventOut:
    return AuditEventOut(
        id=e.id,
        at=e.at,
        actor=e.actor,
        channel=e.channel,
        action=e.action,
        subject=e.subject,
        detail=e.detail,
    )


def _page(page: AuditPage) -> AuditPageOut:
    return AuditPageOut(
        total=page.total,
        offset=page.offset,
        limit=page.limit,
        items=[_event(e) for e in page.events],
    )


def _filters(
    person: str | None,
    actor: str | None,
    action: str | None,
    since: date | None,
    until: date | None,
) -> AuditFilter:
    return AuditFilter(person=person, actor=actor, action=action, since=since, until=until)


@router.get("/audit", response_model=AuditPageOut, summary="Journal d'audit (RH)")
def audit_log(
    uow: Uow,
    who: Actor,
    person: Text = None,
    actor: Text = None,
    action: Text = None,
    since: date | None = None,
    until: date | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> AuditPageOut:
    """Les lectures et écritures de données personnelles, les plus récentes d'abord."""
    filters = _filters(person, actor, action, since, until)
    return _page(rgpd.audit_log(uow, who, filters, limit=limit, offset=offset))


@router.get(
    "/audit.csv",
    response_class=Response,
    summary="Journal d'audit en CSV (RH)",
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def audit_csv(
    uow: Uow,
    who: Actor,
    person: Text = None,
    actor: Text = None,
    action: Text = None,
    since: date | None = None,
    until: date | None = None,
) -> Response:
    events = rgpd.audit_log_export(uow, who, _filters(person, actor, action, since, until))
    return audit_csv_download(events)


@router.get(
    "/people/{person}/export",
    response_model=dict[str, Any],
    summary="Export des données d'une personne (droit d'accès)",
)
def export_person(uow: Uow, who: Actor, person: PersonId) -> JSONResponse:
    """Tout ce qui est conservé sur la personne (RH, ou la personne elle-même)."""
    return json_download(rgpd.export_person(uow, who, person), person)


PDF_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
}


@router.get(
    "/people/{person}/export.pdf",
    response_class=Response,
    responses=PDF_RESPONSE,
    summary="Export lisible des données d'une personne, en PDF (droit d'accès)",
)
def export_person_pdf(request: Request, uow: Uow, who: Actor, person: PersonId) -> Response:
    """Les mêmes données que l'export JSON, mises en page (RH, ou la personne elle-même)."""
    translate = translator(language(request))
    return pdf_download(
        rgpd_readable.readable_export(uow, who, person, form="PDF", translate=translate),
        language(request),
    )


@router.delete(
    "/people/{person}",
    response_model=ErasureOut,
    dependencies=[Csrf],
    summary="Effacement d'une personne (droit à l'effacement, RH)",
)
def erase_person(
    uow: Uow,
    who: Actor,
    person: PersonId,
    confirm: Annotated[str | None, Query(max_length=64)] = None,
) -> ErasureOut:
    """Efface la personne ; ``confirm`` doit répéter son pseudonyme."""
    report = rgpd.erase_person(uow, who, person, confirm)
    s = report.scrub
    return ErasureOut(
        anonymous_id=report.anonymous_id,
        assessments=s.assessments,
        reviews=s.reviews,
        candidacies=s.candidacies,
        accounts_deleted=s.accounts_deleted,
    )


@router.post(
    "/rgpd/purge",
    response_model=PurgeOut,
    dependencies=[Csrf],
    summary="Purge selon les durées de conservation (RH)",
)
def purge(settings: SettingsDep, uow: Uow, who: Actor, dry_run: bool = False) -> PurgeOut:
    report = rgpd.purge(
        uow,
        who,
        retention_days=settings.retention_days,
        audit_retention_days=settings.audit_retention_days,
        dry_run=dry_run,
    )
    return PurgeOut(
        dry_run=report.dry_run,
        people_cutoff=report.people_cutoff,
        audit_cutoff=report.audit_cutoff,
        people=report.people,
        people_erased=report.people_erased,
        audit_events=report.audit_events,
    )


@router.get("/me/export", response_model=dict[str, Any], summary="Export de mes données")
def export_own(uow: Uow, who: Actor) -> JSONResponse:
    document = rgpd.export_own(uow, who)
    return json_download(document, str(document["person"]["id"]))


@router.get(
    "/me/export.pdf",
    response_class=Response,
    responses=PDF_RESPONSE,
    summary="Export lisible de mes données, en PDF",
)
def export_own_pdf(request: Request, uow: Uow, who: Actor) -> Response:
    translate = translator(language(request))
    return pdf_download(
        rgpd_readable.readable_own(uow, who, form="PDF", translate=translate), language(request)
    )


@router.get("/me/audit", response_model=AuditPageOut, summary="Accès à mes données")
def own_audit(uow: Uow, who: Actor, limit: Limit = 50, offset: Offset = 0) -> AuditPageOut:
    """Qui a lu ou modifié mes données, et quand."""
    return _page(rgpd.own_audit_log(uow, who, limit=limit, offset=offset))
