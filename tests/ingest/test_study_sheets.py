"""Sheet helpers of the study importer: re-joining items, matching titles, parsing a sheet."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from parcours.domain.competency import CompetencyKind
from parcours.domain.mobility import MobilityKind
from parcours.ingest.study_sheets import (
    PARAGRAPH,
    Item,
    MatchRule,
    Part,
    clean_label,
    continues,
    drop_article,
    find_mentions,
    find_sheet_headings,
    heading_part,
    is_group_heading,
    join_fragments,
    match_title,
    names_a_unit,
    parse_marker,
    parse_sheet,
    rejoin,
    render,
    same_title,
    strip_emphasis,
    strip_parenthetical,
    title_tokens,
)


def _numbered(lines: list[str]) -> list[tuple[int, str]]:
    return list(enumerate(lines))


# --------------------------------------------------------------------------- small helpers


def test_parse_marker_levels() -> None:
    assert parse_marker("- item") == (0, "item")
    assert parse_marker(" - nested") == (1, "nested")
    assert parse_marker("– en dash") == (0, "en dash")
    assert parse_marker("• bullet") == (0, "bullet")
    assert parse_marker("e-agence") is None
    assert parse_marker("-collé") is None
    assert parse_marker("*italique*") is None


def test_clean_label() -> None:
    assert clean_label("Liés à la relation client :") == "Liés à la relation client"
    assert clean_label("capacités rédactionnelles ,") == "capacités rédactionnelles"
    assert clean_label("« Community manager » :") == "Community manager"
    assert clean_label("courriel, chat...") == "courriel, chat..."
    assert clean_label("*Il veille au respect des règles.*") == "Il veille au respect des règles"
    assert clean_label(" ,. ") == ""


def test_strip_emphasis_keeps_inner_text() -> None:
    assert strip_emphasis("et les hommes **dans la banque**") == "et les hommes dans la banque"
    assert strip_emphasis("*Marketvox") == "Marketvox"
    assert strip_emphasis("3 * 4") == "3 4"


def test_titles_helpers() -> None:
    assert drop_article("Le Directeur de centre") == "Directeur de centre"
    assert drop_article("L'Adjoint") == "Adjoint"
    assert drop_article("La") == "La"
    assert strip_parenthetical("Chef de projet (Direction marketing)") == "Chef de projet"
    assert strip_parenthetical("(seul)") == "(seul)"


def test_heading_part() -> None:
    assert heading_part("Description du métier") == (Part.PURPOSE, None)
    assert heading_part("Évolution :") == (Part.EVOLUTION, None)
    assert heading_part("Evolution :") == (Part.EVOLUTION, None)
    assert heading_part("Savoir être") == (Part.SAVOIR_ETRE, None)
    assert heading_part("Savoir-être") == (Part.SAVOIR_ETRE, None)
    assert heading_part("Classification : J/K") == (Part.CLASSIFICATION, "J/K")
    assert heading_part("Principales appellations de l'emploi :") == (Part.ALT_TITLES, None)
    assert heading_part("- Savoirs") is None
    assert heading_part("Évolution horizontale ou verticale selon la taille :") is None


# --------------------------------------------------------------------------- re-joining


def test_rejoin_glues_a_cut_word_across_a_blank_run() -> None:
    items = rejoin(_numbered(["- répond dans son domaine de com-", "", "", "pétence,", "- suit."]))
    assert [(i.text, i.first, i.last, i.joined) for i in items] == [
        ("répond dans son domaine de compétence,", 0, 3, True),
        ("suit.", 4, 4, False),
    ]


def test_rejoin_glues_an_unfinished_item_to_a_lower_case_tail() -> None:
    items = rejoin(
        _numbered(["- contribue à l'amélioration de", "", "l'équipe,", "- rend compte."])
    )
    assert items[0].text == "contribue à l'amélioration de l'équipe,"
    assert not items[0].guessed


def test_rejoin_keeps_a_heading_apart_from_its_paragraph() -> None:
    items = rejoin(_numbered(["Les appels", "", "Pour les opérations simples, il appelle."]))
    assert [i.level for i in items] == [PARAGRAPH, PARAGRAPH]


def test_rejoin_accepts_an_upper_case_tail_only_when_asked() -> None:
    lines = _numbered(["- transmet les informations des autres", "", "Directions de la banque,"])
    assert len(rejoin(lines)) == 2
    joined = rejoin(lines, allow_upper=True)
    assert len(joined) == 1 and joined[0].guessed


def test_rejoin_marks_items_after_a_blank_run() -> None:
    items = rejoin(_numbered(["- a :", " - b", "", "- c"]))
    assert [(i.level, i.after_blank) for i in items] == [(0, False), (1, False), (0, True)]


def test_continues_and_join_fragments() -> None:
    assert continues("visite en agence. Le", "guichet constituait")
    assert not continues("fin de phrase.", "suite")
    assert not continues("Titre", "Paragraphe")
    assert continues("Titre", "Paragraphe", allow_upper=True)
    assert join_fragments("inter-", "venir de plus en plus") == "intervenir de plus en plus"
    assert join_fragments("e-", "Agence") == "e- Agence"


def test_render_keeps_blank_runs_as_paragraph_breaks() -> None:
    items = [Item("Titre", PARAGRAPH, 0, 0), Item("a", 0, 2, 2, True), Item("b", 1, 3, 3)]
    assert render(items) == "Titre\n\n- a\n  - b"


_WORDS = st.sampled_from(["suite", "Début", "fin", "Le", "de", "com-", "agence", "x"])
_ENDS = st.sampled_from(["", ",", ".", " :", ";"])
_FRAGMENT = st.builds(
    lambda words, end: " ".join(words) + end, st.lists(_WORDS, min_size=1, max_size=4), _ENDS
)
_LINE = st.one_of(
    st.just(""),
    st.just("  "),
    st.builds(lambda f: f"- {f}", _FRAGMENT),
    st.builds(lambda f: f" - {f}", _FRAGMENT),
    st.builds(lambda f: f"• {f}", _FRAGMENT),
    _FRAGMENT,
)


def _content(lines: list[str]) -> str:
    """Non-space characters of the lines, list markers dropped."""
    out = []
    for line in lines:
        marker = parse_marker(line)
        out.append(marker[1] if marker else line)
    return re.sub(r"\s", "", "".join(out))


@given(st.lists(_LINE, max_size=30), st.booleans())
def test_rejoin_partitions_the_lines_in_order(lines: list[str], upper: bool) -> None:
    items = rejoin(_numbered(lines), allow_upper=upper)
    spans = [(i.first, i.last) for i in items]
    assert all(a <= b for a, b in spans)
    assert all(spans[n][1] < spans[n + 1][0] for n in range(len(spans) - 1))
    starts = {i.first for i in items}
    filled = {n for n, line in enumerate(lines) if line.strip()}
    assert starts <= filled
    covered = {n for a, b in spans for n in range(a, b + 1)}
    assert filled <= covered


@given(st.lists(_LINE, max_size=30), st.booleans())
def test_rejoin_never_loses_characters(lines: list[str], upper: bool) -> None:
    items = rejoin(_numbered(lines), allow_upper=upper)
    kept = re.sub(r"\s", "", "".join(i.text for i in items))
    source = _content(lines)
    # Only the hyphen of a word cut at a line end may go.
    assert len(source) - len(kept) == source.count("-") - kept.count("-")
    assert re.sub("-", "", kept) == re.sub("-", "", source)


@given(st.lists(_LINE, max_size=30), st.booleans())
def test_rejoin_is_idempotent(lines: list[str], upper: bool) -> None:
    items = rejoin(_numbered(lines), allow_upper=upper)
    again = rejoin(_numbered([_as_line(i) for i in items]), allow_upper=upper)
    assert [(i.text, i.level) for i in again] == [(i.text, i.level) for i in items]


def _as_line(item: Item) -> str:
    return item.text if item.level == PARAGRAPH else " " * item.level + "- " + item.text


# --------------------------------------------------------------------------- titles

SHEETS = [
    "Directeur de la relation client Multicanal",
    "Directeur de centre",
    "Chef d'équipe",
    "Responsable formation",
    "Responsable de la qualité",
    "Conseiller senior",
    "Conseiller senior expert",
    "Conseiller senior spécialisé",
    "Conseiller en e-agence",
]


def test_match_title_on_the_spellings_of_the_study() -> None:
    def hit(target: str) -> tuple[str, MatchRule] | None:
        match = match_title(target, SHEETS)
        return (match.title, match.rule) if match else None

    assert hit("Directeur de la relation client") == (SHEETS[0], MatchRule.CONTAINED)
    assert hit("Directeur de Centre de la relation client") == (SHEETS[1], MatchRule.CONTEXT)
    assert hit("Chef d'équipe en Centre de la relation client") == (SHEETS[2], MatchRule.CONTEXT)
    assert hit("Responsable qualité d'une Centre de relation client") == (
        SHEETS[4],
        MatchRule.CONTEXT,
    )
    assert hit("Conseiller senior en CRC") == (SHEETS[5], MatchRule.CONTEXT)
    assert hit("Conseiller senior expert en CRC") == (SHEETS[6], MatchRule.CONTEXT)
    assert hit("Conseiller Spécialisé") == (SHEETS[7], MatchRule.CONTAINED)
    assert hit("CONSEILLER EN E-AGENCE") == (SHEETS[8], MatchRule.EXACT)
    assert hit("Responsable formation du Groupe") is None
    assert hit("Conseiller en agence physique") is None
    assert hit("autres directions de la Banque") is None
    assert hit("de la") is None


def test_find_mentions_prefers_the_longest_title() -> None:
    text = "Le Conseiller senior peut être nommé Conseiller Senior Expert."
    assert [m[2] for m in find_mentions(text, SHEETS)] == [SHEETS[5], SHEETS[6]]
    assert find_mentions("Conseiller seniors", SHEETS) == []


_TITLE_WORDS = st.sampled_from(
    [
        "Conseiller",
        "senior",
        "junior",
        "expert",
        "Directeur",
        "centre",
        "relation",
        "client",
        "de",
        "la",
        "en",
        "CRC",
        "qualité",
        "équipe",
        "Chef",
        "e-agence",
        "Responsable",
        "(groupe)",
    ]
)
_TITLE = st.lists(_TITLE_WORDS, min_size=1, max_size=5).map(" ".join)


@given(_TITLE, st.lists(_TITLE, max_size=6))
def test_a_title_matches_itself(title: str, others: list[str]) -> None:
    match = match_title(title, [*others, title])
    if title_tokens(title):
        assert match is not None and match.rule is MatchRule.EXACT
        assert same_title(match.title, title)
    else:
        assert match is None


@given(_TITLE, _TITLE)
def test_same_title_and_exact_matches_are_symmetric(a: str, b: str) -> None:
    assert same_title(a, b) == same_title(b, a)
    forward, backward = match_title(a, [b]), match_title(b, [a])
    assert (forward is not None and forward.rule is MatchRule.EXACT) == (
        backward is not None and backward.rule is MatchRule.EXACT
    )
    if forward is not None and forward.rule is MatchRule.CONTAINED:
        assert backward is None or backward.rule is MatchRule.CONTEXT


@given(_TITLE, st.lists(_TITLE, max_size=6), st.randoms())
def test_match_title_ignores_candidate_order_and_case(
    title: str, candidates: list[str], rnd: object
) -> None:
    shuffled = list(candidates)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert match_title(title, candidates) == match_title(title, shuffled)
    assert match_title(title.upper(), candidates) == match_title(title, candidates)


# --------------------------------------------------------------------------- a sheet

SHEET = """\
Le Gardien du coffre

Principales appellations :

- Veilleur
- Garde de nuit :
 - surveille les salles.

Description du métier

Il garde le coffre.

Principales activités

Le Gardien du coffre :

- ouvre le coffre,
- referme le coffre avec la
clé du jour,

Lieu d'exercice :

La salle des coffres.

Conditions d'accès

Bac+2 avec :

- une expérience de la sécurité.

Classification : C/D

Rattachement hiérarchique

Le Chef de la sécurité.

Évolution

- évolution verticale : Chef de la sécurité.
- évolution horizontale :
 - Gardien de jour,
 - Portier.

Notes diverses du gardien

Un paragraphe en plus.

Compétences

Savoirs

- Liés à la sécurité :
 - connaît les alarmes,

- connaît les clés.
- Connaissance des lieux.

Savoir-faire

- Vigilance :

Repère les intrus

Savoir être

- Calme
"""


def test_parse_sheet_reads_every_field() -> None:
    lines = SHEET.split("\n")
    assert find_sheet_headings(lines, 0, len(lines)) == [0]
    sheet = parse_sheet(lines, 0, len(lines))
    assert sheet.title == "Gardien du coffre"
    assert [clean_label(i.text) for i in sheet.alt_titles] == ["Veilleur", "Garde de nuit"]
    assert [i.text for i in sheet.purpose] == ["Il garde le coffre."]
    assert [i.text for i in sheet.activity_intro] == ["Le Gardien du coffre :"]
    assert [clean_label(i.text) for i in sheet.activities] == [
        "ouvre le coffre",
        "referme le coffre avec la clé du jour",
    ]
    assert [i.text for i in sheet.workplace] == ["La salle des coffres."]
    assert [i.text for i in sheet.access] == ["Bac+2 avec :", "une expérience de la sécurité."]
    assert sheet.classification == ("C/D", lines.index("Classification : C/D"))
    assert [i.text for i in sheet.reporting] == ["Le Chef de la sécurité."]
    assert [(e.target, e.kind) for e in sheet.evolutions] == [
        ("Chef de la sécurité", MobilityKind.VERTICAL),
        ("Gardien de jour", MobilityKind.HORIZONTAL),
        ("Portier", MobilityKind.HORIZONTAL),
    ]
    assert [(e.title, [i.text for i in e.items]) for e in sheet.extras] == [
        # The titles with their descriptions are kept whole as a note.
        ("Principales appellations", ["Veilleur", "Garde de nuit :", "surveille les salles."]),
        ("Notes diverses du gardien", ["Un paragraphe en plus."]),
    ]


def test_parse_sheet_competencies_and_their_repairs() -> None:
    lines = SHEET.split("\n")
    sheet = parse_sheet(lines, 0, len(lines))
    # "Liés à ..." is a heading: the items below it are competencies of that category.
    assert [(c.label, c.kind, c.category, c.details) for c in sheet.competencies] == [
        ("connaît les alarmes", CompetencyKind.SAVOIR, "Liés à la sécurité", []),
        ("connaît les clés", CompetencyKind.SAVOIR, "Liés à la sécurité", []),
        ("Connaissance des lieux", CompetencyKind.SAVOIR, None, []),
        ("Vigilance", CompetencyKind.SAVOIR_FAIRE, None, ["Repère les intrus"]),
        ("Calme", CompetencyKind.SAVOIR_ETRE, None, []),
    ]
    assert [w.code for w in sheet.warnings] == ["competence-reimbriquee", "detail-sans-tiret"]
    assert sheet.competencies[3].repaired and not sheet.competencies[2].repaired


def test_a_flattened_third_level_and_group_headings_of_any_shape() -> None:
    lines = [
        "Le Veilleur",
        "Description du métier",
        "Il veille.",
        "Savoirs",
        "- Relatives aux lieux",
        " - engage la maison",
        " - dans ses choix,",
        " - par ses rondes.",
        " - connaît les clés.",
        "- Sens du calme :",
        " - reste calme.",
    ]
    sheet = parse_sheet(lines, 0, len(lines))
    assert [(c.label, c.category, c.details) for c in sheet.competencies] == [
        ("engage la maison", "Relatives aux lieux", ["dans ses choix", "par ses rondes"]),
        ("connaît les clés", "Relatives aux lieux", []),
        ("Sens du calme", None, ["reste calme"]),
    ]
    assert is_group_heading("Liés aux offres") and not is_group_heading("Lien client")


def test_departments_are_recognised_by_their_head_noun() -> None:
    assert names_a_unit("autres directions de la Banque")
    assert names_a_unit("Direction de filiale (le plus souvent)")
    assert names_a_unit("Service contentieux")
    assert not names_a_unit("Directeur de la qualité")
    assert not names_a_unit("Chef de projet marketing (Direction marketing)")


def test_plain_evolution_list_is_unspecified_and_an_intro_is_reported() -> None:
    lines = [
        "Le Veilleur",
        "Description du métier",
        "Il veille.",
        "Évolution",
        "Évolution horizontale ou verticale selon les cas :",
        "- Gardien,",
        "- Portier.",
    ]
    sheet = parse_sheet(lines, 0, len(lines))
    assert {e.kind for e in sheet.evolutions} == {MobilityKind.UNSPECIFIED}
    assert [w.code for w in sheet.warnings] == ["evolution-sans-type"]
