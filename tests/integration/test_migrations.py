"""The Alembic migration builds exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from parcours.store.db import alembic_config, create_engine_for, migrate
from parcours.store.models import Base

TABLES = set(Base.metadata.tables)


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revisions(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def test_revisions_form_one_line_from_one_initial_revision() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    revisions = list(script.walk_revisions())
    assert [r.down_revision for r in revisions].count(None) == 1
    assert len(script.get_heads()) == 1


# Dialect-specific objects that migrations create outside the models: the full-text index of
# search (an FTS5 virtual table and its shadow tables on SQLite, a tsvector table on
# PostgreSQL).
NOT_MODELLED = ("search_fts",)


def modelled(_obj: object, name: str | None, _type: str, _reflected: bool, _other: object) -> bool:
    return not (name or "").startswith(NOT_MODELLED)


def test_migrated_schema_equals_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        opts = {"compare_type": True, "include_object": modelled}
        context = MigrationContext.configure(connection, opts=opts)
        assert compare_metadata(context, Base.metadata) == []


def test_migrate_creates_every_table_and_is_idempotent(engine: Engine) -> None:
    assert set(inspect(engine).get_table_names()) >= TABLES
    assert current_revisions(engine) == [head_revision()]
    migrate(engine)
    migrate(engine)
    assert current_revisions(engine) == [head_revision()]


def test_downgrade_removes_everything_and_upgrade_restores_it(engine: Engine) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert TABLES.isdisjoint(inspect(engine).get_table_names())
    migrate(engine)
    assert set(inspect(engine).get_table_names()) >= TABLES


def test_migrate_accepts_a_url_and_creates_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "parcours.db"
    migrate(f"sqlite:///{path}")
    assert path.is_file()
    engine = create_engine_for(f"sqlite:///{path}")
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        assert current_revisions(engine) == [head_revision()]
    finally:
        engine.dispose()


def test_sqlite_engine_enforces_foreign_keys_and_uses_wal(tmp_path: Path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'new' / 'x.db'}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        engine.dispose()
    assert (tmp_path / "new").is_dir()


def test_in_memory_sqlite_migrates() -> None:
    engine = create_engine_for("sqlite://")
    try:
        migrate(engine)
        assert set(inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()
