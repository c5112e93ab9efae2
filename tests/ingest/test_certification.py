"""The RNCP certification importer, on the real certification referential (seed 003)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parcours.domain.certification import Certification, CertificationCompetency, RuleKind
from parcours.domain.competency import CompetencyKind, Importance
from parcours.domain.draft import ImportDraft, Severity
from parcours.domain.errors import DocumentError
from parcours.domain.provenance import DocumentFamily, SourceDocument
from parcours.domain.referential import Referential
from parcours.engine.normalise import label_key
from parcours.ingest.certification import CertificationImporter, split_sentences
from parcours.ingest.text import ExtractedText
from tests.conftest import seed_path

IMPORTER = CertificationImporter()
# The opening and the closing words of each block title.
BLOCK_TITLES = {
    "B1": ("Piloter un portefeuille", "dans une relation omnicanale"),
    "B2": ("Proposer et négocier des solutions", "en personnalisant la relation"),
    "B3": ("Identifier et gérer les risques financiers", "le client et l'activité"),
}
# Competencies whose modality cell is empty (merged with the row above in the PDF).
INHERITING = {"C2", "C4", "C6", "C8", "C12", "C14", "C15", "C18", "C20"}


def _load(path: Path) -> tuple[ExtractedText, SourceDocument]:
    data = path.read_bytes()
    text = ExtractedText.from_string(data.decode("utf-8"))
    document = SourceDocument(
        sha256=hashlib.sha256(data).hexdigest(),
        filename=path.name,
        format="txt",
        family=DocumentFamily.CERTIFICATION,
        size=len(data),
    )
    return text, document


def _document(content: str) -> tuple[ExtractedText, SourceDocument]:
    data = content.encode("utf-8")
    document = SourceDocument(
        hashlib.sha256(data).hexdigest(), "essai.txt", "txt", DocumentFamily.CERTIFICATION
    )
    return ExtractedText.from_string(content), document


@pytest.fixture(scope="module")
def draft() -> ImportDraft:
    return IMPORTER.parse(*_load(seed_path("003")))


@pytest.fixture(scope="module")
def part(draft: ImportDraft) -> Referential:
    assert len(draft.parts) == 1
    return draft.parts[0]


@pytest.fixture(scope="module")
def cert(part: Referential) -> Certification:
    assert len(part.certifications) == 1
    return next(iter(part.certifications.values()))


@pytest.fixture(scope="module")
def comps(cert: Certification) -> dict[str, CertificationCompetency]:
    return {comp.code: comp for block in cert.blocks for comp in block.competencies}


# --- scoring ---------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_score_is_zero_on_the_other_seeds(prefix: str) -> None:
    text, document = _load(seed_path(prefix))
    assert IMPORTER.score(text, document.filename) == 0.0


def test_score_is_high_on_the_certification() -> None:
    text, document = _load(seed_path("003"))
    assert IMPORTER.score(text, document.filename) >= 0.9


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_parse_refuses_the_other_seeds(prefix: str) -> None:
    with pytest.raises(DocumentError):
        IMPORTER.parse(*_load(seed_path(prefix)))


# --- the certification -------------------------------------------------------------


def test_referential_is_named_after_the_certification(part: Referential) -> None:
    assert part.name == "RNCP — Chargé de clientèle particuliers (niveau 6)"
    assert part.organisation == "Crédit Mutuel"
    assert list(part.documents) == [seed_path("003").name]


def test_certification_title_level_and_provenance(cert: Certification, draft: ImportDraft) -> None:
    assert cert.title == "Chargé de clientèle particuliers"
    assert cert.key == label_key("Chargé de clientèle particuliers")
    assert cert.level == "6"
    assert cert.provenance[0].position.line == 3
    assert cert.provenance[0].document == draft.document.sha256


def _title(cert: Certification, code: str) -> str:
    return next(block.title for block in cert.blocks if block.code == code)


def test_three_blocks_with_their_titles(cert: Certification) -> None:
    assert [block.code for block in cert.blocks] == ["B1", "B2", "B3"]
    for block in cert.blocks:
        start, end = BLOCK_TITLES[block.code]
        assert block.title.startswith(start) and block.title.endswith(end)
        assert "BLOC" not in block.title.upper()


def test_block_titles_agree_with_the_numbered_list(cert: Certification, draft: ImportDraft) -> None:
    # First block row of the tables, then the line of the numbered list.
    lines = {block.code: [p.position.line for p in block.provenance] for block in cert.blocks}
    assert lines == {"B1": [8, 110], "B2": [35, 111], "B3": [80, 112]}
    assert not [w for w in draft.warnings if w.code.startswith("bloc")]


def test_twenty_two_competencies_in_order_each_in_its_block(cert: Certification) -> None:
    codes = [comp.code for block in cert.blocks for comp in block.competencies]
    assert codes == [f"C{n}" for n in range(1, 23)]
    counts = {block.code: len(block.competencies) for block in cert.blocks}
    assert counts == {"B1": 6, "B2": 10, "B3": 6}
    for block in cert.blocks:
        for rank, comp in enumerate(block.competencies, start=1):
            assert comp.block_code == f"{block.code}.{rank}"


def test_competency_labels_and_activities(comps: dict[str, CertificationCompetency]) -> None:
    assert comps["C7"].label.startswith("Adopter une démarche pro active")
    assert comps["C14"].label.startswith("Traiter les réclamations")
    assert not comps["C1"].label.endswith(".")
    expected = {"C1": "A1", "C2": "A1", "C10": "A5", "C15": "A6", "C21": "A10", "C22": "A11"}
    for code, activity in expected.items():
        assert comps[code].activity_codes == [activity]


def test_eleven_activities_with_a10_from_its_dotted_code(cert: Certification) -> None:
    codes = [activity.code for activity in cert.activities]
    assert codes == [f"A{n}" for n in range(1, 12)]
    a10 = cert.activities[9]
    assert a10.title.startswith("Adaptation de la prospection")
    assert a10.provenance[0].position.line == 99
    assert a10.provenance[0].confidence < 1.0


def test_a6_continued_on_the_next_page_is_one_activity(cert: Certification) -> None:
    a6 = next(activity for activity in cert.activities if activity.code == "A6")
    assert a6.title == "Gestion de la relation-client"
    assert len(a6.tasks) == 6
    assert a6.tasks[0] == "Suivi des contrats"
    assert a6.tasks[-1] == "Fidélisation"
    assert [p.position.line for p in a6.provenance] == [54, 63]


def test_activity_tasks(cert: Certification) -> None:
    tasks = {activity.code: activity.tasks for activity in cert.activities}
    assert len(tasks["A1"]) == 4
    assert tasks["A1"][-1] == "Planification"
    assert tasks["A8"] == []  # this activity lists no task
    assert tasks["A11"] == ["Suivi de la réglementation", "Mise en application du RGPD"]


def test_empty_modality_cells_inherit_with_lower_confidence(
    comps: dict[str, CertificationCompetency], draft: ImportDraft
) -> None:
    for code, comp in comps.items():
        assert comp.modalities, code
        confidence = comp.provenance[0].confidence
        assert (confidence < 1.0) == (code in INHERITING), code
    assert comps["C2"].modalities == comps["C1"].modalities
    # C14 continues C13, which opens the second page of activity A6.
    assert comps["C14"].modalities == comps["C13"].modalities
    # C20 shares the questionnaire of C19.
    assert comps["C20"].modalities == comps["C19"].modalities
    assert len(comps["C20"].modalities) == 4
    notes = [w for w in draft.warnings if w.code == "modalites-heritees"]
    assert len(notes) == len(INHERITING)
    assert all(w.severity is Severity.INFO for w in notes)


def test_c10_has_its_own_modalities(comps: dict[str, CertificationCompetency]) -> None:
    c10 = comps["C10"]
    assert c10.provenance[0].confidence == 1.0
    assert c10.modalities == [
        "Mise en situation professionnelle",
        "Rendu de livrables professionnels",
        "Soutenance orale devant jury",
    ]
    assert len(comps["C9"].modalities) == 4  # C9 adds a questionnaire
    assert comps["C21"].modalities[0].startswith("E3. Questionnaire")


def test_criteria_counts_and_no_empty_criterion(comps: dict[str, CertificationCompetency]) -> None:
    counts = {code: len(comps[code].criteria) for code in ("C1", "C3", "C5", "C16", "C20", "C22")}
    assert counts == {"C1": 3, "C3": 3, "C5": 4, "C16": 4, "C20": 3, "C22": 3}
    for comp in comps.values():
        assert comp.criteria, comp.code
        for criterion in comp.criteria:
            assert criterion and criterion.strip(" -") == criterion
            assert "<" not in criterion


def test_questionnaire_threshold_rule(cert: Certification) -> None:
    rules = [rule for rule in cert.rules if rule.kind is RuleKind.QUESTIONNAIRE_THRESHOLD]
    assert len(rules) == 1
    rule = rules[0]
    assert rule.threshold == pytest.approx(0.6)
    assert rule.competency_codes == ["C9", "C20", "C21", "C22"]
    assert "bonnes réponses" in rule.text
    assert [p.position.line for p in rule.provenance] == [45, 91, 99, 100]


def test_block_rules_from_the_closing_sentences(cert: Certification) -> None:
    rules = {rule.kind: rule for rule in cert.rules}
    assert set(rules) == set(RuleKind)
    lines = {kind: rule.provenance[0].position.line for kind, rule in rules.items()}
    assert lines[RuleKind.ALL_BLOCKS_REQUIRED] == 114
    assert lines[RuleKind.BLOCK_VALIDATED_WHOLE] == 116
    assert lines[RuleKind.PARTIAL_VALIDATION_BY_BLOCK] == 116
    assert lines[RuleKind.ADAPTED_MODALITIES] == 104
    assert "obligatoire" in rules[RuleKind.ALL_BLOCKS_REQUIRED].text
    assert "n'est pas possible" in rules[RuleKind.BLOCK_VALIDATED_WHOLE].text
    assert rules[RuleKind.PARTIAL_VALIDATION_BY_BLOCK].text.startswith("La validation partielle")
    assert "handicap" in rules[RuleKind.ADAPTED_MODALITIES].text
    for kind in set(RuleKind) - {RuleKind.QUESTIONNAIRE_THRESHOLD}:
        assert rules[kind].threshold is None
        assert rules[kind].provenance[0].confidence < 1.0


def test_repeated_page_headers_are_never_rows(cert: Certification, draft: ImportDraft) -> None:
    texts = [a.title for a in cert.activities] + [t for a in cert.activities for t in a.tasks]
    for comp in (c for block in cert.blocks for c in block.competencies):
        texts += [comp.label, *comp.modalities, *comp.criteria]
    assert not [t for t in texts if "REFERENTIEL" in t.upper() or "MODALITÉS D" in t.upper()]
    # 11 activities, one read twice (A6 on two pages), and no other row.
    assert sum(len(a.provenance) for a in cert.activities) == 12
    # Only the guesses are reported: the code "A.10" read as A10, four rules read by their
    # wording (docs/format.md: every fact below confidence 1 has a warning).
    codes = [w.code for w in draft.warnings if w.severity is Severity.WARNING]
    assert sorted(codes) == ["code-irregulier"] + ["regle-reconnue"] * 4


def test_provenance_points_at_the_row_lines(comps: dict[str, CertificationCompetency]) -> None:
    lines = {code: comp.provenance[0].position.line for code, comp in comps.items()}
    assert lines["C1"] == 9
    assert lines["C2"] == 10
    assert lines["C22"] == 100
    text, _ = _load(seed_path("003"))
    for code, line in lines.items():
        assert line is not None
        assert f"{code} (" in text.lines[line - 1].text


def test_domain_competencies_for_linking(part: Referential, cert: Certification) -> None:
    assert len(part.competencies) == 22
    by_code = {comp.codes[0]: comp for comp in part.competencies.values()}
    c7 = by_code["C7"]
    assert c7.codes == ["C7", "B2.1"]
    assert c7.kind is CompetencyKind.SAVOIR_FAIRE
    assert c7.key == label_key(c7.label)
    assert c7.category == _title(cert, "B2")
    assert c7.definition is None and c7.details == []
    assert by_code["C22"].category == _title(cert, "B3")


def test_the_certified_job(part: Referential, cert: Certification) -> None:
    assert len(part.jobs) == 1
    job = next(iter(part.jobs.values()))
    assert job.title == "Chargé de clientèle particuliers"
    assert job.level == "6" and job.has_sheet
    assert len(job.requirements) == 22
    assert {req.competency for req in job.requirements} == set(part.competencies)
    assert all(req.importance is Importance.ESSENTIAL for req in job.requirements)
    assert [activity.code for activity in job.activities] == [f"A{n}" for n in range(1, 12)]
    domains = {activity.code: activity.domain for activity in job.activities}
    assert domains["A1"] == _title(cert, "B1")
    assert domains["A7"] == _title(cert, "B2")
    assert domains["A10"] == _title(cert, "B3")


def test_parse_is_deterministic(draft: ImportDraft) -> None:
    assert IMPORTER.parse(*_load(seed_path("003"))) == draft


# --- odd input ---------------------------------------------------------------------


def test_empty_text_is_refused() -> None:
    with pytest.raises(DocumentError, match="introuvable"):
        IMPORTER.parse(*_document(""))


def test_title_without_table_is_refused() -> None:
    with pytest.raises(DocumentError, match="aucune compétence"):
        IMPORTER.parse(*_document("Agent de test – Niveau 4\n\nDu texte.\n"))


def test_doubtful_structure_gives_warnings() -> None:
    content = "\n".join(
        [
            "Agent de test – Niveau 4",
            "| <p>BLOC n°1</p> <p>Tenir la caisse</p> | | | |",
            "| | <p>C1 (B1.1) Compter les billets.</p> | | - <i>Juste.</i> - |",
            "| <p>A1. Accueil</p> | <p>C2 (B2.1) Saluer.</p> | <p>Oral</p> | - <i>Poli.</i> |",
            "| <p>A2. Vente</p> | <p>C2 (B1.2) Encore.</p> | <p>Oral</p> | |",
            "BLOCS DE COMPETENCES",
            "1. Tenir une caisse enregistreuse",
            "2. Servir les clients",
        ]
    )
    result = IMPORTER.parse(*_document(content))
    codes = [warning.code for warning in result.warnings]
    assert codes == [
        "activite-absente",
        "modalites-absentes",
        "bloc-incoherent",
        "competence-en-double",
        "bloc-titre-divergent",
        "bloc-sans-competence",
    ]
    cert = next(iter(result.parts[0].certifications.values()))
    assert cert.level == "4"
    assert [block.code for block in cert.blocks] == ["B1", "B2"]
    assert [comp.code for comp in cert.blocks[0].competencies] == ["C1", "C2"]
    assert cert.blocks[0].competencies[0].criteria == ["Juste."]


@given(st.lists(st.sampled_from(["| a | b |", "|---|", "Titre – Niveau 5", "", "x"]), max_size=8))
def test_parse_never_crashes_on_odd_lines(lines: list[str]) -> None:
    try:
        result = IMPORTER.parse(*_document("\n".join(lines)))
    except DocumentError as error:
        assert error.filename == "essai.txt"
    else:
        assert len(result.parts) == 1


@given(st.text(max_size=200))
def test_score_stays_in_range(content: str) -> None:
    assert 0.0 <= IMPORTER.score(ExtractedText.from_string(content), "x.txt") <= 1.0


# --- sentence splitter -------------------------------------------------------------


def test_split_sentences() -> None:
    assert split_sentences("Une règle. Une autre ? Fin ! suite") == [
        "Une règle.",
        "Une autre ?",
        "Fin ! suite",
    ]


sentence_text = st.text(alphabet=st.sampled_from(list("aB. ?!É\t")), max_size=80)


@given(sentence_text)
def test_split_sentences_loses_no_character(text: str) -> None:
    assert "".join(split_sentences(text)).replace(" ", "").replace("\t", "") == (
        text.replace(" ", "").replace("\t", "")
    )


@given(sentence_text)
def test_split_sentences_is_idempotent(text: str) -> None:
    for sentence in split_sentences(text):
        assert split_sentences(sentence) == [sentence]
