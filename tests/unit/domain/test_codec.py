from __future__ import annotations

import json

import pytest

from parcours.domain.codec import FORMAT, FormatError, from_document, to_document

from .factories import referential


def test_round_trip_is_exact() -> None:
    ref = referential()
    ref.version = 3
    document = to_document([ref])
    assert document["format"] == FORMAT
    # Through JSON text, as on disk.
    back = from_document(json.loads(json.dumps(document)))
    assert back == [ref]
    assert to_document(back) == document


def test_document_has_the_documented_fields() -> None:
    document = to_document([referential()])
    job = document["jobs"][0]
    for field in (
        "id",
        "title",
        "grade",
        "classification",
        "family",
        "filiere",
        "metier",
        "alt_titles",
        "purpose",
        "activities",
        "requirements",
        "access_conditions",
        "reporting_line",
        "workplace",
        "headcount",
        "provenance",
    ):
        assert field in job
    assert set(job["requirements"][0]) >= {"competency", "importance", "level"}
    comp = document["competencies"][0]
    assert set(comp) >= {
        "id",
        "label",
        "kind",
        "category",
        "definition",
        "indicators",
        "details",
        "codes",
        "provenance",
    }
    assert set(document["mobilities"][0]) >= {"from", "to", "kind", "origin"}
    cert = document["certifications"][0]
    assert set(cert["blocks"][0]["competencies"][0]) >= {"code", "label", "modalities", "criteria"}
    assert document["sources"][0]["sha256"] == "a" * 64


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"format": "autre/2"},
        {"format": FORMAT, "referentials": [{"id": "x"}]},
        {
            "format": FORMAT,
            "referentials": [],
            "jobs": [{"id": "j", "title": "T", "referential": "nope"}],
        },
        {
            "format": FORMAT,
            "referentials": [{"id": "x", "name": "X"}],
            "competencies": [{"id": "c", "label": "C", "kind": "inconnu", "referential": "x"}],
        },
    ],
)
def test_invalid_documents_raise_format_error(bad: dict[str, object]) -> None:
    with pytest.raises(FormatError):
        from_document(bad)


def test_requirement_details_round_trip_and_default_to_empty() -> None:
    document = to_document([referential()])
    requirements = document["jobs"][0]["requirements"]
    assert [r["details"] for r in requirements] == [["anime les réunions"], []]
    del requirements[0]["details"]  # an export written before requirement details
    (back,) = from_document(json.loads(json.dumps(document)))
    assert [r.details for r in next(iter(back.jobs.values())).requirements] == [(), ()]
