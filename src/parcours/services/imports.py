"""Import documents into versioned referentials.

Every file is parsed first (pure, no database); files that fail are reported and
store nothing. The drafts of the files that parsed are then applied in ONE
transaction: per referential, each document replaces its slot's previous version
(or is added), the parts are merged, and a new version is written only when the
content changed. Re-importing an unchanged document changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from parcours.domain.draft import ImportDraft, ImportWarning
from parcours.domain.errors import DocumentError, ParcoursError
from parcours.domain.referential import Referential
from parcours.ingest import pipeline
from parcours.ingest.limits import DEFAULT_LIMITS as DEFAULT_LIMITS
from parcours.ingest.limits import LimitExceeded as LimitExceeded
from parcours.ingest.limits import Limits as Limits
from parcours.ingest.limits import limits_from as limits_from
from parcours.ingest.limits import too_large as too_large
from parcours.ingest.pipeline import check_bundle_sizes as check_bundle_sizes
from parcours.ingest.pipeline import parse_bundle, parse_document
from parcours.services import semantic
from parcours.services.ports import ImportLogEntry, StoredPart, UnitOfWork, UowFactory
from parcours.services.versions import VersionOutcome as VersionOutcome
from parcours.services.versions import write_version

Progress = Callable[[str], None]


@dataclass(slots=True)
class FileOutcome:
    """What happened to one file of an import command."""

    filename: str
    status: str  # "imported" | "unchanged" | "failed"
    family: str | None = None
    referentials: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[ImportWarning] = field(default_factory=list)
    error: str | None = None
    # A file refused by a limit: "size" (the file itself), "content" (what it unpacks to),
    # "time"; None for any other failure.
    limit: str | None = None


def refused(filename: str, exc: DocumentError) -> FileOutcome:
    """The outcome of a file that could not be imported."""
    limit = exc.kind if isinstance(exc, LimitExceeded) else None
    return FileOutcome(filename, "failed", error=exc.reason, limit=limit)


class ImportRefused(ParcoursError):
    """No file of an upload could be read: each one's outcome says why (HTTP 413 when one was
    too large, else 422)."""

    def __init__(self, outcomes: list[FileOutcome]) -> None:
        named = "; ".join(f"{o.filename} : {o.error}" for o in outcomes)
        super().__init__(f"aucun fichier n'a pu être lu, rien n'est gardé — {named}")
        self.outcomes = outcomes

    @property
    def too_large(self) -> bool:
        return any(o.limit == "size" for o in self.outcomes)


@dataclass(slots=True)
class ImportReport:
    files: list[FileOutcome] = field(default_factory=list)
    versions: list[VersionOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[FileOutcome]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed


def _counts(parts: Iterable[Referential]) -> dict[str, int]:
    totals = {"jobs": 0, "competencies": 0, "mobilities": 0, "certifications": 0, "notes": 0}
    for part in parts:
        totals["jobs"] += len(part.jobs)
        totals["competencies"] += len(part.competencies)
        totals["mobilities"] += len(part.mobilities)
        totals["certifications"] += len(part.certifications)
        totals["notes"] += len(part.notes)
    return totals


def parse_files(
    files: Iterable[tuple[str, bytes]],
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[list[ImportDraft], list[FileOutcome]]:
    """Parse every file; returns the drafts and one outcome per file (failures included: a
    file past a limit, or that no reader can read, is refused alone)."""
    drafts: list[ImportDraft] = []
    outcomes: list[FileOutcome] = []
    for filename, data in files:
        if progress:
            progress(filename)
        try:
            draft = parse_document(data, filename, limits)
        except DocumentError as exc:
            outcomes.append(refused(filename, exc))
            continue
        drafts.append(draft)
        outcomes.append(_pending(draft))
    return drafts, outcomes


def parse_bundles(
    bundles: Iterable[tuple[str, Mapping[str, bytes]]],
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[list[ImportDraft], list[FileOutcome]]:
    """Parse every bundle (a folder's files forming one document) as one file; ``progress``
    is called with "<folder>/<file>" as each member file is read."""
    drafts: list[ImportDraft] = []
    outcomes: list[FileOutcome] = []
    for name, members in bundles:
        try:
            draft = parse_bundle(name, members, progress, limits)
        except DocumentError as exc:
            outcomes.append(refused(name, exc))
            continue
        drafts.append(draft)
        outcomes.append(_pending(draft))
    return drafts, outcomes


def bundle_members(names: Iterable[str]) -> list[str]:
    """The files of a folder (given by their names) that form ONE document, a bundle such as
    the ROME export, in reading order; [] when the folder is not a bundle."""
    return pipeline.bundle_members(names)


def _pending(draft: ImportDraft) -> FileOutcome:
    return FileOutcome(
        draft.document.filename,
        "pending",
        family=draft.document.family.value,
        referentials=[p.name for p in draft.parts],
        counts=_counts(draft.parts),
        warnings=list(draft.warnings),
    )


def _apply(current: list[StoredPart], new: list[StoredPart]) -> tuple[list[StoredPart], set[str]]:
    """Replace or append parts by slot; returns the parts and the slots that changed."""
    parts = list(current)
    changed: set[str] = set()
    for part in new:
        index = next((i for i, p in enumerate(parts) if p.slot == part.slot), None)
        if index is None:
            parts.append(part)
            changed.add(part.slot)
        elif parts[index].document.sha256 != part.document.sha256:
            parts[index] = part
            changed.add(part.slot)
    return parts, changed


def import_documents(
    uow_factory: UowFactory,
    files: Iterable[tuple[str, bytes]],
    *,
    bundles: Iterable[tuple[str, Mapping[str, bytes]]] = (),
    referential: str | None = None,
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ImportReport:
    """Import files and bundles (folder name, bytes by file name: one document each);
    ``referential`` overrides the referential name the importers propose; every file is read
    within ``limits`` (a file past one is refused alone)."""
    drafts, outcomes = parse_files(files, progress, limits)
    bundle_drafts, bundle_outcomes = parse_bundles(bundles, progress, limits)
    drafts += bundle_drafts
    outcomes += bundle_outcomes
    report = ImportReport(files=outcomes)
    by_file = {o.filename: o for o in outcomes}

    incoming: dict[str, list[StoredPart]] = {}
    for draft in drafts:
        names: list[str] = []
        for part in draft.parts:
            part.name = referential or part.name
            names.append(part.name)
            incoming.setdefault(part.name, []).append(
                StoredPart(slot=draft.document.filename, document=draft.document, content=part)
            )
        by_file[draft.document.filename].referentials = names

    changed_files: set[str] = set()
    ahead = [part.content for parts in incoming.values() for part in parts]
    with uow_factory() as uow:
        if incoming:
            # One import writes at a time: a second one waits the busy timeout, then is told
            # another import is running (BusyError) instead of failing on a duplicate version.
            uow.exclusive("import")
        # The encoder reads the new texts on its own thread while the versions are written,
        # once this import holds the lock (a second import never starts encoding).
        with semantic.encoding_ahead(uow_factory, ahead):
            changed_files |= _write(uow, drafts, incoming, report)
        uow.commit()

    for outcome in outcomes:
        if outcome.status == "pending":
            outcome.status = "imported" if outcome.filename in changed_files else "unchanged"
    _log(uow_factory, report, drafts)
    return report


def _write(
    uow: UnitOfWork,
    drafts: list[ImportDraft],
    incoming: dict[str, list[StoredPart]],
    report: ImportReport,
) -> set[str]:
    """Write the new version of each referential the documents change; the files changed."""
    changed_files: set[str] = set()
    for draft in drafts:  # the text each source quotes, kept once per document
        uow.texts.add_text(draft.document.sha256, draft.lines)
    for name, new_parts in incoming.items():
        known = uow.referentials.document_slots(name)
        if all(known.get(p.slot) == p.document.sha256 for p in new_parts):
            continue  # every document is already there, unchanged: skip loading the parts
        current_parts = uow.referentials.get_parts(name)
        parts, changed = _apply(current_parts, new_parts)
        if not changed:
            continue
        written = write_version(
            uow,
            name,
            parts,
            current=uow.referentials.get(name),
            floor=max((p.content.version for p in new_parts), default=0),
        )
        assert written is not None
        report.versions.append(written)
        changed_files |= changed
    return changed_files


def _log(uow_factory: UowFactory, report: ImportReport, drafts: list[ImportDraft]) -> None:
    """Keep a trace of every attempt, failures included, in a transaction of its own."""
    shas = {d.document.filename: d.document.sha256 for d in drafts}
    versions = {v.name: v.version for v in report.versions}
    with uow_factory() as uow:
        for outcome in report.files:
            name = outcome.referentials[0] if outcome.referentials else None
            uow.referentials.log_import(
                ImportLogEntry(
                    filename=outcome.filename,
                    sha256=shas.get(outcome.filename),
                    family=outcome.family,
                    referential=name,
                    status=outcome.status,
                    version=versions.get(name) if name and outcome.status == "imported" else None,
                    message=outcome.error or "",
                    warnings=[str(w) for w in outcome.warnings],
                )
            )
        uow.commit()
