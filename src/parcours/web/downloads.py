"""The files of the personal-data rights (RGPD), the same from the API and from the pages:
a person's data as JSON or PDF, the audit log as CSV. Never kept by a cache."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi.responses import JSONResponse, Response

from parcours.services import rgpd, rgpd_pdf, rgpd_readable
from parcours.services.ports.people import AuditEvent

NO_STORE = "no-store"


def safe(name: str) -> str:
    """A person's id made safe for a file name (ASCII letters, digits, ``-_.``)."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in name)


def json_download(document: dict[str, Any], person: str) -> JSONResponse:
    return JSONResponse(
        document,
        headers={
            "Content-Disposition": f'attachment; filename="donnees-{safe(person)}.json"',
            "Cache-Control": NO_STORE,
        },
    )


def pdf_download(export: rgpd_readable.ReadableExport, lang: str) -> Response:
    return Response(
        rgpd_pdf.export_pdf(export, lang=lang),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="donnees-{safe(export.person)}.pdf"',
            "Cache-Control": NO_STORE,
        },
    )


def audit_csv_download(events: Sequence[AuditEvent]) -> Response:
    return Response(
        rgpd.audit_csv(events),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="journal-audit.csv"',
            "Cache-Control": NO_STORE,
        },
    )
