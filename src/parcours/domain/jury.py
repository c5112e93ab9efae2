"""A certification jury's decision for one candidate, from the referential's own rules.

Pure rules, no I/O: a competency is validated when every one of its evaluation criteria is met
and, where a questionnaire threshold applies to it, the questionnaire score reaches the
threshold; a block is validated only whole (all its competencies); the title is granted when
every block is validated; otherwise, when the referential allows it, the validated blocks make a
partial validation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from parcours.domain.certification import Certification, CertificationCompetency, RuleKind
from parcours.domain.errors import ParcoursError


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


def _decide(
    competency: CertificationCompetency,
    evaluation: CompetencyEvaluation | None,
    threshold: float | None,
) -> CompetencyDecision:
    if evaluation is None:
        return CompetencyDecision(competency.code, False, ("compétence non évaluée",))
    if len(evaluation.criteria) != len(competency.criteria):
        raise JuryError(
            f"{competency.code} : {len(competency.criteria)} critère(s) attendu(s), "
            f"{len(evaluation.criteria)} reçu(s)"
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
            reasons.append(f"questionnaire : {score:.0%} < {threshold:.0%}")
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
