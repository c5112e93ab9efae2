"""Folders given to `parcours import`: an export inside a packaging folder is one document."""

from __future__ import annotations

from pathlib import Path

from parcours.cli.documents import expand
from tests.conftest import shared_dir


def _mirror(source: Path, target: Path) -> None:
    """The export's file names (empty files: only the names decide what a folder is)."""
    target.mkdir(parents=True)
    for path in source.iterdir():
        if path.is_file():
            (target / path.name).write_bytes(b"")


def test_an_export_beside_its_packaging_is_one_document_named_after_the_folder(
    tmp_path: Path,
) -> None:
    outer = tmp_path / "rome-v344"
    _mirror(shared_dir() / "data" / "external" / "rome-v344" / "csv", outer / "csv")
    (outer / "SOURCE.md").write_text("notes")
    (outer / "xml").mkdir()
    (outer / "xml" / "copie.xml").write_text("<x/>")
    files, bundles, skipped = expand([outer])
    assert files == []
    ((folder, members, name),) = bundles
    assert folder == outer / "csv" and name == "rome-v344" and len(members) >= 10
    assert sorted(p.name for p in skipped) == ["SOURCE.md", "copie.xml"]


def test_a_folder_of_documents_is_walked_file_by_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sous").mkdir()
    (tmp_path / "sous" / "b.txt").write_text("y")
    files, bundles, skipped = expand([tmp_path])
    assert [p.name for p in files] == ["a.txt", "b.txt"] and bundles == [] and skipped == []
