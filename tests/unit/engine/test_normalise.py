"""The French normaliser: examples from the documents' own spellings, and properties."""

from __future__ import annotations

import re

from hypothesis import assume, given
from hypothesis import strategies as st

from parcours.engine.normalise import (
    STOP_WORDS,
    fold,
    job_key,
    label_key,
    lemma,
    masculine,
    search_term,
    search_tokens,
    singular,
    slugify,
    split_grade,
    strip_gender,
    tokens,
)


def test_fold_strips_case_accents_and_unifies_apostrophes() -> None:
    assert fold("  Chargé  d’Affaires Œuvre ") == "charge d'affaires oeuvre"


def test_split_grade_drops_gender_mark_and_splits_grade() -> None:
    assert split_grade("CHARGE DE CLIENTELE RISQUES II.3 (H/F)") == (
        "CHARGE DE CLIENTELE RISQUES",
        "II.3",
    )
    assert split_grade("RESPONSABLE FLUX IV.A (H/F)") == ("RESPONSABLE FLUX", "IV.A")
    assert split_grade("Conseiller junior") == ("Conseiller junior", None)


def test_gender_forms_fold_to_one_form() -> None:
    assert (
        strip_gender("Chargée/Chargé de recouvrement amiable") == "Chargé de recouvrement amiable"
    )
    assert strip_gender("Conseiller(ère) clientèle (H/F)") == "Conseiller clientèle"
    assert strip_gender("Achat/Vente") == "Achat/Vente"  # not a gender pair


def test_plural_and_gender_variants_share_a_key() -> None:
    assert job_key("GESTIONNAIRES CONTENTIEUX", "II.2") == job_key(
        "Gestionnaire contentieux", "II.2"
    )
    assert label_key("Chargée/Chargé de clientèle") == label_key("CHARGE DE CLIENTELE")
    assert job_key("X", "II.3") != job_key("X", "II.2")


def test_singular_keeps_invariable_words() -> None:
    assert singular("risques") == "risque"
    assert singular("dans") == "dans"
    assert singular("principaux") == "principal"


text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)


@given(text)
def test_fold_is_idempotent(value: str) -> None:
    assert fold(fold(value)) == fold(value)


@given(text)
def test_slug_is_url_safe_and_idempotent(value: str) -> None:
    slug = slugify(value)
    assert all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in slug)
    assert slugify(slug) == slug


@given(text)
def test_label_key_ignores_case_and_accents(value: str) -> None:
    assert label_key(value.upper()) == label_key(value.lower()) or not value.isascii()


@given(
    st.lists(st.sampled_from(["conseiller", "senior", "Crédit", "banque", "épargne"]), min_size=1)
)
def test_tokens_are_folded_words(words: list[str]) -> None:
    assert tokens(" ".join(words)) == [singular(fold(w)) for w in words]


def test_singular_words_ending_in_s_or_x_stay_whole() -> None:
    for word in ("anglais", "hors", "secours", "taux", "flux", "parcours", "francais"):
        assert singular(word) == word
    assert tokens("Bureautique hors Pack Office") == ["bureautique", "hors", "pack", "office"]


# --- search tokens ------------------------------------------------------------------------------


def test_search_tokens_fold_case_accents_gender_and_stop_words() -> None:
    assert search_tokens("CHARGÉE de clientèle") == ["charge", "clientele"]
    assert search_tokens("charge clientele") == ["charge", "clientele"]
    assert search_tokens("Chargée/Chargé de recouvrement amiable (H/F)") == [
        "charge",
        "recouvrement",
        "amiable",
    ]
    assert search_tokens("Conseiller(ère) clientèle") == search_tokens("conseillères clientèle")
    assert search_tokens("Directrice commerciale") == search_tokens("directeurs commerciaux")
    assert search_tokens("l’analyse et la synthèse") == ["analyse", "synthese"]


def test_search_tokens_keep_repeats_codes_and_grades() -> None:
    assert search_tokens("risque, risques et RISQUE") == ["risque"] * 3
    assert search_tokens("D1408 II.3") == ["d1408", "ii", "3"]


def test_lemmas_join_verb_forms_and_irregular_plurals() -> None:
    assert lemma("analysent") == "analyser"
    assert search_tokens("ils analysent") == search_tokens("analyser")
    assert search_tokens("les travaux") == search_tokens("le travail") == ["travail"]
    assert search_tokens("des bureaux") == ["bureau"]


def test_masculine_forms_and_their_limits() -> None:
    assert masculine("conseillere") == "conseiller"
    assert masculine("vendeuse") == "vendeur"
    assert masculine("chargee") == "charge"
    assert masculine("entree") == "entree"  # "entre" is a stop word: kept whole
    assert masculine("mere") == "mere"  # too short to tell


def test_a_sentence_of_stop_words_has_no_search_tokens() -> None:
    assert search_tokens("de la, et les ; à l’ou d’un") == []


french = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ0123456789 -'’()/.,"),
    max_size=60,
)
word = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=3, max_size=12)


@given(text)
def test_search_tokens_are_idempotent(value: str) -> None:
    once = search_tokens(value)
    assert search_tokens(" ".join(once)) == once


@given(text)
def test_search_tokens_are_terms_without_stop_words(value: str) -> None:
    for term in search_tokens(value):
        assert re.fullmatch("[a-z0-9]+", term)
        assert term not in STOP_WORDS
        assert search_term(term) == term


@given(french)
def test_search_tokens_ignore_case_and_accents(value: str) -> None:
    expected = search_tokens(value)
    assert search_tokens(value.upper()) == expected
    assert search_tokens(fold(value)) == expected


@given(word)
def test_a_plural_and_its_singular_give_the_same_tokens(value: str) -> None:
    assume(value not in STOP_WORDS and value + "s" not in STOP_WORDS)
    assume(not value.endswith(("s", "x")))
    assume(singular(value + "s") == value)
    assert search_tokens(value + "s") == search_tokens(value)
    assert search_tokens(value.upper() + "S") == search_tokens(value)


@given(st.sampled_from(["conseill", "charg", "gestionn", "direct", "commerci", "vend"]))
def test_feminine_and_masculine_forms_give_the_same_tokens(stem: str) -> None:
    pairs = {
        "conseill": ("conseillère", "conseiller"),
        "charg": ("chargée", "chargé"),
        "gestionn": ("gestionnaires", "gestionnaire"),
        "direct": ("directrice", "directeur"),
        "commerci": ("commerciale", "commercial"),
        "vend": ("vendeuses", "vendeur"),
    }
    feminine, masc = pairs[stem]
    assert search_tokens(feminine) == search_tokens(masc)


def test_plurals_in_eaux_fold_to_eau() -> None:
    assert singular("reseaux") == "reseau" and singular("bureaux") == "bureau"
    assert singular("principaux") == "principal"
