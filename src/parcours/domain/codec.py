"""Conversion between domain objects and plain JSON-ready dicts ("parcours/1").

Pure: the JSON text itself is read and written by the callers. The format is
documented in docs/format.md; ``to_document(from_document(d)) == d`` for any valid
document ``d``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from parcours.domain.certification import (
    Block,
    Certification,
    CertificationActivity,
    CertificationCompetency,
    RuleKind,
    ValidationRule,
)
from parcours.domain.competency import Competency, CompetencyKind, Importance, Requirement
from parcours.domain.errors import ParcoursError
from parcours.domain.job import Activity, Job
from parcours.domain.mobility import Mobility, MobilityKind, MobilityOrigin
from parcours.domain.provenance import DocumentFamily, Position, Provenance, SourceDocument
from parcours.domain.referential import Matrix, MatrixRow, Note, Referential
from parcours.domain.training import Training

FORMAT = "parcours/1"

Json = dict[str, Any]


class FormatError(ParcoursError):
    """A parcours JSON document does not follow the format."""


# -- provenance ---------------------------------------------------------------------------


def provenance_to_json(items: Iterable[Provenance]) -> list[Json]:
    return [
        {
            "document": p.document,
            "line": p.position.line,
            "end_line": p.position.end_line,
            "page": p.position.page,
            "confidence": p.confidence,
        }
        for p in items
    ]


def provenance_from_json(items: Iterable[Mapping[str, Any]]) -> list[Provenance]:
    return [
        Provenance(
            document=str(p["document"]),
            position=Position(p.get("line"), p.get("end_line"), p.get("page")),
            confidence=float(p.get("confidence", 1.0)),
        )
        for p in items
    ]


# -- referential -> dicts ----------------------------------------------------------------


def referential_id(name: str) -> str:
    """The stable id of a referential in documents and URLs: its name as a slug."""
    folded = unicodedata.normalize("NFKD", name.lower())
    ascii_only = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-") or "referentiel"


def job_to_json(job: Job, ref_id: str) -> Json:
    return {
        "id": job.key,
        "referential": ref_id,
        "code": job.code,
        "title": job.title,
        "grade": job.grade,
        "classification": job.classification,
        "level": job.level,
        "family": job.family,
        "filiere": job.filiere,
        "metier": job.metier,
        "alt_titles": list(job.alt_titles),
        "purpose": list(job.purpose),
        "activities": [
            {
                "label": a.label,
                "domain": a.domain,
                "code": a.code,
                "provenance": provenance_to_json(a.provenance),
            }
            for a in job.activities
        ],
        "requirements": [
            {
                "competency": r.competency,
                "importance": r.importance.value,
                "level": r.level,
                "details": list(r.details),
                "provenance": provenance_to_json(r.provenance),
            }
            for r in job.requirements
        ],
        "access_conditions": list(job.access_conditions),
        "reporting_line": job.reporting_line,
        "workplace": job.workplace,
        "headcount": job.headcount,
        "employer": job.employer,
        "environment": job.environment,
        "url": job.url,
        "has_sheet": job.has_sheet,
        "provenance": provenance_to_json(job.provenance),
    }


def competency_to_json(comp: Competency, ref_id: str) -> Json:
    return {
        "id": comp.key,
        "referential": ref_id,
        "label": comp.label,
        "kind": comp.kind.value,
        "category": comp.category,
        "domain": comp.domain,
        "definition": comp.definition,
        "indicators": list(comp.indicators),
        "details": list(comp.details),
        "codes": list(comp.codes),
        "provenance": provenance_to_json(comp.provenance),
    }


def mobility_to_json(mob: Mobility, ref_id: str) -> Json:
    return {
        "referential": ref_id,
        "from": mob.source,
        "to": mob.target,
        "kind": mob.kind.value,
        "origin": mob.origin.value,
        "provenance": provenance_to_json(mob.provenance),
    }


def certification_to_json(cert: Certification, ref_id: str) -> Json:
    return {
        "id": cert.key,
        "referential": ref_id,
        "title": cert.title,
        "level": cert.level,
        "blocks": [
            {
                "code": b.code,
                "title": b.title,
                "competencies": [
                    {
                        "code": c.code,
                        "label": c.label,
                        "block_code": c.block_code,
                        "activity_codes": list(c.activity_codes),
                        "modalities": list(c.modalities),
                        "criteria": list(c.criteria),
                        "provenance": provenance_to_json(c.provenance),
                    }
                    for c in b.competencies
                ],
                "provenance": provenance_to_json(b.provenance),
            }
            for b in cert.blocks
        ],
        "activities": [
            {
                "code": a.code,
                "title": a.title,
                "tasks": list(a.tasks),
                "provenance": provenance_to_json(a.provenance),
            }
            for a in cert.activities
        ],
        "rules": [
            {
                "kind": r.kind.value,
                "text": r.text,
                "threshold": r.threshold,
                "competency_codes": list(r.competency_codes),
                "provenance": provenance_to_json(r.provenance),
            }
            for r in cert.rules
        ],
        "provenance": provenance_to_json(cert.provenance),
    }


def training_to_json(training: Training, ref_id: str) -> Json:
    return {
        "id": training.key,
        "referential": ref_id,
        "title": training.title,
        "duration": training.duration,
        "validation": training.validation,
        "competencies": list(training.competencies),
        "transitions": [{"from": a, "to": b} for a, b in training.transitions],
        "provenance": provenance_to_json(training.provenance),
    }


def matrix_to_json(matrix: Matrix, ref_id: str) -> Json:
    return {
        "id": matrix.key,
        "referential": ref_id,
        "title": matrix.title,
        "item_kind": matrix.item_kind,
        "columns": list(matrix.columns),
        "headers": list(matrix.headers),
        "rows": [
            {
                "label": r.label,
                "group": r.group,
                "cells": list(r.cells),
                "provenance": provenance_to_json(r.provenance),
            }
            for r in matrix.rows
        ],
        "provenance": provenance_to_json(matrix.provenance),
    }


def note_to_json(note: Note, ref_id: str) -> Json:
    return {
        "referential": ref_id,
        "title": note.title,
        "text": note.text,
        "provenance": provenance_to_json(note.provenance),
    }


def source_to_json(doc: SourceDocument, slot: str, ref_ids: list[str]) -> Json:
    return {
        "sha256": doc.sha256,
        "slot": slot,
        "filename": doc.filename,
        "format": doc.format,
        "family": doc.family.value,
        "size": doc.size,
        "referentials": ref_ids,
    }


def to_document(referentials: Iterable[Referential]) -> Json:
    """One parcours/1 document holding the given referential versions."""
    out: Json = {
        "format": FORMAT,
        "referentials": [],
        "sources": [],
        "jobs": [],
        "competencies": [],
        "mobilities": [],
        "certifications": [],
        "trainings": [],
        "matrices": [],
        "notes": [],
    }
    sources: dict[tuple[str, str], Json] = {}
    for ref in referentials:
        rid = referential_id(ref.name)
        out["referentials"].append(
            {
                "id": rid,
                "name": ref.name,
                "organisation": ref.organisation,
                "description": ref.description,
                "version": ref.version,
            }
        )
        for slot, doc in ref.documents.items():
            entry = sources.get((doc.sha256, slot))
            if entry is None:
                sources[(doc.sha256, slot)] = source_to_json(doc, slot, [rid])
            elif rid not in entry["referentials"]:
                entry["referentials"].append(rid)
        out["jobs"].extend(job_to_json(j, rid) for j in ref.jobs.values())
        out["competencies"].extend(competency_to_json(c, rid) for c in ref.competencies.values())
        out["mobilities"].extend(mobility_to_json(m, rid) for m in ref.mobilities)
        out["certifications"].extend(
            certification_to_json(c, rid) for c in ref.certifications.values()
        )
        out["trainings"].extend(training_to_json(t, rid) for t in ref.trainings.values())
        out["matrices"].extend(matrix_to_json(m, rid) for m in ref.matrices)
        out["notes"].extend(note_to_json(n, rid) for n in ref.notes)
    out["sources"] = list(sources.values())
    return out


# -- dicts -> referential -----------------------------------------------------------------


def _req(item: Mapping[str, Any], field: str) -> Any:
    try:
        return item[field]
    except KeyError:
        raise FormatError(f"champ obligatoire manquant : « {field} »") from None


def _strs(item: Mapping[str, Any], field: str) -> list[str]:
    value = item.get(field) or []
    if not isinstance(value, list):
        raise FormatError(f"« {field} » doit être une liste")
    return [str(v) for v in value]


def _opt(item: Mapping[str, Any], field: str) -> str | None:
    value = item.get(field)
    return None if value is None else str(value)


def job_from_json(item: Mapping[str, Any]) -> Job:
    return Job(
        key=str(_req(item, "id")),
        code=_opt(item, "code"),
        title=str(_req(item, "title")),
        grade=_opt(item, "grade"),
        classification=_opt(item, "classification"),
        level=_opt(item, "level"),
        family=_opt(item, "family"),
        filiere=_opt(item, "filiere"),
        metier=_opt(item, "metier"),
        purpose=_strs(item, "purpose"),
        activities=[
            Activity(
                label=str(_req(a, "label")),
                domain=_opt(a, "domain"),
                code=_opt(a, "code"),
                provenance=provenance_from_json(a.get("provenance", [])),
            )
            for a in item.get("activities", [])
        ],
        alt_titles=_strs(item, "alt_titles"),
        access_conditions=_strs(item, "access_conditions"),
        reporting_line=_opt(item, "reporting_line"),
        workplace=_opt(item, "workplace"),
        headcount=_opt(item, "headcount"),
        employer=_opt(item, "employer"),
        environment=_opt(item, "environment"),
        url=_opt(item, "url"),
        has_sheet=bool(item.get("has_sheet", True)),
        requirements=[
            Requirement(
                competency=str(_req(r, "competency")),
                importance=Importance(r.get("importance", "essential")),
                level=r.get("level"),
                provenance=provenance_from_json(r.get("provenance", [])),
                details=tuple(_strs(r, "details")),
            )
            for r in item.get("requirements", [])
        ],
        provenance=provenance_from_json(item.get("provenance", [])),
    )


def competency_from_json(item: Mapping[str, Any]) -> Competency:
    return Competency(
        key=str(_req(item, "id")),
        label=str(_req(item, "label")),
        kind=CompetencyKind(_req(item, "kind")),
        category=_opt(item, "category"),
        domain=_opt(item, "domain"),
        definition=_opt(item, "definition"),
        indicators=_strs(item, "indicators"),
        details=_strs(item, "details"),
        codes=_strs(item, "codes"),
        provenance=provenance_from_json(item.get("provenance", [])),
    )


def mobility_from_json(item: Mapping[str, Any]) -> Mobility:
    return Mobility(
        source=str(_req(item, "from")),
        target=str(_req(item, "to")),
        kind=MobilityKind(item.get("kind", "unspecified")),
        origin=MobilityOrigin(item.get("origin", "declared")),
        provenance=provenance_from_json(item.get("provenance", [])),
    )


def certification_from_json(item: Mapping[str, Any]) -> Certification:
    return Certification(
        key=str(_req(item, "id")),
        title=str(_req(item, "title")),
        level=_opt(item, "level"),
        blocks=[
            Block(
                code=str(_req(b, "code")),
                title=str(_req(b, "title")),
                competencies=[
                    CertificationCompetency(
                        code=str(_req(c, "code")),
                        label=str(_req(c, "label")),
                        block_code=_opt(c, "block_code"),
                        activity_codes=_strs(c, "activity_codes"),
                        modalities=_strs(c, "modalities"),
                        criteria=_strs(c, "criteria"),
                        provenance=provenance_from_json(c.get("provenance", [])),
                    )
                    for c in b.get("competencies", [])
                ],
                provenance=provenance_from_json(b.get("provenance", [])),
            )
            for b in item.get("blocks", [])
        ],
        activities=[
            CertificationActivity(
                code=str(_req(a, "code")),
                title=str(_req(a, "title")),
                tasks=_strs(a, "tasks"),
                provenance=provenance_from_json(a.get("provenance", [])),
            )
            for a in item.get("activities", [])
        ],
        rules=[
            ValidationRule(
                kind=RuleKind(_req(r, "kind")),
                text=str(_req(r, "text")),
                threshold=r.get("threshold"),
                competency_codes=_strs(r, "competency_codes"),
                provenance=provenance_from_json(r.get("provenance", [])),
            )
            for r in item.get("rules", [])
        ],
        provenance=provenance_from_json(item.get("provenance", [])),
    )


def training_from_json(item: Mapping[str, Any]) -> Training:
    return Training(
        key=str(_req(item, "id")),
        title=str(_req(item, "title")),
        duration=_opt(item, "duration"),
        validation=_opt(item, "validation"),
        competencies=_strs(item, "competencies"),
        transitions=[(str(t["from"]), str(t["to"])) for t in item.get("transitions", [])],
        provenance=provenance_from_json(item.get("provenance", [])),
    )


def matrix_from_json(item: Mapping[str, Any]) -> Matrix:
    return Matrix(
        key=str(_req(item, "id")),
        title=str(_req(item, "title")),
        item_kind=str(_req(item, "item_kind")),
        columns=_strs(item, "columns"),
        headers=_strs(item, "headers"),
        rows=[
            MatrixRow(
                label=str(_req(r, "label")),
                cells=[bool(c) for c in r.get("cells", [])],
                group=_opt(r, "group"),
                provenance=provenance_from_json(r.get("provenance", [])),
            )
            for r in item.get("rows", [])
        ],
        provenance=provenance_from_json(item.get("provenance", [])),
    )


def note_from_json(item: Mapping[str, Any]) -> Note:
    return Note(
        title=str(_req(item, "title")),
        text=str(_req(item, "text")),
        provenance=provenance_from_json(item.get("provenance", [])),
    )


def source_from_json(item: Mapping[str, Any]) -> SourceDocument:
    return SourceDocument(
        sha256=str(_req(item, "sha256")),
        filename=str(_req(item, "filename")),
        format=str(item.get("format", "")),
        family=DocumentFamily(_req(item, "family")),
        size=int(item.get("size", 0)),
    )


def from_document(doc: Mapping[str, Any]) -> list[Referential]:
    """The referentials of a parcours/1 document; raises FormatError when it is not one."""
    if not isinstance(doc, Mapping) or doc.get("format") != FORMAT:
        raise FormatError(
            f"ce n'est pas un document « {FORMAT} » (champ « format » absent ou autre)"
        )
    try:
        return _from_document(doc)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, FormatError):
            raise
        raise FormatError(f"document « {FORMAT} » invalide : {exc}") from exc


def _from_document(doc: Mapping[str, Any]) -> list[Referential]:
    refs: dict[str, Referential] = {}
    for item in doc.get("referentials", []):
        rid = str(_req(item, "id"))
        refs[rid] = Referential(
            name=str(_req(item, "name")),
            organisation=_opt(item, "organisation"),
            description=_opt(item, "description"),
            version=int(item.get("version", 0)),
        )

    def owner(item: Mapping[str, Any]) -> Referential:
        rid = str(_req(item, "referential"))
        if rid not in refs:
            raise FormatError(f"référentiel inconnu : « {rid} »")
        return refs[rid]

    for item in doc.get("sources", []):
        source = source_from_json(item)
        slot = str(item.get("slot") or source.filename)
        for rid in _strs(item, "referentials"):
            if rid not in refs:
                raise FormatError(f"référentiel inconnu : « {rid} »")
            refs[rid].documents[slot] = source
    for item in doc.get("jobs", []):
        job = job_from_json(item)
        owner(item).jobs[job.key] = job
    for item in doc.get("competencies", []):
        comp = competency_from_json(item)
        owner(item).competencies[comp.key] = comp
    for item in doc.get("mobilities", []):
        owner(item).mobilities.append(mobility_from_json(item))
    for item in doc.get("certifications", []):
        cert = certification_from_json(item)
        owner(item).certifications[cert.key] = cert
    for item in doc.get("trainings", []):
        training = training_from_json(item)
        owner(item).trainings[training.key] = training
    for item in doc.get("matrices", []):
        owner(item).matrices.append(matrix_from_json(item))
    for item in doc.get("notes", []):
        owner(item).notes.append(note_from_json(item))
    return list(refs.values())
