"""The documents `parcours import` reads from the file system, and the report it prints.

Shared by the commands that import (``import``, ``demo``); the services are imported when a
command runs, like everywhere on the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from parcours.cli.common import out
from parcours.domain.errors import DocumentError
from parcours.domain.french import count

if TYPE_CHECKING:
    from parcours.services.imports import FileOutcome, ImportReport, Limits

Bundle = tuple[Path, list[str], str]  # folder, its member files, the document's name


def expand(paths: list[Path]) -> tuple[list[Path], list[Bundle], list[Path]]:
    """The files to import one by one, the folders that form one document each (bundles,
    such as the ROME export: the folder with the names of the files its importer reads), and
    the files left aside because they sit beside a recognised export."""
    files: list[Path] = []
    bundles: list[Bundle] = []
    skipped: list[Path] = []
    for path in paths:
        if path.is_dir():
            _walk(path, files, bundles, skipped)
        else:
            files.append(path)
    return files, bundles, skipped


def _members(folder: Path) -> list[str]:
    from parcours.services.imports import bundle_members

    try:
        return bundle_members(p.name for p in folder.iterdir() if p.is_file())
    except OSError:
        return []


NOTE_SUFFIXES = (".md", ".rst")


def _is_note(path: Path) -> bool:
    """A file of notes beside an export (README, SOURCE.md, licence), not a document."""
    name = path.name.lower()
    return path.suffix.lower() in NOTE_SUFFIXES or name.startswith(("readme", "licen", "lisezmoi"))


def _walk(folder: Path, files: list[Path], bundles: list[Bundle], skipped: list[Path]) -> None:
    from parcours.services.imports import bundle_members

    try:
        entries = sorted(folder.iterdir())
    except OSError:
        files.append(folder)  # reported as unreadable, with the reason
        return
    members = bundle_members(p.name for p in entries if p.is_file())
    if members:
        bundles.append((folder, members, folder.resolve().name))
        return
    # A folder holding an export in a sub-folder (e.g. rome-v344/csv beside its notes and an
    # XML copy): the export is a document; the notes and the other sub-folders are its
    # packaging, set aside; other files beside it are documents as usual. When nothing else is
    # imported, the export is named after this folder (rome-v344 rather than csv).
    inner = [(e, m) for e in entries if e.is_dir() and (m := _members(e))]
    if inner:
        kept = {sub for sub, _ in inner}
        documents = [e for e in entries if e.is_file() and not _is_note(e)]
        for sub, found in inner:
            alone = len(inner) == 1 and not documents
            bundles.append((sub, found, folder.resolve().name if alone else sub.resolve().name))
        files.extend(documents)
        for entry in entries:
            if entry.is_file() and _is_note(entry):
                skipped.append(entry)
            elif entry.is_dir() and entry not in kept:
                skipped.extend(p for p in sorted(entry.rglob("*")) if p.is_file())
        return
    for entry in entries:
        if entry.is_dir():
            _walk(entry, files, bundles, skipped)
        elif entry.is_file():
            files.append(entry)


def read_bundles(
    bundles: list[Bundle], limits: Limits | None = None
) -> tuple[list[tuple[str, dict[str, bytes]]], list[FileOutcome]]:
    """Each bundle's member files' bytes by file name; a failed outcome when one is unreadable
    or the members pass the size limits (checked on the file system, before reading; the
    default limits when None)."""
    from parcours.services.imports import DEFAULT_LIMITS, FileOutcome, check_bundle_sizes, refused

    limits = DEFAULT_LIMITS if limits is None else limits
    loaded: list[tuple[str, dict[str, bytes]]] = []
    failed: list[FileOutcome] = []
    for folder, members, name in bundles:
        try:
            check_bundle_sizes(name, {n: (folder / n).stat().st_size for n in members}, limits)
            loaded.append((name, {n: (folder / n).read_bytes() for n in members}))
        except DocumentError as exc:
            failed.append(refused(str(folder), exc))
        except OSError as exc:
            reason = f"fichier illisible ({exc.filename}: {exc.strerror or exc})"
            failed.append(FileOutcome(str(folder), "failed", error=reason))
    return loaded, failed


def read_files(
    paths: list[Path], limits: Limits | None = None
) -> tuple[list[tuple[str, bytes]], list[FileOutcome]]:
    """The files' bytes, and a failed outcome (with its reason) for each one that can't be read
    or is larger than ``max_file_bytes`` (never read into memory then; the default limits
    when None)."""
    from parcours.services.imports import DEFAULT_LIMITS, FileOutcome, refused, too_large

    limits = DEFAULT_LIMITS if limits is None else limits
    loaded: list[tuple[str, bytes]] = []
    failed: list[FileOutcome] = []
    for path in paths:
        if not path.exists():
            failed.append(FileOutcome(str(path), "failed", error="fichier introuvable"))
            continue
        try:
            size = path.stat().st_size
            if size > limits.max_file_bytes:
                failed.append(refused(str(path), too_large(str(path), size, limits)))
                continue
            # A file that grew since is refused by the pipeline's own size check.
            loaded.append((path.name, path.read_bytes()))
        except OSError as exc:
            reason = f"fichier illisible ({exc.strerror or exc})"
            failed.append(FileOutcome(str(path), "failed", error=reason))
    return loaded, failed


_STATUS = {"imported": "importé", "unchanged": "inchangé", "failed": "ÉCHEC"}
_COUNTS = (
    ("jobs", "postes"),
    ("competencies", "compétences"),
    ("mobilities", "mobilités"),
    ("certifications", "certifications"),
)


def print_report(report: ImportReport) -> None:
    """One line per file (readable in any terminal width), then warnings and new versions."""
    for f in report.files:
        status = _STATUS.get(f.status, f.status)
        if f.status == "failed":
            out.print(f"[red]ÉCHEC {f.filename} : {f.error}[/red]", soft_wrap=True)
            continue
        counts = ", ".join(f"{f.counts.get(k, 0)} {label}" for k, label in _COUNTS)
        out.print(
            f"{status} {f.filename} [{f.family}] → {', '.join(f.referentials)} : {counts}, "
            f"{count(len(f.warnings), 'alerte', 'alertes')}",
            soft_wrap=True,
            markup=False,
        )
    for f in report.files:
        for w in f.warnings:
            out.print(f"alerte {f.filename} {w}", soft_wrap=True, markup=False)
    for v in report.versions:
        out.print(
            f"Référentiel « {v.name} » : version {v.version} ({v.diff.summary()})",
            soft_wrap=True,
            markup=False,
        )
    ok = sum(1 for f in report.files if f.status != "failed")
    out.print(f"{count(ok, 'fichier traité', 'fichiers traités')}, {len(report.failed)} en échec.")
