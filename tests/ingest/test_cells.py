"""Pipe-table and HTML-cell helpers: examples and properties."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from parcours.ingest.cells import (
    html_to_text,
    is_separator,
    outside_paragraphs,
    paragraphs,
    split_items,
    split_row,
)

TAG = re.compile(r"</?[A-Za-z!?][^<>]*>")

# Text made of the characters that matter here: markup, entities, bullets, pipes, spaces.
markup_text = st.lists(
    st.sampled_from([*"ab <>/p&;#x1-•|\\\n\t\xa0éi", "<p>", "</p>", "&amp;", "&lt;", "<i>"]),
    max_size=40,
).map("".join)


def test_split_row_returns_the_stripped_cells() -> None:
    assert split_row("| a | <p>b</p> |  | d |") == ["a", "<p>b</p>", "", "d"]


def test_split_row_keeps_escaped_pipes_inside_a_cell() -> None:
    assert split_row(r"| a \| b | c |") == ["a | b", "c"]


def test_split_row_ignores_lines_that_are_not_rows() -> None:
    assert split_row("Un paragraphe ordinaire") is None
    assert split_row("") is None


def test_is_separator() -> None:
    assert is_separator(["---", ":--", "--:", ""])
    assert not is_separator(["", ""])
    assert not is_separator(["---", "texte"])


def test_html_to_text_strips_tags_entities_and_spaces() -> None:
    fragment = '<ul style="a: b"> <p>L&#39;offre&nbsp;  <i>client</i></p>\n</ul>'
    assert html_to_text(fragment) == "L'offre client"


def test_html_to_text_keeps_a_lone_angle_bracket() -> None:
    assert html_to_text("a < b et c > d") == "a < b et c > d"


def test_paragraphs_in_order_and_without_the_list() -> None:
    cell = "<p>A1. Titre</p> <ul> • un • deux <p></p>"
    assert paragraphs(cell) == ["A1. Titre"]
    assert split_items(outside_paragraphs(cell)) == ["un", "deux"]


def test_paragraphs_tolerate_a_missing_closing_tag() -> None:
    assert paragraphs("<p>un <p>deux</p> <p>trois") == ["un", "deux", "trois"]


def test_split_items_on_dash_bullets_drops_empty_items() -> None:
    cell = "<ul> - <i>Premier point.</i> - <i>relation-client suivie.</i> - "
    assert split_items(cell) == ["Premier point.", "relation-client suivie."]


@given(st.text(max_size=80))
def test_split_row_never_raises(line: str) -> None:
    cells = split_row(line)
    assert cells is None or all(cell == cell.strip() for cell in cells)


@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_characters="\\\n\r"), max_size=12),
        min_size=1,
        max_size=6,
    )
)
def test_split_row_round_trips_escaped_cells(cells: list[str]) -> None:
    line = "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
    assert split_row(line) == [cell.replace("\\|", "|").strip() for cell in cells]


@given(markup_text)
def test_html_to_text_leaves_no_tag_and_normalised_spaces(fragment: str) -> None:
    text = html_to_text(fragment)
    assert TAG.search(text) is None
    assert text == " ".join(text.split())


@given(markup_text)
def test_html_to_text_is_idempotent(fragment: str) -> None:
    text = html_to_text(fragment)
    assert html_to_text(text) == text


@given(st.text(max_size=80))
def test_html_to_text_is_idempotent_on_any_text(fragment: str) -> None:
    text = html_to_text(fragment)
    assert html_to_text(text) == text


@given(markup_text)
def test_paragraphs_and_items_never_hold_tags_or_empty_strings(fragment: str) -> None:
    for part in paragraphs(fragment) + split_items(fragment):
        assert part and part == part.strip()
        assert TAG.search(part) is None


@given(st.text(alphabet=st.sampled_from(list("ab -•é\t")), max_size=60))
def test_split_items_loses_no_character_but_bullets(text: str) -> None:
    items = split_items(text)
    # A "-" is a bullet when it stands alone once "•" bullets are set apart.
    words = html_to_text(text).replace("•", " • ").split()
    expected = "".join(word for word in words if word not in {"-", "•"})
    assert "".join(items).replace(" ", "") == expected
    assert all("•" not in item for item in items)


@given(st.text(alphabet=st.sampled_from(list("ab -•é")), max_size=60))
def test_split_items_is_idempotent_on_each_item(text: str) -> None:
    for item in split_items(text):
        assert split_items(item) == [item]
