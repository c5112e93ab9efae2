"""Conversion of referential content to fact rows and back, one version at a time.

One mapping per content dataclass (``TABLES``): its row class, the column that names its
parent's row when another entity holds it, and the columns named otherwise than their
field. Every other column is the field of the same name, kept as ``domain/fields.py`` reads
its type hint (an enum as its value, a tuple as a list...), so a new field needs its column
and its migration, nothing here.

Writing walks each part of a version once (the content is part 0, see ``models``), numbers
the rows of each table in write order (their ``id``) and bulk-inserts each table in one
statement for the whole version: a snapshot can hold 100,000+ facts, so no ORM object is
built per fact. Reading loads each table in one query, ordered by ``(part, id)``, and
rebuilds the dataclasses.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, get_args, get_origin, get_type_hints

from sqlalchemy import ColumnElement, Row, Table, select
from sqlalchemy.orm import Session

from parcours.domain.certification import (
    Block,
    Certification,
    CertificationActivity,
    CertificationCompetency,
    ValidationRule,
)
from parcours.domain.competency import Competency, Requirement
from parcours.domain.fields import Shape, fields_of
from parcours.domain.job import Activity, Job
from parcours.domain.mobility import Mobility
from parcours.domain.provenance import Position, Provenance, SourceDocument
from parcours.domain.referential import Matrix, MatrixRow, Note, Referential
from parcours.domain.training import Training
from parcours.store.bulk import insert_many, refresh_statistics
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
    NoteRow,
    ProvenanceRow,
    RequirementRow,
    TrainingRow,
    ValidationRuleRow,
    VersionDocumentRow,
    VersionFact,
)

Values = dict[str, Any]
Fact = Row[Any]
# Provenances of facts, by (part, fact table, fact id).
ProvenanceMap = dict[tuple[int, str, int], list[Provenance]]
# Rows of the content read by a partial read, by table, in write order; their provenances.
Loaded = tuple[dict[type[VersionFact], list[Fact]], ProvenanceMap]

# The part that holds a version's own content; its parts are numbered from 1.
CONTENT = 0


@dataclass(frozen=True, slots=True)
class Stored:
    """Where a content dataclass is stored."""

    row: type[VersionFact]
    # The column holding the id of the parent's row, for an entity another one holds.
    parent: str | None = None
    # Fields whose column has another name.
    columns: Mapping[str, str] = field(default_factory=dict)


TABLES: dict[type[Any], Stored] = {
    # A version's documents, without provenance; their slot is the key of
    # ``Referential.documents`` and has its column too (see ``SnapshotWriter.write``).
    SourceDocument: Stored(VersionDocumentRow),
    Job: Stored(JobRow),
    Activity: Stored(JobActivityRow, parent="job_id"),
    Requirement: Stored(RequirementRow, parent="job_id"),
    Competency: Stored(CompetencyRow),
    Mobility: Stored(MobilityRow),
    Certification: Stored(CertificationRow),
    Block: Stored(CertificationBlockRow, parent="certification_id"),
    CertificationCompetency: Stored(CertificationCompetencyRow, parent="block_id"),
    CertificationActivity: Stored(CertificationActivityRow, parent="certification_id"),
    ValidationRule: Stored(ValidationRuleRow, parent="certification_id"),
    Training: Stored(TrainingRow),
    Matrix: Stored(MatrixRecord),
    # ``group`` is a reserved word in SQL.
    MatrixRow: Stored(MatrixRowRecord, parent="matrix_id", columns={"group": "group_name"}),
    Note: Stored(NoteRow),
}

# Every fact table of a snapshot, parents before children.
WRITE_ORDER: tuple[type[VersionFact], ...] = tuple(stored.row for stored in TABLES.values())


def _content_fields() -> tuple[tuple[str, type[Any], bool], ...]:
    """The fields of ``Referential`` that hold facts: (name, dataclass, a dict by key?).

    ``documents`` is left out: it is keyed by slot, and written and read on its own.
    """
    hints = get_type_hints(Referential)
    out: list[tuple[str, type[Any], bool]] = []
    for f in dataclasses.fields(Referential):
        origin, args = get_origin(hints[f.name]), get_args(hints[f.name])
        if f.name != "documents" and origin in (dict, list) and args[-1] in TABLES:
            out.append((f.name, args[-1], origin is dict))
    return tuple(out)


CONTENT_FIELDS = _content_fields()


def check_keys(referential: Referential) -> None:
    """Refuse a referential whose dict keys differ from the keys of their values.

    The store keeps one key per fact; a mismatch would come back changed, so it is an error.
    """
    for name, _, keyed in CONTENT_FIELDS:
        content: Mapping[str, Any] = getattr(referential, name) if keyed else {}
        for key, value in content.items():
            if key != value.key:
                raise ValueError(
                    f"{referential.name} : l'entrée {key!r} de {name} porte la clé {value.key!r}"
                )


def table_of(cls: type[Any]) -> Table:
    """The Core table of a row class, for bulk statements and plain-row reads."""
    table = cls.__table__
    assert isinstance(table, Table)
    return table


# --- the mapping, compiled once per dataclass -----------------------------------------------

Convert = Callable[[Any], Any]


def _pairs_to_column(pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
    return [list(pair) for pair in pairs]


def _pairs_from_column(pairs: Iterable[list[str]]) -> list[tuple[str, ...]]:
    return [tuple(pair) for pair in pairs]


def _tuple_from_column(items: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(items or ())  # rows older than the column hold NULL


def _enum_value(member: Any) -> Any:
    return member.value


@dataclass(frozen=True, slots=True)
class _Plan:
    """How one dataclass becomes a row and back."""

    stored: Stored
    # (field, column, to the column, from the column); None: the value as it is.
    columns: tuple[tuple[str, str, Convert | None, Convert | None], ...]
    children: tuple[tuple[str, type[Any]], ...]
    provenance: bool


def _compile(cls: type[Any]) -> _Plan:
    stored = TABLES[cls]
    columns: list[tuple[str, str, Convert | None, Convert | None]] = []
    children: list[tuple[str, type[Any]]] = []
    provenance = False
    for f in fields_of(cls):
        column = stored.columns.get(f.name, f.name)
        match f.shape:
            case Shape.PROVENANCE:
                provenance = True
            case Shape.CHILDREN:
                children.append((f.name, f.base))
            case Shape.VALUE:
                columns.append((f.name, column, None, None))
            case Shape.ENUM:
                columns.append((f.name, column, _enum_value, f.base))
            case Shape.LIST:
                columns.append((f.name, column, list, list))
            case Shape.TUPLE:
                columns.append((f.name, column, list, _tuple_from_column))
            case Shape.PAIRS:
                columns.append((f.name, column, _pairs_to_column, _pairs_from_column))
    return _Plan(stored, tuple(columns), tuple(children), provenance)


PLANS: dict[type[Any], _Plan] = {cls: _compile(cls) for cls in TABLES}


def _values(entity: Any) -> Values:
    """The columns of one entity, its parent's and its children aside."""
    return {
        column: getattr(entity, name) if to is None else to(getattr(entity, name))
        for name, column, to, _ in PLANS[type(entity)].columns
    }


# --- writing -------------------------------------------------------------------------------


class SnapshotWriter:
    """Collects the rows of one version, part by part, then inserts them table by table."""

    def __init__(self, version_id: int) -> None:
        self.version_id = version_id
        self.rows: dict[type[VersionFact], list[Values]] = {cls: [] for cls in WRITE_ORDER}
        self.provenance: list[Values] = []
        self.part = CONTENT
        self.counts: Counter[tuple[type[VersionFact], int]] = Counter()

    def add(
        self, cls: type[VersionFact], values: Values, provenance: Iterable[Provenance] = ()
    ) -> int:
        """Queue one row of the current part; returns its id (its rank in its table and part)."""
        fact_id = self.counts[(cls, self.part)]
        self.counts[(cls, self.part)] += 1
        keys = {"version_id": self.version_id, "part": self.part, "id": fact_id}
        self.rows[cls].append({**keys, **values})
        fact_table = cls.__tablename__
        for position, item in enumerate(provenance):
            self.provenance.append(
                {
                    "version_id": self.version_id,
                    "part": self.part,
                    "fact_table": fact_table,
                    "fact_id": fact_id,
                    "position": position,
                    "document_sha": item.document,
                    "line": item.position.line,
                    "end_line": item.position.end_line,
                    "page": item.position.page,
                    "confidence": item.confidence,
                }
            )
        return fact_id

    def write(self, referential: Referential, part: int = CONTENT) -> None:
        """Queue the facts and documents of ``referential`` as part ``part`` of the version."""
        self.part = part
        for slot, document in referential.documents.items():
            self.add(VersionDocumentRow, {"slot": slot, **_values(document)})
        for name, _, keyed in CONTENT_FIELDS:
            content = getattr(referential, name)
            for entity in content.values() if keyed else content:
                self._entity(entity)

    def flush(self, session: Session) -> None:
        for cls, rows in self.rows.items():
            insert_many(session, table_of(cls), rows)
        insert_many(session, table_of(ProvenanceRow), self.provenance)
        added = {cls.__tablename__: len(rows) for cls, rows in self.rows.items()}
        refresh_statistics(session, {**added, ProvenanceRow.__tablename__: len(self.provenance)})

    def _entity(self, entity: Any, parent_id: int | None = None) -> None:
        """Queue an entity's row, then its children's (depth first: ids follow write order)."""
        plan = PLANS[type(entity)]
        values = _values(entity)
        if plan.stored.parent is not None:
            values[plan.stored.parent] = parent_id
        fact_id = self.add(plan.stored.row, values, entity.provenance if plan.provenance else ())
        for name, _ in plan.children:
            for child in getattr(entity, name):
                self._entity(child, fact_id)


# --- reading -------------------------------------------------------------------------------


class SnapshotReader:
    """Loads the content of one version, or its parts, and rebuilds the dataclasses.

    Each table is read in one query for every part asked for, then grouped by part, so
    reading a version of many parts costs no more queries than reading its content.
    """

    def __init__(
        self,
        session: Session,
        version_id: int,
        *,
        parts: bool = False,
        loaded: Loaded | None = None,
    ) -> None:
        """``loaded``: some rows of the content and their provenance, already read (a partial
        read, see ``store/partial.py``) instead of every row of the version."""
        self.session = session
        self.version_id = version_id
        self.parts = parts
        if loaded is None:
            self.tables = {cls: self._load(cls) for cls in WRITE_ORDER}
            self.provenance = self._load_provenance()
        else:
            rows, self.provenance = loaded
            self.tables = {
                cls: defaultdict(list, {CONTENT: rows.get(cls, [])}) for cls in WRITE_ORDER
            }
        self.part = CONTENT
        # The rows of a child table grouped by their parent's id, by (table, part).
        self.groups: dict[tuple[type[VersionFact], int], dict[int, list[Fact]]] = {}

    def read_into(self, referential: Referential, part: int = CONTENT) -> Referential:
        """Fill ``referential`` with the documents and facts of part ``part``."""
        self.part = part
        referential.documents = {
            row.slot: self._entity(SourceDocument, row) for row in self._rows(VersionDocumentRow)
        }
        for name, cls, keyed in CONTENT_FIELDS:
            built = [self._entity(cls, row) for row in self._rows(TABLES[cls].row)]
            setattr(referential, name, {e.key: e for e in built} if keyed else built)
        return referential

    def _in_scope(self, part: ColumnElement[int]) -> ColumnElement[bool]:
        return part > CONTENT if self.parts else part == CONTENT

    def _load(self, cls: type[VersionFact]) -> defaultdict[int, list[Fact]]:
        # Plain rows, not ORM objects: three times faster on 50,000 facts.
        table = table_of(cls)
        query = (
            select(table)
            .where(table.c.version_id == self.version_id, self._in_scope(table.c.part))
            .order_by(table.c.part, table.c.id)
        )
        by_part: defaultdict[int, list[Fact]] = defaultdict(list)
        for row in self.session.execute(query).all():
            by_part[row.part].append(row)
        return by_part

    def _load_provenance(self) -> ProvenanceMap:
        table = table_of(ProvenanceRow)
        query = (
            select(table)
            .where(table.c.version_id == self.version_id, self._in_scope(table.c.part))
            .order_by(table.c.part, table.c.fact_table, table.c.fact_id, table.c.position)
        )
        found: defaultdict[tuple[int, str, int], list[Provenance]] = defaultdict(list)
        for row in self.session.execute(query).all():
            position = Position(row.line, row.end_line, row.page)
            found[(row.part, row.fact_table, row.fact_id)].append(
                Provenance(row.document_sha, position, row.confidence)
            )
        return found

    def _rows(self, cls: type[VersionFact]) -> list[Fact]:
        """The rows of ``cls`` in the current part, in write order."""
        return self.tables[cls].get(self.part, [])

    def _children(self, stored: Stored) -> dict[int, list[Fact]]:
        """The rows of a child table grouped by their parent's id, each group in write order."""
        key = (stored.row, self.part)
        groups = self.groups.get(key)
        if groups is None:
            groups = defaultdict(list)
            assert stored.parent is not None
            for row in self._rows(stored.row):
                groups[getattr(row, stored.parent)].append(row)
            self.groups[key] = groups
        return groups

    def _entity(self, cls: type[Any], row: Fact) -> Any:
        """The dataclass of one row, with its children and its provenance."""
        plan = PLANS[cls]
        values = {
            name: getattr(row, column) if back is None else back(getattr(row, column))
            for name, column, _, back in plan.columns
        }
        for name, child in plan.children:
            stored = TABLES[child]
            values[name] = [self._entity(child, c) for c in self._children(stored).get(row.id, ())]
        if plan.provenance:
            # A fresh list per fact: dataclasses own their lists.
            values["provenance"] = list(
                self.provenance.get((row.part, plan.stored.row.__tablename__, row.id), ())
            )
        return cls(**values)
