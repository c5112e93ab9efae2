"""Bytes in, draft out: read, detect the family, parse. Pure: no database, no settings."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from parcours.domain.draft import ImportDraft
from parcours.domain.errors import DocumentError
from parcours.domain.provenance import DocumentFamily, SourceDocument
from parcours.ingest import readers, registry


def parse_document(data: bytes, filename: str) -> ImportDraft:
    """Parse one document; raises DocumentError (naming the file and the reason) on bad input."""
    text = readers.read(data, filename)
    importer = registry.detect(text, filename)
    document = SourceDocument(
        sha256=hashlib.sha256(data).hexdigest(),
        filename=filename,
        format=text.format,
        family=importer.family,
        size=len(data),
    )
    try:
        draft = importer.parse(text, document)
    except DocumentError:
        raise
    except Exception as exc:  # an importer bug must not pass as a silent success
        raise DocumentError(
            filename, f"erreur interne de l'importeur {importer.family.value} : {exc!r}"
        ) from exc
    if not draft.parts or not any(_has_content(p) for p in draft.parts):
        raise DocumentError(filename, "le document ne contient aucun poste ni aucune compétence")
    if importer.family is not DocumentFamily.PARCOURS_JSON:
        for part in draft.parts:
            part.documents = {filename: document}
    return replace(draft, document=document)


def _has_content(part: object) -> bool:
    return any(getattr(part, name) for name in ("jobs", "competencies", "certifications"))
