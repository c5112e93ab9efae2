"""The importer protocol: every document family's importer meets it."""

from __future__ import annotations

from typing import Protocol

from parcours.domain.draft import ImportDraft
from parcours.domain.provenance import DocumentFamily, SourceDocument
from parcours.ingest.text import ExtractedText


class Importer(Protocol):
    """Turns the text of one document of a family into an ImportDraft.

    ``score`` says how likely the text belongs to the family (0 to 1); the
    registry hands the document to the best scorer. ``parse`` returns the draft;
    it raises ``DocumentError`` when the text is of the family but unusable.
    """

    family: DocumentFamily
    description: str

    def score(self, text: ExtractedText, filename: str) -> float: ...

    def parse(self, text: ExtractedText, document: SourceDocument) -> ImportDraft: ...
