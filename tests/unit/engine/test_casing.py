"""Titles in capitals without accents shown in ordinary French from a reviewed dictionary, never
a silent guess (issue 13)."""

from __future__ import annotations

import json
from importlib import resources

from parcours.engine.casing import cased, dictionary, display, shouting
from parcours.engine.normalise import fold


def test_la_banque_postale_titles() -> None:
    title = cased("CHARGE DE CLIENTELE RISQUES")
    assert title.text == "Chargé de clientèle risques"
    assert title.source == "CHARGE DE CLIENTELE RISQUES" and title.changed and not title.unknown
    assert cased("CHARGE DE SUPPORT AU RESEAU ET D APPUI").text == (
        "Chargé de support au réseau et d'appui"
    )
    assert cased("CHARGE RELATION BANCAIRE MAJEURS PROTEGES").text == (
        "Chargé relation bancaire majeurs protégés"
    )
    assert cased("GESTIONNAIRE EPARGNE SPECIALISEE").text == "Gestionnaire épargne spécialisée"


def test_a_word_hiding_two_words_depends_on_its_place() -> None:
    assert cased("CHARGE DE CLIENTELE").text.startswith("Chargé ")
    assert cased("SUIVI DE CHARGE").text == "Suivi de charge"


def test_unknown_words_are_named_not_guessed() -> None:
    title = cased("GESTIONNAIRE ZORGLUB")
    assert title.text == "Gestionnaire ZORGLUB" and title.unknown == ("ZORGLUB",)


def test_ordinary_titles_are_left_alone() -> None:
    for text in ("Chef d'équipe", "Directeur de centre", "A"):
        assert cased(text).text == text and not cased(text).changed and not cased(text).unknown
    assert cased("ESCO").text == "ESCO" and cased("ESCO").unknown == ("ESCO",)
    assert not shouting("Chargé") and shouting("CHARGE")
    assert display(None) == "" and display("RESEAU") == "Réseau"


def test_the_dictionary_is_reviewed_words_one_per_folded_form() -> None:
    raw = resources.files("parcours.engine").joinpath("data/french_casing.json").read_text("utf-8")
    words = json.loads(raw)["words"]
    heads = [str(w).partition("/")[0] for w in words]
    folded = [fold(w) for w in heads]
    assert len(folded) == len(set(folded)), "two entries share their capitals: use 'a/b'"
    assert all(w == w.lower() and w.strip() == w for w in words)
    for entry in words:
        first, _, other = str(entry).partition("/")
        assert not other or fold(other) == fold(first)
    head, body = dictionary()
    assert head["charge"] == "chargé" and body["charge"] == "charge"
