"""Conversion between domain objects and plain JSON-ready dicts ("parcours/1").

Pure: the JSON text itself is read and written by the callers. The format is
documented in docs/format.md; ``to_document(from_document(d)) == d`` for any valid
document ``d``. Each entity is mapped both ways from its dataclass's fields
(``domain/fields.py``), with the few exceptions of the format listed below.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from parcours.domain.certification import Certification
from parcours.domain.competency import Competency, Requirement
from parcours.domain.errors import ParcoursError
from parcours.domain.fields import Field, Shape, fields_of
from parcours.domain.job import Job
from parcours.domain.mobility import Mobility
from parcours.domain.provenance import Position, Provenance, SourceDocument
from parcours.domain.referential import Matrix, MatrixRow, Note, Referential
from parcours.domain.training import Training

FORMAT = "parcours/1"

Json = dict[str, Any]
T = TypeVar("T")


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


# -- the mapping ---------------------------------------------------------------------------
# Every field is a JSON key of the same name, kept as ``domain/fields.py`` reads its type
# hint (an enum as its value, a tuple as a list, children as a list of objects). The
# exceptions, all older than this mapping and kept so that exports stay byte for byte:

# Keys named otherwise than their field.
_KEYS: dict[type[Any], dict[str, str]] = {
    cls: {"key": "id"} for cls in (Job, Competency, Certification, Training, Matrix)
}
_KEYS[Mobility] = {"source": "from", "target": "to"}
# Key orders that differ from the fields': the fields listed come first, in this order, then
# the others in declaration order (so a new field lands at the end of its object).
_ORDERS: dict[type[Any], tuple[str, ...]] = {
    Job: (
        *("key", "code", "title", "grade", "classification", "level", "family", "filiere"),
        *("metier", "alt_titles", "purpose", "activities", "requirements"),
        *("access_conditions", "reporting_line", "workplace", "headcount", "employer"),
        *("environment", "url", "has_sheet", "provenance"),
    ),
    Requirement: ("competency", "importance", "level", "details", "provenance"),
    MatrixRow: ("label", "group", "cells", "provenance"),
}
# Defaults a document may rely on where the dataclass has none.
_DEFAULTS: dict[tuple[type[Any], str], Any] = {(SourceDocument, "format"): ""}


def _ordered(cls: type[Any]) -> tuple[Field, ...]:
    fields = fields_of(cls)
    order = _ORDERS.get(cls, ())
    by_name = {f.name: f for f in fields}
    return (*(by_name[name] for name in order), *(f for f in fields if f.name not in order))


def _encoder(f: Field) -> Callable[[Any], Any] | None:
    match f.shape:
        case Shape.ENUM:
            return _enum_value
        case Shape.LIST | Shape.TUPLE:
            return list
        case Shape.PROVENANCE:
            return provenance_to_json
        case Shape.CHILDREN:
            return _children_to_json
        case Shape.PAIRS:  # Training.transitions: objects, not pairs
            return _pairs_to_json
        case _:
            return None


def _enum_value(member: Any) -> Any:
    return member.value


def _children_to_json(children: Iterable[Any]) -> list[Json]:
    return [_to_json(child) for child in children]


def _pairs_to_json(pairs: Iterable[tuple[str, str]]) -> list[Json]:
    return [{"from": a, "to": b} for a, b in pairs]


# (JSON key, field, encoder) of each class, in key order.
_ENCODERS: dict[type[Any], tuple[tuple[str, str, Callable[[Any], Any] | None], ...]] = {}


def _to_json(entity: Any, ref_id: str | None = None) -> Json:
    """One entity as JSON; a referential's own entities name it after their id."""
    cls = type(entity)
    plan = _ENCODERS.get(cls)
    if plan is None:
        keys = _KEYS.get(cls, {})
        plan = tuple((keys.get(f.name, f.name), f.name, _encoder(f)) for f in _ordered(cls))
        _ENCODERS[cls] = plan
    out: Json = {} if ref_id is None or plan[0][0] == "id" else {"referential": ref_id}
    for key, name, encode in plan:
        value = getattr(entity, name)
        out[key] = value if encode is None else encode(value)
        if key == "id" and ref_id is not None:
            out["referential"] = ref_id
    return out


def job_to_json(job: Job, ref_id: str) -> Json:
    return _to_json(job, ref_id)


def competency_to_json(comp: Competency, ref_id: str) -> Json:
    return _to_json(comp, ref_id)


def mobility_to_json(mob: Mobility, ref_id: str) -> Json:
    return _to_json(mob, ref_id)


def certification_to_json(cert: Certification, ref_id: str) -> Json:
    return _to_json(cert, ref_id)


def training_to_json(training: Training, ref_id: str) -> Json:
    return _to_json(training, ref_id)


def matrix_to_json(matrix: Matrix, ref_id: str) -> Json:
    return _to_json(matrix, ref_id)


def note_to_json(note: Note, ref_id: str) -> Json:
    return _to_json(note, ref_id)


def source_to_json(doc: SourceDocument, slot: str, ref_ids: list[str]) -> Json:
    # The slot and the referentials that hold the document are not fields of it.
    values = _to_json(doc)
    return {"sha256": values.pop("sha256"), "slot": slot, **values, "referentials": ref_ids}


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


Decode = Callable[[Mapping[str, Any]], Any]


def _decoder(cls: type[Any], f: Field, key: str) -> Decode:
    """How one field is read: a key without a default is required, lists may be absent, an
    optional text is made a string."""
    base = f.base
    match f.shape:
        case Shape.PROVENANCE:
            return lambda item: provenance_from_json(item.get(key, []))
        case Shape.CHILDREN:
            return lambda item: [_from_json(base, child) for child in item.get(key, [])]
        case Shape.PAIRS:
            return lambda item: [(str(t["from"]), str(t["to"])) for t in item.get(key, [])]
        case Shape.TUPLE:
            return lambda item: tuple(_strs(item, key))
        case Shape.LIST if base is bool:
            return lambda item: [bool(c) for c in item.get(key, [])]
        case Shape.LIST:
            return lambda item: _strs(item, key)
        case Shape.ENUM if f.required:
            return lambda item: base(_req(item, key))
        case Shape.ENUM:
            return lambda item: base(item.get(key, f.default))
        case _ if f.optional and base is str:
            return lambda item: _opt(item, key)
        case _ if f.optional:
            return lambda item: item.get(key)
        case _ if f.required and (cls, f.name) not in _DEFAULTS:
            return lambda item: base(_req(item, key))
        case _:
            default = _DEFAULTS.get((cls, f.name), f.default)
            return lambda item: base(item.get(key, default))


# (field, decoder) of each class.
_DECODERS: dict[type[Any], tuple[tuple[str, Decode], ...]] = {}


def _from_json(cls: type[T], item: Mapping[str, Any]) -> T:
    """One entity from its JSON object."""
    plan = _DECODERS.get(cls)
    if plan is None:
        keys = _KEYS.get(cls, {})
        plan = tuple((f.name, _decoder(cls, f, keys.get(f.name, f.name))) for f in fields_of(cls))
        _DECODERS[cls] = plan
    return cls(**{name: decode(item) for name, decode in plan})


def job_from_json(item: Mapping[str, Any]) -> Job:
    return _from_json(Job, item)


def competency_from_json(item: Mapping[str, Any]) -> Competency:
    return _from_json(Competency, item)


def mobility_from_json(item: Mapping[str, Any]) -> Mobility:
    return _from_json(Mobility, item)


def certification_from_json(item: Mapping[str, Any]) -> Certification:
    return _from_json(Certification, item)


def training_from_json(item: Mapping[str, Any]) -> Training:
    return _from_json(Training, item)


def matrix_from_json(item: Mapping[str, Any]) -> Matrix:
    return _from_json(Matrix, item)


def note_from_json(item: Mapping[str, Any]) -> Note:
    return _from_json(Note, item)


def source_from_json(item: Mapping[str, Any]) -> SourceDocument:
    return _from_json(SourceDocument, item)


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
