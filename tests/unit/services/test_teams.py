"""Team skills matrices and request themes through the services, on the in-memory unit of work
(issue 5, point 5); `parcours teams` runs on SQLite and PostgreSQL: tests/integration/
test_teams.py."""

from __future__ import annotations

import pytest

from parcours.domain.access import AccessDenied, Principal, Role
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.services import teams
from parcours.services.ports import UowFactory
from parcours.services.teams import ThemeImportError
from tests.people_cast import ADVISOR, CAST, SAMPLE
from tests.teams_cast import GOOD_CSV, World, world_on

MIN = 5


@pytest.fixture
def world(seeded_uow: UowFactory) -> World:
    return world_on(seeded_uow)


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
