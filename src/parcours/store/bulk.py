"""Many rows into one table in one go: COPY on PostgreSQL, the driver's executemany on SQLite.

SQLAlchemy's executemany runs its parameter processing row by row, and psycopg sends an
executemany as one statement per row in a pipeline: the 650,000 rows of ROME 4.0 took about
90 s on PostgreSQL that way. COPY streams them in one command, and on SQLite the driver's
executemany over tuples skips the per-row dictionaries. Column types still convert the values
(their bind processors run once per value, as SQLAlchemy would run them), and the rows are
written in the session's transaction, so an import stays atomic.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Column, Connection, Table, insert, text
from sqlalchemy.orm import Session

from parcours.store.models import is_json

Processor = Callable[[Any], Any]


def insert_many(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (each naming the same columns) into ``table``."""
    if not rows:
        return
    names = list(rows[0])
    columns = [table.c[name] for name in names]
    connection = session.connection()
    if not _plain(table, names, rows) or connection.dialect.name not in ("postgresql", "sqlite"):
        session.execute(insert(table), list(rows))
        return
    values = _values(rows, names, _processors(connection, columns))
    preparer = connection.dialect.identifier_preparer
    target = preparer.format_table(table)
    quoted = ", ".join(preparer.quote(name) for name in names)
    if connection.dialect.name == "postgresql":
        _copy(connection, f"COPY {target} ({quoted}) FROM STDIN", values)
    else:
        marks = ", ".join("?" for _ in names)
        connection.exec_driver_sql(f"INSERT INTO {target} ({quoted}) VALUES ({marks})", values)


def _plain(table: Table, names: list[str], rows: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the fast path writes what SQLAlchemy would: every row names the same columns,
    and no column left out has a default computed in Python (SQLAlchemy would fill it in)."""
    given = set(names)
    if any(len(row) != len(names) or row.keys() != given for row in rows):
        return False
    return all(column.default is None for column in table.columns if column.name not in given)


def _processors(connection: Connection, columns: list[Column[Any]]) -> list[Processor | None]:
    dialect = connection.dialect
    out: list[Processor | None] = []
    for column in columns:
        process: Processor | None = column.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None and is_json(column.type):
            process = _empty_once(process)
        out.append(process)
    return out


def _empty_once(process: Processor) -> Processor:
    """A JSON column's conversion, with an empty list or mapping (most of ROME's details and
    indicators: 300,000 values) converted once instead of serialised each time."""
    empty_list, empty_dict = process([]), process({})

    def convert(value: Any) -> Any:
        if type(value) is list and not value:
            return empty_list
        if type(value) is dict and not value:
            return empty_dict
        return process(value)

    return convert


def _values(
    rows: Sequence[Mapping[str, Any]], names: list[str], processors: list[Processor | None]
) -> list[tuple[Any, ...]]:
    """Each row's values in ``names``' order, converted by the columns that convert (on
    SQLite most columns pass their values as they are: only those that do are called)."""
    pick = itemgetter(*names)
    if len(names) == 1:
        picked: list[tuple[Any, ...]] = [(pick(row),) for row in rows]
    else:
        picked = [pick(row) for row in rows]
    active = [(i, process) for i, process in enumerate(processors) if process is not None]
    if not active:
        return picked
    out: list[tuple[Any, ...]] = []
    for row_values in picked:
        converted = list(row_values)
        for i, process in active:
            converted[i] = process(converted[i])
        out.append(tuple(converted))
    return out


def _copy(connection: Connection, statement: str, values: list[tuple[Any, ...]]) -> None:
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
        for row in values:
            copy.write_row(row)


def refresh_statistics(session: Session, added: Mapping[str, int]) -> None:
    """On PostgreSQL, analyse the tables where a bulk write just added a fifth of their rows or
    more (as PostgreSQL last estimated them), or that were never analysed; nothing elsewhere.

    PostgreSQL plans queries from table statistics, which a bulk insert leaves stale until
    autovacuum comes by (never, where it is off): after ROME 4.0's import a job's sheet read
    the provenance of its 57 requirements through every row of the version (24 ms instead of
    1 ms), and a search of a word no document has took 70 ms instead of 2 ms. ANALYZE samples
    at most 30,000 rows of a table, whatever its size."""
    connection = session.connection()
    wanted = {name: rows for name, rows in added.items() if rows}
    if connection.dialect.name != "postgresql" or not wanted:
        return
    # The tables of the connection's search path (tests give each database a schema).
    estimates = connection.execute(
        text(
            "SELECT relname, reltuples FROM pg_class WHERE oid IN "
            "(SELECT to_regclass(name) FROM unnest(CAST(:names AS text[])) AS name)"
        ),
        {"names": sorted(wanted)},
    ).all()
    for name, estimate in estimates:
        if estimate < 0 or wanted[name] > 0.2 * estimate:
            connection.execute(text(f'ANALYZE "{name}"'))
