"""The referential repository: versioned snapshots in, domain objects out.

Nothing outside ``parcours.store`` sees a row class: the repository takes and returns the
domain dataclasses and the value types of ``parcours.services.ports`` (the store implements
the ``ReferentialStore`` port; its value types are re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Insert, func, insert, select
from sqlalchemy.orm import Session

from parcours.domain.cartography import MapMember, MapRole, default_role
from parcours.domain.competency import Competency, CompetencyKind
from parcours.domain.errors import NotFoundError
from parcours.domain.job import Job
from parcours.domain.provenance import DocumentFamily, SourceDocument
from parcours.domain.referential import Referential
from parcours.services.ports import ImportLogEntry, ReferentialSummary, StoredPart, VersionInfo
from parcours.store.chunking import chunks
from parcours.store.models import (
    CertificationRow,
    CompetencyRow,
    ImportLogRow,
    JobRow,
    MobilityRow,
    ReferentialRow,
    RequirementRow,
    SourceDocumentRow,
    VersionDocumentRow,
    VersionFact,
    VersionPartRow,
    VersionRow,
    utcnow,
)
from parcours.store.partial import (
    read_competency_slice,
    read_job_outlines,
    read_job_slice,
    read_jobs_and_competencies,
    read_jobs_slice,
    read_referential_outline,
)
from parcours.store.snapshot import (
    CONTENT,
    Loaded,
    SnapshotReader,
    SnapshotWriter,
    check_keys,
    table_of,
)

__all__ = [
    "ImportLogEntry",
    "ImportStatus",
    "ReferentialRepository",
    "ReferentialSummary",
    "StoredPart",
    "VersionInfo",
    "VersionStatus",
]


class VersionStatus(StrEnum):
    PUBLISHED = "published"
    DRAFT = "draft"


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    UNCHANGED = "unchanged"
    FAILED = "failed"


# Keys per IN (...) list when reading a few jobs: far below SQLite's and PostgreSQL's limits.
_KEYS_PER_QUERY = 500


class ReferentialRepository:
    """Reads and writes referential versions through one SQLAlchemy session.

    The repository never commits: the unit of work owning the session does.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- referential versions -------------------------------------------------------------

    def get(self, name: str, version: int | None = None) -> Referential | None:
        """The referential at ``version`` (the latest one, drafts included, when None)."""
        row = self._version_row(name, version)
        if row is None:
            return None
        return SnapshotReader(self.session, row.id).read_into(_referential(row, name))

    def job_summaries(self, name: str, keys: Collection[str]) -> dict[str, Job]:
        """These jobs of the latest version, from the job table alone (one query per 500
        keys): a crosswalk to ROME shows a fiche's code and title without reading ROME."""
        row = self._version_row(name, None)
        if row is None or not keys:
            return {}
        out: dict[str, Job] = {}
        wanted = sorted(set(keys))
        for start in range(0, len(wanted), _KEYS_PER_QUERY):
            query = select(JobRow).where(
                JobRow.version_id == row.id,
                JobRow.part == CONTENT,
                JobRow.key.in_(wanted[start : start + _KEYS_PER_QUERY]),
            )
            for job in self.session.scalars(query):
                out[job.key] = Job(
                    key=job.key,
                    title=job.title,
                    grade=job.grade,
                    family=job.family,
                    filiere=job.filiere,
                    metier=job.metier,
                    url=job.url,
                    has_sheet=job.has_sheet,
                    code=job.code,
                )
        return out

    def job_headers(self, name: str, version: int, keys: Collection[str]) -> dict[str, Job]:
        row = self._version_row(name, version)
        out: dict[str, Job] = {}
        if row is None:
            return out
        for part in chunks(sorted(set(keys))):
            query = select(JobRow).where(
                JobRow.version_id == row.id, JobRow.part == CONTENT, JobRow.key.in_(part)
            )
            out.update((job.key, _job_header(job)) for job in self.session.scalars(query))
        return out

    def jobs_by_code(self, name: str, code: str) -> list[Job]:
        row = self._version_row(name, None)
        if row is None or not code:
            return []
        query = select(JobRow).where(
            JobRow.version_id == row.id,
            JobRow.part == CONTENT,
            func.lower(JobRow.code) == code.lower(),
        )
        return [_job_header(job) for job in self.session.scalars(query.order_by(JobRow.id))]

    def competency_labels(
        self, name: str, version: int, keys: Collection[str] | None
    ) -> dict[str, Competency]:
        row = self._version_row(name, version)
        out: dict[str, Competency] = {}
        if row is None:
            return out
        columns = select(
            CompetencyRow.key,
            CompetencyRow.label,
            CompetencyRow.kind,
            CompetencyRow.category,
            CompetencyRow.domain,
        ).where(CompetencyRow.version_id == row.id, CompetencyRow.part == CONTENT)
        queries = (
            [columns.order_by(CompetencyRow.id)]
            if keys is None
            else [columns.where(CompetencyRow.key.in_(part)) for part in chunks(sorted(set(keys)))]
        )
        for query in queries:
            for key, label, kind, category, domain in self.session.execute(query):
                out[key] = Competency(key, label, CompetencyKind(kind), category, domain)
        return out

    def requirement_counts(self, name: str, version: int) -> dict[str, int]:
        row = self._version_row(name, version)
        if row is None:
            return {}
        query = (
            select(RequirementRow.competency, func.count())
            .where(RequirementRow.version_id == row.id, RequirementRow.part == CONTENT)
            .group_by(RequirementRow.competency)
        )
        return {key: int(count) for key, count in self.session.execute(query)}

    def job_slice(self, name: str, key: str) -> Referential | None:
        """The latest version reduced to the job ``key`` (see the port); None when the
        referential or the job is unknown. A few indexed queries (store/partial.py)."""
        return self._partial(name, lambda version_id: read_job_slice(self.session, version_id, key))

    def competency_slice(self, name: str, key: str) -> Referential | None:
        """The latest version reduced to the competency ``key`` and the jobs requiring it (see
        the port); None when the referential or the competency is unknown."""
        return self._partial(
            name, lambda version_id: read_competency_slice(self.session, version_id, key)
        )

    def jobs_slice(self, name: str, keys: Collection[str]) -> Referential | None:
        """The latest version's jobs ``keys`` whole, the competencies they require and its
        matrices (see the port); None when the referential is unknown."""
        return self._partial(
            name, lambda version_id: read_jobs_slice(self.session, version_id, keys)
        )

    def job_outlines(self, name: str) -> Referential | None:
        """The latest version\x27s jobs and their activities only (see the port); None when
        the referential is unknown."""
        return self._partial(name, lambda version_id: read_job_outlines(self.session, version_id))

    def jobs_and_competencies(self, name: str) -> Referential | None:
        """The latest version's jobs (activities, requirements) and competencies, without
        provenance nor the rest (see the port); None when the referential is unknown."""
        return self._partial(
            name, lambda version_id: read_jobs_and_competencies(self.session, version_id)
        )

    def referential_outline(self, name: str) -> Referential | None:
        """The latest version without competencies nor requirements (see the port); None
        when the referential is unknown."""
        return self._partial(
            name, lambda version_id: read_referential_outline(self.session, version_id)
        )

    def _partial(self, name: str, read: Callable[[int], Loaded | None]) -> Referential | None:
        """The latest version of ``name`` rebuilt from the rows ``read`` selects (store/partial.py)
        as a full read would build them; None when the referential or what is asked is unknown."""
        row = self._version_row(name, None)
        if row is None:
            return None
        loaded = read(row.id)
        if loaded is None:
            return None
        return SnapshotReader(self.session, row.id, loaded=loaded).read_into(
            _referential(row, name)
        )

    def get_parts(self, name: str, version: int | None = None) -> list[StoredPart]:
        """The parts the version was stored with, in order; empty when none were given."""
        row = self._version_row(name, version)
        if row is None:
            return []
        query = (
            select(VersionPartRow)
            .where(VersionPartRow.version_id == row.id)
            .order_by(VersionPartRow.part)
        )
        headers = self.session.scalars(query).all()
        if not headers:
            return []
        reader = SnapshotReader(self.session, row.id, parts=True)
        return [
            StoredPart(
                slot=header.slot,
                document=_source_document(header),
                content=reader.read_into(_part_referential(header), header.part),
            )
            for header in headers
        ]

    def document_slots(self, name: str) -> dict[str, str]:
        """Slot -> sha256 of the documents the latest version was made of (cheap: no facts)."""
        row = self._version_row(name, None)
        if row is None:
            return {}
        query = select(VersionPartRow.slot, VersionPartRow.sha256).where(
            VersionPartRow.version_id == row.id
        )
        return {slot: sha for slot, sha in self.session.execute(query).all()}

    def add_version(
        self,
        referential: Referential,
        *,
        parts: Sequence[StoredPart] | None = None,
        summary: str | None = None,
        status: VersionStatus | str = VersionStatus.PUBLISHED,
    ) -> int:
        """Store ``referential`` (and the parts it was merged from) as a new version.

        Returns the version number: the latest plus one, or ``referential.version`` when that
        is greater (a version imported from an export keeps its number). The arguments are
        not changed. Raises ``ValueError`` for an unknown status or a referential whose dict
        keys differ from its items' keys; nothing is written then.
        """
        status = VersionStatus(status)
        parts = list(parts or [])
        for content in [referential, *(part.content for part in parts)]:
            check_keys(content)
        now = utcnow()
        parent = self._referential_row(referential, now)
        number = max(referential.version, self._latest_number(parent.id) + 1)
        version = VersionRow(
            referential_id=parent.id,
            number=number,
            created_at=now,
            summary=summary,
            status=status.value,
            organisation=referential.organisation,
            description=referential.description,
        )
        self.session.add(version)
        self.session.flush()
        self._register_documents(_documents(referential, parts), now)
        self._write(version.id, referential, parts)
        return number

    def latest_versions(self) -> dict[str, int]:
        query = (
            select(ReferentialRow.name, func.max(VersionRow.number))
            .join(VersionRow, VersionRow.referential_id == ReferentialRow.id)
            .group_by(ReferentialRow.name)
            .order_by(ReferentialRow.name)
        )
        return {name: number for name, number in self.session.execute(query).all()}

    def list_referentials(self) -> list[ReferentialSummary]:
        """Every referential with the size of its latest version, by name."""
        latest = (
            select(VersionRow.referential_id, func.max(VersionRow.number).label("number"))
            .group_by(VersionRow.referential_id)
            .subquery()
        )
        query = (
            select(ReferentialRow.name, VersionRow)
            .join(VersionRow, VersionRow.referential_id == ReferentialRow.id)
            .join(
                latest,
                (latest.c.referential_id == VersionRow.referential_id)
                & (latest.c.number == VersionRow.number),
            )
            .order_by(ReferentialRow.name)
        )
        rows = self.session.execute(query).all()
        ids = [version.id for _, version in rows]
        jobs, competencies, mobilities, certifications = (
            self._count_by_version(cls, ids)
            for cls in (JobRow, CompetencyRow, MobilityRow, CertificationRow)
        )
        return [
            ReferentialSummary(
                name=name,
                organisation=version.organisation,
                version=version.number,
                jobs=jobs.get(version.id, 0),
                competencies=competencies.get(version.id, 0),
                mobilities=mobilities.get(version.id, 0),
                certifications=certifications.get(version.id, 0),
                updated_at=version.created_at,
            )
            for name, version in rows
        ]

    def map_members(self) -> list[MapMember]:
        """Every referential's place in the map: HR's declaration, else the default of the
        families of its latest version's documents."""
        latest = (
            select(VersionRow.referential_id, func.max(VersionRow.number).label("number"))
            .group_by(VersionRow.referential_id)
            .subquery()
        )
        families = (
            select(ReferentialRow.name, VersionDocumentRow.family)
            .join(VersionRow, VersionRow.referential_id == ReferentialRow.id)
            .join(
                latest,
                (latest.c.referential_id == VersionRow.referential_id)
                & (latest.c.number == VersionRow.number),
            )
            .join(VersionDocumentRow, VersionDocumentRow.version_id == VersionRow.id)
            .where(VersionDocumentRow.part == CONTENT)
        )
        found: dict[str, set[str]] = {}
        for name, family in self.session.execute(families).all():
            found.setdefault(name, set()).add(family)
        out: list[MapMember] = []
        for row in self.session.scalars(select(ReferentialRow).order_by(ReferentialRow.name)):
            if row.map_role is not None:
                out.append(
                    MapMember(row.name, MapRole(row.map_role), row.map_role_by, row.map_role_at)
                )
            else:
                out.append(MapMember(row.name, default_role(found.get(row.name, set()))))
        return out

    def set_map_role(self, name: str, role: MapRole | None, *, by: str, at: datetime) -> None:
        """HR's declaration of a referential's role (None: back to the default)."""
        row = self.session.scalar(select(ReferentialRow).where(ReferentialRow.name == name))
        if row is None:
            raise NotFoundError(f"référentiel inconnu : « {name} »")
        row.map_role = role.value if role is not None else None
        row.map_role_by = by if role is not None else None
        row.map_role_at = at if role is not None else None
        self.session.flush()

    def list_versions(self, name: str) -> list[VersionInfo]:
        """The versions of ``name``, oldest first; empty when the referential is unknown.

        ``documents`` counts the document slots of the version's content.
        """
        documents = (
            select(func.count())
            .where(
                VersionDocumentRow.version_id == VersionRow.id,
                VersionDocumentRow.part == CONTENT,
            )
            .correlate(VersionRow)
            .scalar_subquery()
        )
        query = (
            select(VersionRow, documents)
            .join(ReferentialRow, VersionRow.referential_id == ReferentialRow.id)
            .where(ReferentialRow.name == name)
            .order_by(VersionRow.number)
        )
        return [
            VersionInfo(
                number=row.number,
                created_at=row.created_at,
                summary=row.summary,
                status=row.status,
                documents=count,
            )
            for row, count in self.session.execute(query).all()
        ]

    def find_document(self, sha256: str) -> SourceDocument | None:
        """The document with these bytes, as it was first stored."""
        row = self.session.get(SourceDocumentRow, sha256)
        return _source_document(row) if row is not None else None

    # --- import history -------------------------------------------------------------------

    def log_import(self, entry: ImportLogEntry) -> None:
        """Record an import attempt (``at`` defaults to now); the caller commits it."""
        self.session.add(
            ImportLogRow(
                at=entry.at or utcnow(),
                filename=entry.filename,
                sha256=entry.sha256,
                family=entry.family,
                referential=entry.referential,
                status=ImportStatus(entry.status).value,
                version=entry.version,
                message=entry.message,
                warnings=list(entry.warnings),
            )
        )
        self.session.flush()

    def list_imports(self, limit: int = 50) -> list[ImportLogEntry]:
        """The latest import attempts, newest first."""
        query = (
            select(ImportLogRow)
            .order_by(ImportLogRow.at.desc(), ImportLogRow.id.desc())
            .limit(limit)
        )
        return [
            ImportLogEntry(
                filename=row.filename,
                sha256=row.sha256,
                family=row.family,
                referential=row.referential,
                status=row.status,
                version=row.version,
                message=row.message or "",
                warnings=[str(warning) for warning in row.warnings],
                at=row.at,
            )
            for row in self.session.scalars(query)
        ]

    # --- helpers ----------------------------------------------------------------------------

    def _version_row(self, name: str, number: int | None) -> VersionRow | None:
        query = (
            select(VersionRow)
            .join(ReferentialRow, VersionRow.referential_id == ReferentialRow.id)
            .where(ReferentialRow.name == name)
        )
        if number is None:
            query = query.order_by(VersionRow.number.desc()).limit(1)
        else:
            query = query.where(VersionRow.number == number)
        return self.session.scalars(query).first()

    def _referential_row(self, referential: Referential, now: datetime) -> ReferentialRow:
        """The referential's row, created if new; it mirrors the version being written."""
        row = self.session.scalars(
            select(ReferentialRow).where(ReferentialRow.name == referential.name)
        ).first()
        if row is None:
            row = ReferentialRow(name=referential.name, created_at=now)
            self.session.add(row)
        row.organisation = referential.organisation
        row.description = referential.description
        self.session.flush()
        return row

    def _latest_number(self, referential_id: int) -> int:
        query = select(func.max(VersionRow.number)).where(
            VersionRow.referential_id == referential_id
        )
        return self.session.scalar(query) or 0

    def _write(self, version_id: int, referential: Referential, parts: list[StoredPart]) -> None:
        writer = SnapshotWriter(version_id)
        writer.write(referential)
        headers: list[dict[str, Any]] = []
        for number, part in enumerate(parts, start=CONTENT + 1):
            writer.write(part.content, number)
            headers.append(_part_values(version_id, number, part))
        if headers:
            self.session.execute(insert(table_of(VersionPartRow)), headers)
        writer.flush(self.session)

    def _register_documents(self, documents: Iterable[SourceDocument], now: datetime) -> None:
        """Add the documents not stored yet; a document already known keeps its first record."""
        unique: dict[str, SourceDocument] = {}
        for document in documents:
            unique.setdefault(document.sha256, document)
        if not unique:
            return
        rows = [
            {
                "sha256": document.sha256,
                "filename": document.filename,
                "format": document.format,
                "family": document.family.value,
                "size": document.size,
                "first_seen_at": now,
            }
            for document in unique.values()
        ]
        self.session.execute(self._insert_ignoring_duplicates(SourceDocumentRow), rows)

    def _insert_ignoring_duplicates(self, cls: type[Any]) -> Insert:
        # Two imports of the same new document may race: the second must not fail on it.
        table = table_of(cls)
        dialect = self.session.get_bind().dialect.name
        # Imported here: the PostgreSQL dialect's modules cost a SQLite command its start-up.
        from sqlalchemy.dialects import postgresql, sqlite

        if dialect == "postgresql":
            return postgresql.insert(table).on_conflict_do_nothing()
        if dialect == "sqlite":
            return sqlite.insert(table).on_conflict_do_nothing()
        return insert(table)

    def _count_by_version(self, cls: type[VersionFact], ids: list[int]) -> dict[int, int]:
        if not ids:
            return {}
        query = (
            select(cls.version_id, func.count())
            .where(cls.version_id.in_(ids), cls.part == CONTENT)
            .group_by(cls.version_id)
        )
        return {version_id: count for version_id, count in self.session.execute(query).all()}


def _documents(referential: Referential, parts: list[StoredPart]) -> list[SourceDocument]:
    """Every document a version cites: its own, and each part's document and documents."""
    found = list(referential.documents.values())
    for part in parts:
        found.append(part.document)
        found.extend(part.content.documents.values())
    return found


def _source_document(row: SourceDocumentRow | VersionPartRow) -> SourceDocument:
    return SourceDocument(
        sha256=row.sha256,
        filename=row.filename,
        format=row.format,
        family=DocumentFamily(row.family),
        size=row.size,
    )


def _part_values(version_id: int, number: int, part: StoredPart) -> dict[str, Any]:
    return {
        "version_id": version_id,
        "part": number,
        "slot": part.slot,
        "sha256": part.document.sha256,
        "filename": part.document.filename,
        "format": part.document.format,
        "family": part.document.family.value,
        "size": part.document.size,
        "name": part.content.name,
        "organisation": part.content.organisation,
        "description": part.content.description,
        "content_version": part.content.version,
    }


def _job_header(job: JobRow) -> Job:
    """A job from its row of the job table alone (no activities, requirements nor provenance)."""
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
        reporting_line=job.reporting_line,
        workplace=job.workplace,
        headcount=job.headcount,
        employer=job.employer,
        environment=job.environment,
        url=job.url,
        has_sheet=job.has_sheet,
        code=job.code,
    )


def _referential(row: VersionRow, name: str) -> Referential:
    """An empty referential named and numbered as the version ``row``."""
    return Referential(
        name=name, organisation=row.organisation, description=row.description, version=row.number
    )


def _part_referential(header: VersionPartRow) -> Referential:
    return Referential(
        name=header.name,
        organisation=header.organisation,
        description=header.description,
        version=header.content_version,
    )
