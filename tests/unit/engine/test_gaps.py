"""Gap analysis and person profiles."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parcours.domain.profile import (
    Profile,
    ProfileEntry,
    ProfileError,
    parse_profile,
    profile_from_levels,
    pseudonym,
)
from parcours.engine.gaps import GapStatus, gap, job_levels, resolve_profile
from parcours.engine.similarity import build_similarity_model

from .test_vectors import bank


def test_gap_sorts_requirements_into_covered_under_level_and_missing() -> None:
    model = build_similarity_model(bank())
    result = gap(
        model, {"ecoute": 3, "vente": 2, "reglementation": None}, "conseiller-confirme--ii-3"
    )
    assert {i.key for i in result.covered} == {"ecoute", "reglementation"}
    assert [(i.key, i.held_level, i.required_level) for i in result.under_level] == [
        ("vente", 2, 3)
    ]
    assert [i.key for i in result.missing] == ["credit"]
    assert all(i.status is GapStatus.MISSING for i in result.missing)
    weights = {i.key: i.weight for i in result.items}
    expected = (weights["ecoute"] + weights["reglementation"] + weights["vente"] * 2 / 3) / sum(
        weights.values()
    )
    assert result.coverage == pytest.approx(100 * expected, abs=0.05)
    assert result.target_title == "Conseiller clientèle confirmé"


def test_full_profile_covers_everything_and_empty_profile_nothing() -> None:
    model = build_similarity_model(bank())
    target = "analyste-credit--iii-1"
    full = gap(model, {"credit": 4, "risque": 4, "reglementation": 1}, target)
    assert full.coverage == 100.0 and not full.missing and not full.under_level
    empty = gap(model, {}, target)
    assert empty.coverage == 0.0 and len(empty.missing) == 3


def test_trainings_close_the_gap_greedily_and_this_move_first() -> None:
    model = build_similarity_model(bank())
    result = gap(
        model,
        job_levels(model.referential, "conseiller--ii-1"),
        "conseiller-confirme--ii-3",
        source="conseiller--ii-1",
    )
    (training,) = result.trainings
    assert training.key == "vente-2" and training.for_this_move
    # The training names "Crédit aux particuliers" by label: resolved to "credit".
    assert set(training.closes) == {"vente", "credit"}
    # Écoute is under level too (2 for 3) and no training develops it.
    assert [i.key for i in result.under_level] == ["vente", "ecoute"]
    weights = {i.key: i.weight for i in result.items}
    share = (weights["vente"] + weights["credit"]) / (
        weights["vente"] + weights["credit"] + weights["ecoute"]
    )
    assert training.closes_weight == pytest.approx(share, abs=1e-3)
    to_agency = gap(model, {"ecoute": 2}, "responsable-d-agence--iii-2")
    assert [t.key for t in to_agency.trainings] == ["manager", "vente-2"]
    assert not any(t.for_this_move for t in to_agency.trainings)
    assert to_agency.trainings[0].duration == "5 jours"


def test_profile_names_resolve_to_keys_and_unknown_ones_are_reported() -> None:
    levels, unknown = resolve_profile(
        bank(), {"Techniques de vente": 3, "vente": 2, "Écoute active": None, "Plongée": 4}
    )
    assert levels == {"vente": 3, "ecoute": None}
    assert unknown == ("Plongée",)


def test_pseudonyms_are_stable_and_salted() -> None:
    assert pseudonym("E12345", "sel") == pseudonym("E12345", "sel")
    assert pseudonym("E12345", "sel") != pseudonym("E12345", "autre sel")
    assert pseudonym("E12345", "sel").startswith("p-") and "E12345" not in pseudonym(
        "E12345", "sel"
    )


def test_profile_files_in_json_and_csv() -> None:
    document = {
        "person": "p-42",
        "job": "conseiller--ii-1",
        "levels": {
            "Écoute active": 3,
            "vente": {"level": 2, "source": "entretien annuel", "date": "2024-06-30"},
        },
    }
    profile = parse_profile(json.dumps(document), "p.json")
    assert profile.person == "p-42" and profile.job == "conseiller--ii-1"
    assert profile.entries["vente"] == ProfileEntry(
        "vente", 2, "entretien annuel", date(2024, 6, 30)
    )
    table = "competence;niveau;source\nÉcoute active;3;auto-évaluation\nvente;;\n"
    from_csv = parse_profile(table, "p.csv", person="p-43")
    assert from_csv.levels() == {"Écoute active": 3, "vente": None}
    assert from_csv.entries["Écoute active"].source == "auto-évaluation"
    assert parse_profile('{"vente": 4}', "plat.json").levels() == {"vente": 4}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('{"vente": 7}', "p.json"),
        ('{"vente": "beaucoup"}', "p.json"),
        ("{pas du json", "p.json"),
        ("nom,valeur\nvente,2\n", "p.csv"),
        ("competence,niveau\n", "p.csv"),
        ('{"vente": {"level": 2, "date": "hier"}}', "p.json"),
    ],
)
def test_bad_profiles_are_refused_in_french(text: str, name: str) -> None:
    with pytest.raises(ProfileError) as error:
        parse_profile(text, name)
    assert any(word in str(error.value) for word in ("niveau", "profil", "date", "compétence"))


names = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=';,"\n\r'),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
levels = st.dictionaries(names, st.one_of(st.none(), st.integers(1, 4)), min_size=1, max_size=12)


@given(levels)
def test_json_profiles_read_back_what_was_written(held: dict[str, int | None]) -> None:
    profile = parse_profile(json.dumps({"levels": held, "person": "p-1"}), "x.json")
    assert profile.levels() == held


@given(levels, st.sampled_from([",", ";"]))
def test_csv_profiles_read_back_what_was_written(held: dict[str, int | None], sep: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep)
    writer.writerow(["competence", "niveau"])
    for name, level in held.items():
        writer.writerow([name, "" if level is None else level])
    # Delimiter detection counts separators: give the header's separator the majority.
    text = buffer.getvalue()
    if text.count(";") > text.count(",") and sep == ",":
        return
    profile = parse_profile(text, "x.csv")
    assert profile.levels() == held


def test_profile_from_levels_keeps_source_and_date() -> None:
    profile = profile_from_levels(
        "p-1", {"vente": 2}, job="conseiller--ii-1", source="RH", assessed_on=date(2025, 1, 2)
    )
    assert isinstance(profile, Profile) and len(profile) == 1
    assert profile.entries["vente"].assessed_on == date(2025, 1, 2)
    with pytest.raises(ProfileError):
        ProfileEntry("vente", 0)
