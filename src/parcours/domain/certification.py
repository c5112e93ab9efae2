"""Certification referentials (RNCP): blocks, competencies, evaluation, validation rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from parcours.domain.provenance import Provenance


@dataclass(slots=True)
class CertificationActivity:
    """An activity of the activity referential (A1 ... A11), with its tasks."""

    code: str
    title: str
    tasks: list[str] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass(slots=True)
class CertificationCompetency:
    """A coded competency (C7, block code B2.1) with how it is evaluated."""

    code: str
    label: str
    block_code: str | None = None
    activity_codes: list[str] = field(default_factory=list)
    modalities: list[str] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass(slots=True)
class Block:
    """A block of competencies: the unit a jury validates, only whole."""

    code: str
    title: str
    competencies: list[CertificationCompetency] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


class RuleKind(StrEnum):
    ALL_BLOCKS_REQUIRED = "all_blocks_required"
    BLOCK_VALIDATED_WHOLE = "block_validated_whole"
    PARTIAL_VALIDATION_BY_BLOCK = "partial_validation_by_block"
    QUESTIONNAIRE_THRESHOLD = "questionnaire_threshold"
    ADAPTED_MODALITIES = "adapted_modalities"


@dataclass(slots=True)
class ValidationRule:
    """A rule of the certification, with its threshold (0-1) and scope when it has them."""

    kind: RuleKind
    text: str
    threshold: float | None = None
    competency_codes: list[str] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass(slots=True)
class Certification:
    key: str
    title: str
    level: str | None = None
    blocks: list[Block] = field(default_factory=list)
    activities: list[CertificationActivity] = field(default_factory=list)
    rules: list[ValidationRule] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)
