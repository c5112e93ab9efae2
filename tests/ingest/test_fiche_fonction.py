"""The "fiche fonction" importer, on the two real La Banque Postale sheets (seeds 000 and 001)."""

from __future__ import annotations

import hashlib
import re
import textwrap
from collections import Counter
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parcours.domain.competency import CompetencyKind, Importance
from parcours.domain.draft import ImportDraft, Severity
from parcours.domain.errors import DocumentError
from parcours.domain.job import Job
from parcours.domain.mobility import MobilityKind, MobilityOrigin
from parcours.domain.provenance import DocumentFamily, Provenance, SourceDocument
from parcours.domain.referential import Referential
from parcours.engine.normalise import job_key, label_key, split_grade
from parcours.ingest.fiche_fonction import (
    FicheFonctionImporter,
    continues,
    detect_employer,
    fiche_slug,
    join_wrapped,
    split_items,
    split_sentences,
)
from parcours.ingest.readers import read
from parcours.ingest.text import ExtractedText
from tests.conftest import seed_path

IMPORTER = FicheFonctionImporter()
SHEETS = ("000", "001")
OTHERS = ("002", "003", "004")
EMPLOYER = "La Banque Postale"
# The behavioural competencies both sheets list, with the group each is under.
SHARED_BEHAVIOURAL = {
    "Culture du changement et de l'innovation": "comportementales",
    "Adaptabilité": "comportementales",
    "Analyse et discernement": "comportementales",
    "Orientation client": "comportementales socles",
    "Coopération et ouverture": "comportementales socles",
    "Orientation résultats": "comportementales socles",
}
# Measured on the seeds: competencies per category.
CATEGORY_COUNTS = {
    "000": {
        "comportementales": 6,
        "comportementales socles": 4,
        "Pilotage et gestion de l'activité": 2,
        "Relation Client": 3,
        "Risques et Conformité": 2,
        "Vente": 1,
    },
    "001": {"comportementales": 4, "comportementales socles": 3},
}
# Métier-group competencies whose definition opens with a knowledge verb (the others are
# savoir-faire).
KNOWLEDGE_000 = {"Audit interne", "Prise en charge des clientèles fragiles", "Conformité"}
# Measured on the seeds: activities per domain, domains named by their opening words, in order.
DOMAINS: dict[str, list[tuple[str | None, int]]] = {
    "000": [
        ("Gestion du risque", 3),
        ("Recouvrement amiable", 3),
        ("Monétique", 3),
        ("Traite les découverts complexes", 4),
        ("Dans les limites de ses délégations", 5),
        ("Traite des dossiers techniques", 3),
        ("Identifie et transfère des potentiels", 2),
        ("Assure le recouvrement de la dette du", 3),
        ("Assure l’analyse préalable", 2),
        ("Assure et suit le recouvrement", 3),
        ("Assure la gestion des dossiers", 4),
        ("Participe à l’entraide", 3),
        ("Participe au renouvellement", 1),
    ],
    "001": [
        (None, 9),
        ("Dans le cadre des systèmes de délégation", 6),
        ("Gère le dossier du client débiteur", 3),
        ("Remplace et soutient le chef", 2),
        ("Participe aux évolutions du service", 1),
    ],
}
PURPOSE_SENTENCES = {"000": 5, "001": 3}
LINKED_URLS_001 = 53


def _document(data: bytes, filename: str) -> SourceDocument:
    return SourceDocument(
        sha256=hashlib.sha256(data).hexdigest(),
        filename=filename,
        format="txt",
        family=DocumentFamily.FICHE_FONCTION,
        size=len(data),
    )


def _load(prefix: str) -> tuple[ExtractedText, SourceDocument]:
    path = seed_path(prefix)
    data = path.read_bytes()
    return read(data, path.name), _document(data, path.name)


def _parse_string(content: str, filename: str = "essai.txt") -> ImportDraft:
    text = ExtractedText.from_string(content)
    return IMPORTER.parse(text, _document(content.encode("utf-8"), filename))


@pytest.fixture(scope="module")
def drafts() -> dict[str, ImportDraft]:
    return {prefix: IMPORTER.parse(*_load(prefix)) for prefix in SHEETS}


def _part(draft: ImportDraft) -> Referential:
    assert len(draft.parts) == 1
    return draft.parts[0]


def _sheet(draft: ImportDraft) -> Job:
    sheets = [job for job in _part(draft).jobs.values() if job.has_sheet]
    assert len(sheets) == 1
    return sheets[0]


def _codes(draft: ImportDraft, code: str) -> list[str]:
    return [str(w) for w in draft.warnings if w.code == code]


# --- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", SHEETS)
def test_a_sheet_scores_high(prefix: str) -> None:
    text, document = _load(prefix)
    assert IMPORTER.score(text, document.filename) >= 0.8


@pytest.mark.parametrize("prefix", OTHERS)
def test_other_documents_score_zero(prefix: str) -> None:
    text, document = _load(prefix)
    assert IMPORTER.score(text, document.filename) == 0.0


def test_a_sheet_without_a_graded_title_scores_zero() -> None:
    text, _ = _load("000")
    lines = [line.text for line in text.lines]
    title = next(i for i, line in enumerate(lines) if split_grade(line)[1])
    lines[title] = split_grade(lines[title])[0]
    assert IMPORTER.score(ExtractedText.from_string("\n".join(lines)), "x.txt") == 0.0


def test_a_text_without_a_fonction_heading_is_refused() -> None:
    with pytest.raises(DocumentError, match="intitulé de fonction"):
        IMPORTER.parse(*_load("002"))


# --- the sheet's job -----------------------------------------------------------------------


def test_titles_and_grades(drafts: dict[str, ImportDraft]) -> None:
    first, second = _sheet(drafts["000"]), _sheet(drafts["001"])
    assert (first.title, first.grade) == ("CHARGE DE CLIENTELE RISQUES", "II.3")
    assert first.key == job_key("CHARGE DE CLIENTELE RISQUES", "II.3")
    # The second sheet's title is written in the plural; its key is the singular's.
    assert (second.title, second.grade) == ("GESTIONNAIRES CONTENTIEUX", "II.2")
    assert second.key == job_key("GESTIONNAIRE CONTENTIEUX", "II.2")


@pytest.mark.parametrize("prefix", SHEETS)
def test_hierarchy_employer_and_referential(drafts: dict[str, ImportDraft], prefix: str) -> None:
    part, job = _part(drafts[prefix]), _sheet(drafts[prefix])
    assert (job.family, job.filiere, job.metier) == (
        "relation commerciale et gestion clients",
        "middle et back office banque et assurance",
        "middle office bancaire particuliers",
    )
    assert job.employer == EMPLOYER
    assert (part.name, part.organisation) == (EMPLOYER, EMPLOYER)
    assert list(part.documents) == [seed_path(prefix).name]
    notes = {note.title: note.text for note in part.notes}
    assert notes["Répartition des effectifs"] == "Banque postale"
    assert [urlsplit(url).path.split("/")[1] for url in notes["Liens"].splitlines()] == [
        "cartographie-des-metiers",
        "fiche-filiere",
        "fiche-metier",
    ]


def test_headcount_and_environment(drafts: dict[str, ImportDraft]) -> None:
    first, second = _sheet(drafts["000"]), _sheet(drafts["001"])
    assert first.headcount is None
    assert second.headcount == "De 1 à 9"
    assert first.environment == "Centre financier"
    assert second.environment is None


@pytest.mark.parametrize("prefix", SHEETS)
def test_purpose_is_whole_sentences(drafts: dict[str, ImportDraft], prefix: str) -> None:
    purpose = _sheet(drafts[prefix]).purpose
    assert len(purpose) == PURPOSE_SENTENCES[prefix]
    assert all(sentence[0].isupper() and sentence.endswith(".") for sentence in purpose)
    assert all("  " not in sentence and "\n" not in sentence for sentence in purpose)
    assert not any("domaine d" in sentence for sentence in purpose)
    assert "La Banque Postale" in purpose[0]


# --- activities ------------------------------------------------------------------------------


def _domain_counts(job: Job) -> list[tuple[str | None, int]]:
    counts = Counter(activity.domain for activity in job.activities)
    return [(domain, counts[domain]) for domain in dict.fromkeys(a.domain for a in job.activities)]


@pytest.mark.parametrize("prefix", SHEETS)
def test_activity_domains_and_mission_groups(drafts: dict[str, ImportDraft], prefix: str) -> None:
    measured = _domain_counts(_sheet(drafts[prefix]))
    expected = DOMAINS[prefix]
    assert len(measured) == len(expected)
    for (domain, count), (opening, expected_count) in zip(measured, expected, strict=True):
        if opening is None:
            assert domain is None
        else:
            assert domain is not None and domain.startswith(opening)
            assert not domain.endswith(":")
        assert count == expected_count, domain


def test_numbered_activity_domains_of_000(drafts: dict[str, ImportDraft]) -> None:
    job = _sheet(drafts["000"])
    numbered = job.activities[:9]
    assert [a.domain for a in numbered] == ["Gestion du risque"] * 3 + [
        "Recouvrement amiable"
    ] * 3 + ["Monétique"] * 3
    assert [a.label for a in numbered].count("Gestion des états de dépassement") == 3
    # A lone "," on the next line belongs to the item before it, and is dropped.
    assert numbered[3].label.endswith("risque aggravé")
    position = numbered[3].provenance[0].position
    assert position.line is not None and position.end_line == position.line + 1


def test_nested_mission_headings_of_000(drafts: dict[str, ImportDraft]) -> None:
    job = _sheet(drafts["000"])
    parent = next(a.domain for a in job.activities if a.domain and a.domain.startswith("Assure le"))
    children = [a.label for a in job.activities if a.domain == parent]
    assert len(children) == 3
    for child in children:
        bullets = [a for a in job.activities if a.domain == child]
        assert bullets and all(a.label[0].islower() for a in bullets)
    assert not any(a.label.endswith((":", ",")) for a in job.activities)


def test_open_list_is_reported_not_kept(drafts: dict[str, ImportDraft]) -> None:
    draft = drafts["000"]
    assert not any(a.label.lower().startswith("etc") for a in _sheet(draft).activities)
    (warning,) = [w for w in draft.warnings if w.code == "open-list"]
    assert warning.severity is Severity.INFO and warning.position.line == 163


def test_wrapped_items_before_a_proper_noun_are_joined(drafts: dict[str, ImportDraft]) -> None:
    labels = [a.label for a in _sheet(drafts["001"]).activities]
    assert any(label.endswith("vis à vis de La Banque Postale") for label in labels)
    # A short line without final punctuation is not continued by a capitalised line.
    assert any(label.endswith("gestion du trafic, répartition") for label in labels)
    assert "Participe au pilotage de l’activité." in labels


# --- competencies ----------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", SHEETS)
def test_competency_counts_per_category(drafts: dict[str, ImportDraft], prefix: str) -> None:
    competencies = _part(drafts[prefix]).competencies.values()
    assert dict(Counter(c.category for c in competencies)) == CATEGORY_COUNTS[prefix]


@pytest.mark.parametrize("prefix", SHEETS)
def test_competency_kinds_and_requirements(drafts: dict[str, ImportDraft], prefix: str) -> None:
    part, job = _part(drafts[prefix]), _sheet(drafts[prefix])
    for competency in part.competencies.values():
        assert competency.key == label_key(competency.label)
        assert competency.definition and len(competency.label) <= 70
        assert not competency.label.endswith(".")
        behavioural = competency.category is not None and competency.category.startswith(
            "comportementales"
        )
        if behavioural:
            assert competency.kind is CompetencyKind.SAVOIR_ETRE
        elif competency.label in KNOWLEDGE_000:
            assert competency.kind is CompetencyKind.SAVOIR
        else:
            assert competency.kind is CompetencyKind.SAVOIR_FAIRE
    assert [r.competency for r in job.requirements] == list(part.competencies)
    assert all(r.importance is Importance.ESSENTIAL and r.level is None for r in job.requirements)


def test_shared_behavioural_competencies_are_identical(drafts: dict[str, ImportDraft]) -> None:
    first, second = _part(drafts["000"]), _part(drafts["001"])
    for label, category in SHARED_BEHAVIOURAL.items():
        key = label_key(label)
        a, b = first.competencies[key], second.competencies[key]
        assert (a.label, a.category, a.kind) == (label, category, CompetencyKind.SAVOIR_ETRE)
        assert (b.label, b.category, b.kind) == (a.label, a.category, a.kind)
        assert a.definition == b.definition


def test_a_definition_runs_across_a_page_break(drafts: dict[str, ImportDraft]) -> None:
    text, _ = _load("001")
    competency = _part(drafts["001"]).competencies[label_key("Coopération et ouverture")]
    position = competency.provenance[0].position
    assert position.line is not None and position.end_line is not None
    spanned = [text.lines[n - 1].text for n in range(position.line, position.end_line + 1)]
    assert sum(1 for line in spanned if not line.strip()) >= 3
    assert "en s'appuyant sur les outils collaboratifs" in (competency.definition or "")


def test_a_definition_without_final_period_stops_at_the_group(
    drafts: dict[str, ImportDraft],
) -> None:
    part = _part(drafts["000"])
    rse = part.competencies[label_key("Culture RSE")]
    assert rse.definition is not None and rse.definition.endswith("gouvernance)")
    assert "Pilotage" not in rse.definition
    assert part.competencies[label_key("Culture de gestion")].category == (
        "Pilotage et gestion de l'activité"
    )


@pytest.mark.parametrize("prefix", SHEETS)
def test_competencies_survive_missing_blank_lines(
    drafts: dict[str, ImportDraft], prefix: str
) -> None:
    """Single blank lines between competencies and groups are a help, not a need."""
    text, document = _load(prefix)
    lines = [line.text for line in text.lines]
    start = next(i for i, line in enumerate(lines) if line.strip() == "Compétences")
    kept = [
        line
        for i, line in enumerate(lines)
        if i < start
        or line.strip()
        or not (lines[i - 1].strip() and i + 1 < len(lines) and lines[i + 1].strip())
    ]
    assert len(kept) < len(lines)
    draft = IMPORTER.parse(ExtractedText.from_string("\n".join(kept)), document)

    def summary(part: Referential) -> list[tuple[str, str | None, str | None]]:
        return [(c.label, c.category, c.definition) for c in part.competencies.values()]

    assert summary(_part(draft)) == summary(_part(drafts[prefix]))


# --- evolutions and links --------------------------------------------------------------------


def _evolution_lines(prefix: str) -> list[str]:
    """The title lines between "Évolutions possibles" and "Raisons d'être", read directly."""
    text, _ = _load(prefix)
    lines = [line.text.strip() for line in text.lines]
    start = lines.index("Évolutions possibles")
    end = lines.index("Raisons d'être")
    return [line for line in lines[start:end] if line.endswith("(H/F)")]


@pytest.mark.parametrize("prefix", SHEETS)
def test_evolutions(drafts: dict[str, ImportDraft], prefix: str) -> None:
    part, sheet = _part(drafts[prefix]), _sheet(drafts[prefix])
    listed = _evolution_lines(prefix)
    assert len(listed) == 99
    targets = [job for job in part.jobs.values() if not job.has_sheet]
    assert len(targets) == len({job.key for job in targets}) == 98
    assert {job.key for job in targets} == {job_key(*split_grade(line)) for line in listed}
    assert all(job.grade and "(H/F)" not in job.title for job in targets)
    assert len(part.mobilities) == 98
    assert {m.target for m in part.mobilities} == {job.key for job in targets}
    for mobility in part.mobilities:
        assert mobility.source == sheet.key
        assert mobility.kind is MobilityKind.WITHIN_METIER
        assert mobility.origin is MobilityOrigin.DECLARED


@pytest.mark.parametrize("prefix", SHEETS)
def test_the_duplicate_evolution_is_reported(drafts: dict[str, ImportDraft], prefix: str) -> None:
    (warning,) = [w for w in drafts[prefix].warnings if w.code == "duplicate-evolution"]
    assert warning.severity is Severity.INFO
    assert warning.position.line == 19
    assert "ASSISTANT CREDIT II.3" in warning.message and "l. 11" in warning.message


def test_every_link_of_001_names_exactly_one_listed_title(drafts: dict[str, ImportDraft]) -> None:
    text, _ = _load("001")
    urls = [
        line.text.strip()
        for line in text.lines
        if "/fiche-fonction/" in line.text and line.text.strip().startswith("https://")
    ]
    assert len(urls) == LINKED_URLS_001
    titles = set(_evolution_lines("001"))
    for url in urls:
        slug = url.rsplit("/", 1)[1]
        assert len([t for t in titles if fiche_slug(t) == slug]) == 1, url
    part = _part(drafts["001"])
    linked = {job.url: job for job in part.jobs.values() if job.url}
    assert set(linked) == set(urls)
    for url, job in linked.items():
        assert fiche_slug(f"{job.title} {job.grade} (H/F)") == url.rsplit("/", 1)[1]
        assert len(job.provenance) == 2  # the title line and the link line
    assert not _codes(drafts["001"], "unmatched-url")
    assert not any(job.url for job in _part(drafts["000"]).jobs.values())


def test_a_link_without_title_is_a_warning() -> None:
    text, _ = _load("001")
    content = text.text + "\nhttps://www.rh.laposte.fr/fiche-fonction/poste-inconnu-ii1-hf\n"
    draft = _parse_string(content)
    (warning,) = [w for w in draft.warnings if w.code == "unmatched-url"]
    assert warning.severity is Severity.WARNING
    assert warning.position.line == len(text.lines) + 1


# --- provenance, determinism, unplaced content -----------------------------------------------


def _all_provenance(part: Referential) -> list[tuple[str, Provenance]]:
    facts: list[tuple[str, Provenance]] = []
    for job in part.jobs.values():
        facts += [(f"job {job.key}", p) for p in job.provenance]
        for activity in job.activities:
            facts += [(f"activity {activity.label}", p) for p in activity.provenance]
        for requirement in job.requirements:
            facts += [(f"requirement {requirement.competency}", p) for p in requirement.provenance]
    for competency in part.competencies.values():
        facts += [(f"competency {competency.key}", p) for p in competency.provenance]
    for mobility in part.mobilities:
        facts += [(f"mobility {mobility.target}", p) for p in mobility.provenance]
    for note in part.notes:
        facts += [(f"note {note.title}", p) for p in note.provenance]
    return facts


@pytest.mark.parametrize("prefix", SHEETS)
def test_every_fact_has_a_provenance_line(drafts: dict[str, ImportDraft], prefix: str) -> None:
    text, document = _load(prefix)
    part = _part(drafts[prefix])
    everything: list[object] = [
        *part.jobs.values(),
        *part.competencies.values(),
        *part.mobilities,
        *part.notes,
        *(a for job in part.jobs.values() for a in job.activities),
        *(r for job in part.jobs.values() for r in job.requirements),
    ]
    assert all(getattr(fact, "provenance", None) for fact in everything)
    for fact, provenance in _all_provenance(part):
        position = provenance.position
        assert provenance.document == document.sha256, fact
        assert position.line is not None and 1 <= position.line <= len(text.lines), fact
        assert position.end_line is None or position.line < position.end_line <= len(text.lines)
        assert text.lines[position.line - 1].text.strip(), fact
    for job in part.jobs.values():
        title_line = job.provenance[0].position.line
        assert title_line is not None
        assert split_grade(text.lines[title_line - 1].text) == (job.title, job.grade)


@pytest.mark.parametrize("prefix", SHEETS)
def test_parsing_is_deterministic(drafts: dict[str, ImportDraft], prefix: str) -> None:
    assert IMPORTER.parse(*_load(prefix)) == drafts[prefix]


@pytest.mark.parametrize("prefix", SHEETS)
def test_no_warning_beyond_the_known_ones(drafts: dict[str, ImportDraft], prefix: str) -> None:
    expected = {"000": {"duplicate-evolution", "open-list"}, "001": {"duplicate-evolution"}}
    guesses = {"000": 8, "001": 0}  # the kinds of 000's business competencies
    warnings = drafts[prefix].warnings
    guessed = [w for w in warnings if w.code == "type-competence-suppose"]
    assert len(guessed) == guesses[prefix]
    assert all(w.severity is Severity.WARNING for w in guessed)
    others = [w for w in warnings if w not in guessed]
    assert {w.code for w in others} == expected[prefix]
    assert all(w.severity is Severity.INFO for w in others)


def test_stray_lines_are_reported_with_their_position() -> None:
    text, _ = _load("000")
    lines = [line.text for line in text.lines]
    lines.insert(0, "Mise à jour du 12 mars")
    family = lines.index("Famille") + 2
    lines.insert(family + 1, "deuxième valeur")
    draft = _parse_string("\n".join(lines))
    stray = {w.position.line: w for w in draft.warnings if w.code == "unplaced-line"}
    assert set(stray) == {1, family + 2}
    assert all(w.severity is Severity.INFO for w in stray.values())


# --- a small sheet of our own: the employer from the links' domain -------------------------

OWN_SHEET = """Fonction
ANALYSTE CREDIT II.1 (H/F)

Évolutions possibles
Au sein du métier
ANALYSTE CREDIT II.2 (H/F)
ANALYSTE CREDIT II.1 (H/F)
Ailleurs
CONTROLEUR D'AGENCE III.1 (H/F)

Raisons d'être
Analyse les dossiers de crédit.

Compétences
COMPORTEMENTALES

Rigueur
Travailler avec soin.
https://www.rh.exemple.fr/fiche-fonction/analyste-credit-ii2-hf
https://www.rh.exemple.fr/fiche-fonction/controleur-dagence-iii1-hf
"""


def test_own_sheet_employer_from_links_and_kinds() -> None:
    draft = _parse_string(OWN_SHEET)
    part = _part(draft)
    assert part.name == part.organisation == "exemple.fr"
    kinds = {m.target: m.kind for m in part.mobilities}
    assert kinds == {
        job_key("ANALYSTE CREDIT", "II.2"): MobilityKind.WITHIN_METIER,
        job_key("CONTROLEUR D'AGENCE", "III.1"): MobilityKind.UNSPECIFIED,
    }
    assert sum(1 for job in part.jobs.values() if job.url) == 2
    assert {w.code for w in draft.warnings} == {"self-evolution", "evolution-heading", "employer"}


def test_detect_employer_needs_a_recurring_name() -> None:
    lines = ["chez La Poste", "et La Banque Postale,", "de La", "Banque Postale"]
    assert detect_employer(lines) == "La Banque Postale"
    assert detect_employer(["chez La Poste seulement"]) is None


# --- helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "GESTIONNAIRE D'APPUI ET DE SOUTIEN III.1 (H/F)",
            "gestionnaire-dappui-et-de-soutien-iii1-hf",
        ),
        (
            "CHARGE DE SUPPORT AU RESEAU ET D APPUI II.1 (H/F)",
            "charge-de-support-au-reseau-et-d-appui-ii1-hf",
        ),
        ("VALEURS MOBILIERES/ALLO BOURSE II.3 (H/F)", "valeurs-mobilieresallo-bourse-ii3-hf"),
        ("RESPONSABLE FLUX IV.A (H/F)", "responsable-flux-iva-hf"),
        (" Chargée d’études  ", "chargee-detudes"),
    ],
)
def test_fiche_slug_examples(title: str, slug: str) -> None:
    assert fiche_slug(title) == slug


TITLE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZÉÈÀÇÔabcdeéèàçô0123456789 '’/.()-"
ALNUM_WORD = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÉÈ0123456789", min_size=1, max_size=12)


@given(st.text(alphabet=TITLE_CHARS, max_size=80))
def test_fiche_slug_shape(title: str) -> None:
    slug = fiche_slug(title)
    assert re.fullmatch(r"(?:[a-z0-9]+(?:-[a-z0-9]+)*)?", slug)
    assert fiche_slug(slug) == slug
    assert fiche_slug(title.upper()) == fiche_slug(title.lower()) == slug


@given(st.lists(ALNUM_WORD, min_size=1, max_size=8), st.sampled_from("'’/."), st.data())
def test_fiche_slug_drops_punctuation_and_hyphenates_spaces(
    words: list[str], mark: str, data: st.DataObject
) -> None:
    assert fiche_slug(" ".join(words)) == "-".join(fiche_slug(word) for word in words)
    cut = data.draw(st.integers(0, len(words[0])))
    glued = words[0][:cut] + mark + words[0][cut:]
    assert fiche_slug(" ".join([glued, *words[1:]])) == fiche_slug(" ".join(words))


@given(
    st.text(alphabet="abcdéèàç ,.;:'’()«»\t\n-", max_size=300),
    st.integers(min_value=10, max_value=120),
)
def test_join_wrapped_undoes_wrapping(text: str, width: int) -> None:
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    assert join_wrapped(lines) == " ".join(text.split())
    assert join_wrapped(["", *lines, "  "]) == join_wrapped(lines)


LOWER_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçô'’", min_size=1, max_size=10)
CAPITAL_WORD = LOWER_WORD.filter(lambda w: w[0].isalpha()).map(lambda w: w[0].upper() + w[1:])
ITEM = st.builds(
    lambda first, rest, end, bullet: ("- " if bullet else "") + " ".join([first, *rest]) + end,
    CAPITAL_WORD,
    st.lists(st.one_of(LOWER_WORD, CAPITAL_WORD), max_size=25),
    st.sampled_from([",", " ,", ".", ";", "…"]),
    st.booleans(),
)


@given(st.lists(ITEM, min_size=1, max_size=8), st.integers(30, 120), st.data())
def test_split_items_undoes_wrapping(items: list[str], width: int, data: st.DataObject) -> None:
    """Wrapped items, with blank lines anywhere, split back into the items."""
    lines: list[str] = []
    for item in items:
        lines += textwrap.wrap(item, width, break_long_words=False, break_on_hyphens=False)
    blanks = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
    spaced = [
        piece
        for line, blank in zip(lines, blanks, strict=True)
        for piece in [line, ""][: 1 + blank]
    ]
    # A wrapped line is at least as long as the width minus the longest word and a space:
    # a word has at most 10 letters, plus the item's final punctuation.
    found = split_items(spaced, full_line=width - 12)
    assert [item.text for item in found] == [
        item.removeprefix("- ").rstrip(" ,;") for item in items
    ]
    assert [item.bullet for item in found] == [item.startswith("- ") for item in items]
    assert all(spaced[item.first] and spaced[item.last] for item in found)


def test_continues_on_the_wrapping_cases() -> None:
    full = "x" * 95 + " de La"
    assert continues(full, "Banque Postale ,")
    assert not continues("gestion du trafic, répartition", "Participe au pilotage")
    assert continues("short line", "», de la suite")
    assert continues("short line", ",")
    assert not continues("a whole item ,", "Next item")
    assert not continues(full, "- a bullet")


def test_split_sentences_cuts_glued_sentences() -> None:
    assert split_sentences("Clôt le compte.Exerce ses activités. Applique les règles.") == [
        "Clôt le compte.",
        "Exerce ses activités.",
        "Applique les règles.",
    ]
    assert split_sentences("Grade II.3 du poste, etc.) et suite.") == [
        "Grade II.3 du poste, etc.) et suite."
    ]
