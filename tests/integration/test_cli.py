"""The command line end to end, on a SQLite file and on PostgreSQL, with the real documents."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfgen import canvas
from sqlalchemy import Engine
from typer.testing import CliRunner

from parcours.cli import app

runner = CliRunner()


@pytest.fixture
def database_url(engine: Engine) -> str:
    """The URL of a fresh migrated database (SQLite file or PostgreSQL schema)."""
    return engine.url.render_as_string(hide_password=False)


def run(database_url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--database-url", database_url])
    return result.exit_code, result.output


def export(database_url: str, path: Path) -> dict[str, Any]:
    code, output = run(database_url, "export", "--format", "json", "-o", str(path))
    assert code == 0, output
    document: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return document


def test_import_twice_gives_identical_exports_and_round_trips(
    database_url: str, all_seed_paths: list[Path], tmp_path: Path
) -> None:
    seeds = [str(p) for p in all_seed_paths]
    code, output = run(database_url, "import", *seeds)
    assert code == 0, output
    assert "5 fichiers traités, 0 en échec." in output
    first = export(database_url, tmp_path / "a.json")
    code, output = run(database_url, "import", *seeds)
    assert code == 0 and output.count("inchangé") == 5, output
    assert export(database_url, tmp_path / "b.json") == first

    # export -> import into an empty database -> export: the same document
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    code, output = run(fresh, "import", str(tmp_path / "a.json"))
    assert code == 0, output
    assert export(fresh, tmp_path / "c.json") == first
    assert (tmp_path / "c.json").read_bytes() == (tmp_path / "a.json").read_bytes()


def make_pdf(lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for i, line in enumerate(lines):
        pdf.drawString(50, 800 - 16 * i, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_bad_files_fail_clearly_and_the_others_are_imported(
    database_url: str, all_seed_paths: list[Path], tmp_path: Path
) -> None:
    bad = {
        "vide.txt": b"",
        "image.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "coupe.pdf": make_pdf(["Fonction", "Conseiller II.1"])[:300],
        "recette.txt": "Une recette de cuisine : mélanger, cuire.\n".encode(),
        "coupe.json": b'{"format": "parcours/1", "jobs": [',
        "latin1.txt": "Cahier des charges déjà signé, sans fiche ni compétence.".encode("cp1252"),
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    good = all_seed_paths[3]
    args = [str(tmp_path / n) for n in bad] + [str(good), str(tmp_path / "absent.txt")]
    code, output = run(database_url, "import", *args)
    assert code == 1
    flat = " ".join(output.split())
    for name in bad:
        assert f"ÉCHEC {name} :" in flat
    assert "absent.txt : fichier introuvable" in flat
    assert "1 fichier traité, 7 en échec." in flat
    code, output = run(database_url, "referentials")
    assert code == 0 and "RNCP" in output
    document = export(database_url, tmp_path / "out.json")
    assert [r["name"] for r in document["referentials"]] == [
        "RNCP — Chargé de clientèle particuliers (niveau 6)"
    ]


def test_unreadable_file_is_reported_with_its_reason(
    database_url: str, all_seed_paths: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name.startswith("000"):
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, output = run(database_url, "import", *(str(p) for p in all_seed_paths[:2]))
    flat = " ".join(output.split())
    assert code == 1
    assert "fichier illisible (Permission denied)" in flat
    assert "1 fichier traité, 1 en échec." in flat


def test_jobs_show_versions_and_demo(database_url: str, all_seed_paths: list[Path]) -> None:
    code, output = run(database_url, "demo", "--no-serve")
    assert code == 0, output
    code, output = run(database_url, "import", str(all_seed_paths[4]))
    assert code == 0, output
    code, output = run(database_url, "jobs", "--search", "conseillers seniors", "--with-sheet")
    # the three senior advisor sheets, and the demo job whose alternative title matches
    assert code == 0 and "4 postes." in output, output
    assert "confirme--ii-3" in output
    code, output = run(database_url, "show", "Conseiller junior")
    flat = " ".join(output.split())
    assert code == 0, output
    assert "Téléconseiller bancaire" in flat and "Conseiller senior" in flat
    assert "004_" in flat  # each fact names its source document
    # what the sheet says about a competency for this job is shown under it
    assert "· interlocution client multicanal" in flat
    code, output = run(database_url, "show", "introuvable inexistant")
    assert code == 1 and "aucun poste" in output
    code, output = run(database_url, "show", "conseiller")
    assert code == 1 and "plusieurs postes" in output
    code, output = run(database_url, "versions", "Banque Exemple")
    assert code == 0 and "1" in output


def test_links_commands_act_as_the_token_account_or_the_server_administrator(
    database_url: str,
) -> None:
    from parcours.cli.common import open_uow
    from parcours.domain.links import LinkStatus
    from parcours.services import auth, links
    from parcours.services.auth import SYSTEM
    from tests.conftest import seed_path

    code, output = run(database_url, "import", str(seed_path("000")), str(seed_path("002")))
    assert code == 0, output
    uow = open_uow(database_url)
    password = "cheval-batterie-agrafe-42"
    auth.create_account(uow, SYSTEM, login="claire.rh", roles=["hr"], password=password)
    auth.create_account(uow, SYSTEM, login="eve", roles=["employee", "manager"], password=password)
    hr_token = auth.create_api_token(uow, SYSTEM, "claire.rh", "tests", days=1)
    employee_token = auth.create_api_token(uow, SYSTEM, "eve", "tests", days=1)
    # an account without the HR role is refused, whatever it asks
    code, output = run(database_url, "links", "propose", "--token", employee_token)
    assert code == 1 and "administrateurs RH" in " ".join(output.split())
    code, output = run(database_url, "links", "propose")  # the administrator, no token
    assert code == 0, output
    first, second, third = links.review_queue(uow, limit=3).links
    code, output = run(database_url, "links", "review", "--reject", first.id, "--token", "nope")
    assert code == 2 and "Jeton invalide" in " ".join(output.split())
    code, output = run(
        database_url, "links", "review", "--accept", first.id, "--token", employee_token
    )
    assert code == 1 and "administrateurs RH" in " ".join(output.split())
    code, output = run(
        database_url, "links", "review", "--accept", first.id, "--token", hr_token, "--user", "x"
    )
    assert code == 2
    assert links.get_link(uow, first.id).status is LinkStatus.PROPOSED
    # signed by the token's account; without a token by the administrator (or --user)
    code, output = run(database_url, "links", "review", "--accept", first.id, "--token", hr_token)
    assert code == 0, output
    code, output = run(database_url, "links", "review", "--reject", second.id)
    assert code == 0, output
    code, output = run(database_url, "links", "review", "--reject", third.id, "--user", "paul")
    assert code == 0, output
    signed = [links.get_link(uow, x.id).decided_by for x in (first, second, third)]
    assert signed == ["claire.rh", "système", "paul"]
