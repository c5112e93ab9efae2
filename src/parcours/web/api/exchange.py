"""JSON API, exports: parcours JSON, CSV tables, Excel workbook, SKOS JSON-LD."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from parcours.services import exchange
from parcours.web import views
from parcours.web.deps import Uow
from parcours.web.http import cached_bytes, cached_json

router = APIRouter(prefix="/api/v1", tags=["exports"])

Table = Literal[
    "jobs",
    "activities",
    "requirements",
    "competencies",
    "mobilities",
    "certifications",
    "certification_blocks",
    "certification_competencies",
    "matrices",
    "matrix_rows",
    "links",
]

EXPORT_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "L'export demandé",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/csv": {"schema": {"type": "string"}},
            exchange.XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
            "application/ld+json": {"schema": {"type": "object"}},
        },
    },
    304: {"description": "Inchangé depuis l'ETag donné (If-None-Match)"},
}


@router.get("/export", responses=EXPORT_RESPONSES, response_class=Response)
def export(
    request: Request,
    uow: Uow,
    format: Annotated[
        Literal["json", "csv", "xlsx", "skos"], Query(description="Format de l'export")
    ] = "json",
    referential: Annotated[
        list[str] | None, Query(description="Noms ou identifiants (défaut : tous)")
    ] = None,
    version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    table: Annotated[Table, Query(description="Table du CSV")] = "jobs",
) -> Response:
    """parcours/1 JSON (se réimporte), une table en CSV (`;`, UTF-8 avec BOM), le classeur
    Excel (une feuille par table ; se réimporte), ou le référentiel de compétences en SKOS."""
    names = [views.resolve_referential(uow, r) for r in referential] if referential else None
    stem = views.slug(names[0]) if names and len(names) == 1 else "parcours"
    if format == "json":
        return cached_json(request, exchange.export_json(uow, names, version=version))
    if format == "skos":
        body = exchange.export_skos(uow, names, version=version)
        response = cached_json(request, body)
        if response.status_code == 200:
            response.headers["content-type"] = "application/ld+json"
        return response
    if format == "csv":
        text = exchange.export_csv(uow, table, names, version=version)
        return cached_bytes(
            request,
            text.encode("utf-8"),
            "text/csv; charset=utf-8",
            **{"Content-Disposition": f'attachment; filename="{stem}-{table}.csv"'},
        )
    data = exchange.export_xlsx(uow, names, version=version)
    return cached_bytes(
        request,
        data,
        exchange.XLSX_MEDIA_TYPE,
        **{"Content-Disposition": f'attachment; filename="{stem}.xlsx"'},
    )
