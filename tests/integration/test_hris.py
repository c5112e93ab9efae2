"""HRIS bulk import on SQLite and PostgreSQL: idempotent, with provenance (as stored), by chunks
and in one pass; and `parcours people import` end to end (the rules: tests/unit/services/
test_hris.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from parcours.cli import app
from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.domain.people import Source
from parcours.domain.profile import pseudonym
from parcours.services import auth
from parcours.services.auth import SYSTEM
from parcours.services.hris import import_hris
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.settings import Settings
from parcours.store.models_people import AssessmentRow, PersonRow
from parcours.store.uow import SqlUnitOfWork
from tests.hris_files import (
    ASSESSMENTS,
    HR,
    SALT,
    count,
    people_file,
)
from tests.people_cast import ADVISOR, CAST, populate


@pytest.fixture
def uow(session_factory: sessionmaker[Session]) -> UowFactory:
    def make() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    report = import_documents(make, [(SAMPLE_NAME, sample_bytes())])
    assert report.ok
    populate(make)
    return make


def rows(uow: UowFactory) -> dict[str, Any]:
    """Every person row as stored (provenance included), as plain rows."""
    with uow() as u:
        assert isinstance(u, SqlUnitOfWork)
        return {r.id: r for r in u.session.execute(select(*PersonRow.__table__.columns))}


def test_people_import_is_idempotent_and_keeps_provenance(uow: UowFactory) -> None:
    before = count(uow)
    report = import_hris(uow, HR, people_file(25), "sirh/export.csv", salt=SALT)
    assert report.ok and report.written, report.errors
    assert (report.rows, report.created, report.updated, report.unchanged) == (26, 26, 0, 0)
    assert (report.teams_created, report.teams_updated) == (4, 0)
    assert count(uow) == before + 26

    held = rows(uow)
    alice = held[pseudonym("1005", SALT)]
    assert (alice.source_document, alice.source_line) == ("export.csv", 8)
    assert alice.job == ADVISOR and alice.team == "t-0"
    assert alice.manager == pseudonym("1000", SALT) and alice.display_name == "Personne 1005"
    assert "1005" not in alice.id  # the HR id is not stored
    with uow() as u:
        team = u.people.get_team("t-0")
        assert team is not None and team.name == "Équipe 0"
        assert team.manager == pseudonym("1000", SALT)  # the manager most members name
        assert u.people.teams_managed_by(pseudonym("1010", SALT)) == ["t-1"]

    again = import_hris(uow, HR, people_file(25), "export.csv", salt=SALT)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 26)
    assert (again.teams_created, again.teams_updated) == (0, 0)
    assert rows(uow)[alice.id].updated_at == alice.updated_at

    # One person changes team: updated, with the new file's provenance.
    changed = (
        people_file(25)
        .decode("utf-8-sig")
        .replace(
            "1005;Personne 1005;Banque Exemple;Conseiller à distance;t-0;Équipe 0;1000;",
            "1005;Personne 1005;Banque Exemple;Conseiller à distance;t-1;Équipe 1;1010;01/07/2027",
        )
    )
    third = import_hris(uow, HR, changed.encode(), "export-2.csv", salt=SALT)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 25), third.errors
    moved = rows(uow)[alice.id]
    assert (moved.team, moved.left_on, moved.source_document) == (
        "t-1",
        date(2027, 7, 1),
        "export-2.csv",
    )


def test_pseudonym_columns_managers_in_the_database_and_absent_columns(uow: UowFactory) -> None:
    text = (
        "pseudonyme;referentiel;emploi;equipe;pseudonyme_manager\n"
        "n-1;Banque Exemple;Conseiller à distance confirmé;agence-nord;m-nord\n"
        "x-new;Banque Exemple;Téléconseiller;agence-nord;m-nord\n"
        "x-bad;Banque Exemple;Téléconseiller;agence-nord;nobody\n"
    )
    refused = import_hris(uow, HR, text.encode(), "p.csv", salt=SALT)
    assert [(e.line, e.column) for e in refused.errors] == [(4, "manager")]
    report = import_hris(uow, HR, "\n".join(text.splitlines()[:3]).encode(), "p.csv", salt=SALT)
    assert (report.created, report.updated) == (1, 1), report.errors
    held = rows(uow)
    # no nom column: the display name held stays; the alternative title resolved to its job
    assert held["n-1"].display_name == "Conseiller Nord 1"
    assert held["n-1"].job == "conseiller-a-distance-confirme--ii-3"
    assert held["x-new"].job == ADVISOR and held["x-new"].manager == "m-nord"


def test_more_people_than_a_chunk(uow: UowFactory) -> None:
    report = import_hris(uow, HR, people_file(12_000), "big.csv", salt=SALT)
    assert report.ok and report.created == 12_001 and report.teams_created == 1201
    again = import_hris(uow, HR, people_file(12_000), "big.csv", salt=SALT)
    assert again.unchanged == 12_001 and again.created == again.updated == 0


def test_assessments_are_rated_on_their_scale_and_deduplicated(uow: UowFactory) -> None:
    report = import_hris(uow, HR, ASSESSMENTS.encode(), "eval.csv", salt=SALT)
    assert report.ok and (report.added, report.already_present) == (4, 0), report.errors
    with uow() as u:
        n1 = {a.competency: a for a in u.people.assessments_of("n-1") if a.document}
        n2 = {a.competency: a for a in u.people.assessments_of("n-2") if a.document}
    listening = n1["ecoute-active"]
    assert (listening.level, listening.raw, listening.scale) == (3, 3.0, "frequence")
    assert (listening.source, listening.assessor, listening.evidence) == (
        Source.MANAGER,
        "m-nord",
        "entretien",
    )
    assert (listening.document, listening.line) == ("eval.csv", 2)
    quiz = n1["produits-bancaires"]
    assert (quiz.level, quiz.raw, quiz.source, quiz.scale) == (3, 0.82, Source.SELF, "qcm")
    assert quiz.assessed_on == date(2026, 1, 20)
    assert (n2["conduite-d-entretien"].level, n2["conduite-d-entretien"].source) == (
        4,
        Source.JURY,
    )
    assert (n2["rigueur"].level, n2["rigueur"].source, n2["rigueur"].line) == (
        2,
        Source.IMPORT,
        5,
    )
    again = import_hris(uow, HR, ASSESSMENTS.encode(), "eval.csv", salt=SALT)
    assert (again.added, again.already_present) == (0, 4)
    with uow() as u:
        assert isinstance(u, SqlUnitOfWork)
        assert (
            len(
                u.session.scalars(
                    select(AssessmentRow).where(AssessmentRow.document.is_not(None))
                ).all()
            )
            == 4
        )


# --- the command line -------------------------------------------------------------------

runner = CliRunner()


def cli(url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["people", "import", *args, "--database-url", url])
    return result.exit_code, " ".join(result.output.split())


def test_cli_imports_reports_errors_and_refuses_non_hr(
    engine: Engine, uow: UowFactory, tmp_path: Path
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    salt = Settings.from_environment().pseudonym_salt
    hr_token = auth.create_api_token(uow, SYSTEM, CAST.hr, "tests", days=1)
    good = tmp_path / "export.csv"
    good.write_bytes(people_file(9))
    code, output = cli(url, str(good), "--token", hr_token, "--dry-run")
    assert code == 0 and "Simulation" in output and "10 créées" in output, output
    assert count(uow) == 11
    code, output = cli(url, str(good), "--kind", "people", "--token", hr_token)
    assert code == 0 and "Personnes : 10 créées, 0 modifiée, 0 inchangée" in output
    assert count(uow) == 21
    with uow() as u:
        assert u.people.get_person(pseudonym("1003", salt)) is not None
    code, output = cli(url, str(good), "--token", hr_token)
    assert code == 0 and "0 créée, 0 modifiée, 10 inchangées" in output

    bad = tmp_path / "bad.csv"
    bad.write_bytes(people_file(9, extra="55;X;Banque Exemple;rien;t-0;;1000;\n"))
    code, output = cli(url, str(bad), "--token", hr_token)
    assert code == 1 and "rien n'a été importé" in output and "1 erreur sur" in output
    assert "12" in output and "emploi inconnu" in output
    code, output = cli(url, str(good), "--kind", "jobs", "--token", hr_token)
    assert code == 1 and "type de fichier inconnu" in output

    for login in (CAST.manager, CAST.employee):
        token = auth.create_api_token(uow, SYSTEM, login, "tests", days=1)
        code, output = cli(url, str(good), "--token", token)
        assert code == 1 and "réservé aux administrateurs RH" in output, output
    code, output = cli(url, str(good))
    assert code == 2 and "Authentification requise" in output
    assert count(uow) == 21


def test_a_whole_export_is_matched_in_one_pass(
    uow: UowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parcours.store import people as store_people

    monkeypatch.setattr(store_people, "FULL_SCAN", 5)  # the path a 250,000-people file takes
    first = import_hris(uow, HR, people_file(30), "p.csv", salt=SALT)
    assert first.created == 31
    changed = people_file(30).replace(b"Personne 1007", b"Personne sept")
    again = import_hris(uow, HR, changed, "p.csv", salt=SALT)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 30)
    with uow() as u:
        found = u.people.get_people(["n-1", pseudonym("1007", SALT), "absent"])
    assert sorted(p.display_name or "" for p in found.values()) == [
        "Conseiller Nord 1",
        "Personne sept",
    ]
