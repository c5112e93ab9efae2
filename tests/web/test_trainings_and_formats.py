"""The training catalogue's API and pages over HTTP (HR only for changes, 422 with each line),
and the French conventions of the pages (web/formats.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi.testclient import TestClient

from parcours.demo import TRAININGS_NAME, demo_file
from parcours.web.formats import (
    count,
    elided_of,
    format_date,
    format_datetime,
    format_euros,
    format_number,
    format_percent,
)

from .conftest import Site, hr_bearer

BAD = (
    "titre;duree;competences\nBonne;1 jour;Vente à distance : 3\nMauvaise;;Vente à distance : 7\n"
).encode()


def test_french_conventions() -> None:
    assert format_number(1234.5) == "1\u202f234,5" and format_number(1234.5, lang="en") == "1,234.5"
    assert format_percent(0.56) == "56\u202f%" and format_percent(56, scale=100) == "56\u202f%"
    assert format_euros(1050) == "1\u202f050\u202f€" and format_euros(850.5) == "850,50\u202f€"
    assert format_date(date(2026, 1, 5)) == "05/01/2026"
    assert format_date("2026-01-05", "en") == "5 Jan 2026"
    assert format_datetime(datetime(2026, 1, 5, 13, 5, tzinfo=UTC)) == "05/01/2026 à 14:05"
    assert [count(n, "poste", "postes") for n in (0, 1, 2)] == ["0 poste", "1 poste", "2 postes"]
    assert (
        elided_of("Adam Girard") == "d’Adam Girard" and elided_of("Noah Michel") == "de Noah Michel"
    )
    assert elided_of("Hélène Roy") == "d’Hélène Roy" and elided_of("Hugo Roy") == "de Hugo Roy"


def test_the_api_imports_all_or_nothing_and_only_for_hr(fresh: Site) -> None:
    client: TestClient = fresh.client
    headers = hr_bearer(fresh)
    refused = client.post(
        "/api/v1/trainings/import", files={"file": ("c.csv", BAD)}, headers=headers
    )
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert [(e["line"], e["column"]) for e in refused.json()["errors"]] == [(3, "competences")]
    assert client.get("/api/v1/trainings").json() == [
        t for t in client.get("/api/v1/trainings").json() if t["origin"] == "study"
    ]
    done = client.post(
        "/api/v1/trainings/import",
        files={"file": (TRAININGS_NAME, demo_file(TRAININGS_NAME))},
        headers=headers,
    )
    assert done.status_code == 200 and done.json()["created"] == 7
    one = client.get("/api/v1/trainings/fondamentaux-credit").json()
    assert one["hours"] == 35.0 and one["competencies"][0] == {
        "competency": "Analyse de crédit",
        "level": 3,
    }
    assert (
        client.post("/api/v1/trainings/import", files={"file": ("c.csv", BAD)}).status_code == 401
    )
    changed = client.put(
        "/api/v1/trainings/fondamentaux-credit",
        json={"title": "Crédit", "duration": "bientôt", "competencies": "Analyse de crédit"},
        headers=headers,
    )
    assert changed.status_code == 422 and changed.json()["errors"][0]["field"] == "duration"
    assert (
        client.delete("/api/v1/trainings/fondamentaux-credit", headers=headers).status_code == 204
    )
    page = client.get("/formations")
    assert page.status_code == 200 and "Mener un entretien client difficile" in page.text
    assert "900\u202f€" in page.text
