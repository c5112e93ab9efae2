"""PeopleStore (services/ports/people.py): the fake and the SQL store alike."""

from __future__ import annotations

from datetime import date

from parcours.domain.people import Assessment, Person, Source, Team
from parcours.services.ports import UowFactory
from parcours.services.ports.campaigns import Campaign, CampaignReview
from parcours.services.ports.people import Account


def people() -> list[Person]:
    return [
        Person("p-2", "banque", "conseiller", "nord", "p-1", "Bernard Martin"),
        Person("p-1", "banque", "directeur", "nord", None, "Alice Durand"),
        Person("p-3", "banque", "conseiller", "sud", "p-1", "Chloé Petit"),
    ]


def rating(person: str, competency: str, level: int, on: date, **more: object) -> Assessment:
    return Assessment(person, competency, level, Source.MANAGER, on, "niveau", **more)  # type: ignore[arg-type]


def test_people_are_upserted_listed_counted_and_filtered(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        assert uow.people.upsert_people(people(), document="rh.csv", lines=[2, 3, 4]) == (3, 0, 0)
        uow.commit()
    moved = Person("p-3", "banque", "conseiller", "nord", "p-1", "Chloé Petit")
    with port_uow() as uow:
        assert uow.people.upsert_people([moved, people()[0]], document=None, lines=None) == (
            0,
            1,
            1,
        )
        uow.people.save_person(Person("p-4", team="sud", display_name="Zoé", erased=True))
        uow.commit()
    with port_uow() as uow:
        assert uow.people.get_person("p-3") == moved
        assert uow.people.get_person("p-9") is None
        assert [p.id for p in uow.people.list_people()] == ["p-1", "p-2", "p-3"]
        assert [p.id for p in uow.people.list_people(include_erased=True)] == [
            "p-1",
            "p-2",
            "p-3",
            "p-4",
        ]
        assert [p.id for p in uow.people.list_people(teams=["nord"], job="conseiller")] == [
            "p-2",
            "p-3",
        ]
        assert [p.id for p in uow.people.list_people(name="DUR")] == ["p-1"]
        assert [p.id for p in uow.people.list_people(limit=1, offset=1)] == ["p-2"]
        assert uow.people.count_people() == 3
        assert uow.people.count_people(teams=["sud"]) == 0
        assert uow.people.count_people(teams=["nord"], job="directeur") == 1
        assert set(uow.people.get_people(["p-4", "p-1", "p-9", "p-1"])) == {"p-1", "p-4"}


def test_teams_are_upserted_by_code(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        assert uow.people.upsert_teams([Team("nord", "Agence Nord", "p-1")]) == 1
        created = uow.people.save_teams(
            [Team("nord", "Agence Nord", "p-1"), Team("sud", "Agence Sud", "p-1", "nord")]
        )
        assert created == (1, 0, 1)
        uow.commit()
    with port_uow() as uow:
        assert uow.people.save_teams([Team("sud", "Sud", "p-2", "nord")]) == (0, 1, 0)
        assert uow.people.upsert_teams([Team("nord", "Agence Nord", "p-1")]) == 0
        uow.commit()
    with port_uow() as uow:
        assert uow.people.get_team("sud") == Team("sud", "Sud", "p-2", "nord")
        assert uow.people.get_team("est") is None
        assert [t.code for t in uow.people.list_teams()] == ["nord", "sud"]
        assert uow.people.teams_managed_by("p-1") == ["nord"]


def test_assessments_are_kept_in_history_order(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        uow.people.upsert_people(people(), document=None, lines=None)
        added = uow.people.add_assessments(
            [
                rating("p-2", "crm", 3, date(2026, 3, 1), raw=0.7, evidence="entretien"),
                rating("p-2", "crm", 2, date(2025, 3, 1)),
                rating("p-3", "vente", 4, date(2026, 1, 1), assessor="chef"),
            ]
        )
        assert added == 3
        uow.commit()
    with port_uow() as uow:
        history = uow.people.assessments_of("p-2")
        assert [(a.level, a.assessed_on) for a in history] == [
            (2, date(2025, 3, 1)),
            (3, date(2026, 3, 1)),
        ]
        assert all(a.id is not None and a.recorded_at is not None for a in history)
        assert (history[1].raw, history[1].evidence, history[1].scale) == (
            0.7,
            "entretien",
            "niveau",
        )
        many = uow.people.assessments_of_many(["p-2", "p-3", "p-1"])
        assert [len(many[p]) for p in ("p-1", "p-2", "p-3")] == [0, 2, 1]
        assert uow.people.assessment_keys(["p-3"]) == {
            ("p-3", "vente", "manager", date(2026, 1, 1), 4)
        }


def test_renaming_a_person_renames_every_row_that_names_it(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        uow.people.upsert_people(people(), document=None, lines=None)
        uow.people.upsert_teams([Team("nord", "Nord", "p-1")])
        uow.people.add_assessments([rating("p-2", "crm", 3, date(2026, 1, 1), assessor="p-1")])
        uow.accounts.save(Account("alice", frozenset({"manager"}), person="p-1"))
        number = uow.campaigns.add(
            Campaign("c", "banque", date(2026, 1, 1), date(2026, 2, 1), ("nord",))
        )
        uow.campaigns.save_review(CampaignReview(number, "p-1"))
        uow.commit()
    with port_uow() as uow:
        uow.people.rename_person("p-1", "x-1")
        uow.people.rename_person("p-9", "x-9")  # unknown: nothing
        uow.commit()
    with port_uow() as uow:
        assert uow.people.get_person("p-1") is None
        renamed = uow.people.get_person("x-1")
        assert renamed is not None and renamed.display_name == "Alice Durand"
        assert {p.manager for p in uow.people.list_people() if p.id != "x-1"} == {"x-1"}
        assert uow.people.teams_managed_by("x-1") == ["nord"]
        assert uow.people.assessments_of("p-2")[0].assessor == "x-1"
        alice = uow.accounts.get("alice")
        assert alice is not None and alice.person == "x-1"
        assert [r.person for r in uow.campaigns.reviews(number)] == ["x-1"]
