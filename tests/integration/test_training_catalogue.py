"""The training catalogue on SQLite and PostgreSQL: all-or-nothing import with line-numbered
errors, idempotent, HR only; edited in the app; proposed by gaps (weighted set cover) beside the
study's trainings; and `parcours trainings import` end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from parcours.cli import app
from parcours.demo import SAMPLE_NAME, TRAININGS_NAME, demo_file, sample_bytes
from parcours.domain.access import AccessDenied, Principal, Role
from parcours.domain.training_catalogue import DevelopedCompetency
from parcours.services import auth, mobility, training_catalogue
from parcours.services.auth import SYSTEM
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.services.training_catalogue import TrainingForm, TrainingFormError
from parcours.store.uow import SqlUnitOfWork
from tests.people_cast import CAST, populate

MANAGER = Principal("marc", frozenset({Role.MANAGER}), teams=frozenset({"t"}))
HEADER = "code;titre;duree;modalite;organisme;competences;prerequis;cout\n"
BAD = (
    HEADER
    + "a;Formation A;2 jours;présentiel;Org;Vente à distance : 3;;500\n"
    + "b;Formation B;deux lunes;présentiel;Org;Vente à distance : 3;;500\n"
    + "c;Formation C;1 jour;au bord de la mer;Org;Plongée sous-marine : 9;;-3\n"
)


@pytest.fixture
def uow(session_factory: sessionmaker[Session]) -> UowFactory:
    def make() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    assert import_documents(make, [(SAMPLE_NAME, sample_bytes())]).ok
    return make


def test_the_sample_catalogue_imports_once_and_again_changes_nothing(uow: UowFactory) -> None:
    data = demo_file(TRAININGS_NAME)
    report = training_catalogue.import_catalogue(uow, SYSTEM, data, TRAININGS_NAME)
    assert report.ok and report.written and report.created == 7 == report.rows
    again = training_catalogue.import_catalogue(uow, SYSTEM, data, TRAININGS_NAME)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    view = training_catalogue.catalogue(uow)
    assert len(view.trainings) == 7
    credit = training_catalogue.training(uow, "fondamentaux-credit")
    assert credit.hours == 35.0 and credit.cost == 2400.0 and credit.line == 4
    assert credit.competencies[0] == DevelopedCompetency("Analyse de crédit", 3)
    # The study's training of the same code is part of the catalogue, overridden by it.
    (study,) = view.study
    assert study.training.key == "vente-a-distance-niveau-2" and study.overridden


def test_a_bad_row_refuses_the_whole_file_with_each_line(uow: UowFactory) -> None:
    report = training_catalogue.import_catalogue(uow, SYSTEM, BAD.encode(), "catalogue.csv")
    assert not report.ok and not report.written
    where = [(e.line, e.column) for e in report.errors]
    assert (3, "duree") in where
    assert {(4, "modalite"), (4, "competences"), (4, "cout")} <= set(where)
    assert training_catalogue.catalogue(uow).trainings == ()


def test_unknown_competencies_are_reported_and_only_hr_imports(uow: UowFactory) -> None:
    data = (HEADER + "x;X;1 jour;;;Plongée : 2 | Rigueur : 2;;\n").encode()
    report = training_catalogue.import_catalogue(uow, SYSTEM, data, "x.csv")
    assert [(e.line, e.column) for e in report.errors] == [(2, "competences")]
    assert "Plongée" in report.errors[0].message and "Rigueur" not in report.errors[0].message
    with pytest.raises(AccessDenied):
        training_catalogue.import_catalogue(uow, MANAGER, data, "x.csv")


def test_hr_adds_changes_and_deletes_a_training(uow: UowFactory) -> None:
    form = TrainingForm(title="Gérer son temps", duration="1 jour", competencies="Rigueur : 2")
    saved = training_catalogue.save_training(uow, SYSTEM, form)
    assert saved.key == "gerer-son-temps" and saved.source == "saisie"
    with pytest.raises(TrainingFormError) as refused:
        training_catalogue.save_training(
            uow, SYSTEM, TrainingForm(title="", duration="bientôt", competencies="")
        )
    assert set(refused.value.errors) == {"title", "duration", "competencies"}
    assert TrainingForm.of(saved).competencies == "Rigueur : 2"
    training_catalogue.save_training(
        uow,
        SYSTEM,
        TrainingForm(title="Gérer son temps", key="temps", cost="350", competencies="Rigueur"),
        replacing="gerer-son-temps",
    )
    assert [t.key for t in training_catalogue.catalogue(uow).trainings] == ["temps"]
    training_catalogue.delete_training(uow, SYSTEM, "temps")
    assert training_catalogue.catalogue(uow).trainings == ()


def test_gaps_propose_the_catalogue_weighted_by_duration(uow: UowFactory) -> None:
    source, target = "conseiller-a-distance--ii-1", "analyste-credit--iii-1"
    before = mobility.gap_between_jobs(uow, source=source, target=target)
    data = demo_file(TRAININGS_NAME)
    assert training_catalogue.import_catalogue(uow, SYSTEM, data, TRAININGS_NAME).ok
    after = mobility.gap_between_jobs(uow, source=source, target=target)
    keys = [t.key for t in after.gap.trainings]
    assert "fondamentaux-credit" in keys and len(keys) > len(before.gap.trainings)
    first = after.gap.trainings[0]
    assert first.catalogue is not None and first.hours is not None


runner = CliRunner()


def test_the_command_line_imports_and_reports_lines(
    engine: Engine, uow: UowFactory, tmp_path: Path
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    populate(uow)
    hr_token = auth.create_api_token(uow, SYSTEM, CAST.hr, "tests", days=1)

    def cli(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, ["trainings", *args, "--database-url", url])
        return result.exit_code, " ".join(result.output.split())

    bad = tmp_path / "catalogue.csv"
    bad.write_text(BAD, "utf-8")
    code, output = cli("import", str(bad), "--token", hr_token)
    assert code == 1 and "rien n'a été importé" in output and "ligne 3 (duree)" in output
    good = tmp_path / TRAININGS_NAME
    good.write_bytes(demo_file(TRAININGS_NAME))
    code, output = cli("import", str(good), "--token", hr_token)
    assert code == 0 and "7 créées" in output, output
    code, output = cli("list")
    assert code == 0 and "modalité" in output
    employee = auth.create_api_token(uow, SYSTEM, CAST.employee, "tests", days=1)
    code, output = cli("delete", "fondamentaux-credit", "--token", employee)
    assert code == 1 and "réservé aux administrateurs RH" in output
    code, output = cli("delete", "fondamentaux-credit", "--token", hr_token)
    assert code == 0 and len(training_catalogue.catalogue(uow).trainings) == 6
