"""The French normaliser: examples from the documents' own spellings, and properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parcours.engine.normalise import (
    fold,
    job_key,
    label_key,
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


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


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
