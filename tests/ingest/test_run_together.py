"""The splitter for list items that a PDF extraction ran together."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parcours.ingest.run_together import (
    BULLET,
    acronym_boundaries,
    case_boundaries,
    guessed_groups,
    split_bullets,
    split_case,
    split_run_together,
)

# Letters of both cases (accented too), spaces, punctuation and the bullet.
_ALPHABET = st.sampled_from([*"abcéèzABCÉÈZ ()-,'", BULLET, "\t"])
_TEXTS = st.text(_ALPHABET, max_size=60)
_LOWER_ONLY = st.text(st.sampled_from(list("abcéz -,'()")), max_size=40)


def _texts(text: str) -> list[str]:
    return [piece.text for piece in split_run_together(text)]


def test_case_rule_splits_lower_then_upper_and_parenthesis() -> None:
    assert split_case("données exploitéesComprendre le contexte") == [
        "données exploitées",
        "Comprendre le contexte",
    ]
    assert split_case("(BIC)Fiscalité") == ["(BIC)", "Fiscalité"]
    assert split_case("LCB-FT") == ["LCB-FT"]


def test_acronym_repeated_twice_starts_the_next_item() -> None:
    assert _texts("TRACFINTRACFIN, DGFIP") == ["TRACFIN", "TRACFIN, DGFIP"]
    assert _texts("AMLFTAMLFT expert - TACO") == ["AMLFT", "AMLFT expert - TACO"]


def test_acronym_glued_before_a_repeat_stays_with_the_item_before() -> None:
    assert _texts("normes LCB-FT-SFITRACFINTRACFIN, DGFIP") == [
        "normes LCB-FT-SFI",
        "TRACFIN",
        "TRACFIN, DGFIP",
    ]


def test_capitals_then_capitalised_word() -> None:
    pieces = split_run_together("Procédures - KYCProcédures - KYT")
    assert [p.text for p in pieces] == ["Procédures - KYC", "Procédures - KYT"]
    assert [p.guessed for p in pieces] == [False, True]
    # A plural mark after an acronym is not a word of its own.
    assert _texts("des PDFs") == ["des PDFs"]
    # One capital then lower case is an ordinary word.
    assert _texts("Une Phrase") == ["Une Phrase"]


def test_case_boundaries_are_not_guesses() -> None:
    pieces = split_run_together("Activités internationalesAMLFTAMLFT expert")
    assert [p.text for p in pieces] == ["Activités internationales", "AMLFT", "AMLFT expert"]
    assert [p.guessed for p in pieces] == [False, False, True]


def test_guessed_groups_list_the_pieces_of_each_run() -> None:
    pieces = split_run_together("TACODéclarationnormes SFITRACFINTRACFIN, X")
    assert guessed_groups(pieces) == [
        ["TACO", "Déclarationnormes SFI"],
        ["Déclarationnormes SFI", "TRACFIN", "TRACFIN, X"],
    ]
    assert guessed_groups(split_run_together("plain textWith case")) == []


def test_empty_text_gives_no_piece() -> None:
    assert split_run_together("") == []
    assert split_case("") == []


@given(_TEXTS)
def test_split_loses_no_character(text: str) -> None:
    assert "".join(split_case(text)) == text
    assert "".join(_texts(text)) == text


@given(_TEXTS)
def test_pieces_are_never_empty(text: str) -> None:
    assert all(split_case(text))
    assert all(_texts(text))


@given(_TEXTS)
def test_case_split_is_idempotent(text: str) -> None:
    for piece in split_case(text):
        assert split_case(piece) == [piece]


@given(_TEXTS)
def test_pieces_start_at_the_boundaries(text: str) -> None:
    pieces = split_run_together(text)
    starts = [sum(len(p.text) for p in pieces[:k]) for k in range(1, len(pieces))]
    guesses = {cut for run in acronym_boundaries(text) for cut in run}
    assert set(starts) == (set(case_boundaries(text)) | guesses) - {0, len(text)}
    sure = set(case_boundaries(text))
    assert all(
        p.guessed == (start not in sure) for p, start in zip(pieces[1:], starts, strict=True)
    )


@given(_LOWER_ONLY)
def test_text_without_transition_is_one_piece(text: str) -> None:
    # Capitalising the first letter adds no internal lower->upper transition.
    text = text[:1].upper() + text[1:]
    expected = [text] if text else []
    assert split_case(text) == expected
    assert _texts(text) == expected


@given(_TEXTS)
def test_text_without_transition_nor_capital_run_is_one_piece(text: str) -> None:
    has_transition = bool(case_boundaries(text))
    has_capital_run = any(
        text[i : i + 3].isupper() and text[i : i + 3].isalpha() for i in range(len(text))
    )
    if text and not has_transition and not has_capital_run:
        assert _texts(text) == [text]


@given(_TEXTS)
def test_bullet_items_keep_every_character(text: str) -> None:
    items = split_bullets(text)
    assert all(item and item == item.strip() and BULLET not in item for item in items)
    kept = "".join(ch for ch in text if ch != BULLET and not ch.isspace())
    assert "".join("".join(item.split()) for item in items) == kept


def test_bullets_split_a_list() -> None:
    assert split_bullets(" • Droit civil• Droit pénal •  ") == ["Droit civil", "Droit pénal"]
