"""store/bulk.insert_many writes what SQLAlchemy's insert would, on SQLite and PostgreSQL: the
same values read back (JSON null, empty lists and mappings, dates, bytes, booleans, text with
tabs and newlines), in the session's transaction (a rollback leaves nothing), and SQLAlchemy's
own path where a column left out has a default computed in Python."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    insert,
    select,
)
from sqlalchemy.orm import Session

from parcours.store.bulk import insert_many

METADATA = MetaData()


def _table(name: str) -> Table:
    return Table(
        name,
        METADATA,
        Column("id", Integer, primary_key=True),
        Column("label", String(200)),
        Column("fields", JSON),
        Column("day", Date),
        Column("at", DateTime(timezone=True)),
        Column("blob", LargeBinary),
        Column("flag", Boolean),
        Column("score", Float),
        Column("stamp", String(20), default=lambda: "filled-in"),
    )


FAST, SLOW = _table("bulk_fast"), _table("bulk_slow")


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    METADATA.create_all(engine)
    try:
        with Session(engine) as session:
            yield session
    finally:
        METADATA.drop_all(engine)


LABELS = ["plain", "tab\there", "line\nbreak", "back\\slash", "« accents »", None]


def rows() -> list[dict[str, Any]]:
    return [
        {
            "id": i,
            "label": LABELS[i % len(LABELS)],
            "fields": [None, {"a": [1, "b"]}, ["x"], [], "text", {}][i % 6],
            "day": date(2026, 12, 1 + i % 28),
            "at": datetime(2026, 12, 7, 1, i % 60, tzinfo=UTC),
            "blob": bytes([i % 256, 0, 255]) if i % 3 else None,
            "flag": [True, False, None][i % 3],
            "score": i / 7 if i % 4 else None,
            "stamp": f"s{i}",
        }
        for i in range(250)
    ]


def read(session: Session, table: Table) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in session.execute(select(table).order_by(table.c.id)).all()]


def test_the_rows_read_back_as_sqlalchemys_insert_writes_them(session: Session) -> None:
    insert_many(session, FAST, rows())
    session.execute(insert(SLOW), rows())
    session.commit()
    fast, slow = read(session, FAST), read(session, SLOW)
    assert len(fast) == 250
    assert fast == slow
    # JSON null as SQLAlchemy stores it (a JSON null, read back as None), not a missing value.
    assert fast[0][2] is None and fast[1][2] == {"a": [1, "b"]}


def test_the_rows_are_in_the_sessions_transaction(session: Session) -> None:
    insert_many(session, FAST, rows())
    session.rollback()
    assert read(session, FAST) == []


def test_a_column_with_a_python_default_left_out_is_filled_in(session: Session) -> None:
    without = [{k: v for k, v in row.items() if k != "stamp"} for row in rows()[:3]]
    insert_many(session, FAST, without)
    session.commit()
    assert [r[-1] for r in read(session, FAST)] == ["filled-in"] * 3


def test_rows_naming_different_columns_go_through_sqlalchemy(session: Session) -> None:
    mixed: list[dict[str, Any]] = [{"id": 1, "label": "a"}, {"id": 2, "label": "b", "score": 0.5}]
    insert_many(session, FAST, mixed)
    session.execute(insert(SLOW), mixed)
    session.commit()
    assert read(session, FAST) == read(session, SLOW)


def test_no_rows_is_no_statement(session: Session) -> None:
    insert_many(session, FAST, [])
    assert read(session, FAST) == []
