"""Importer for parcours' own JSON format ("parcours/1"), so that an export imports back.

Facts that arrive without provenance (hand-written data such as the demo sample)
are attributed to the JSON document itself, so that every stored fact has one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from parcours.domain.codec import FORMAT, FormatError, from_document
from parcours.domain.draft import ImportDraft
from parcours.domain.errors import DocumentError
from parcours.domain.provenance import DocumentFamily, Provenance, SourceDocument
from parcours.domain.referential import Referential
from parcours.ingest.text import ExtractedText


def _facts(part: Referential) -> Iterator[Any]:
    """Every object of the part that carries a provenance list."""
    for job in part.jobs.values():
        yield job
        yield from job.activities
        yield from job.requirements
    yield from part.competencies.values()
    yield from part.mobilities
    for cert in part.certifications.values():
        yield cert
        yield from cert.activities
        yield from cert.rules
        for block in cert.blocks:
            yield block
            yield from block.competencies
    yield from part.trainings.values()
    for matrix in part.matrices:
        yield matrix
        yield from matrix.rows
    yield from part.notes


def _attribute_orphans(part: Referential, document: SourceDocument) -> None:
    orphans = [fact for fact in _facts(part) if not fact.provenance]
    for fact in orphans:
        fact.provenance = [Provenance(document.sha256)]
    if orphans:
        part.documents[document.filename] = document


class ParcoursJsonImporter:
    family = DocumentFamily.PARCOURS_JSON
    description = "Export JSON de parcours (format parcours/1)"

    def score(self, text: ExtractedText, filename: str) -> float:
        head = text.text[:400]
        if head.lstrip().startswith("{") and f'"{FORMAT}"' in head:
            return 1.0
        return 0.0

    def parse(self, text: ExtractedText, document: SourceDocument) -> ImportDraft:
        try:
            payload = json.loads(text.text)
        except json.JSONDecodeError as exc:
            raise DocumentError(
                document.filename, f"JSON invalide ligne {exc.lineno}, colonne {exc.colno}"
            ) from exc
        try:
            parts = from_document(payload)
        except FormatError as exc:
            raise DocumentError(document.filename, str(exc)) from exc
        draft = ImportDraft(document=document, parts=parts)
        for part in parts:
            _attribute_orphans(part, document)
            _drop_dangling_moves(part, draft)
        return draft


def _drop_dangling_moves(part: Referential, draft: ImportDraft) -> None:
    """A move from or to a job the referential does not hold cannot be shown nor followed:
    it is left out, with a warning naming it."""
    kept = []
    for move in part.mobilities:
        missing = [key for key in (move.source, move.target) if key not in part.jobs]
        if missing:
            draft.warn(
                "mobilite-poste-inconnu",
                f"« {part.name} » : mobilité {move.source} → {move.target} ignorée, poste "
                f"inconnu dans ce référentiel : {', '.join(dict.fromkeys(missing))}",
            )
            continue
        kept.append(move)
    part.mobilities = kept
