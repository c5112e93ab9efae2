"""Writing a referential version: the one path of an import, a published draft and HR's
corrections.

The parts (one per document) are merged, HR's active corrections laid over the result
(``domain.corrections.apply``), the difference with the current version computed, the
version stored with its parts, and what follows every new version run (``hooks``), in the
caller's transaction. The corrections that no longer find their fact come back in the
outcome, to be reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parcours.domain import corrections
from parcours.domain.corrections import Applied, Correction
from parcours.domain.diff import ReferentialDiff, diff_referentials
from parcours.domain.merge import merge_parts
from parcours.domain.referential import Referential
from parcours.services.hooks import after_new_version
from parcours.services.ports import StoredPart, UnitOfWork


@dataclass(slots=True)
class VersionOutcome:
    name: str
    version: int
    diff: ReferentialDiff
    # HR's corrections whose fact this version no longer has (kept, not applied).
    unapplied: list[Correction] = field(default_factory=list)


def corrected_merge(uow: UnitOfWork, name: str, parts: list[StoredPart]) -> Applied:
    """The parts merged, with the referential's active corrections applied."""
    merged = merge_parts(name, [p.content for p in parts])
    return corrections.apply(merged, uow.corrections.list(name, active=True))


def write_version(
    uow: UnitOfWork,
    name: str,
    parts: list[StoredPart],
    *,
    current: Referential | None,
    floor: int = 0,
    summary: str | None = None,
    only_if_changed: bool = False,
) -> VersionOutcome | None:
    """Store the corrected merge of ``parts`` as the next version (at least ``floor``);
    None, and nothing written, when ``only_if_changed`` and the content is the current one."""
    applied = corrected_merge(uow, name, parts)
    merged = applied.referential
    diff = diff_referentials(current, merged)
    if only_if_changed and current is not None and diff.empty:
        return None
    merged.version = max((current.version + 1) if current else 1, floor)
    told = diff.summary()
    number = uow.referentials.add_version(
        merged, parts=parts, summary=f"{summary} — {told}" if summary else told
    )
    merged.version = number
    after_new_version(uow, name=name, referential=merged, previous=current)
    return VersionOutcome(name, number, diff, applied.unapplied)
