"""The Alembic migration builds exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from parcours.bootstrap import prepare
from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.domain.profile import pseudonym
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.services.search import reindex_missing, search
from parcours.store.all_models import Base
from parcours.store.db import alembic_config, create_engine_for, migrate
from parcours.store.uow import SqlUnitOfWork, make_session_factory
from tests.people_cast import CAST, populate

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


# --- data carried through the migrations (issue 12, points 1 and 13) ------------------------

FIRST_REVISION = "0f3c1a7e5b21"


def _migrate_to(engine: Engine, revision: str, *, down: bool = False) -> None:
    config = alembic_config()
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # SQLite's batch operations copy and drop tables: with foreign keys on, dropping
            # ``referential`` would delete every version with it.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, revision)
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


def _factory(engine: Engine) -> UowFactory:
    sessions = make_session_factory(engine)

    def make() -> UnitOfWork:
        return SqlUnitOfWork(sessions)

    return make


def test_a_database_from_the_first_revision_gets_its_search_index(engine: Engine) -> None:
    # The referentials of a database made before the index: imported at head, then the schema
    # taken back to the first revision (the search tables go, the referentials stay).
    assert import_documents(_factory(engine), [(SAMPLE_NAME, sample_bytes())]).ok
    _migrate_to(engine, FIRST_REVISION, down=True)
    assert current_revisions(engine) == [FIRST_REVISION]
    assert "search_document" not in inspect(engine).get_table_names()
    with _factory(engine)() as uow:
        assert uow.referentials.list_referentials()  # the referentials are still there
    make = prepare(engine)  # what the application does at start-up
    assert current_revisions(engine) == [head_revision()]
    with make() as uow:
        assert uow.search.document_count() > 0
    assert sum(search(make, "conseiller").totals.values()) > 0
    assert reindex_missing(make) == {}  # nothing left to do: a second start-up is cheap


def test_an_index_made_before_the_words_terms_gets_them_at_the_next_start(engine: Engine) -> None:
    assert import_documents(_factory(engine), [(SAMPLE_NAME, sample_bytes())]).ok
    with _factory(engine)() as uow:
        (name,) = uow.referentials.latest_versions()
        assert uow.search.has_forms(name)
    _migrate_to(engine, "0016_mobility_models", down=True)  # the forms' table goes
    assert "search_form" not in inspect(engine).get_table_names()
    make = prepare(engine)  # the upgrade makes it again, empty, and the start fills it
    assert current_revisions(engine) == [head_revision()]
    with make() as uow:
        assert uow.search.has_forms(name)
        assert uow.search.known_forms(["conseiller"]) == {"conseiller": "conseiller"}
    assert reindex_missing(make) == {}


def test_assessors_stored_by_hr_identifier_become_pseudonyms(engine: Engine) -> None:
    make = _factory(engine)
    assert import_documents(make, [(SAMPLE_NAME, sample_bytes())]).ok
    populate(make)  # accounts, among them marc.manager
    _migrate_to(engine, "0007_map", down=True)
    held = {"E1001": "E1001", CAST.manager: CAST.manager, "anon-0123456789abcdef": None}
    held["p-0123456789abcdef"] = None
    with engine.begin() as connection:
        for i, assessor in enumerate(held):
            connection.execute(
                text(
                    "INSERT INTO assessment (person, competency, level, source, scale, "
                    "assessed_on, recorded_at, assessor) VALUES ('n-1', :c, 2, 'import', "
                    "'frequence', '2026-01-01', '2026-01-01 00:00:00', :a)"
                ),
                {"c": f"c{i}", "a": assessor},
            )
    migrate(engine, pseudonym_salt="sel-de-migration")
    with engine.connect() as connection:
        stored = set(
            connection.execute(
                text("SELECT assessor FROM assessment WHERE competency LIKE 'c%'")
            ).scalars()
        )
    assert stored == {
        pseudonym("E1001", "sel-de-migration"),
        CAST.manager,  # a login: a rating made in parcours
        "anon-0123456789abcdef",
        "p-0123456789abcdef",
    }
