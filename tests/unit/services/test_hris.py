"""HRIS bulk import on the in-memory unit of work: all or nothing, every error with its line,
dry run, erased people, assessments and their assessors, HR only, the audit event. Provenance,
chunks and `parcours people import` run on SQLite and PostgreSQL: tests/integration/test_hris.py."""

from __future__ import annotations

import pytest

from parcours.domain.access import AccessDenied, Principal
from parcours.domain.profile import pseudonym
from parcours.services.hris import MAX_ERRORS, import_hris
from parcours.services.ports import UowFactory
from tests.hris_files import (
    ASSESSMENTS,
    EMPLOYEE,
    HR,
    MANAGER,
    SALT,
    count,
    people_file,
)
from tests.people_cast import ADVISOR


@pytest.fixture
def uow(seeded_uow: UowFactory) -> UowFactory:
    return seeded_uow


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


def test_dry_run_counts_and_writes_nothing(uow: UowFactory) -> None:
    before = count(uow)
    report = import_hris(uow, HR, people_file(12), "p.csv", salt=SALT, dry_run=True)
    assert report.ok and not report.written and report.created == 13
    assert count(uow) == before
    with uow() as u:
        (event,) = u.audit.list(actor=HR.account)
    assert event.detail is not None and event.detail.startswith("simulation d'import personnes")


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
