"""What the job sheet adds for review (issue 13): sources quoting the document's lines, and
HR's corrections (who corrected which fact, when; the forms to correct)."""

from __future__ import annotations

from typing import Any

from parcours.services import corrections, sources
from parcours.services.catalogue import JobSheet
from parcours.services.ports import UowFactory


def sheet_context(uow: UowFactory, sheet: JobSheet, titles: dict[str, str]) -> dict[str, Any]:
    """``source``: the sources of a fact with their quoted passage; ``corrections``: the
    active corrections of the sheet's facts."""
    moves = [move for move, _ in (*sheet.moves_out, *sheet.moves_in)]
    lines = sources.quoted_lines(uow, sources.job_facts(sheet.job, moves))
    return {
        "source": lambda items: sources.sources(items, sheet.documents, titles, lines=lines),
        "corrections": corrections.sheet_corrections(uow, sheet.referential, sheet.job.key),
    }
