"""HRIS bulk import on SQLite and PostgreSQL: all or nothing, idempotent, with provenance, HR only;
and `parcours people import` end to end."""

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
from parcours.domain.access import AccessDenied, Principal, Role
from parcours.domain.people import Source
from parcours.domain.profile import pseudonym
from parcours.services import auth
from parcours.services.auth import SYSTEM
from parcours.services.hris import MAX_ERRORS, import_hris
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.settings import Settings
from parcours.store.models_people import AssessmentRow, PersonRow
from parcours.store.uow import SqlUnitOfWork
from tests.people_cast import ADVISOR, CAST, TEAM_LEAD, populate

SALT = "sel-de-test"
HR = Principal("helene.rh", frozenset({Role.HR}), channel="cli")
MANAGER = Principal(
    "marc.manager",
    frozenset({Role.MANAGER, Role.EMPLOYEE}),
    person="m-nord",
    teams=frozenset({"agence-nord"}),
)
EMPLOYEE = Principal("eve.employe", frozenset({Role.EMPLOYEE}), person="n-1")

PEOPLE_HEADER = "Matricule;Nom;Référentiel;Emploi;Équipe;Équipe nom;Manager;Date de sortie\n"


@pytest.fixture
def uow(session_factory: sessionmaker[Session]) -> UowFactory:
    def make() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    report = import_documents(make, [(SAMPLE_NAME, sample_bytes())])
    assert report.ok
    populate(make)
    return make


def people_file(count: int, *, start: int = 1000, extra: str = "") -> bytes:
    """A director (HR id 1) and ``count`` advisors in teams of ten led by the first of each."""
    lines = [PEOPLE_HEADER, f"1;Directrice;Banque Exemple;{TEAM_LEAD};siege;Siège;;\n"]
    for i in range(count):
        hr_id = start + i
        lead = start + (i // 10) * 10
        manager = 1 if hr_id == lead else lead
        job = TEAM_LEAD if hr_id == lead else "Conseiller à distance"
        lines.append(
            f"{hr_id};Personne {hr_id};Banque Exemple;{job};t-{i // 10};Équipe {i // 10};"
            f"{manager};\n"
        )
    return ("".join(lines) + extra).encode("utf-8-sig")


def rows(uow: UowFactory) -> dict[str, Any]:
    """Every person row as stored (provenance included), as plain rows."""
    with uow() as u:
        assert isinstance(u, SqlUnitOfWork)
        return {r.id: r for r in u.session.execute(select(*PersonRow.__table__.columns))}


def count(uow: UowFactory) -> int:
    with uow() as u:
        return u.people.count_people()


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


def test_one_bad_row_at_the_end_writes_nothing(uow: UowFactory) -> None:
    before = count(uow)
    with uow() as u:
        teams_before = u.people.list_teams()
    bad = people_file(40, extra="9999;X;Banque Exemple;Poste imaginaire;t-0;;1000;\n")
    report = import_hris(uow, HR, bad, "export.csv", salt=SALT)
    assert not report.ok and not report.written
    assert report.error_count == 1
    (error,) = report.errors
    assert error.line == 43 and error.column == "emploi"
    assert error.message == "emploi inconnu dans « Banque Exemple » : « Poste imaginaire »"
    assert count(uow) == before
    with uow() as u:
        assert u.people.list_teams() == teams_before
        events = u.audit.list(actor=HR.account)
    assert [e.action for e in events] == ["import"]
    assert events[0].detail == "import personnes refusé : 1 erreur sur 42 lignes"


def test_every_error_is_reported_with_its_line(uow: UowFactory) -> None:
    text = (
        "matricule;referentiel;emploi;equipe;equipe_nom;manager;date_sortie\n"
        "10;Banque Exemple;conseiller-a-distance--ii-1;nouvelle;;;\n"  # 2 unknown team
        "11;Inconnu;x;agence-nord;;;\n"  # 3 unknown referential
        "12;Banque Exemple;conseiller-a-distance--ii-1;agence-nord;;77;\n"  # 4 unknown manager
        "10;Banque Exemple;conseiller-a-distance--ii-1;agence-nord;;;\n"  # 5 duplicate
        "13;Banque Exemple;conseiller-a-distance--ii-1;agence-nord;;;31/02/2027\n"  # 6 date
        "14;Banque Exemple;conseiller-a-distance--ii-1;agence-nord;;14;\n"  # 7 own manager
        ";Banque Exemple;;agence-nord;;;\n"  # 8 no id, no job
        "15;Banque Exemple;conseiller-a-distance--ii-1;agence-nord;Autre;;\n"  # 9 ok (renames)
        "16;Banque Exemple;conseiller-a-distance--ii-1;agence-nord;Encore;;\n"  # 10 other name
    )
    report = import_hris(uow, HR, text.encode("cp1252"), "e.csv", salt=SALT)
    got = [(e.line, e.message.split(" :")[0]) for e in report.errors]
    assert got == [
        (2, "équipe inconnue"),
        (3, "référentiel inconnu"),
        (4, "manager inconnu"),
        (5, "identifiant en double dans le fichier (déjà ligne 2)"),
        (6, "date de sortie"),
        (7, "une personne ne peut pas être son propre manager"),
        (8, "matricule manquant"),
        (8, "emploi manquant"),
        (10, "équipe « agence-nord » nommée « Autre » ligne 9 et « Encore » ici"),
    ]
    assert report.error_count == len(got)


def test_errors_are_capped_but_counted(uow: UowFactory) -> None:
    text = "matricule;referentiel;emploi;equipe\n" + "".join(
        f"{i};Banque Exemple;rien;agence-nord\n" for i in range(MAX_ERRORS + 20)
    )
    report = import_hris(uow, HR, text.encode(), "e.csv", salt=SALT)
    assert report.error_count == MAX_ERRORS + 20 and len(report.errors) == MAX_ERRORS
    assert report.truncated and report.errors[0].line == 2


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


def test_dry_run_counts_and_writes_nothing(uow: UowFactory) -> None:
    before = count(uow)
    report = import_hris(uow, HR, people_file(12), "p.csv", salt=SALT, dry_run=True)
    assert report.ok and not report.written and report.created == 13
    assert count(uow) == before
    with uow() as u:
        (event,) = u.audit.list(actor=HR.account)
    assert event.detail is not None and event.detail.startswith("simulation d'import personnes")


def test_more_people_than_a_chunk(uow: UowFactory) -> None:
    report = import_hris(uow, HR, people_file(12_000), "big.csv", salt=SALT)
    assert report.ok and report.created == 12_001 and report.teams_created == 1201
    again = import_hris(uow, HR, people_file(12_000), "big.csv", salt=SALT)
    assert again.unchanged == 12_001 and again.created == again.updated == 0


def test_erased_people_are_not_imported_again(uow: UowFactory) -> None:
    with uow() as u:
        person = u.people.get_person("n-3")
        assert person is not None
        from dataclasses import replace

        u.people.save_person(replace(person, erased=True))
        u.commit()
    text = "pseudonyme;referentiel;emploi;equipe\nn-3;Banque Exemple;Téléconseiller;agence-nord\n"
    report = import_hris(uow, HR, text.encode(), "p.csv", salt=SALT)
    assert [e.message for e in report.errors] == [
        "cette personne a été effacée (droit à l'effacement)"
    ]


ASSESSMENTS = (
    "pseudonyme,competence,niveau,mesure,source,date,pseudonyme_evaluateur,preuve\n"
    'n-1,Écoute active,,"3;4;2",manager,2026-01-20,m-nord,entretien\n'  # savoir-être
    "n-1,produits-bancaires,,82 %,auto-évaluation,20/01/2026,,\n"  # savoir: QCM
    "n-2,Conduite d'entretien,,4,jury,2026-02-01,,grille\n"  # savoir-faire: anchor
    "n-2,rigueur,2,,,2026-02-02,,\n"  # a level, source import by default
)


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


def test_assessors_are_stored_by_pseudonym_never_by_hr_identifier(uow: UowFactory) -> None:
    given = "matricule;competence;niveau;date;evaluateur\nE1001;rigueur;2;2026-01-03;E2002\n"
    people = f"matricule;referentiel;emploi;equipe\nE1001;Banque Exemple;{ADVISOR};agence-nord\n"
    assert import_hris(uow, HR, people.encode(), "p.csv", salt=SALT).ok
    report = import_hris(uow, HR, given.encode(), "e.csv", salt=SALT)
    assert report.ok and report.added == 1, report.errors
    with uow() as u:
        (rated,) = u.people.assessments_of(pseudonym("E1001", SALT))
    assert rated.assessor == pseudonym("E2002", SALT)
    both = "pseudonyme;competence;niveau;date;evaluateur;pseudonyme_evaluateur\n"
    refused = import_hris(uow, HR, (both + "n-1;rigueur;2;2026-01-03;;\n").encode(), "x", salt="s")
    assert not refused.ok and refused.errors[0].line is None  # the two columns exclude each other
    long = "pseudonyme;competence;niveau;date;pseudonyme_evaluateur\n"
    row = f"n-1;rigueur;2;2026-01-03;{'p' * 65}\n"
    too_long = import_hris(uow, HR, (long + row).encode(), "y.csv", salt=SALT)
    assert [(e.line, e.column) for e in too_long.errors] == [(2, "pseudonyme_evaluateur")]


def test_assessment_errors_write_nothing(uow: UowFactory) -> None:
    bad = ASSESSMENTS + (
        "n-2,produits-bancaires,,3;4,manager,2026-01-01,,\n"  # 6 frequencies for a savoir
        "n-2,conduite-d-entretien,,0.5,manager,2026-01-01,,\n"  # 7 share for a savoir-faire
        "n-2,ecoute-active,,0.5,manager,2026-01-01,,\n"  # 8 share for a savoir-être
        "n-2,inconnue,5,,collègue,2099-01-01,,\n"  # 9 four errors
        "zz,rigueur,2,,,2026-01-01,,\n"  # 10 unknown person
        "n-2,rigueur,2,3,,,,\n"  # 11 both level and measure, no date
    )
    with uow() as u:
        held = len(u.people.assessments_of("n-2"))
    report = import_hris(uow, HR, bad.encode(), "eval.csv", salt=SALT)
    got = [(e.line, e.column) for e in report.errors]
    assert got == [
        (6, "mesure"),
        (7, "mesure"),
        (8, "mesure"),
        (9, "competence"),
        (9, "niveau"),
        (9, "source"),
        (9, "date"),
        (10, None),
        (11, "niveau"),
        (11, "date"),
    ]
    assert "savoir" in report.errors[0].message and "fréquence" not in report.errors[0].message
    assert report.errors[7].message == "personne inconnue : « zz »"
    with uow() as u:
        assert len(u.people.assessments_of("n-2")) == held
        assert u.people.assessments_of("n-1")[-1].document is None


@pytest.mark.parametrize("who", [MANAGER, EMPLOYEE])
def test_only_hr_imports(uow: UowFactory, who: Principal) -> None:
    with pytest.raises(AccessDenied, match="réservé aux administrateurs RH"):
        import_hris(uow, who, people_file(3), "p.csv", salt=SALT)
    with pytest.raises(AccessDenied):
        import_hris(uow, who, ASSESSMENTS.encode(), "e.csv", salt=SALT)
    with uow() as u:
        assert u.audit.list(actor=who.account) == []
        assert u.people.get_person(pseudonym("1000", SALT)) is None


def test_the_audit_event_holds_counts_not_personal_data(uow: UowFactory) -> None:
    import_hris(uow, HR, people_file(3), "paie-dupont.csv", salt=SALT)
    with uow() as u:
        (event,) = u.audit.list(actor=HR.account)
    assert event.action == "import" and event.subject is None and event.channel == "cli"
    assert event.detail == (
        "import personnes : 4 lignes, 4 créées, 0 modifiée, 0 inchangée ; "
        "équipes : 2 créées, 0 modifiée"
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
    salt = Settings().pseudonym_salt
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
