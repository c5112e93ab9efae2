"""docs/format.md: a fact whose confidence is below 1 was guessed, and the import says so.

On the five real documents, every provenance entry below 1 lies on the lines of a warning of
its draft (issue 13), and benchmarks/fidelity.py finds nothing wrong in what issue 13 listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parcours.domain.codec import to_document
from parcours.domain.merge import merge_parts
from parcours.ingest.pipeline import parse_document
from tests.conftest import seed_path

PREFIXES = ["000", "001", "002", "003", "004"]


def _provenances(node: Any) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    if isinstance(node, dict):
        for entry in node.get("provenance") or []:
            yield node, entry
        for key, value in node.items():
            if key != "provenance":
                yield from _provenances(value)
    elif isinstance(node, list):
        for value in node:
            yield from _provenances(value)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_no_fact_below_confidence_one_lacks_a_warning(prefix: str) -> None:
    path = seed_path(prefix)
    draft = parse_document(path.read_bytes(), path.name)
    spans = [
        (w.position.line, w.position.end_line or w.position.line)
        for w in draft.warnings
        if w.position.line is not None
    ]
    unwarned = []
    guesses = 0
    for fact, entry in _provenances(to_document(draft.parts)):
        if entry["confidence"] >= 1.0:
            continue
        guesses += 1
        first = entry["line"]
        last = entry["end_line"] or first
        if first is None or not any(a <= last and first <= b for a, b in spans):
            unwarned.append((fact.get("label") or fact.get("title") or fact.get("from"), first))
    assert unwarned == []
    assert guesses == {"000": 8, "001": 0, "002": 32, "003": 34, "004": 45}[prefix]


def test_notes_both_sheets_hold_cite_both() -> None:
    drafts = [parse_document(p.read_bytes(), p.name) for p in map(seed_path, ("000", "001"))]
    merged = merge_parts("La Banque Postale", [d.parts[0] for d in drafts])
    shared = {(n.title, n.text) for n in drafts[0].parts[0].notes} & {
        (n.title, n.text) for n in drafts[1].parts[0].notes
    }
    assert len(shared) == 2
    for note in merged.notes:
        if (note.title, note.text) in shared:
            assert {p.document for p in note.provenance} == {d.document.sha256 for d in drafts}


def test_a_one_word_piece_cut_off_at_a_case_boundary_is_reported() -> None:
    path = seed_path("002")
    draft = parse_document(path.read_bytes(), path.name)
    lone = [w for w in draft.warnings if w.code == "decoupage-mot-seul"]
    assert any("« France »" in w.message for w in lone)


def test_the_fidelity_benchmark_finds_no_error(tmp_path: Path) -> None:
    from benchmarks.fidelity import run

    for document, checks in run().items():
        for name, score in checks.items():
            assert (score.errors, score.spurious) == (0, 0), (document, name, score)
            if name != "paths":
                assert score.missing == 0, (document, name, score)
