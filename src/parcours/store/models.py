"""ORM row classes: the tables of the store, separate from the domain dataclasses.

Design
------
Each referential version is a **full snapshot**: a ``referential_version`` row, and every fact
row carries its ``version_id``. A version holds its content (``part`` 0) and, when the caller
gives them, the parts it was merged from (``part`` 1, 2 ...: one imported document's
contribution each, described in ``version_part``), kept so that a later import can replace
one document's part and merge again. Parts use the same fact tables as the content.

Fact tables are keyed by ``(version_id, part, id)`` where ``id`` is the row's ordinal within
its part, assigned by the writer in write order (0, 1, 2 ...). So the writer needs no round
trip to learn generated keys (a whole version is bulk-inserted in one statement per table),
``ORDER BY id`` gives lists and dict-keyed content back in the order they were written, and
a child names its parent by ``<parent>_id`` within the same version and part.

Children declare no foreign key to their parent (only to their version, which cascades
deletes): PostgreSQL checks a foreign key row by row, and against a parent table filled in
the same transaction, without statistics yet, it plans a sequential scan per check; 20,000
requirements against 2,000 jobs took 5.7 s instead of 0.6 s. The writer assigns parent and
child ids in one walk, and versions are never updated, so the key would guard nothing.

Lists of plain strings (indicators, details, codes, alternative titles, tasks ...) and the
cells of matrix rows are JSON columns: they are read and written whole, never queried.

Provenance lives in one ``provenance`` table rather than in JSON columns: a fact is named by
``(part, fact_table, fact_id)`` within its version and its provenances keep their order
through ``position``. The table is indexed on ``document_sha``, so "which facts, in which
versions, come from this document" is one indexed query on SQLite and PostgreSQL alike,
where JSON would need dialect-specific functions and a full scan. ``document_sha`` has no
foreign key: a provenance may cite a document that the version does not list.

Free text uses ``Text`` (PostgreSQL enforces ``VARCHAR`` lengths, SQLite does not, so a length
would only fail in production); short codes of known size use ``String(n)``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Dialect,
    Double,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, identical on SQLite and PostgreSQL, so that migrations can name them.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SHA256 = String(64)
ENUM_VALUE = String(32)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every database.

    SQLite has no time zone type and gives naive datetimes back: store naive UTC there and
    mark values read back as UTC, so callers always get aware datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ListJSON(TypeDecorator[list[Any]]):
    """A JSON list that reads the empty list without the JSON decoder.

    Three list values in four of ROME 4.0 are empty (indicators, details); SQLite hands JSON
    back as text, and decoding "[]" through SQLAlchemy and ``json`` took a quarter of reading
    a version whole. PostgreSQL's driver decodes JSON itself: nothing changes there.
    """

    impl = JSON
    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        process = super().result_processor(dialect, coltype)
        if process is None:
            return None

        def read(value: Any) -> Any:
            return [] if value == "[]" else process(value)

        return read


def is_json(kind: object) -> bool:
    """Whether a column's type holds JSON: ``JSON`` itself or ``ListJSON`` (what sweeps for
    personal data and bulk writes look for, so a JSON column of any of the two is included)."""
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return isinstance(kind, JSON)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        datetime: UTCDateTime(),
        float: Double(),
        str: Text(),
        list[str]: ListJSON(),
        list[bool]: ListJSON(),
        list[list[str]]: ListJSON(),
        list[dict[str, Any]]: ListJSON(),
        dict[str, Any]: JSON(),
    }


# --- referentials, versions, documents -----------------------------------------------------


class ReferentialRow(Base):
    """A named referential; ``organisation`` and ``description`` mirror its latest version."""

    __tablename__ = "referential"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    organisation: Mapped[str | None]
    description: Mapped[str | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The referential's place in the organisation's map, when HR declared it (else by default).
    map_role: Mapped[str | None] = mapped_column(String(16))
    map_role_by: Mapped[str | None]
    map_role_at: Mapped[datetime | None]


class VersionRow(Base):
    """One immutable snapshot of a referential; its own organisation and description."""

    __tablename__ = "referential_version"
    __table_args__ = (
        UniqueConstraint("referential_id", "number"),
        CheckConstraint("status IN ('published', 'draft')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referential_id: Mapped[int] = mapped_column(
        ForeignKey("referential.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    summary: Mapped[str | None]
    status: Mapped[str] = mapped_column(String(16))
    organisation: Mapped[str | None]
    description: Mapped[str | None]


class SourceDocumentRow(Base):
    """A document as first seen: the same bytes are stored once, whatever the version."""

    __tablename__ = "source_document"

    sha256: Mapped[str] = mapped_column(SHA256, primary_key=True)
    filename: Mapped[str]
    format: Mapped[str]
    family: Mapped[str] = mapped_column(ENUM_VALUE)
    size: Mapped[int] = mapped_column(BigInteger)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class VersionPartRow(Base):
    """A part of a version: the document it came from and its content's own header.

    ``part`` starts at 1 (0 is the version's content); the part's facts are the fact rows
    of the version with this ``part``.
    """

    __tablename__ = "version_part"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("referential_version.id", ondelete="CASCADE"), primary_key=True
    )
    part: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    slot: Mapped[str]
    sha256: Mapped[str] = mapped_column(SHA256, ForeignKey("source_document.sha256"), index=True)
    filename: Mapped[str]
    format: Mapped[str]
    family: Mapped[str] = mapped_column(ENUM_VALUE)
    size: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str]
    organisation: Mapped[str | None]
    description: Mapped[str | None]
    content_version: Mapped[int]


class VersionFact(Base):
    """Columns shared by every row of a snapshot: version, part, ordinal within the part."""

    __abstract__ = True

    # sort_order puts the key first in CREATE TABLE; mixin columns would otherwise come last.
    version_id: Mapped[int] = mapped_column(
        ForeignKey("referential_version.id", ondelete="CASCADE"), primary_key=True, sort_order=-3
    )
    part: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, sort_order=-2)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, sort_order=-1)


class VersionDocumentRow(VersionFact):
    """A document slot of a version, with the document exactly as the version received it.

    The file name, format, family and size are repeated here because the same bytes may
    arrive under another name; ``source_document`` keeps the first description only.
    """

    __tablename__ = "version_document"
    __table_args__ = (UniqueConstraint("version_id", "part", "slot"),)

    slot: Mapped[str]
    sha256: Mapped[str] = mapped_column(SHA256, ForeignKey("source_document.sha256"), index=True)
    filename: Mapped[str]
    format: Mapped[str]
    family: Mapped[str] = mapped_column(ENUM_VALUE)
    size: Mapped[int] = mapped_column(BigInteger)


# --- jobs and competencies -----------------------------------------------------------------


class JobRow(VersionFact):
    __tablename__ = "job"
    __table_args__ = (UniqueConstraint("version_id", "part", "key"),)

    key: Mapped[str]
    title: Mapped[str]
    grade: Mapped[str | None]
    classification: Mapped[str | None]
    level: Mapped[str | None]
    family: Mapped[str | None]
    filiere: Mapped[str | None]
    metier: Mapped[str | None]
    purpose: Mapped[list[str]]
    alt_titles: Mapped[list[str]]
    access_conditions: Mapped[list[str]]
    reporting_line: Mapped[str | None]
    workplace: Mapped[str | None]
    headcount: Mapped[str | None]
    employer: Mapped[str | None]
    environment: Mapped[str | None]
    url: Mapped[str | None]
    has_sheet: Mapped[bool]
    code: Mapped[str | None] = mapped_column(index=True)


class JobActivityRow(VersionFact):
    """An activity of the job ``job_id`` (the job row's id in the same version and part)."""

    __tablename__ = "job_activity"
    # A job's sheet reads its activities alone (migration 0018_fact_indexes).
    __table_args__ = (Index("ix_job_activity_job", "version_id", "part", "job_id"),)

    job_id: Mapped[int]
    label: Mapped[str]
    domain: Mapped[str | None]
    code: Mapped[str | None]


class RequirementRow(VersionFact):
    """A job needs a competency, named by its key (not a foreign key: the domain allows it)."""

    __tablename__ = "requirement"
    # A job's sheet and a competency's page read their requirements alone (migration 0018).
    __table_args__ = (
        Index("ix_requirement_job", "version_id", "part", "job_id"),
        Index("ix_requirement_competency", "version_id", "part", "competency"),
    )

    job_id: Mapped[int]
    competency: Mapped[str]
    importance: Mapped[str] = mapped_column(ENUM_VALUE)
    level: Mapped[int | None]
    # What the document says about the competency for this job (migration 0010).
    details: Mapped[list[str]] = mapped_column(server_default=text("'[]'"))


class CompetencyRow(VersionFact):
    __tablename__ = "competency"
    __table_args__ = (UniqueConstraint("version_id", "part", "key"),)

    key: Mapped[str]
    label: Mapped[str]
    kind: Mapped[str] = mapped_column(ENUM_VALUE)
    category: Mapped[str | None]
    domain: Mapped[str | None]
    definition: Mapped[str | None]
    indicators: Mapped[list[str]]
    details: Mapped[list[str]]
    codes: Mapped[list[str]]


class MobilityRow(VersionFact):
    """A move between two job keys of the version (keys, not foreign keys, as in the domain)."""

    __tablename__ = "mobility"

    source: Mapped[str]
    target: Mapped[str]
    kind: Mapped[str] = mapped_column(ENUM_VALUE)
    origin: Mapped[str] = mapped_column(ENUM_VALUE)


# --- certifications ------------------------------------------------------------------------


class CertificationRow(VersionFact):
    __tablename__ = "certification"
    __table_args__ = (UniqueConstraint("version_id", "part", "key"),)

    key: Mapped[str]
    title: Mapped[str]
    level: Mapped[str | None]


class CertificationBlockRow(VersionFact):
    """A block of the certification ``certification_id``; its competencies point at it."""

    __tablename__ = "certification_block"

    certification_id: Mapped[int]
    code: Mapped[str]
    title: Mapped[str]


class CertificationCompetencyRow(VersionFact):
    __tablename__ = "certification_competency"

    block_id: Mapped[int]
    code: Mapped[str]
    label: Mapped[str]
    block_code: Mapped[str | None]
    activity_codes: Mapped[list[str]]
    modalities: Mapped[list[str]]
    criteria: Mapped[list[str]]


class CertificationActivityRow(VersionFact):
    __tablename__ = "certification_activity"

    certification_id: Mapped[int]
    code: Mapped[str]
    title: Mapped[str]
    tasks: Mapped[list[str]]


class ValidationRuleRow(VersionFact):
    __tablename__ = "validation_rule"

    certification_id: Mapped[int]
    kind: Mapped[str] = mapped_column(ENUM_VALUE)
    text: Mapped[str]
    threshold: Mapped[float | None]
    competency_codes: Mapped[list[str]]


# --- trainings, matrices, notes ------------------------------------------------------------


class TrainingRow(VersionFact):
    """A training; ``transitions`` is a JSON list of ``[source, target]`` job-key pairs."""

    __tablename__ = "training"
    __table_args__ = (UniqueConstraint("version_id", "part", "key"),)

    key: Mapped[str]
    title: Mapped[str]
    duration: Mapped[str | None]
    validation: Mapped[str | None]
    competencies: Mapped[list[str]]
    transitions: Mapped[list[list[str]]]


class MatrixRecord(VersionFact):
    __tablename__ = "matrix"

    key: Mapped[str]
    title: Mapped[str]
    item_kind: Mapped[str]
    columns: Mapped[list[str]]
    headers: Mapped[list[str]]


class MatrixRowRecord(VersionFact):
    """A row of a matrix; ``group`` is a reserved word in SQL, hence ``group_name``."""

    __tablename__ = "matrix_row"

    matrix_id: Mapped[int]
    label: Mapped[str]
    group_name: Mapped[str | None]
    cells: Mapped[list[bool]]


class NoteRow(VersionFact):
    __tablename__ = "note"

    title: Mapped[str]
    text: Mapped[str]


# --- provenance and import history ---------------------------------------------------------


class ProvenanceRow(Base):
    """One provenance of one fact: ``(part, fact_table, fact_id)`` names the fact in its version."""

    __tablename__ = "provenance"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("referential_version.id", ondelete="CASCADE"), primary_key=True
    )
    part: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    fact_table: Mapped[str] = mapped_column(ENUM_VALUE, primary_key=True)
    fact_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    document_sha: Mapped[str] = mapped_column(SHA256, index=True)
    line: Mapped[int | None]
    end_line: Mapped[int | None]
    page: Mapped[int | None]
    confidence: Mapped[float]


class ImportLogRow(Base):
    """Every import attempt, failures included; written in its own transaction by the caller."""

    __tablename__ = "import_log"
    __table_args__ = (
        CheckConstraint("status IN ('imported', 'unchanged', 'failed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    filename: Mapped[str]
    sha256: Mapped[str | None] = mapped_column(SHA256)
    family: Mapped[str | None] = mapped_column(ENUM_VALUE)
    referential: Mapped[str | None]
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int | None]
    message: Mapped[str | None]
    warnings: Mapped[list[dict[str, Any]]]
