"""A certification jury's decision for one candidate, from the referential's own rules.

Pure rules, no I/O: a competency is validated when every one of its evaluation criteria is met
and, where a questionnaire threshold applies to it, the questionnaire score reaches the
threshold; a block is validated only whole (all its competencies); the title is granted when
every block is validated; otherwise, when the referential allows it, the validated blocks make a
partial validation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from parcours.domain.certification import Certification, CertificationCompetency, RuleKind
from parcours.domain.errors import ParcoursError
from parcours.domain.french import count


class JuryError(ParcoursError):
    """An evaluation that does not fit the certification (unknown code, wrong criteria...)."""


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_EVALUATED = "not_evaluated"


@dataclass(frozen=True, slots=True)
class CompetencyEvaluation:
    """What the jury recorded for one competency: one outcome per criterion (in the
    referential's order) and the questionnaire score (share of good answers, 0 to 1)."""

    code: str
    criteria: tuple[Outcome, ...]
    questionnaire: float | None = None


@dataclass(frozen=True, slots=True)
class CompetencyDecision:
    code: str
    validated: bool
    reasons: tuple[str, ...] = ()  # why not, in French


@dataclass(frozen=True, slots=True)
class BlockDecision:
    code: str
    title: str
    validated: bool
    competencies: tuple[CompetencyDecision, ...]


@dataclass(frozen=True, slots=True)
class JuryRecord:
    certification: str
    candidate: str
    blocks: tuple[BlockDecision, ...]
    title_granted: bool
    partial_blocks: tuple[str, ...]  # blocks kept as a partial validation (title not granted)

    @property
    def validated_blocks(self) -> tuple[str, ...]:
        return tuple(b.code for b in self.blocks if b.validated)


def thresholds(cert: Certification) -> dict[str, float]:
    """Competency code -> the questionnaire threshold that applies to it."""
    out: dict[str, float] = {}
    for rule in cert.rules:
        if rule.kind is RuleKind.QUESTIONNAIRE_THRESHOLD and rule.threshold is not None:
            for code in rule.competency_codes:
                out[code] = max(out.get(code, 0.0), rule.threshold)
    return out


def percent(score: float, below: float | None = None) -> str:
    """``score`` (0 to 1) as a percentage, with as few decimals as keep it truthful: when the
    score is under ``below``, the text never reads as reaching it (59,5 %, not 60 %). French
    conventions: a decimal comma, a narrow no-break space before « % »."""
    text = ""
    for digits in range(5):
        text = f"{score * 100:.{digits}f}"
        if below is None or float(text) < below * 100:
            break
    return f"{text.replace('.', ',')}\u202f%"


def _decide(
    competency: CertificationCompetency,
    evaluation: CompetencyEvaluation | None,
    threshold: float | None,
) -> CompetencyDecision:
    if evaluation is None:
        return CompetencyDecision(competency.code, False, ("compétence non évaluée",))
    if len(evaluation.criteria) != len(competency.criteria):
        raise JuryError(
            f"{competency.code} : "
            f"{count(len(competency.criteria), 'critère attendu', 'critères attendus')}, "
            f"{count(len(evaluation.criteria), 'reçu', 'reçus')}"
        )
    reasons = [
        f"critère {i} {'non évalué' if o is Outcome.NOT_EVALUATED else 'non atteint'}"
        for i, o in enumerate(evaluation.criteria, start=1)
        if o is not Outcome.MET
    ]
    if threshold is not None:
        score = evaluation.questionnaire
        if score is None:
            reasons.append("questionnaire non passé")
        elif score < threshold:
            reasons.append(f"questionnaire : {percent(score, threshold)} < {percent(threshold)}")
    return CompetencyDecision(competency.code, not reasons, tuple(reasons))


def _index(
    cert: Certification, evaluations: Iterable[CompetencyEvaluation]
) -> dict[str, CompetencyEvaluation]:
    known = {c.code for b in cert.blocks for c in b.competencies}
    out: dict[str, CompetencyEvaluation] = {}
    for evaluation in evaluations:
        if evaluation.code not in known:
            raise JuryError(f"compétence inconnue de la certification : {evaluation.code}")
        if evaluation.code in out:
            raise JuryError(f"{evaluation.code} évaluée deux fois")
        score = evaluation.questionnaire
        if score is not None and not 0.0 <= score <= 1.0:
            raise JuryError(f"{evaluation.code} : score de questionnaire hors de [0, 1]")
        out[evaluation.code] = evaluation
    return out


def evaluate(
    cert: Certification, candidate: str, evaluations: Iterable[CompetencyEvaluation]
) -> JuryRecord:
    """The jury record of ``candidate`` (a pseudonymous id) for ``cert``."""
    by_code = _index(cert, evaluations)
    limits = thresholds(cert)
    blocks = []
    for block in cert.blocks:
        decisions = tuple(
            _decide(c, by_code.get(c.code), limits.get(c.code)) for c in block.competencies
        )
        # A block is validated only whole: every competency, and at least one.
        validated = bool(decisions) and all(d.validated for d in decisions)
        blocks.append(BlockDecision(block.code, block.title, validated, decisions))
    granted = bool(blocks) and all(b.validated for b in blocks)
    partial_allowed = any(r.kind is RuleKind.PARTIAL_VALIDATION_BY_BLOCK for r in cert.rules)
    partial = (
        tuple(b.code for b in blocks if b.validated) if partial_allowed and not granted else ()
    )
    return JuryRecord(cert.key, candidate, tuple(blocks), granted, partial)


# A criterion that states a questionnaire score ("60 % de bonnes réponses au questionnaire").
_SCORE_CRITERION = re.compile(
    r"(\d{1,3}(?:[.,]\d+)?)\s*%\s*(?:de\s+)?bonnes\s+r[ée]ponses", re.IGNORECASE
)


def criterion_score(text: str) -> float | None:
    """The share of good answers a criterion's text requires (0 to 1), None when it states
    none: "60 % de bonnes réponses au questionnaire" -> 0.6."""
    found = _SCORE_CRITERION.search(text)
    return float(found.group(1).replace(",", ".")) / 100.0 if found else None


def contradictions(
    cert: Certification, evaluations: Iterable[CompetencyEvaluation]
) -> tuple[str, ...]:
    """Outcomes that contradict the questionnaire score given with them, in French: a
    criterion stating a score ("60 % de bonnes réponses") marked met while the questionnaire
    is under it or was not taken, or marked not met while the questionnaire reaches it. The
    decision follows the score (``_decide``); the record shows these so that the jury corrects
    one or the other."""
    by_code = {e.code: e for e in evaluations}
    out: list[str] = []
    for block in cert.blocks:
        for comp in block.competencies:
            evaluation = by_code.get(comp.code)
            if evaluation is None or len(evaluation.criteria) != len(comp.criteria):
                continue
            score = evaluation.questionnaire
            for i, (text, outcome) in enumerate(
                zip(comp.criteria, evaluation.criteria, strict=True), start=1
            ):
                needed = criterion_score(text)
                if needed is None or outcome is Outcome.NOT_EVALUATED:
                    continue
                where = f"{comp.code}, critère {i} « {text} »"
                if outcome is Outcome.MET and score is None:
                    out.append(f"{where} noté atteint sans score de questionnaire")
                elif outcome is Outcome.MET and score is not None and score < needed:
                    out.append(
                        f"{where} noté atteint alors que le questionnaire est à "
                        f"{percent(score, needed)}"
                    )
                elif outcome is Outcome.NOT_MET and score is not None and score >= needed:
                    out.append(
                        f"{where} noté non atteint alors que le questionnaire est à "
                        f"{percent(score)}"
                    )
    return tuple(out)


# --- plain data (JSON) ----------------------------------------------------------------------
#
# Evaluations and records are stored as JSON (jury_candidate.evaluations, .record) and travel
# through the API and the command line as plain dicts:
#   evaluation: {"code": "C9", "criteria": ["met", "not_met", ...], "questionnaire": 0.55}
#   record: {"certification", "candidate", "title_granted", "validated_blocks",
#            "partial_blocks", "blocks": [{"code", "title", "validated",
#            "competencies": [{"code", "validated", "reasons": [...]}]}]}


def evaluation_to_dict(evaluation: CompetencyEvaluation) -> dict[str, object]:
    return {
        "code": evaluation.code,
        "criteria": [o.value for o in evaluation.criteria],
        "questionnaire": evaluation.questionnaire,
    }


def evaluation_from_dict(data: object) -> CompetencyEvaluation:
    """One evaluation from plain data; ``JuryError`` says what does not fit."""
    if not isinstance(data, dict):
        raise JuryError("une évaluation est un objet {code, criteria, questionnaire}")
    code = data.get("code")
    if not isinstance(code, str) or not code:
        raise JuryError("évaluation sans code de compétence")
    criteria = data.get("criteria", [])
    if not isinstance(criteria, list):
        raise JuryError(f"{code} : « criteria » est une liste de résultats")
    outcomes = []
    for value in criteria:
        try:
            outcomes.append(Outcome(value))
        except ValueError:
            allowed = ", ".join(o.value for o in Outcome)
            raise JuryError(f"{code} : résultat inconnu « {value} » ({allowed})") from None
    score = data.get("questionnaire")
    if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)):
        raise JuryError(f"{code} : le questionnaire est une part entre 0 et 1")
    return CompetencyEvaluation(code, tuple(outcomes), None if score is None else float(score))


def evaluations_from_data(data: object) -> list[CompetencyEvaluation]:
    if not isinstance(data, list):
        raise JuryError("les évaluations sont une liste")
    return [evaluation_from_dict(item) for item in data]


def record_to_dict(record: JuryRecord) -> dict[str, object]:
    return {
        "certification": record.certification,
        "candidate": record.candidate,
        "title_granted": record.title_granted,
        "validated_blocks": list(record.validated_blocks),
        "partial_blocks": list(record.partial_blocks),
        "blocks": [
            {
                "code": b.code,
                "title": b.title,
                "validated": b.validated,
                "competencies": [
                    {"code": d.code, "validated": d.validated, "reasons": list(d.reasons)}
                    for d in b.competencies
                ],
            }
            for b in record.blocks
        ],
    }


def _list(data: dict[str, object], key: str) -> list[object]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise JuryError(f"procès-verbal illisible : « {key} » n'est pas une liste")
    return value


def _dict(value: object) -> dict[str, object]:
    if not isinstance(value, dict):
        raise JuryError("procès-verbal illisible : objet attendu")
    return value


def record_from_dict(data: object) -> JuryRecord:
    """The record ``record_to_dict`` wrote (``validated_blocks`` is derived, not read)."""
    try:
        return _record(_dict(data))
    except KeyError as exc:
        raise JuryError(f"procès-verbal illisible : « {exc.args[0]} » manque") from None


def _record(d: dict[str, object]) -> JuryRecord:
    blocks = []
    for item in _list(d, "blocks"):
        b = _dict(item)
        decisions = tuple(
            CompetencyDecision(
                str(c["code"]),
                bool(c["validated"]),
                tuple(str(r) for r in _list(c, "reasons")),
            )
            for c in map(_dict, _list(b, "competencies"))
        )
        blocks.append(
            BlockDecision(str(b["code"]), str(b["title"]), bool(b["validated"]), decisions)
        )
    return JuryRecord(
        str(d["certification"]),
        str(d["candidate"]),
        tuple(blocks),
        bool(d["title_granted"]),
        tuple(str(code) for code in _list(d, "partial_blocks")),
    )
