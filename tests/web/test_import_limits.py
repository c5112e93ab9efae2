"""The web upload of hostile files (issue 12, points 2 and 3): 413 or 422 problem+json naming
the file, never a 500; a hostile file beside a valid one is refused alone and its bytes are
not kept. The HRIS upload and the job lookup too. Attack files: tests/attacks/generate.py."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from parcours.settings import Settings
from parcours.web.app import create_app
from tests.attacks import generate as g

from .conftest import Site, hr_bearer, seed_files, sign_in_hr

MIB = g.MIB
PROBLEM = "application/problem+json"


def post(site: Site, *files: tuple[str, bytes], client: TestClient | None = None) -> object:
    return (client or site.client).post(
        "/api/v1/imports",
        files=[("files", (name, data)) for name, data in files],
        headers=hr_bearer(site),
    )


def test_bombs_are_refused_with_422_naming_the_file(fresh: Site) -> None:
    for name, data, words in [
        ("bombe.docx", g.docx_bomb(256 * MIB), "se décompresse en plus de 64 Mio"),
        ("entrees.docx", g.many_entries(12_000, declared_count=3), "entrées"),
        ("rires.xlsx", g.xlsx_doctype(), "DTD"),
        ("flux.pdf", g.pdf_stream_bomb(256 * MIB), "16 Mio"),
        ("pages.pdf", g.pdf_pages(20_000), "20\u202f000 pages"),
        ("imbrication.json", g.json_deep(200_000), "imbriquée"),
    ]:
        response = post(fresh, (name, data))
        assert response.status_code == 422, (name, response.text)  # type: ignore[attr-defined]
        assert response.headers["content-type"] == PROBLEM  # type: ignore[attr-defined]
        problem = response.json()  # type: ignore[attr-defined]
        (error,) = problem["errors"]
        assert error["file"] == name and words in error["reason"], error
        assert name in problem["detail"]
    assert fresh.client.get("/api/v1/imports", headers=hr_bearer(fresh)).json() == []


def test_a_bomb_beside_a_valid_file_is_refused_alone(fresh: Site) -> None:
    seed = seed_files("002")[0]
    response = post(fresh, ("bombe.docx", g.docx_bomb(256 * MIB)), seed)
    assert response.status_code == 201  # type: ignore[attr-defined]
    review = response.json()  # type: ignore[attr-defined]
    bomb, good = review["files"]
    assert bomb["status"] == "failed" and "64 Mio" in bomb["error"]
    assert good["status"] == "pending" and review["publishable"]
    # Only the valid file's bytes are kept: reviewing the draft never reads the bomb again.
    assert [f["filename"] for f in review["draft"]["files"]] == [seed[0]]
    draft = review["draft"]["id"]
    published = fresh.client.post(f"/api/v1/imports/{draft}/publish", headers=hr_bearer(fresh))
    assert published.status_code == 200
    assert [f["status"] for f in published.json()["files"]] == ["imported"]


def test_upload_and_file_size_limits_answer_413(fresh: Site, tmp_path: Path) -> None:
    settings = Settings.from_environment(
        database_url=fresh.url, import_max_upload_bytes=300_000, import_max_file_bytes=200_000
    )
    client = TestClient(create_app(settings, fresh.uow))
    one = post(fresh, ("gros.txt", g.text_big(250_000)), client=client)
    assert one.status_code == 413  # type: ignore[attr-defined]
    assert one.headers["content-type"] == PROBLEM  # type: ignore[attr-defined]
    assert "gros.txt : fichier trop volumineux" in one.json()["detail"]  # type: ignore[attr-defined]
    two = post(fresh, ("a.txt", g.text_big(150_000)), ("b.txt", g.text_big(160_000)), client=client)
    assert two.status_code == 413  # type: ignore[attr-defined]
    assert "envoi trop volumineux" in two.json()["detail"]  # type: ignore[attr-defined]
    assert "PARCOURS_IMPORT_MAX_UPLOAD_BYTES" in two.json()["detail"]  # type: ignore[attr-defined]


def test_import_page_refuses_a_bomb_with_a_page(fresh: Site) -> None:
    csrf = sign_in_hr(fresh)
    response = fresh.client.post(
        "/import",
        data={"csrf_token": csrf},
        files=[("files", ("bombe.docx", g.docx_bomb(256 * MIB)))],
    )
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"]
    assert "bombe.docx" in response.text and "64 Mio" in response.text


def test_hris_upload_of_hostile_files(fresh: Site) -> None:
    hr = hr_bearer(fresh)
    cases = [
        ("sirh.csv", g.hris_big_cell(), 3, "cellule de plus de 128 Kio"),
        ("sirh.xlsx", g.hris_xlsx_doctype(), None, "DTD"),
        ("sirh-xxe.xlsx", g.hris_xlsx_external(), None, "DTD"),
        ("sirh-bombe.xlsx", g.xlsx_bomb(256 * MIB), None, "bombe de décompression"),
    ]
    for name, data, line, words in cases:
        response = fresh.client.post(
            "/api/v1/people/import",
            files={"file": (name, data)},
            data={"dry_run": "true"},
            headers=hr,
        )
        assert response.status_code == 422, (name, response.text)
        assert response.headers["content-type"] == PROBLEM
        errors = response.json()["errors"]
        assert any(e["line"] == line and words in e["message"] for e in errors), errors


def test_job_lookup_with_a_huge_key_answers_at_once(client: TestClient) -> None:
    start = time.perf_counter()
    response = client.get(f"/api/v1/referentials/banque-exemple/jobs/{'conseiller-' * 5_000}")
    assert time.perf_counter() - start < 5
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert "poste demandé trop long" in response.json()["detail"]
