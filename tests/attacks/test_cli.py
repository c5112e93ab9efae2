"""`parcours import` with hostile files among valid ones: each hostile file is refused with its
reason, the valid ones are imported all the same (docs/cli.md), exit code 1, no traceback.
Also `parcours show` with an absurdly long argument, and the CSV of `recommend`."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from parcours.cli import app
from parcours.services import mobility
from tests.attacks import generate as g
from tests.conftest import shared_dir

runner = CliRunner()
MIB = g.MIB


def run(url: str, *args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, [*args, "--database-url", url], env=env)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def write(folder: Path, name: str, data: bytes) -> str:
    path = folder / name
    path.write_bytes(data)
    return str(path)


def test_hostile_files_are_refused_alone_and_the_valid_ones_imported(
    url: str, tmp_path: Path
) -> None:
    hostile = {
        "bombe.docx": g.docx_bomb(256 * MIB),
        "tailles.docx": g.docx_lying_sizes(256 * MIB),
        "rires.xlsx": g.xlsx_doctype(),
        "flux.pdf": g.pdf_stream_bomb(256 * MIB),  # past pypdf's own limit: a traceback before
        "pages.pdf": g.pdf_pages(20_000),
        "imbrication.json": g.json_deep(200_000),
    }
    paths = [write(tmp_path, name, data) for name, data in hostile.items()]
    valid = write(tmp_path, "fiche.txt", g.sheet_with_warnings(3))
    start = time.perf_counter()
    result = run(url, "import", *paths[:3], valid, *paths[3:])
    assert time.perf_counter() - start < 60
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "importé fiche.txt [fiche_fonction]" in result.output
    for name in hostile:
        assert f"ÉCHEC {tmp_path / name} : " in result.output or f"ÉCHEC {name} : " in result.output
    assert "1 fichier traité, 6 en échec." in result.output


def test_size_limit_of_the_command_line(url: str, tmp_path: Path) -> None:
    big = write(tmp_path, "gros.txt", g.text_big(2 * MIB))
    valid = write(tmp_path, "fiche.txt", g.sheet_with_warnings(3))
    env = {"PARCOURS_IMPORT_MAX_FILE_BYTES": str(MIB)}
    result = run(url, "import", big, valid, env=env)
    assert result.exit_code == 1, result.output
    assert f"ÉCHEC {big} : fichier trop volumineux : 2,0 Mio pour une limite de 1,0 Mio" in (
        result.output.replace("\n", "")
    )
    assert "PARCOURS_IMPORT_MAX_FILE_BYTES" in result.output
    assert "importé fiche.txt" in result.output


def test_size_limit_of_a_folder(url: str) -> None:
    folder = shared_dir() / "data" / "external" / "esco-v1.0-fr"
    if not folder.is_dir():
        pytest.fail(f"the ESCO export is missing: {folder} (set PARCOURS_SHARED_DIR)")
    result = run(url, "import", str(folder), env={"PARCOURS_IMPORT_MAX_BUNDLE_BYTES": "100000"})
    assert result.exit_code == 1, result.output
    assert "dossier trop volumineux" in result.output
    assert "PARCOURS_IMPORT_MAX_BUNDLE_BYTES" in result.output


def test_warnings_are_capped_in_the_report(url: str, tmp_path: Path) -> None:
    sheet = write(tmp_path, "alertes.txt", g.sheet_with_warnings(1_000))
    result = run(url, "import", sheet, env={"PARCOURS_IMPORT_MAX_WARNINGS": "20"})
    assert result.exit_code == 0, result.output
    assert result.output.count("alerte alertes.txt") == 21
    assert "… et 983 autres alertes" in result.output


def test_a_setting_out_of_range_is_refused(url: str, tmp_path: Path) -> None:
    valid = write(tmp_path, "fiche.txt", g.sheet_with_warnings(3))
    result = run(url, "import", valid, env={"PARCOURS_IMPORT_MAX_FILE_BYTES": "0"})
    assert result.exit_code == 2 and "PARCOURS_IMPORT_MAX_FILE_BYTES" in result.output


def test_show_with_a_huge_argument_answers_at_once(url: str, tmp_path: Path) -> None:
    assert run(url, "import", write(tmp_path, "f.txt", g.sheet_with_warnings(3))).exit_code == 0
    start = time.perf_counter()
    result = run(url, "show", "conseiller " * 10_000)
    assert time.perf_counter() - start < 5
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "poste demandé trop long : 110\u202f000 caractères, 500 au plus" in result.output


def test_recommend_csv_writes_no_formula(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        mobility.BatchRow("=cmd|' /C calc'!A0", "+1+1", 1, 0.5, False),
        mobility.BatchRow(" @SOMME(A1)", "-2", 2, 0.25, True),
    ]
    monkeypatch.setattr(mobility, "batch_recommendations", lambda *a, **k: rows)
    out = tmp_path / "reco.csv"
    result = run(url, "recommend", "--referential", "x", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").splitlines() == [
        "job,target,rank,score",
        "'=cmd|' /C calc'!A0,'+1+1,1,0.500000",
        "' @SOMME(A1),'-2,2,0.250000",
    ]
