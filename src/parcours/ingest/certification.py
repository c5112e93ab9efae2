"""Importer of RNCP certification referentials rendered as pipe tables.

The document repeats, on every page, the certification title ("... – Niveau 6"),
the table headers and the current block row ("BLOC n°1" + title). Data rows hold
the activity (A1 ... with its tasks), the coded competency ("C1 (B1.1) label"),
the evaluation modalities and the evaluation criteria. After the tables come the
numbered list of blocks and the validation rules, written as sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parcours.domain.certification import (
    Block,
    Certification,
    CertificationActivity,
    CertificationCompetency,
    RuleKind,
    ValidationRule,
)
from parcours.domain.competency import Competency, CompetencyKind, Importance, Requirement
from parcours.domain.draft import ImportDraft, ImportWarning, Severity
from parcours.domain.errors import DocumentError
from parcours.domain.job import Activity, Job
from parcours.domain.provenance import DocumentFamily, Provenance, SourceDocument
from parcours.domain.referential import Referential
from parcours.engine.normalise import fold, job_key, label_key, strip_gender
from parcours.ingest.cells import (
    html_to_text,
    is_separator,
    outside_paragraphs,
    paragraphs,
    split_items,
    split_row,
)
from parcours.ingest.text import ExtractedText

# Confidence of facts read from an inherited (merged) cell or found by keywords.
INHERITED_CONFIDENCE = 0.8
KEYWORD_CONFIDENCE = 0.9
IRREGULAR_CODE_CONFIDENCE = 0.9

_TITLE = re.compile(r"^\s*(?P<title>\S.*?)\s+[–—-]\s+niveau\s+(?P<level>\d+|[IVX]+)\s*$", re.I)
_BLOCK = re.compile(r"^bloc\s*(?:n\s*[°º]\s*)?(?P<num>\d+)\s*[.:–-]?\s*(?P<title>.*)$", re.I)
# "A1. Title", "A.10 Title", "A 3 - Title".
_ACTIVITY = re.compile(r"^A\s*(?P<dot>\.)?\s*(?P<num>\d+)\s*[.):–-]?\s*(?P<title>\S.*)$")
# "C1 (B1.1) label", the block code being optional.
_COMPETENCY = re.compile(
    r"^C\s*(?P<num>\d+)\s*(?:\(\s*(?P<block>B\s*\d+(?:\s*\.\s*\d+)?)\s*\))?"
    r"\s*[.:–-]?\s*(?P<label>\S.*)$"
)
_CONTINUED = re.compile(r"\s*\((?:suite(?:\s+et\s+fin)?|fin)\)\s*$", re.I)
_NUMBERED = re.compile(r"^\s*(?P<num>\d+)\s*[.)]\s*(?P<text>\S.*)$")
# Applied to folded text: "60 % de bonnes réponses", "60% de bonnes reponses".
_THRESHOLD = re.compile(r"(?P<value>\d{1,3}(?:[.,]\d+)?)\s*%\s*de\s+bonnes\s+reponses")
_ORGANISATION = re.compile(r"\bGroupe\s+(?P<name>[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«\"])")
# Words of the repeated header rows (folded); a header row carries no code.
_HEADER_WORDS = ("referentiel d", "modalites d", "criteres d")
_CODE_SIGNAL = re.compile(r"\bC\d+\s*\(\s*B\d+\.\d+\s*\)")
_HEADER_SIGNAL = re.compile(r"referentiel d'activites|referentiel de competences")
_BLOCK_SIGNAL = re.compile(r"\bbloc\s*n?\s*°?\s*\d")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph: cut after ".", "!" or "?" followed by a capital."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def _strip_final_period(text: str) -> str:
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


@dataclass(slots=True)
class _Row:
    """A data row of the table, with its 0-based line index."""

    index: int
    activity: str
    competency: str
    modalities: str
    criteria: str


@dataclass(slots=True)
class _State:
    """What the walk over the lines has read so far."""

    text: ExtractedText
    document: SourceDocument
    draft: ImportDraft
    title: str | None = None
    title_index: int | None = None
    level: str | None = None
    blocks: dict[str, Block] = field(default_factory=dict)
    activities: dict[str, CertificationActivity] = field(default_factory=dict)
    activity_blocks: dict[str, str] = field(default_factory=dict)
    competency_blocks: dict[str, str] = field(default_factory=dict)
    block: Block | None = None
    activity: str | None = None
    last_by_activity: dict[str, CertificationCompetency] = field(default_factory=dict)
    prose: list[tuple[int, str]] = field(default_factory=list)

    def provenance(self, start: int, end: int | None = None, confidence: float = 1.0) -> Provenance:
        position = self.text.position(start, end)
        return Provenance(self.document.sha256, position, confidence)

    def warn(self, code: str, message: str, index: int) -> None:
        self.draft.warn(code, message, self.text.position(index))

    def inform(self, code: str, message: str, index: int) -> None:
        warning = ImportWarning(code, message, self.text.position(index), Severity.INFO)
        self.draft.warnings.append(warning)

    def competencies(self) -> list[CertificationCompetency]:
        return [comp for block in self.blocks.values() for comp in block.competencies]


class CertificationImporter:
    """RNCP certification referential: blocks, coded competencies, activities, rules."""

    family = DocumentFamily.CERTIFICATION
    description = "Référentiel de certification RNCP (activités, compétences, évaluation)"

    def score(self, text: ExtractedText, filename: str) -> float:
        folded = fold(text.text)
        has_header = _HEADER_SIGNAL.search(folded) is not None
        has_codes = _CODE_SIGNAL.search(text.text) is not None
        if not (has_header or has_codes):
            return 0.0
        has_block = _BLOCK_SIGNAL.search(folded) is not None
        return min(1.0, 0.4 * has_header + 0.4 * has_codes + 0.2 * has_block)

    def parse(self, text: ExtractedText, document: SourceDocument) -> ImportDraft:
        draft = ImportDraft(document=document)
        state = _State(text, document, draft)
        for index, line in enumerate(text.lines):
            _read_line(state, index, line.text)
        if state.title is None or state.title_index is None:
            raise DocumentError(
                document.filename, "intitulé « … – Niveau N » de la certification introuvable"
            )
        if not state.competencies():
            raise DocumentError(
                document.filename, "aucune compétence codée « Cn (Bn.n) » dans les tableaux"
            )
        _check_block_list(state)
        certification = _certification(state)
        draft.parts.append(_referential(state, certification))
        return draft


# --- walking the lines -------------------------------------------------------------


def _read_line(state: _State, index: int, line: str) -> None:
    cells = split_row(line)
    if cells is None:
        _read_prose(state, index, line.strip())
    elif not is_separator(cells) and not _is_header(cells) and any(cells):
        _read_row(state, index, cells)


def _read_prose(state: _State, index: int, line: str) -> None:
    if not line:
        return
    match = _TITLE.match(line)
    if match is None:
        state.prose.append((index, line))
        return
    title = strip_gender(match.group("title"))
    if state.title is None:
        state.title, state.title_index, state.level = title, index, match.group("level")
    elif fold(title) != fold(state.title):
        state.warn("titre-divergent", f"Intitulé différent de « {state.title} » : {title}", index)


def _is_header(cells: list[str]) -> bool:
    """The repeated header rows: header words and no activity or competency code."""
    texts = [fold(html_to_text(cell)) for cell in cells]
    if any(_COMPETENCY.match(html_to_text(cell)) for cell in cells):
        return False
    return any(text.startswith(_HEADER_WORDS) for text in texts)


def _read_row(state: _State, index: int, cells: list[str]) -> None:
    first = paragraphs(cells[0]) or [html_to_text(cells[0])]
    block = _BLOCK.match(first[0])
    if block is not None:
        _read_block(state, index, block, first[1:])
        return
    padded = [*cells, "", "", "", ""]
    if any(padded[4:]):
        state.warn("cellules-en-trop", "Ligne de tableau à plus de quatre colonnes", index)
    row = _Row(index, padded[0], padded[1], padded[2], padded[3])
    if row.activity:
        _read_activity(state, row)
    if row.competency:
        _read_competency(state, row)


def _read_block(state: _State, index: int, match: re.Match[str], rest: list[str]) -> None:
    code = f"B{int(match.group('num'))}"
    title = _strip_final_period(" ".join([match.group("title"), *rest]).strip())
    known = state.blocks.get(code)
    if known is None:
        known = Block(code, title, provenance=[state.provenance(index)])
        state.blocks[code] = known
    elif title and fold(title) != fold(known.title):
        state.warn("bloc-titre-divergent", f"Bloc {code} : « {title} » ≠ « {known.title} »", index)
    if state.block is not known:
        state.activity = None  # an activity never spans two blocks
    state.block = known


def _read_activity(state: _State, row: _Row) -> None:
    heads = paragraphs(row.activity)
    items = split_items(outside_paragraphs(row.activity)) if heads else split_items(row.activity)
    if not heads:
        heads, items = items[:1], items[1:]
    match = _ACTIVITY.match(heads[0]) if heads else None
    if match is None:
        label = heads[0] if heads else html_to_text(row.activity)
        state.warn("activite-illisible", f"Activité sans code An : « {label} »", row.index)
        state.activity = None
        return
    code = f"A{int(match.group('num'))}"
    title = _strip_final_period(_CONTINUED.sub("", match.group("title")).strip())
    confidence = IRREGULAR_CODE_CONFIDENCE if match.group("dot") else 1.0
    if match.group("dot"):
        state.warn(
            "code-irregulier",
            f"Activité « A.{match.group('num')} » : code écrit avec un point, lu comme {code}",
            row.index,
        )
    provenance = state.provenance(row.index, confidence=confidence)
    known = state.activities.get(code)
    if known is None:
        state.activities[code] = CertificationActivity(code, title, items, [provenance])
        state.activity_blocks[code] = state.block.code if state.block else ""
    else:
        _merge_activity(state, known, title, items, provenance, row.index)
    state.activity = code


def _merge_activity(
    state: _State,
    known: CertificationActivity,
    title: str,
    tasks: list[str],
    provenance: Provenance,
    index: int,
) -> None:
    """An activity continued on the next page ("(suite et fin)"): one activity, all tasks."""
    if fold(title) != fold(known.title):
        state.warn(
            "activite-titre-divergent",
            f"Activité {known.code} : « {title} » ≠ « {known.title} »",
            index,
        )
    known.tasks.extend(task for task in tasks if task not in known.tasks)
    known.provenance.append(provenance)


def _read_competency(state: _State, row: _Row) -> None:
    text = " ".join(paragraphs(row.competency)) or html_to_text(row.competency)
    match = _COMPETENCY.match(text)
    if match is None:
        state.warn("competence-sans-code", f"Compétence sans code Cn : « {text} »", row.index)
        return
    code = f"C{int(match.group('num'))}"
    if code in state.competency_blocks:
        state.warn("competence-en-double", f"Compétence {code} déjà lue, ligne ignorée", row.index)
        return
    block_code = re.sub(r"\s+", "", match.group("block")) if match.group("block") else None
    block = _block_for(state, code, block_code, row.index)
    competency = CertificationCompetency(
        code,
        _strip_final_period(match.group("label")),
        block_code=block_code,
        activity_codes=[state.activity] if state.activity else [],
        criteria=split_items(row.criteria),
    )
    if state.activity is None:
        state.warn("activite-absente", f"Compétence {code} sans activité", row.index)
    confidence = _read_modalities(state, competency, row)
    competency.provenance.append(state.provenance(row.index, confidence=confidence))
    block.competencies.append(competency)
    state.competency_blocks[code] = block.code
    if state.activity is not None:
        state.last_by_activity[state.activity] = competency


def _block_for(state: _State, code: str, block_code: str | None, index: int) -> Block:
    """The block of the current block row; the block code ("B2.1") must agree with it."""
    coded = block_code.split(".")[0] if block_code else None
    if block_code is None:
        state.warn("code-bloc-absent", f"Compétence {code} sans code de bloc (Bn.n)", index)
    if state.block is not None:
        if coded is not None and coded != state.block.code:
            state.warn(
                "bloc-incoherent",
                f"Compétence {code} ({block_code}) sous le bloc {state.block.code}",
                index,
            )
        return state.block
    # No block row before: the block code is the only hint.
    fallback = coded or "B?"
    state.warn("bloc-sans-titre", f"Compétence {code} avant toute ligne « BLOC n° »", index)
    block = state.blocks.setdefault(fallback, Block(fallback, "", provenance=[]))
    state.block = block
    return block


def _read_modalities(state: _State, competency: CertificationCompetency, row: _Row) -> float:
    """Own modalities, or those of the previous competency of the activity (merged cell)."""
    own = paragraphs(row.modalities) or split_items(row.modalities)
    if own:
        competency.modalities = [_strip_final_period(item) for item in own]
        return 1.0
    previous = state.last_by_activity.get(state.activity) if state.activity else None
    if previous is None:
        state.warn("modalites-absentes", f"Compétence {competency.code} sans modalités", row.index)
        return 1.0
    competency.modalities = list(previous.modalities)
    state.inform(
        "modalites-heritees",
        f"Compétence {competency.code} : modalités reprises de {previous.code} (cellule fusionnée)",
        row.index,
    )
    return INHERITED_CONFIDENCE


# --- after the tables: block list and rules ----------------------------------------


def _block_list(state: _State) -> list[tuple[int, str, str]]:
    """The numbered list under "BLOCS DE COMPETENCES": (line index, block code, title)."""
    found: list[tuple[int, str, str]] = []
    inside = False
    for index, line in state.prose:
        if fold(line).startswith("blocs de competences"):
            inside, found = True, []
            continue
        if not inside:
            continue
        match = _NUMBERED.match(line)
        if match is not None:
            found.append((index, f"B{int(match.group('num'))}", match.group("text").strip()))
        elif found:
            break
    return found


def _check_block_list(state: _State) -> None:
    listed = _block_list(state)
    for index, code, title in listed:
        block = state.blocks.get(code)
        if block is None:
            state.warn(
                "bloc-sans-competence", f"Bloc {code} « {title} » absent des tableaux", index
            )
            state.blocks[code] = Block(code, title, provenance=[state.provenance(index)])
            continue
        block.provenance.append(state.provenance(index))
        if not block.title:
            block.title = title
        elif label_key(title) != label_key(block.title):
            state.warn(
                "bloc-titre-divergent",
                f"Bloc {code} : « {title} » dans la liste, « {block.title} » dans le tableau",
                index,
            )
    listed_codes = {code for _, code, _ in listed}
    for code, block in state.blocks.items():
        if listed and code not in listed_codes and block.provenance:
            state.warn(
                "bloc-absent-de-la-liste",
                f"Bloc {code} absent de la liste des blocs",
                _first_line(state, block.provenance),
            )


def _first_line(state: _State, provenance: list[Provenance]) -> int:
    line = provenance[0].position.line if provenance else None
    return (line - 1) if line is not None else 0


_RULE_NAMES = {
    RuleKind.ADAPTED_MODALITIES: "modalités adaptées",
    RuleKind.BLOCK_VALIDATED_WHOLE: "un bloc se valide en entier",
    RuleKind.PARTIAL_VALIDATION_BY_BLOCK: "validation partielle par blocs",
    RuleKind.ALL_BLOCKS_REQUIRED: "tous les blocs sont obligatoires",
}


def _rule_kind(sentence: str) -> RuleKind | None:
    """Classify a sentence of the rules by its wording (folded keywords)."""
    text = fold(sentence)
    if "handicap" in text and "adapt" in text and "modalit" in text:
        return RuleKind.ADAPTED_MODALITIES
    if "partiel" in text and "d'un bloc" in text and re.search(r"n'est pas|impossible", text):
        return RuleKind.BLOCK_VALIDATED_WHOLE
    if "partiel" in text and "certification" in text and "blocs" in text:
        return RuleKind.PARTIAL_VALIDATION_BY_BLOCK
    if "blocs" in text and "obligatoire" in text and "partiel" not in text:
        return RuleKind.ALL_BLOCKS_REQUIRED
    return None


def _sentence_rules(state: _State) -> list[ValidationRule]:
    rules: dict[RuleKind, ValidationRule] = {}
    for index, line in state.prose:
        for sentence in split_sentences(line):
            kind = _rule_kind(sentence)
            if kind is None:
                continue
            if kind in rules:
                state.warn(
                    "regle-en-double", f"Règle « {kind.value} » déjà lue : {sentence}", index
                )
                continue
            provenance = state.provenance(index, confidence=KEYWORD_CONFIDENCE)
            rules[kind] = ValidationRule(kind, sentence, provenance=[provenance])
            state.warn(
                "regle-reconnue",
                f"Règle de validation reconnue à ses mots (« {_RULE_NAMES[kind]} ») : "
                f"« {sentence} »",
                index,
            )
    return list(rules.values())


def _threshold_rules(state: _State) -> list[ValidationRule]:
    """One rule per questionnaire pass mark found in the criteria ("60 % de bonnes réponses")."""
    rules: dict[float, ValidationRule] = {}
    for competency in state.competencies():
        for criterion in competency.criteria:
            match = _THRESHOLD.search(fold(criterion))
            if match is None:
                continue
            value = float(match.group("value").replace(",", ".")) / 100
            rule = rules.setdefault(
                value, ValidationRule(RuleKind.QUESTIONNAIRE_THRESHOLD, criterion, threshold=value)
            )
            if competency.code not in rule.competency_codes:
                rule.competency_codes.append(competency.code)
                rule.provenance.extend(competency.provenance[:1])
    return list(rules.values())


# --- building the referential ------------------------------------------------------


def _certification(state: _State) -> Certification:
    assert state.title is not None and state.title_index is not None
    if state.level is None:
        state.warn("niveau-absent", "Niveau de la certification introuvable", state.title_index)
    return Certification(
        key=label_key(state.title),
        title=state.title,
        level=state.level,
        blocks=list(state.blocks.values()),
        activities=list(state.activities.values()),
        rules=_sentence_rules(state) + _threshold_rules(state),
        provenance=[state.provenance(state.title_index)],
    )


def _competency(comp: CertificationCompetency, block: Block) -> Competency:
    codes = [comp.code] + ([comp.block_code] if comp.block_code else [])
    return Competency(
        key=label_key(comp.label),
        label=comp.label,
        kind=CompetencyKind.SAVOIR_FAIRE,
        category=block.title or None,
        codes=codes,
        provenance=list(comp.provenance),
    )


def _competencies(state: _State, certification: Certification) -> dict[str, Competency]:
    found: dict[str, Competency] = {}
    for block in certification.blocks:
        for comp in block.competencies:
            competency = _competency(comp, block)
            if competency.key in found:
                state.warn(
                    "competence-meme-libelle",
                    f"{comp.code} a le même libellé qu'une autre compétence",
                    _first_line(state, comp.provenance),
                )
                found[competency.key].codes.extend(competency.codes)
                continue
            found[competency.key] = competency
    return found


def _job(state: _State, certification: Certification, competencies: dict[str, Competency]) -> Job:
    assert state.title_index is not None
    block_titles = {block.code: block.title for block in certification.blocks}
    activities = [
        Activity(
            label=activity.title,
            domain=block_titles.get(state.activity_blocks.get(activity.code, "")) or None,
            code=activity.code,
            provenance=list(activity.provenance),
        )
        for activity in certification.activities
    ]
    requirements = [
        Requirement(key, Importance.ESSENTIAL, provenance=list(comp.provenance))
        for key, comp in competencies.items()
    ]
    return Job(
        key=job_key(certification.title),
        title=certification.title,
        level=certification.level,
        activities=activities,
        has_sheet=True,
        requirements=requirements,
        provenance=[state.provenance(state.title_index)],
    )


def _organisation(state: _State) -> str | None:
    """The group the document names ("Groupe Crédit Mutuel" -> "Crédit Mutuel"), if any."""
    for _, line in state.prose:
        match = _ORGANISATION.search(line)
        if match is not None:
            return match.group("name")
    return None


def _referential(state: _State, certification: Certification) -> Referential:
    competencies = _competencies(state, certification)
    job = _job(state, certification, competencies)
    level = f" (niveau {certification.level})" if certification.level else ""
    return Referential(
        name=f"RNCP — {certification.title}{level}",
        organisation=_organisation(state),
        description=f"Référentiel de certification « {certification.title} »{level}",
        documents={state.document.filename: state.document},
        jobs={job.key: job},
        competencies=competencies,
        certifications={certification.key: certification},
    )
