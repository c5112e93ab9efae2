"""Exports for HR people's tools: parcours JSON, CSV tables, an Excel workbook, SKOS JSON-LD.

The CSV tables and the workbook's sheets share one layout (``ingest.excel_export.SHEETS``):
the CSV of a table is that sheet. The workbook imports back (``ExcelExportImporter``); the
SKOS document describes the competency framework of each referential as a concept scheme.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from parcours.domain.codec import referential_id, to_document
from parcours.domain.competency import CompetencyKind
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.referential import Referential
from parcours.ingest.excel_export import SHEETS, cell_value, document_rows, table
from parcours.services import spreadsheet
from parcours.services.catalogue import load_referentials
from parcours.services.ports import UowFactory

# The tables offered as CSV (every sheet of the workbook can be one).
CSV_TABLES: tuple[str, ...] = (
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
)
LINK_COLUMNS = (
    "id",
    "kind",
    "source_referential",
    "source_key",
    "source_label",
    "relation",
    "target_referential",
    "target_key",
    "target_label",
    "score",
    "status",
    "decided_by",
    "decided_at",
    "evidence",
)
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

KIND_LABELS: dict[CompetencyKind, str] = {
    CompetencyKind.SAVOIR: "Savoirs",
    CompetencyKind.SAVOIR_FAIRE: "Savoir-faire",
    CompetencyKind.SAVOIR_ETRE: "Savoir-être",
}


class ExportError(ParcoursError):
    """An export asked for does not exist (unknown format or table)."""


def referential_at(uow_factory: UowFactory, name: str, version: int | None = None) -> Referential:
    """A referential as it was at ``version`` (the latest when None)."""
    with uow_factory() as uow:
        ref = uow.referentials.get(name, version)
    if ref is None:
        what = f"référentiel inconnu : « {name} »"
        raise NotFoundError(what if version is None else f"{what}, version {version}")
    return ref


def _referentials(
    uow_factory: UowFactory, names: list[str] | None, version: int | None
) -> list[Referential]:
    if version is None:
        return load_referentials(uow_factory, names)
    if not names or len(names) != 1:
        raise ExportError("une version se demande pour un seul référentiel")
    return [referential_at(uow_factory, names[0], version)]


def export_json(
    uow_factory: UowFactory, names: list[str] | None = None, *, version: int | None = None
) -> dict[str, Any]:
    """The parcours/1 document (docs/format.md) of the named referentials (all when None)."""
    return to_document(_referentials(uow_factory, names, version))


def csv_text(header: list[str], rows: Iterable[list[Any]], *, delimiter: str = ";") -> str:
    """CSV with a UTF-8 byte order mark and ``;`` (what French spreadsheets expect); text that
    a spreadsheet would take for a formula is neutralised (services/spreadsheet.py)."""
    return spreadsheet.csv_text(header, rows, delimiter=delimiter, bom=True)


def export_csv(
    uow_factory: UowFactory,
    table_name: str,
    names: list[str] | None = None,
    *,
    version: int | None = None,
    delimiter: str = ";",
) -> str:
    """One table (``CSV_TABLES``) of the named referentials as CSV text."""
    if table_name not in CSV_TABLES:
        raise ExportError(f"table inconnue : « {table_name} » (tables : {', '.join(CSV_TABLES)})")
    if table_name == "links":
        return csv_text(list(LINK_COLUMNS), _link_rows(uow_factory, names), delimiter=delimiter)
    document = export_json(uow_factory, names, version=version)
    header, rows = table(document, table_name)
    return csv_text(header, rows, delimiter=delimiter)


def _link_rows(uow_factory: UowFactory, names: list[str] | None) -> list[list[Any]]:
    """Every link (any status) touching the named referentials (all when None)."""
    from parcours.services import links

    found = links.review_queue(uow_factory, status=None, limit=1_000_000).links
    wanted = set(names or [])
    return [
        [
            link.id,
            link.kind.value,
            link.source.referential,
            link.source.key,
            link.source_label,
            link.relation.value,
            link.target.referential,
            link.target.key,
            link.target_label,
            round(link.score, 4),
            link.status.value,
            link.decided_by,
            link.decided_at.isoformat() if link.decided_at else None,
            " ".join(e.signal.value for e in link.evidence),
        ]
        for link in found
        if not wanted or wanted & {link.source.referential, link.target.referential}
    ]


def workbook_bytes(document: dict[str, Any]) -> bytes:
    """The Excel workbook of a parcours/1 document: one sheet per table, a header row each."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    rows = document_rows(document)
    for sheet_name, columns in SHEETS.items():
        sheet = book.create_sheet(sheet_name)
        sheet.append([c.key for c in columns])
        for record in rows[sheet_name]:
            # Text that looks like a formula stays text, exactly (it imports back unchanged).
            sheet.append(
                [
                    spreadsheet.xlsx_cell(sheet, cell_value(column, record.get(column.key)))
                    for column in columns
                ]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_xlsx(
    uow_factory: UowFactory, names: list[str] | None = None, *, version: int | None = None
) -> bytes:
    """The Excel workbook of the named referentials; importing it gives them back."""
    return workbook_bytes(export_json(uow_factory, names, version=version))


# -- SKOS -----------------------------------------------------------------------------------

SKOS_CONTEXT: dict[str, Any] = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prefLabel": {"@id": "skos:prefLabel", "@language": "fr"},
    "definition": {"@id": "skos:definition", "@language": "fr"},
    "scopeNote": {"@id": "skos:scopeNote", "@language": "fr"},
    "note": {"@id": "skos:note", "@language": "fr"},
    "notation": {"@id": "skos:notation"},
    "inScheme": {"@id": "skos:inScheme", "@type": "@id"},
    "broader": {"@id": "skos:broader", "@type": "@id"},
    "narrower": {"@id": "skos:narrower", "@type": "@id"},
    "topConceptOf": {"@id": "skos:topConceptOf", "@type": "@id"},
    "hasTopConcept": {"@id": "skos:hasTopConcept", "@type": "@id"},
    "title": {"@id": "dct:title", "@language": "fr"},
    "description": {"@id": "dct:description", "@language": "fr"},
    "publisher": {"@id": "dct:publisher"},
    "versionInfo": {"@id": "owl:versionInfo"},
}


def scheme_iri(ref: Referential) -> str:
    return f"urn:parcours:{referential_id(ref.name)}"


def concept_iri(ref: Referential, key: str) -> str:
    return f"{scheme_iri(ref)}:competence:{key}"


def _scheme_graph(ref: Referential) -> list[dict[str, Any]]:
    scheme = scheme_iri(ref)
    graph: list[dict[str, Any]] = []
    kinds: dict[CompetencyKind, dict[str, Any]] = {}
    domains: dict[tuple[CompetencyKind, str], dict[str, Any]] = {}
    for comp in ref.competencies.values():
        kind = kinds.get(comp.kind)
        if kind is None:
            kind = kinds[comp.kind] = {
                "@id": f"{scheme}:type:{comp.kind.value}",
                "@type": "skos:Concept",
                "prefLabel": KIND_LABELS[comp.kind],
                "inScheme": scheme,
                "topConceptOf": scheme,
                "narrower": [],
            }
        parent = kind
        if comp.domain:
            parent = domains.get((comp.kind, comp.domain)) or {}
            if not parent:
                parent = domains[(comp.kind, comp.domain)] = {
                    "@id": f"{scheme}:type:{comp.kind.value}:domaine:{referential_id(comp.domain)}",
                    "@type": "skos:Concept",
                    "prefLabel": comp.domain,
                    "inScheme": scheme,
                    "broader": [kind["@id"]],
                    "narrower": [],
                }
                kind["narrower"].append(parent["@id"])
        concept: dict[str, Any] = {
            "@id": concept_iri(ref, comp.key),
            "@type": "skos:Concept",
            "prefLabel": comp.label,
            "inScheme": scheme,
            "broader": [parent["@id"]],
        }
        if comp.definition:
            concept["definition"] = comp.definition
        if comp.indicators:
            concept["scopeNote"] = list(comp.indicators)
        if comp.details:
            concept["note"] = list(comp.details)
        if comp.codes:
            concept["notation"] = list(comp.codes)
        parent["narrower"].append(concept["@id"])
        graph.append(concept)
    head: dict[str, Any] = {
        "@id": scheme,
        "@type": "skos:ConceptScheme",
        "title": ref.name,
        "versionInfo": str(ref.version),
        "hasTopConcept": [k["@id"] for k in kinds.values()],
    }
    if ref.description:
        head["description"] = ref.description
    if ref.organisation:
        head["publisher"] = ref.organisation
    return [head, *kinds.values(), *domains.values(), *graph]


def skos_document(referentials: Iterable[Referential]) -> dict[str, Any]:
    graph: list[dict[str, Any]] = []
    for ref in referentials:
        graph.extend(_scheme_graph(ref))
    return {"@context": SKOS_CONTEXT, "@graph": graph}


def export_skos(
    uow_factory: UowFactory, names: list[str] | None = None, *, version: int | None = None
) -> dict[str, Any]:
    """The competency framework of each referential as a SKOS concept scheme (JSON-LD):
    savoirs / savoir-faire / savoir-être as top concepts, their domains below them, each
    competency with its label, definition, indicators (scope notes), details and codes."""
    return skos_document(_referentials(uow_factory, names, version))
