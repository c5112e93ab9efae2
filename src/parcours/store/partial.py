"""Partial reads of a referential version: the rows one job sheet or one job list needs.

A ROME version holds 1,584 jobs, 33,622 competencies, 90,000 requirements and 150,000
provenances: reading it whole takes seconds, and a command that shows one job must not. These
reads select the rows by the indexes of the fact tables (the unique ``(version, part, key)`` of
jobs and competencies, the primary key ``(version, part, fact table, fact id, position)`` of
provenance; a job's activities and requirements by a range of the primary key) and hand them to
``SnapshotReader``, which rebuilds them as a full read does: a partial read gives the same
dataclasses, provenance included.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.orm import Session

from parcours.domain.provenance import Position, Provenance
from parcours.store.chunking import chunks
from parcours.store.models import (
    CertificationActivityRow,
    CertificationBlockRow,
    CertificationCompetencyRow,
    CertificationRow,
    CompetencyRow,
    JobActivityRow,
    JobRow,
    MatrixRecord,
    MatrixRowRecord,
    MobilityRow,
    ProvenanceRow,
    RequirementRow,
    TrainingRow,
    ValidationRuleRow,
    VersionDocumentRow,
    VersionFact,
)
from parcours.store.snapshot import CONTENT, Fact, Loaded, ProvenanceMap, table_of


def read_job_slice(session: Session, version_id: int, key: str) -> Loaded | None:
    """The rows of the job ``key`` (with its activities and requirements), the competencies it
    requires, the moves from or to it, the jobs at their other end (without their activities
    nor requirements) and the version's documents; the provenance of all but those other jobs.
    None when the version has no job ``key``."""
    job = session.execute(
        select(table_of(JobRow)).where(*_content(JobRow, version_id), JobRow.key == key)
    ).first()
    if job is None:
        return None
    activities = _rows(session, JobActivityRow, version_id, JobActivityRow.job_id == job.id)
    requirements = _rows(session, RequirementRow, version_id, RequirementRow.job_id == job.id)
    needed = {row.competency for row in requirements}
    competencies = _rows_with_keys(session, CompetencyRow, version_id, needed)
    moves = _rows(
        session, MobilityRow, version_id, or_(MobilityRow.source == key, MobilityRow.target == key)
    )
    ends = {row.source for row in moves} | {row.target for row in moves}
    others = _rows_with_keys(session, JobRow, version_id, ends - {key})
    rows: dict[type[VersionFact], list[Fact]] = {
        VersionDocumentRow: _rows(session, VersionDocumentRow, version_id, true()),
        JobRow: sorted([job, *others], key=lambda row: row.id),
        JobActivityRow: activities,
        RequirementRow: requirements,
        CompetencyRow: competencies,
        MobilityRow: moves,
    }
    cited = {
        JobRow: [job.id],
        JobActivityRow: [row.id for row in activities],
        RequirementRow: [row.id for row in requirements],
        CompetencyRow: [row.id for row in competencies],
        MobilityRow: [row.id for row in moves],
    }
    return rows, _provenance(session, version_id, cited)


def read_competency_slice(session: Session, version_id: int, key: str) -> Loaded | None:
    """The row of the competency ``key``, the requirements of it, the jobs holding them
    (without their activities nor other requirements) and the version's documents; the
    provenance of the competency and of those requirements. None when the version has no
    competency ``key``."""
    competency = _rows_with_keys(session, CompetencyRow, version_id, [key])
    if not competency:
        return None
    requirements = _rows(session, RequirementRow, version_id, RequirementRow.competency == key)
    holders = sorted({row.job_id for row in requirements})
    jobs = [
        row
        for part in chunks(holders)
        for row in _rows(session, JobRow, version_id, JobRow.id.in_(part))
    ]
    rows: dict[type[VersionFact], list[Fact]] = {
        VersionDocumentRow: _rows(session, VersionDocumentRow, version_id, true()),
        JobRow: sorted(jobs, key=lambda row: row.id),
        RequirementRow: requirements,
        CompetencyRow: competency,
    }
    cited = {
        CompetencyRow: [row.id for row in competency],
        RequirementRow: [row.id for row in requirements],
    }
    return rows, _provenance(session, version_id, cited)


def read_jobs_slice(session: Session, version_id: int, keys: Collection[str]) -> Loaded:
    """The rows of the jobs ``keys`` (with their activities and requirements), the competencies
    they require and the version's matrices, with the provenance of all of them."""
    jobs = _rows_with_keys(session, JobRow, version_id, keys)
    ids = [row.id for row in jobs]
    activities = [
        row
        for part in chunks(ids)
        for row in _rows(session, JobActivityRow, version_id, JobActivityRow.job_id.in_(part))
    ]
    requirements = [
        row
        for part in chunks(ids)
        for row in _rows(session, RequirementRow, version_id, RequirementRow.job_id.in_(part))
    ]
    needed = {row.competency for row in requirements}
    competencies = _rows_with_keys(session, CompetencyRow, version_id, needed)
    matrices = _rows(session, MatrixRecord, version_id, true())
    matrix_rows = _rows(session, MatrixRowRecord, version_id, true())
    rows: dict[type[VersionFact], list[Fact]] = {
        JobRow: jobs,
        JobActivityRow: sorted(activities, key=lambda row: row.id),
        RequirementRow: sorted(requirements, key=lambda row: row.id),
        CompetencyRow: competencies,
        MatrixRecord: matrices,
        MatrixRowRecord: matrix_rows,
    }
    cited = {cls: [row.id for row in found] for cls, found in rows.items()}
    return rows, _provenance(session, version_id, cited)


def read_job_outlines(session: Session, version_id: int) -> Loaded:
    """Every job of the version with its activities, without requirements, competencies nor
    provenance: what a list of jobs, or a search of their titles and activities, reads."""
    rows: dict[type[VersionFact], list[Fact]] = {
        JobRow: _rows(session, JobRow, version_id, true()),
        JobActivityRow: _rows(session, JobActivityRow, version_id, true()),
    }
    return rows, {}


def read_jobs_and_competencies(session: Session, version_id: int) -> Loaded:
    """Every job of the version with its activities and requirements, and every competency,
    without provenance nor the rest (moves, certifications, trainings, matrices): what linking
    two referentials reads (a third of a full read's time on ROME 4.0 is its provenance)."""
    kept = (JobRow, JobActivityRow, RequirementRow, CompetencyRow)
    rows: dict[type[VersionFact], list[Fact]] = {
        cls: _rows(session, cls, version_id, true()) for cls in kept
    }
    return rows, {}


def read_referential_outline(session: Session, version_id: int) -> Loaded:
    """The version without its competencies and requirements (the bulk of a large referential):
    documents, jobs with their activities, moves, certifications, trainings; the first
    provenance of each job and certification only (which document it comes from)."""
    kept = (
        VersionDocumentRow,
        JobRow,
        JobActivityRow,
        MobilityRow,
        CertificationRow,
        CertificationBlockRow,
        CertificationCompetencyRow,
        CertificationActivityRow,
        ValidationRuleRow,
        TrainingRow,
    )
    rows: dict[type[VersionFact], list[Fact]] = {
        cls: _rows(session, cls, version_id, true()) for cls in kept
    }
    table = table_of(ProvenanceRow)
    query = select(table).where(
        table.c.version_id == version_id,
        table.c.part == CONTENT,
        table.c.fact_table.in_([JobRow.__tablename__, CertificationRow.__tablename__]),
        table.c.position == 0,
    )
    provenance: ProvenanceMap = {
        (row.part, row.fact_table, row.fact_id): [
            Provenance(row.document_sha, Position(row.line, row.end_line, row.page), row.confidence)
        ]
        for row in session.execute(query).all()
    }
    return rows, provenance


def _content(cls: type[VersionFact], version_id: int) -> tuple[ColumnElement[bool], ...]:
    return (cls.version_id == version_id, cls.part == CONTENT)


def _rows(
    session: Session, cls: type[VersionFact], version_id: int, condition: ColumnElement[bool]
) -> list[Fact]:
    """The content rows of ``cls`` that meet ``condition``, in write order."""
    table = table_of(cls)
    query = select(table).where(*_content(cls, version_id), condition).order_by(table.c.id)
    return list(session.execute(query).all())


def _rows_with_keys(
    session: Session,
    cls: type[JobRow] | type[CompetencyRow],
    version_id: int,
    keys: Collection[str],
) -> list[Fact]:
    """The content rows of ``cls`` with these keys, in write order."""
    found: list[Fact] = []
    for chunk in chunks(sorted(keys)):
        found += _rows(session, cls, version_id, cls.key.in_(chunk))
    return sorted(found, key=lambda row: row.id)


def _provenance(
    session: Session, version_id: int, cited: dict[type[VersionFact], list[int]]
) -> ProvenanceMap:
    """The provenances of these facts of the content, in their order."""
    table = table_of(ProvenanceRow)
    found: defaultdict[tuple[int, str, int], list[Provenance]] = defaultdict(list)
    for cls, ids in cited.items():
        for chunk in chunks(sorted(set(ids))):
            query = (
                select(table)
                .where(
                    table.c.version_id == version_id,
                    table.c.part == CONTENT,
                    table.c.fact_table == cls.__tablename__,
                    table.c.fact_id.in_(chunk),
                )
                .order_by(table.c.fact_id, table.c.position)
            )
            for row in session.execute(query).all():
                position = Position(row.line, row.end_line, row.page)
                found[(row.part, row.fact_table, row.fact_id)].append(
                    Provenance(row.document_sha, position, row.confidence)
                )
    return dict(found)
