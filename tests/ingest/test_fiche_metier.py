"""The fiche métier importer, on the real seed 002 (a job sheet with competency tables)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.domain.competency import Competency, CompetencyKind, Importance
from parcours.domain.draft import ImportDraft
from parcours.domain.errors import DocumentError
from parcours.domain.mobility import MobilityKind
from parcours.domain.provenance import DocumentFamily, SourceDocument
from parcours.domain.referential import Referential
from parcours.engine.normalise import fold, label_key
from parcours.ingest.fiche_metier import FicheMetierImporter, clean_cell, split_items
from parcours.ingest.run_together import case_boundaries
from parcours.ingest.text import ExtractedText
from tests.conftest import seed_path

IMPORTER = FicheMetierImporter()

DOMAINS = [
    "Conformité",
    "Droit",
    "Durabilité",
    "Finance",
    "Langues",
    "Middle & back office",
    "Offre",
    "Projet et innovation",
    "Sécurité",
    "Stratégie",
]


def _document(path: Path, data: bytes) -> SourceDocument:
    return SourceDocument(
        sha256=hashlib.sha256(data).hexdigest(),
        filename=path.name,
        format="txt",
        family=DocumentFamily.FICHE_METIER,
        size=len(data),
    )


def _parse_string(content: str, name: str = "fiche.txt") -> ImportDraft:
    data = content.encode("utf-8")
    return IMPORTER.parse(ExtractedText.from_string(content), _document(Path(name), data))


def _seed_lines() -> list[str]:
    return seed_path("002").read_text("utf-8").split("\n")


@pytest.fixture(scope="module")
def seed_text() -> ExtractedText:
    return ExtractedText.from_string(seed_path("002").read_text("utf-8"))


@pytest.fixture(scope="module")
def draft() -> ImportDraft:
    path = seed_path("002")
    data = path.read_bytes()
    return IMPORTER.parse(ExtractedText.from_string(data.decode("utf-8")), _document(path, data))


@pytest.fixture(scope="module")
def part(draft: ImportDraft) -> Referential:
    assert len(draft.parts) == 1
    return draft.parts[0]


def _of_kind(part: Referential, kind: CompetencyKind) -> list[Competency]:
    return [c for c in part.competencies.values() if c.kind is kind]


def _by_label(part: Referential, label: str) -> Competency:
    return part.competencies[label_key(label)]


def _codes(draft: ImportDraft, code: str) -> list[str]:
    return [w.message for w in draft.warnings if w.code == code]


def _line_of(competency: Competency) -> int:
    line = competency.provenance[0].position.line
    assert line is not None
    return line


# -- scoring -------------------------------------------------------------------------------


def test_scores_its_seed_high() -> None:
    path = seed_path("002")
    assert IMPORTER.score(ExtractedText.from_string(path.read_text("utf-8")), path.name) >= 0.9


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_scores_other_seeds_zero(prefix: str) -> None:
    path = seed_path(prefix)
    assert IMPORTER.score(ExtractedText.from_string(path.read_text("utf-8")), path.name) == 0.0


def test_score_grows_with_the_tables_found() -> None:
    one = ExtractedText.from_string("SAVOIR-FAIRE\tDéfinitions\nx\ty")
    two = ExtractedText.from_string("SAVOIR-FAIRE\tDéfinitions\nSAVOIR ETRE\tDéfinitions")
    assert 0 < IMPORTER.score(one, "f") < IMPORTER.score(two, "f") < 0.9


# -- the job ---------------------------------------------------------------------------------


def test_referential_and_job(part: Referential) -> None:
    assert part.name == "Fiche métier — Chargé de recouvrement amiable"
    assert part.organisation is None
    (job,) = part.jobs.values()
    assert job.title == "Chargé de recouvrement amiable"
    assert job.key == "charge-de-recouvrement-amiable"
    assert job.alt_titles == ["Chargée/Chargé de recouvrement amiable"]
    assert len(job.purpose) == 4
    assert job.purpose[0].startswith("Partenaire des caisses/agences")
    assert job.access_conditions == ["Expérience en centre de relation client ou réseau"]
    assert part.mobilities == []


def test_activities_are_the_responsibilities(part: Referential, seed_text: ExtractedText) -> None:
    (job,) = part.jobs.values()
    assert len(job.activities) == 10
    assert {a.domain for a in job.activities} == {"Responsabilités"}
    assert job.activities[0].label.startswith("Évaluer la nature")
    assert job.activities[-1].label.startswith("Se former en permanence")
    for activity in job.activities:
        assert not activity.label.startswith("-")
        line = activity.provenance[0].position.line
        assert line is not None
        assert activity.label in seed_text.lines[line - 1].text


def test_job_provenance_points_at_the_title_and_roles(
    part: Referential, seed_text: ExtractedText, draft: ImportDraft
) -> None:
    (job,) = part.jobs.values()
    title, roles = job.provenance
    assert title.document == draft.document.sha256
    assert title.position.line is not None
    assert fold(seed_text.lines[title.position.line - 1].text).startswith("mon metier de")
    assert roles.position.line is not None and roles.position.end_line is not None
    assert seed_text.lines[roles.position.line - 1].text == job.purpose[0]
    assert seed_text.lines[roles.position.end_line - 1].text == job.purpose[-1]


def test_no_opportunity_is_an_info(draft: ImportDraft) -> None:
    (info,) = [w for w in draft.warnings if w.code == "opportunites-absentes"]
    assert info.severity == "info"


# -- competencies -----------------------------------------------------------------------------


def test_counts_per_kind(part: Referential) -> None:
    assert len(_of_kind(part, CompetencyKind.SAVOIR_FAIRE)) == 5
    assert len(_of_kind(part, CompetencyKind.SAVOIR)) == 37
    assert len(_of_kind(part, CompetencyKind.SAVOIR_ETRE)) == 12
    assert len(part.competencies) == 54


def test_every_competency_is_a_requirement(part: Referential) -> None:
    (job,) = part.jobs.values()
    assert [r.competency for r in job.requirements] == list(part.competencies)
    # Only the details of the savoirs are "à titre indicatif": every competency is required.
    assert {r.importance for r in job.requirements} == {Importance.ESSENTIAL}
    savoirs = [c for c in part.competencies.values() if c.kind is CompetencyKind.SAVOIR]
    assert len(savoirs) == 37


def test_savoir_faire_items_are_split(part: Referential) -> None:
    know_how = {c.label: c for c in _of_kind(part, CompetencyKind.SAVOIR_FAIRE)}
    assert list(know_how) == [
        "Analyse",
        "Gestion de risque",
        "Gestion",
        "Négociation",
        "Travail en équipe",
    ]
    assert [len(c.details) for c in know_how.values()] == [3, 3, 4, 4, 4]
    analyse = know_how["Analyse"]
    assert analyse.details[0].endswith("données exploitées")
    assert analyse.details[1].startswith("Comprendre le contexte")
    for competency in know_how.values():
        assert competency.definition == " ; ".join(competency.details)
        assert competency.key == label_key(competency.label)


def test_savoirs_domains_in_order(part: Referential) -> None:
    domains = list(dict.fromkeys(c.domain for c in _of_kind(part, CompetencyKind.SAVOIR)))
    assert domains == DOMAINS
    for competency in _of_kind(part, CompetencyKind.SAVOIR):
        assert competency.category == competency.domain


def test_savoirs_per_domain(part: Referential) -> None:
    counts = Counter(c.domain for c in _of_kind(part, CompetencyKind.SAVOIR))
    assert [counts[d] for d in DOMAINS] == [5, 6, 4, 2, 1, 3, 5, 4, 1, 6]
    assert _by_label(part, "Conformité déontologie").domain == "Conformité"
    assert _by_label(part, "Droit civil").domain == "Droit"
    assert _by_label(part, "Anglais").details == []


def test_extra_leading_cell_is_skipped(part: Referential) -> None:
    competency = _by_label(part, "Dispositifs tutélaires et de contrôle")
    assert competency.domain == "Conformité"
    assert competency.details == [
        "Collecte et interprétation de data",
        "Contrôle de second niveau CINTMT",
        "Contrôle des autorités de tutelle",
        "Relations avec les autorités de tutelle",
        "Reporting",
        "Reporting interne et réglementaire",
    ]


def test_details_without_bullets_are_split(part: Referential) -> None:
    details = _by_label(part, "Conformité déontologie").details
    assert len(details) == 5
    assert "Corruption" in details
    assert _by_label(part, "Risques").details[0] == "Cartographie des risques"


def test_acronym_runs_are_split(part: Referential) -> None:
    details = _by_label(part, "Conformité LCB-FT").details
    assert len(details) == 13
    for piece in [
        "AMLFT",
        "AMLFT expert - TACO",
        "Déclaration de soupçon",
        "Procédures LCB-FT-SFI - KYC",
        "Procédures LCB-FT-SFI - KYT",
        "Réglementation et normes LCB-FT-SFI",
        "TRACFIN",
        "TRACFIN, DGFIP",
    ]:
        assert piece in details
    assert details.index("TRACFIN") + 1 == details.index("TRACFIN, DGFIP")
    assert details.index("AMLFT") + 1 == details.index("AMLFT expert - TACO")


def test_acronym_guesses_are_warned(draft: ImportDraft) -> None:
    messages = _codes(draft, "decoupage-suppose")
    assert len(messages) == 6
    assert all("« Conformité LCB-FT »" in m for m in messages[:5])
    assert any("« TRACFIN »" in m and "« TRACFIN, DGFIP »" in m for m in messages)
    assert any("« AMLFT »" in m and "« AMLFT expert - TACO »" in m for m in messages)
    assert any("KYC »" in m and "KYT »" in m for m in messages)
    assert any("CINTMT" in m for m in messages)


def test_guessed_splits_lower_the_confidence(part: Referential) -> None:
    assert _by_label(part, "Conformité LCB-FT").provenance[0].confidence < 0.9
    assert _by_label(part, "Droit civil").provenance[0].confidence == 1.0


def _all_items(part: Referential) -> Iterator[str]:
    for competency in part.competencies.values():
        yield from competency.details
        yield from competency.indicators


def test_nothing_stays_glued(part: Referential) -> None:
    items = list(_all_items(part))
    assert len(items) == 291
    for item in items:
        assert item == item.strip() and item
        assert case_boundaries(item) == [], item
        assert "<" not in item and "•" not in item


def test_middle_and_back_office_is_rejoined(part: Referential, draft: ImportDraft) -> None:
    middle = [c.label for c in part.competencies.values() if c.domain == "Middle & back office"]
    assert middle == [
        "Bureautique hors Pack Office",
        "Bureautique Pack Office",
        "Outils et procédures de gestion",
    ]
    (message,) = _codes(draft, "domaine-recolle")
    assert "« Middle & back »" in message and "« office »" in message
    assert "« Middle & back office »" in message
    assert all(c.domain not in {"Middle & back", "office"} for c in part.competencies.values())


def test_page_break_continuations_are_warned(part: Referential, draft: ImportDraft) -> None:
    messages = _codes(draft, "domaine-suppose")
    assert len(messages) == 3
    for label, domain in [
        ("Droit fiscal", "Droit"),
        ("Offre bancaire particulier", "Offre"),
        ("Services bancaires", "Offre"),
    ]:
        assert any(f"« {label} »" in m and f"« {domain} »" in m for m in messages)
        competency = _by_label(part, label)
        assert competency.domain == domain
        assert competency.provenance[0].confidence < 1.0
    assert _by_label(part, "Droit des assurances").provenance[0].confidence == 1.0


def test_warning_positions_point_at_their_rows(draft: ImportDraft, part: Referential) -> None:
    for warning in draft.warnings:
        if warning.code == "domaine-suppose":
            label = warning.message.split("»")[0].split("«")[1].strip()
            assert warning.position.line == _line_of(_by_label(part, label))


def test_label_printed_mid_range_is_warned(part: Referential, draft: ImportDraft) -> None:
    (message,) = _codes(draft, "domaine-douteux")
    assert "« Sécurité incendie »" in message and "« Sécurité »" in message
    competency = _by_label(part, "Sécurité incendie")
    assert competency.domain == "Stratégie"
    assert competency.provenance[0].confidence < 1.0


def test_savoir_etre_label_and_definition(part: Referential) -> None:
    behaviours = _of_kind(part, CompetencyKind.SAVOIR_ETRE)
    assert behaviours[0].label == "Apprendre à apprendre"
    assert behaviours[-1].label == "Savoir communiquer"
    for competency in behaviours:
        assert "Capacité" not in competency.label
        assert competency.definition is not None
        assert competency.definition.startswith("Capacité")


def test_savoir_etre_indicators(part: Referential) -> None:
    counts = {
        "Apprendre à apprendre": 3,
        "Assertivité": 2,
        "Être proactif": 3,
        "Faire preuve de courage": 2,
        "Faire preuve d'esprit critique": 2,
        "Porter nos valeurs": 3,
        "Savoir communiquer": 3,
    }
    for label, count in counts.items():
        assert len(_by_label(part, label).indicators) == count, label
    assert _by_label(part, "Savoir communiquer").indicators[0].startswith("Je ")


def test_non_first_person_indicators_are_kept_and_warned(
    part: Referential, draft: ImportDraft
) -> None:
    (message,) = _codes(draft, "indicateur-non-personnel")
    assert "« Faire preuve d'esprit critique »" in message
    indicators = _by_label(part, "Faire preuve d'esprit critique").indicators
    assert all(i.startswith("Capacité à") for i in indicators)


def test_summary_matches_the_tables(draft: ImportDraft) -> None:
    assert _codes(draft, "synthese-sans-detail") == []
    assert _codes(draft, "absent-de-la-synthese") == []
    assert _codes(draft, "synthese-absente") == []


def test_summary_mismatch_is_warned() -> None:
    # Drop the "Langues" row of the savoirs table: the summary still lists the domain.
    lines = [line for line in _seed_lines() if not line.startswith("Langues\t")]
    draft = _parse_string("\n".join(lines))
    messages = _codes(draft, "synthese-sans-detail")
    assert len(messages) == 1 and "« Langues »" in messages[0]


def test_repeated_headers_and_note_never_leak(part: Referential) -> None:
    lines = _seed_lines()
    counts = Counter(line.strip() for line in lines if line.strip())
    header = counts.most_common(1)[0][0]
    note = next(line for line in lines if line.startswith("Attention"))
    (job,) = part.jobs.values()
    values = [*job.purpose, *job.access_conditions, *(a.label for a in job.activities)]
    for competency in part.competencies.values():
        values += [competency.label, competency.definition or "", competency.domain or ""]
        values += [*competency.details, *competency.indicators]
    for value in values:
        assert header not in value
        assert note[:30] not in value
        assert "Attention :" not in value


def test_provenance_points_at_the_row(part: Referential, seed_text: ExtractedText) -> None:
    for competency in part.competencies.values():
        assert len(competency.provenance) == 1
        row = seed_text.lines[_line_of(competency) - 1].text
        assert competency.label in row, competency.label
        if competency.details:
            assert clean_cell(competency.details[-1]) in row


def test_parse_is_deterministic(draft: ImportDraft) -> None:
    path = seed_path("002")
    data = path.read_bytes()
    again = IMPORTER.parse(ExtractedText.from_string(data.decode("utf-8")), _document(path, data))
    assert again == draft


# -- other documents and odd input --------------------------------------------------------------


def test_declared_opportunities_become_mobilities() -> None:
    lines = [
        line + " Chargée/Chargé d'affaires ; Analyste crédit"
        if fold(line).startswith("exemples d'opportunites")
        else line
        for line in _seed_lines()
    ]
    part = _parse_string("\n".join(lines)).parts[0]
    targets = {m.target for m in part.mobilities}
    assert targets == {"charge-d-affaire", "analyste-credit"}
    assert all(m.kind is MobilityKind.EXAMPLE_PATH for m in part.mobilities)
    assert not part.jobs["analyste-credit"].has_sheet
    assert part.jobs["charge-d-affaire"].title == "Chargé d'affaires"


@pytest.mark.parametrize("prefix", ["000", "003", "004"])
def test_other_seeds_are_refused(prefix: str) -> None:
    with pytest.raises(DocumentError):
        _parse_string(seed_path(prefix).read_text("utf-8"), seed_path(prefix).name)


def test_unusable_text_is_refused() -> None:
    with pytest.raises(DocumentError, match="titre"):
        _parse_string("")
    with pytest.raises(DocumentError, match="tableau"):
        _parse_string("Mon métier de Guichetier\n\nVOS RESPONSABILITÉS\n- Accueillir")


def test_header_without_summary_still_parses() -> None:
    draft = _parse_string(
        "Mon métier de Testeur\nSAVOIR ETRE\tDéfinitions\nÉcoute Capacité à écouter"
    )
    (competency,) = draft.parts[0].competencies.values()
    assert (competency.label, competency.definition) == ("Écoute", "Capacité à écouter")
    assert {w.code for w in draft.warnings} >= {"synthese-absente", "savoir-etre-decoupe"}


def test_split_items_prefers_bullets() -> None:
    assert split_items('<ul style="x">• Un• DeuxTrois').items == ["Un", "DeuxTrois"]
    assert split_items("<li>Un</li><li>Deux</li>").items == ["Un", "Deux"]
    assert split_items("UnDeux").items == ["Un", "Deux"]
    assert split_items("").items == []


_CHUNKS = st.sampled_from(
    [
        "\t",
        "\n",
        " ",
        "•",
        "Mon métier de X",
        "SAVOIR-FAIRE\tSAVOIRS\tSAVOIR-ÊTRE",
        "SAVOIRS\tCompétences\tDétails",
        "SAVOIR ETRE\tDéfinitions",
        "SAVOIR-FAIRE\tDéfinitions",
        "<ul>",
        "Capacité",
        "Droit",
        "abcDef",
        "TRACFINTRACFIN",
        "Attention : x",
        "VOS ROLES",
        "- item",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_CHUNKS, max_size=30))
def test_odd_input_never_crashes(chunks: list[str]) -> None:
    try:
        draft = _parse_string("".join(chunks))
    except DocumentError:
        return
    (part,) = draft.parts
    assert part.jobs


def test_row_without_domain_cell_is_shifted() -> None:
    draft = _parse_string(
        "Mon métier de Testeur\nSAVOIRS\tCompétences\tDétails\n"
        "Droit\t• Droit A\t• a1• a2\n• Droit B\t• b1"
    )
    part = draft.parts[0]
    assert _by_label(part, "Droit B").domain == "Droit"
    assert _by_label(part, "Droit B").details == ["b1"]
    assert [w.code for w in draft.warnings].count("ligne-decalee") == 1


def test_cut_domain_is_rejoined_without_summary() -> None:
    header = "SAVOIRS\tCompétences\tDétails"
    draft = _parse_string(
        f"Mon métier de Testeur\n{header}\nBack\t• Outil A\t• x\n{header}\noffice\t• Outil B\t• y"
    )
    part = draft.parts[0]
    assert {c.domain for c in part.competencies.values()} == {"Back office"}
    assert len(_codes(draft, "domaine-recolle")) == 1


def test_savoir_etre_in_three_columns() -> None:
    draft = _parse_string(
        "Mon métier de Testeur\nSAVOIR ETRE\tDéfinitions\tIndicateurs\n"
        "Écoute\tCapacité à écouter\t• J'écoute• Je reformule"
    )
    (competency,) = draft.parts[0].competencies.values()
    assert competency.label == "Écoute"
    assert competency.definition == "Capacité à écouter"
    assert competency.indicators == ["J'écoute", "Je reformule"]
