"""What changed between two versions of a referential.

Positions shift whenever a document is edited above a fact, so provenance is
left out of the comparison: a change is a change of content.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from parcours.domain.referential import Referential


def _content(obj: Any) -> Any:
    """The dataclass as plain data, without any provenance."""
    return _strip(asdict(obj))


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k != "provenance"}
    if isinstance(value, list | tuple):
        return [_strip(v) for v in value]
    return value


@dataclass(slots=True)
class EntityDiff:
    """Keys added, removed and changed for one kind of entity."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(slots=True)
class ReferentialDiff:
    jobs: EntityDiff
    competencies: EntityDiff
    mobilities: EntityDiff
    certifications: EntityDiff
    trainings: EntityDiff
    matrices: EntityDiff
    notes: EntityDiff
    documents: EntityDiff

    @property
    def empty(self) -> bool:
        return all(d.empty for d in self.sections().values())

    def sections(self) -> dict[str, EntityDiff]:
        return {
            "jobs": self.jobs,
            "competencies": self.competencies,
            "mobilities": self.mobilities,
            "certifications": self.certifications,
            "trainings": self.trainings,
            "matrices": self.matrices,
            "notes": self.notes,
            "documents": self.documents,
        }

    def summary(self) -> str:
        """A one-line French summary: "postes +2 −0 ~1; compétences +5 ..."."""
        names = {
            "jobs": "postes",
            "competencies": "compétences",
            "mobilities": "mobilités",
            "certifications": "certifications",
            "trainings": "formations",
            "matrices": "matrices",
            "notes": "notes",
            "documents": "documents",
        }
        parts = [
            f"{names[k]} +{len(d.added)} −{len(d.removed)} ~{len(d.changed)}"
            for k, d in self.sections().items()
            if not d.empty
        ]
        return "; ".join(parts) or "aucun changement"


def _diff_maps(old: Mapping[str, Any], new: Mapping[str, Any]) -> EntityDiff:
    return EntityDiff(
        added=[k for k in new if k not in old],
        removed=[k for k in old if k not in new],
        changed=[k for k in new if k in old and _content(old[k]) != _content(new[k])],
    )


def diff_referentials(old: Referential | None, new: Referential) -> ReferentialDiff:
    """The differences from ``old`` (None: an empty referential) to ``new``."""
    base = old or Referential(name=new.name)
    return ReferentialDiff(
        jobs=_diff_maps(base.jobs, new.jobs),
        competencies=_diff_maps(base.competencies, new.competencies),
        mobilities=_diff_maps(
            {"→".join(m.identity): m for m in base.mobilities},
            {"→".join(m.identity): m for m in new.mobilities},
        ),
        certifications=_diff_maps(base.certifications, new.certifications),
        trainings=_diff_maps(base.trainings, new.trainings),
        matrices=_diff_maps({m.key: m for m in base.matrices}, {m.key: m for m in new.matrices}),
        notes=_diff_maps(
            {n.title + "\n" + n.text: n for n in base.notes},
            {n.title + "\n" + n.text: n for n in new.notes},
        ),
        documents=EntityDiff(
            added=[
                s
                for s, d in new.documents.items()
                if s not in base.documents or base.documents[s].sha256 != d.sha256
            ],
            removed=[s for s in base.documents if s not in new.documents],
        ),
    )
