"""An in-memory unit of work for service tests (cosmicpython style)."""

from __future__ import annotations

import copy
from collections.abc import Collection
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

from parcours.domain.cartography import MapMember, MapRole, default_role
from parcours.domain.competency import Competency
from parcours.domain.errors import NotFoundError
from parcours.domain.job import Job
from parcours.domain.referential import Referential
from parcours.services.ports import (
    ImportLogEntry,
    ReferentialSummary,
    StoredPart,
    VersionInfo,
)
from parcours.services.ports.memory import (
    MemoryAccountStore,
    MemoryAuditStore,
    MemoryCampaignStore,
    MemoryCareerWishStore,
    MemoryCorrectionStore,
    MemoryDocumentTextStore,
    MemoryDraftStore,
    MemoryEmbeddingStore,
    MemoryJuryStore,
    MemoryLinkStore,
    MemoryMobilityModelStore,
    MemoryPeopleStore,
    MemoryRgpdStore,
    MemorySearchStore,
    MemoryTables,
    MemoryThemeStore,
    MemoryTrainingCatalogueStore,
)


class FakeStore:
    def __init__(self) -> None:
        self.versions: dict[str, list[tuple[Referential, list[StoredPart]]]] = {}
        self.log: list[ImportLogEntry] = []
        # When each version was made: stable, as a packed mobility model is kept per version.
        self.created: dict[tuple[str, int], datetime] = {}
        self.roles: dict[str, MapMember] = {}
        # The tables of services/ports/memory.py (people, accounts, corrections, drafts...): a
        # unit of work works on a copy of them and puts it back when it commits.
        self.tables = MemoryTables()

    def get(self, name: str, version: int | None = None) -> Referential | None:
        history = self.versions.get(name, [])
        if not history:
            return None
        found = (
            history[-1]
            if version is None
            else next((ref for ref in history if ref[0].version == version), None)
        )
        return copy.deepcopy(found[0]) if found else None

    def get_parts(self, name: str, version: int | None = None) -> list[StoredPart]:
        history = self.versions.get(name, [])
        return copy.deepcopy(history[-1][1]) if history else []

    def document_slots(self, name: str) -> dict[str, str]:
        return {p.slot: p.document.sha256 for p in self.get_parts(name)}

    def add_version(
        self,
        referential: Referential,
        *,
        parts: list[StoredPart],
        summary: str | None = None,
        status: str = "published",
    ) -> int:
        history = self.versions.setdefault(referential.name, [])
        number = max(referential.version, (history[-1][0].version if history else 0) + 1)
        stored = copy.deepcopy(referential)
        stored.version = number
        history.append((stored, copy.deepcopy(parts)))
        self.created[referential.name, number] = datetime.now(UTC)
        return number

    def list_referentials(self) -> list[ReferentialSummary]:
        return [
            ReferentialSummary(
                name,
                h[-1][0].organisation,
                h[-1][0].version,
                len(h[-1][0].jobs),
                len(h[-1][0].competencies),
                len(h[-1][0].mobilities),
                len(h[-1][0].certifications),
            )
            for name, h in self.versions.items()
        ]

    def list_versions(self, name: str) -> list[VersionInfo]:
        return [
            VersionInfo(
                r.version, self.created[name, r.version], None, "published", len(r.documents)
            )
            for r, _ in self.versions.get(name, [])
        ]

    def job_summaries(self, name: str, keys: Collection[str]) -> dict[str, Job]:
        history = self.versions.get(name)
        if not history:
            return {}
        jobs = history[-1][0].jobs
        return {k: copy.deepcopy(jobs[k]) for k in keys if k in jobs}

    def _version(self, name: str, version: int | None) -> Referential | None:
        history = self.versions.get(name, [])
        if version is None:
            return history[-1][0] if history else None
        return next((ref for ref, _ in history if ref.version == version), None)

    def job_headers(self, name: str, version: int, keys: Collection[str]) -> dict[str, Job]:
        ref = self._version(name, version)
        jobs = ref.jobs if ref is not None else {}
        return {k: _header(jobs[k]) for k in sorted(set(keys)) if k in jobs}

    def jobs_by_code(self, name: str, code: str) -> list[Job]:
        ref = self._version(name, None)
        if ref is None or not code:
            return []
        return [_header(j) for j in ref.jobs.values() if (j.code or "").lower() == code.lower()]

    def competency_labels(
        self, name: str, version: int, keys: Collection[str]
    ) -> dict[str, Competency]:
        ref = self._version(name, version)
        held = ref.competencies if ref is not None else {}
        return {
            k: Competency(k, c.label, c.kind, c.category, c.domain)
            for k in sorted(set(keys))
            if (c := held.get(k)) is not None
        }

    def job_slice(self, name: str, key: str) -> Referential | None:
        ref = self.get(name)
        if ref is None or key not in ref.jobs:
            return None
        # What the SQL store reads: the job, its competencies, its moves and their other ends.
        moves = [m for m in ref.mobilities if key in (m.source, m.target)]
        ends = {m.source for m in moves} | {m.target for m in moves}
        needed = {r.competency for r in ref.jobs[key].requirements}
        ref.jobs = {k: j for k, j in ref.jobs.items() if k == key or k in ends}
        ref.competencies = {k: c for k, c in ref.competencies.items() if k in needed}
        ref.mobilities = moves
        return ref

    def job_outlines(self, name: str) -> Referential | None:
        ref = self.get(name)
        if ref is None:
            return None
        for job in ref.jobs.values():
            job.requirements, job.provenance = [], []
        ref.competencies, ref.mobilities = {}, []
        return ref

    def referential_outline(self, name: str) -> Referential | None:
        ref = self.get(name)
        if ref is None:
            return None
        for job in ref.jobs.values():
            job.requirements, job.provenance = [], job.provenance[:1]
        ref.competencies = {}
        return ref

    def map_members(self) -> list[MapMember]:
        out = []
        for name, history in sorted(self.versions.items()):
            families = {d.family.value for d in history[-1][0].documents.values()}
            out.append(self.roles.get(name) or MapMember(name, default_role(families)))
        return out

    def set_map_role(self, name: str, role: MapRole | None, *, by: str, at: datetime) -> None:
        if name not in self.versions:
            raise NotFoundError(f"référentiel inconnu : « {name} »")
        if role is None:
            self.roles.pop(name, None)
        else:
            self.roles[name] = MapMember(name, role, by, at)

    def log_import(self, entry: ImportLogEntry) -> None:
        self.log.append(entry)

    def list_imports(self, limit: int = 50) -> list[ImportLogEntry]:
        return self.log[-limit:]


def _header(job: Job) -> Job:
    """The job as the SQL job table holds it (as store/repository.py's ``_job_header``)."""
    return Job(
        key=job.key,
        title=job.title,
        grade=job.grade,
        classification=job.classification,
        level=job.level,
        family=job.family,
        filiere=job.filiere,
        metier=job.metier,
        purpose=list(job.purpose),
        alt_titles=list(job.alt_titles),
        access_conditions=list(job.access_conditions),
        url=job.url,
        has_sheet=job.has_sheet,
        code=job.code,
    )


class FakeUnitOfWork:
    """Commits copy the working state to the shared committed state; anything else drops it."""

    def __init__(self, committed: FakeStore) -> None:
        self.committed = committed
        # The tables are copied on their own (MemoryTables.copy: shallow, the rows are frozen).
        self.referentials = copy.deepcopy(committed, {id(committed.tables): committed.tables})
        self.tables = committed.tables.copy()
        self.people = MemoryPeopleStore(self.tables)
        self.accounts = MemoryAccountStore(self.tables)
        self.audit = MemoryAuditStore(self.tables)
        self.campaigns = MemoryCampaignStore(self.tables)
        self.juries = MemoryJuryStore(self.tables)
        self.themes = MemoryThemeStore(self.tables)
        self.trainings = MemoryTrainingCatalogueStore(self.tables)
        self.rgpd = MemoryRgpdStore(self.tables)
        self.careers = MemoryCareerWishStore(self.tables)
        self.search = MemorySearchStore(self.tables)
        self.links = MemoryLinkStore(self.tables)
        self.corrections = MemoryCorrectionStore(self.tables)
        self.texts = MemoryDocumentTextStore(self.tables)
        self.embeddings = MemoryEmbeddingStore(self.tables)
        self.mobility_models = MemoryMobilityModelStore(self.tables)
        self.drafts = MemoryDraftStore(self.tables)
        self.commits = 0

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        tables = self.committed.tables
        self.committed.__dict__.update(
            copy.deepcopy(self.referentials, {id(tables): tables}).__dict__
        )
        tables.restore(self.tables)
        self.commits += 1

    def rollback(self) -> None:
        tables = self.committed.tables
        self.referentials = copy.deepcopy(self.committed, {id(tables): tables})
        self.tables.restore(tables)

    def exclusive(self, name: str, *, wait: float | None = None) -> None:
        """One process, one unit of work at a time: nothing to wait for."""
