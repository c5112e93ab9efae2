"""Team skills matrices and request themes through the services and the command line, on SQLite
and PostgreSQL (issue 5, point 5)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from parcours.cli import app
from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.domain.access import AccessDenied, Principal, Role
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.people import Assessment, Source
from parcours.services import auth, teams
from parcours.services.auth import SYSTEM
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.services.teams import ThemeImportError
from parcours.store.uow import SqlUnitOfWork
from tests.people_cast import ADVISOR, CAST, SAMPLE, populate

runner = CliRunner()
MIN = 5


def extra_assessments() -> list[Assessment]:
    def rated(person: str, competency: str, level: int) -> Assessment:
        return Assessment(person, competency, level, Source.MANAGER, date(2026, 3, 1), "x")

    return [
        rated("n-1", "conduite-d-entretien", 3),
        rated("n-2", "conduite-d-entretien", 2),
        rated("n-3", "conduite-d-entretien", 2),
        rated("n-4", "conduite-d-entretien", 1),
        rated("n-2", "produits-bancaires", 3),
        rated("n-3", "produits-bancaires", 2),
        rated("n-3", "outils-crm", 2),  # the only holder: a single point of failure
    ]


@dataclass
class World:
    uow: UowFactory
    hr: Principal
    manager: Principal  # agence-nord (6 people)
    other_manager: Principal  # crc-sud (3 people)
    employee: Principal
    jury: Principal


def principal(uow: UowFactory, login: str) -> Principal:
    token = auth.create_api_token(uow, SYSTEM, login, "tests", days=1)
    found = auth.token_principal(uow, token, "api")
    assert found is not None
    return found


@pytest.fixture
def world(session_factory: sessionmaker[Session]) -> World:
    def make() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    report = import_documents(make, [(SAMPLE_NAME, sample_bytes())])
    assert report.ok
    populate(make)
    with make() as uow:
        uow.people.add_assessments(extra_assessments())
        uow.commit()
    return World(
        make,
        *(
            principal(make, login)
            for login in (CAST.hr, CAST.manager, CAST.other_manager, CAST.employee, CAST.jury)
        ),
    )


def add_themes(w: World) -> None:
    teams.save_theme(
        w.uow,
        w.hr,
        SAMPLE,
        "Crédit immobilier",
        [("produits-bancaires", 2), ("conduite-d-entretien", 2)],
        min_advisors=3,
    )
    teams.save_theme(
        w.uow, w.hr, SAMPLE, "Expatriés", [("ecoute-active", 3), ("outils-crm", 2)], share=0.05
    )


def test_who_may_see_which_team(world: World) -> None:
    w = world
    assert [t.code for t in teams.visible_teams(w.uow, w.hr)] == ["agence-nord", "crc-sud"]
    assert [(t.code, t.size) for t in teams.visible_teams(w.uow, w.manager)] == [("agence-nord", 6)]
    for outsider in (w.employee, w.jury):
        with pytest.raises(AccessDenied):
            teams.visible_teams(w.uow, outsider)
        with pytest.raises(AccessDenied):
            teams.team_matrix(w.uow, outsider, ["agence-nord"], minimum=MIN)
    with pytest.raises(AccessDenied):  # another manager's team
        teams.team_matrix(w.uow, w.manager, ["crc-sud"], minimum=MIN)
    with pytest.raises(AccessDenied):  # no probing of unknown teams either
        teams.team_matrix(w.uow, w.manager, ["nulle-part"], minimum=MIN)
    with pytest.raises(NotFoundError):
        teams.team_matrix(w.uow, w.hr, ["nulle-part"], minimum=MIN)


def test_matrix_coverage_weak_spots_themes_and_advice(world: World) -> None:
    w = world
    add_themes(w)
    m = teams.team_matrix(w.uow, w.manager, ["agence-nord"], minimum=MIN)
    assert m.shown and m.rows is not None and len(m.rows) == 6
    keys = [c.key for c in m.columns]
    assert keys[:6] == [
        "ecoute-active",
        "sens-du-service",
        "conduite-d-entretien",
        "produits-bancaires",
        "outils-crm",
        "rigueur",
    ]
    col = {c.key: c for c in m.columns}
    assert (col["conduite-d-entretien"].holders, col["conduite-d-entretien"].assessed) == (3, 4)
    assert col["produits-bancaires"].holders == 3  # n-1's self-assessment counts (nobody else)
    assert col["ecoute-active"].holders == 2 and col["ecoute-active"].needed == 6
    n1 = m.rows[0]
    assert n1.person == "n-1"
    at = keys.index("conduite-d-entretien")
    assert (n1.levels[at], n1.expected[at], n1.status[at]) == (3, 2, "above")
    assert n1.status[keys.index("sens-du-service")] == "not-assessed"
    n4 = m.rows[3]
    assert n4.status[at] == "below"
    spots = {s.competency: s for s in m.weak_spots}
    assert spots["outils-crm"].holders == 1 and spots["outils-crm"].names == ["Conseiller Nord 3"]
    assert spots["sens-du-service"].holders == 0
    assert "ecoute-active" not in spots
    themes = {t.name: t for t in m.themes}
    credit, expat = themes["Crédit immobilier"], themes["Expatriés"]
    assert (credit.capable, credit.alert) == (3, False)
    assert credit.names == ["Conseiller Nord 1", "Conseiller Nord 2", "Conseiller Nord 3"]
    assert (expat.capable, expat.alert, expat.share) == (0, True, 0.05)
    assert dict((k, n) for k, _label, n in expat.one_short) == {"outils-crm": 2, "ecoute-active": 1}
    assert m.advice is not None
    assert (m.advice.competency, m.advice.level, m.advice.alerts) == (
        "outils-crm",
        2,
        ["Expatriés"],
    )
    assert m.advice.names == ["Conseiller Nord 1", "Conseiller Nord 2"]
    with w.uow() as uow:
        events = uow.audit.list(actor=CAST.manager)
    reads = [e for e in events if e.detail == "matrice équipe agence-nord"]
    assert len(reads) == 1 and reads[0].action == "read" and reads[0].subject is None


def test_small_groups_show_only_aggregates_except_to_hr(world: World) -> None:
    w = world
    teams.save_theme(w.uow, w.hr, SAMPLE, "Vente", [("vente-a-distance", 3)], min_advisors=2)
    hidden = teams.team_matrix(w.uow, w.other_manager, ["crc-sud"], minimum=MIN)
    assert not hidden.shown and hidden.rows is None and hidden.size == 3
    vente = next(c for c in hidden.columns if c.key == "vente-a-distance")
    assert vente.holders == 1 and vente.assessed is None
    spot = next(s for s in hidden.weak_spots if s.competency == "vente-a-distance")
    assert spot.holders == 1 and spot.names is None  # "1 holder", nobody named
    theme = hidden.themes[0]
    assert (theme.capable, theme.alert, theme.names) == (1, True, None)
    text = repr(hidden)
    assert "Conseiller Sud" not in text and "s-1" not in text
    assert hidden.advice is None or hidden.advice.names is None
    full = teams.team_matrix(w.uow, w.hr, ["crc-sud"], minimum=MIN)
    assert (
        full.shown
        and full.rows is not None
        and [r.person for r in full.rows]
        == [
            "s-1",
            "s-2",
            "s-3",
        ]
    )
    assert full.themes[0].names == ["Conseiller Sud 1"]
    # with the minimum lowered to 3, the manager sees the people
    assert teams.team_matrix(w.uow, w.other_manager, ["crc-sud"], minimum=3).shown


def test_groups_cannot_be_narrowed_to_single_people(world: World) -> None:
    w = world
    both = Principal(
        "deux.equipes", frozenset({Role.MANAGER}), teams=frozenset({"agence-nord", "crc-sud"})
    )
    union = teams.team_matrix(w.uow, both, ["agence-nord", "crc-sud"], minimum=MIN)
    assert union.size == 9 and not union.shown  # crc-sud alone is under the minimum
    with pytest.raises(AccessDenied):  # a job filter under the minimum
        teams.team_matrix(w.uow, w.other_manager, ["crc-sud"], job="x", minimum=MIN)
    by_job = teams.team_matrix(w.uow, w.manager, [], job=ADVISOR, minimum=MIN)
    assert by_job.shown and by_job.size == 6
    everyone = teams.team_matrix(w.uow, w.hr, [], job=ADVISOR, minimum=MIN)
    assert everyone.size == 6 and everyone.title.endswith(ADVISOR)
    hr_union = teams.team_matrix(w.uow, w.hr, ["agence-nord", "crc-sud"], minimum=MIN)
    assert hr_union.shown and hr_union.rows is not None and len(hr_union.rows) == 9
    with pytest.raises(ParcoursError):
        teams.team_matrix(w.uow, w.hr, [], minimum=MIN)


def test_theme_rules_and_validation(world: World) -> None:
    w = world
    with pytest.raises(AccessDenied):
        teams.save_theme(w.uow, w.manager, SAMPLE, "T", [("rigueur", 2)])
    with pytest.raises(AccessDenied):
        teams.list_themes(w.uow, w.employee)
    with pytest.raises(ParcoursError, match="compétence inconnue"):
        teams.save_theme(w.uow, w.hr, SAMPLE, "T", [("astrologie", 2)])
    with pytest.raises(NotFoundError):
        teams.save_theme(w.uow, w.hr, "Inconnu", "T", [("rigueur", 2)])
    saved = teams.save_theme(w.uow, w.hr, SAMPLE, "T", [("Rigueur", 2)], min_advisors=1)
    assert saved.competencies == (("rigueur", 2),)  # a label is accepted, stored as its key
    again = teams.save_theme(w.uow, w.hr, SAMPLE, "T", [("rigueur", 3)])
    assert again.id == saved.id  # same name: replaced
    assert [t.competencies for t in teams.list_themes(w.uow, w.manager, SAMPLE)] == [
        (("rigueur", 3),)
    ]
    with pytest.raises(AccessDenied):
        teams.delete_theme(w.uow, w.manager, saved.id or 0)
    teams.delete_theme(w.uow, w.hr, saved.id or 0)
    with pytest.raises(NotFoundError):
        teams.delete_theme(w.uow, w.hr, saved.id or 0)
    assert teams.list_themes(w.uow, w.hr) == []


GOOD_CSV = (
    "thème;compétence;niveau;minimum;part\n"
    "Crédit;produits-bancaires;2;3;40\n"
    "Crédit;conduite-d-entretien;2;3;40\n"
    "Succession;reglementation-bancaire;3;1\n"
)


def test_import_is_all_or_nothing_with_line_numbers(world: World) -> None:
    w = world
    bad = (
        GOOD_CSV
        + "Bourse;astrologie;2;1\n"
        + "Bourse;rigueur;7;1\n"
        + "Crédit;rigueur;2;4;40\n"
        + "court;2\n"
    )
    with pytest.raises(ThemeImportError) as caught:
        teams.import_themes(w.uow, w.hr, SAMPLE, bad.encode())
    lines = [line for line, _reason in caught.value.errors]
    assert lines == [5, 6, 7, 8]
    assert "astrologie" in caught.value.errors[0][1]
    assert teams.list_themes(w.uow, w.hr) == []
    with pytest.raises(AccessDenied):
        teams.import_themes(w.uow, w.manager, SAMPLE, GOOD_CSV.encode())
    report = teams.import_themes(w.uow, w.hr, SAMPLE, ("\ufeff" + GOOD_CSV).encode())
    assert (report.created, report.replaced) == (2, 0)
    credit = report.themes[0]
    assert (credit.name, credit.min_advisors, credit.share) == ("Crédit", 3, 0.4)
    assert len(credit.competencies) == 2
    again = teams.import_themes(w.uow, w.hr, SAMPLE, GOOD_CSV.encode())
    assert (again.created, again.replaced) == (0, 2)


# --- the command line ---------------------------------------------------------------------


def run(world: World, login: str, *args: str) -> tuple[int, str]:
    with world.uow() as uow:
        url = uow.session.get_bind().url.render_as_string(hide_password=False)  # type: ignore[attr-defined]
    token = auth.create_api_token(world.uow, SYSTEM, login, "cli", days=1)
    result = runner.invoke(app, ["teams", *args, "--token", token, "--database-url", url])
    return result.exit_code, result.output


def test_command_line(world: World, tmp_path: Path) -> None:
    code, output = run(world, CAST.manager, "list")
    assert code == 0 and "agence-nord" in output and "crc-sud" not in output
    code, output = run(world, CAST.employee, "list")
    assert code == 1 and "accès refusé" in output
    code, output = run(world, CAST.manager, "matrix", "crc-sud")
    assert code == 1 and "accès refusé" in output

    themes_file = tmp_path / "themes.csv"
    themes_file.write_text(GOOD_CSV + "X;astrologie;2;1\n", "utf-8")
    code, output = run(world, CAST.hr, "themes-import", str(themes_file), "--referential", SAMPLE)
    assert code == 1 and "ligne 5" in output and "astrologie" in output
    themes_file.write_text(GOOD_CSV, "utf-8")
    code, output = run(world, CAST.hr, "themes-import", str(themes_file), "--referential", SAMPLE)
    assert code == 0 and "2 thèmes créés" in output
    code, output = run(world, CAST.manager, "themes", "--referential", SAMPLE)
    assert code == 0 and "Succession" in output

    code, output = run(world, CAST.manager, "matrix", "agence-nord", "--format", "json")
    assert code == 0, output
    data = json.loads(output)
    assert data["shown"] and len(data["rows"]) == 6
    assert {t["name"] for t in data["themes"]} == {"Crédit", "Succession"}
    code, output = run(world, CAST.other_manager, "matrix", "crc-sud", "--format", "csv")
    assert code == 0 and output.splitlines()[0] == "compétence;requise_pour;titulaires;part"
    assert "s-1" not in output and "Conseiller Sud" not in output
    code, output = run(world, CAST.hr, "matrix", "crc-sud", "--format", "csv")
    assert code == 0 and output.splitlines()[1].startswith("s-1;Conseiller Sud 1;")
    code, output = run(world, CAST.manager, "matrix", "agence-nord")
    assert code == 0 and "Conseiller Nord 3" in output and "Thème Crédit" in output
    code, output = run(world, CAST.manager, "matrix", "agence-nord", "--format", "xml")
    assert code == 1
