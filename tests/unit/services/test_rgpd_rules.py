"""Pure parts of the RGPD use cases: redaction, CSV, filters, the export document, the rules."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from parcours.domain.access import AccessDenied, Principal, Role
from parcours.domain.people import Assessment, Person, Source
from parcours.domain.redaction import redact
from parcours.domain.redaction import redact_json as _redact_json
from parcours.services.ports.people import AuditEvent
from parcours.services.ports.rgpd import PersonRecord
from parcours.services.rgpd import (
    AuditFilter,
    ConfirmationError,
    anonymous_id,
    audit_csv,
    erase_person,
    export_document,
    purge,
    require_export,
)

HR = Principal("rh", frozenset({Role.HR}))
EMPLOYEE = Principal("eve", frozenset({Role.EMPLOYEE}), person="n-1")
MANAGER = Principal("marc", frozenset({Role.MANAGER}), person="m", teams=frozenset({"t"}))


def _never() -> object:
    raise AssertionError("the store must not be reached when the rule refuses")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("profil de n-1", "profil de anon-x"),
        ("n-1, n-10 et n-11", "anon-x, n-10 et n-11"),
        ("compte créé : eve.employe (employee)", "compte créé : anon-x (employee)"),
        ("fin de phrase avec n-1.", "fin de phrase avec anon-x."),
        ("xn-1 et n-1b restent", "xn-1 et n-1b restent"),
        ("eve.employe2 reste", "eve.employe2 reste"),
        ("Conseiller Nord 1 mais pas Conseiller Nord 12", "anon-x mais pas Conseiller Nord 12"),
    ],
)
def test_redact_replaces_whole_occurrences_only(text: str, expected: str) -> None:
    assert redact(text, ["n-1", "eve.employe", "Conseiller Nord 1", ""], "anon-x") == expected


def test_redact_json_walks_values_and_drops_comments() -> None:
    value = {"candidate": "n-1", "blocks": [{"code": "B1", "comment": "n-1 hésite"}], "n": 3}
    assert _redact_json(value, ["n-1"], "anon-x") == {
        "candidate": "anon-x",
        "blocks": [{"code": "B1", "comment": None}],
        "n": 3,
    }


def test_audit_csv_neutralises_formulas() -> None:
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    events = [AuditEvent("=cmd|' /C calc'!A0", "web", "read", "n-1", "+1,2; « ok »", at, 7)]
    rows = list(csv.reader(io.StringIO(audit_csv(events))))
    assert rows[0] == ["id", "at", "actor", "channel", "action", "subject", "detail"]
    assert rows[1] == [
        "7",
        "2026-01-02T03:04:05+00:00",
        "'=cmd|' /C calc'!A0",
        "web",
        "read",
        "n-1",
        "'+1,2; « ok »",
    ]


def test_audit_filter_days_are_inclusive() -> None:
    since, until = AuditFilter(since=date(2026, 3, 1), until=date(2026, 3, 1)).bounds()
    assert since == datetime(2026, 3, 1, tzinfo=UTC)
    assert until == datetime(2026, 3, 2, tzinfo=UTC)
    assert AuditFilter().bounds() == (None, None)


def test_export_rule_is_the_person_or_hr() -> None:
    require_export(HR, "n-2")
    require_export(EMPLOYEE, "n-1")
    with pytest.raises(AccessDenied):
        require_export(EMPLOYEE, "n-2")
    with pytest.raises(AccessDenied):
        require_export(MANAGER, "n-1")


def test_erasure_and_purge_refuse_before_touching_the_store() -> None:
    with pytest.raises(AccessDenied):
        erase_person(_never, MANAGER, "n-1", "n-1")  # type: ignore[arg-type]
    with pytest.raises(ConfirmationError):
        erase_person(_never, HR, "n-1", "n-2")  # type: ignore[arg-type]
    with pytest.raises(AccessDenied):
        erase_person(_never, Principal("moi", frozenset({Role.HR}), person="n-1"), "n-1", "n-1")  # type: ignore[arg-type]
    with pytest.raises(AccessDenied):
        purge(_never, EMPLOYEE, retention_days=1, audit_retention_days=1)  # type: ignore[arg-type]


def test_anonymous_ids_are_random_and_fit_a_pseudonym_column() -> None:
    ids = {anonymous_id() for _ in range(100)}
    assert len(ids) == 100 and all(i.startswith("anon-") and len(i) <= 64 for i in ids)


def test_export_document_has_a_versioned_format() -> None:
    person = Person("n-1", "R", "job", team="t", manager="m", display_name="Eve", left_on=None)
    doc = export_document(
        PersonRecord(person, "rh.csv", 3),
        team_name="Équipe",
        job_title="Conseillère",
        labels={"c": "Compétence"},
        assessments=[Assessment("n-1", "c", 2, Source.SELF, date(2026, 1, 1), "qcm", raw=0.5)],
        reviews=[],
        candidacies=[],
        accounts=[],
        events=[AuditEvent("rh", "web", "read", "n-1", "profil", datetime(2026, 1, 2, tzinfo=UTC))],
        generated_at=datetime(2026, 2, 1, tzinfo=UTC),
        generated_by="rh",
    )
    assert (doc["format"], doc["version"]) == ("parcours-rgpd-export", 1)
    assert set(doc) == {
        "format",
        "version",
        "generated_at",
        "generated_by",
        "person",
        "assessments",
        "campaign_reviews",
        "jury_candidacies",
        "accounts",
        "audit_events",
        "career_wishes",  # added within version 1 (docs/rgpd.md): fields are only ever added
    }
    assert doc["career_wishes"] == []  # none given: an empty list, never a missing key
    assert doc["person"]["source_line"] == 3 and doc["person"]["team_name"] == "Équipe"
    assert doc["assessments"][0]["competency_label"] == "Compétence"
    assert doc["assessments"][0]["assessed_on"] == "2026-01-01"
    assert doc["audit_events"][0] == {
        "at": "2026-01-02T00:00:00+00:00",
        "actor": "rh",
        "channel": "web",
        "action": "read",
        "detail": "profil",
    }
