"""HR's corrections of a published referential: an editorial layer that survives re-imports.

A correction (``domain.corrections``) is kept in its own table, never deleted, and applied
after every merge of the referential's parts (``services.versions``): an import of the same
document, a published draft, another correction. Making or withdrawing one writes a new
version through that same path, in one transaction with the import lock, and an audit event
signed by the acting account. HR only; reading the corrections is open like the catalogue
(the sheet says who corrected a fact and when).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from parcours.domain.access import Principal, require_hr
from parcours.domain.corrections import (
    CorrectedField,
    Correction,
    CorrectionError,
    FactKind,
    check,
    current_value,
    effective,
)
from parcours.domain.errors import NotFoundError
from parcours.domain.merge import merge_parts
from parcours.domain.referential import Referential
from parcours.services.access import audit
from parcours.services.ports import StoredPart, UnitOfWork, UowFactory
from parcours.services.versions import VersionOutcome, write_version

FIELD_LABELS: dict[CorrectedField, str] = {
    CorrectedField.TITLE: "intitulé",
    CorrectedField.KIND: "type",
    CorrectedField.IMPORTANCE: "importance",
    CorrectedField.DETAIL: "détail",
}
FACT_LABELS: dict[FactKind, str] = {
    FactKind.JOB: "poste",
    FactKind.COMPETENCY: "compétence",
    FactKind.REQUIREMENT: "exigence",
}


class NothingToCorrect(CorrectionError):
    """Every value asked is already the one shown."""


@dataclass(frozen=True, slots=True)
class CorrectionRequest:
    """What HR asks: ``value`` for ``field`` of the fact (``competency`` for a requirement;
    ``original``: for a detail, the detail's text as shown)."""

    fact: FactKind
    key: str
    field: CorrectedField
    value: str
    competency: str | None = None
    original: str | None = None


@dataclass(slots=True)
class CorrectionView:
    """A correction with what the latest version says of its fact: ``found`` False when the
    fact is no longer there (the correction is kept, not applied)."""

    correction: Correction
    found: bool

    @property
    def status(self) -> str:
        if not self.correction.active:
            return "retirée"
        return "appliquée" if self.found else "sans objet (fait disparu)"


@dataclass(slots=True)
class CorrectionOutcome:
    corrections: list[Correction]
    version: VersionOutcome | None = None


@dataclass(frozen=True, slots=True)
class SheetCorrections:
    """The active corrections of one job's sheet, by fact."""

    job: Correction | None = None
    requirements: dict[str, Correction] = field(default_factory=dict)

    def requirement(self, competency: str) -> Correction | None:
        return self.requirements.get(competency)


def describe(correction: Correction) -> str:
    """One line in French: "poste « key » : intitulé → « value »"."""
    fact = FACT_LABELS[correction.fact]
    named = correction.key
    if correction.competency:
        named = f"{correction.key} / {correction.competency}"
    was = f"« {correction.original} » " if correction.original else ""
    value = f"« {correction.value} »" if correction.value else "(retiré)"
    return f"{fact} « {named} » : {FIELD_LABELS[correction.field]} {was}→ {value}"


def _now() -> datetime:
    return datetime.now(UTC)


def list_corrections(
    uow_factory: UowFactory, referential: str | None = None, *, include_withdrawn: bool = True
) -> list[CorrectionView]:
    """The corrections of a referential (every one when None), oldest first, each with
    whether the latest version still has its fact."""
    with uow_factory() as uow:
        found = uow.corrections.list(referential, active=not include_withdrawn)
        latest: dict[str, Referential | None] = {}
        out: list[CorrectionView] = []
        for correction in found:
            if correction.referential not in latest:
                latest[correction.referential] = uow.referentials.get(correction.referential)
            ref = latest[correction.referential]
            present = ref is not None and _has_fact(ref, correction)
            out.append(CorrectionView(correction, present))
    return out


def _has_fact(ref: Referential, correction: Correction) -> bool:
    if correction.field is CorrectedField.DETAIL:
        probe = Correction(
            correction.referential,
            correction.fact,
            correction.key,
            correction.field,
            "",
            correction.competency,
            correction.value or correction.original,
        )
        return current_value(ref, probe) is not None
    return current_value(ref, correction) is not None


def sheet_corrections(uow_factory: UowFactory, referential: str, job: str) -> SheetCorrections:
    """The active corrections shown on a job's sheet: of the job, and of each requirement
    (of the requirement itself or of its competency's kind; the latest)."""
    with uow_factory() as uow:
        active = effective(uow.corrections.list(referential, active=True))
    title: Correction | None = None
    requirements: dict[str, Correction] = {}
    for correction in active:  # oldest first: the latest wins
        if correction.fact is FactKind.JOB and correction.key == job:
            title = correction
        elif correction.fact is FactKind.REQUIREMENT and correction.key == job:
            requirements[correction.competency or ""] = correction
        elif correction.fact is FactKind.COMPETENCY:
            requirements[correction.key] = correction
    return SheetCorrections(title, requirements)


def _resolve_original(active: list[Correction], request: CorrectionRequest) -> str | None:
    """For a detail: the document's text of the detail shown (which may be HR's)."""
    if request.field is not CorrectedField.DETAIL:
        return None
    shown = (request.original or "").strip()
    for earlier in reversed(active):
        if (
            earlier.field is CorrectedField.DETAIL
            and earlier.fact_id == (request.fact, request.key, request.competency)
            and earlier.value.strip().casefold() == shown.casefold()
        ):
            return earlier.original
    return shown


def correct(
    uow_factory: UowFactory,
    actor: Principal,
    referential: str,
    requests: list[CorrectionRequest],
) -> CorrectionOutcome:
    """Keep HR's corrections of facts of ``referential`` and write the corrected version
    (one transaction). A request whose value is already the one shown changes nothing;
    ``CorrectionError`` when nothing is left to correct or a fact is not in the documents."""
    require_hr(actor, "la correction d'une fiche")
    with uow_factory() as uow:
        uow.exclusive("import")
        current, parts = _load(uow, referential)
        documents = merge_parts(referential, [p.content for p in parts])
        active = uow.corrections.list(referential, active=True)
        made: list[Correction] = []
        for request in requests:
            correction = Correction(
                referential=referential,
                fact=request.fact,
                key=request.key,
                field=request.field,
                value=request.value.strip(),
                competency=request.competency,
                original=_resolve_original(active, request),
                author=actor.account,
            )
            check(correction)
            if correction.field is CorrectedField.DETAIL:
                if (request.original or "").strip() == correction.value:
                    continue
            elif current_value(current, correction) == correction.value:
                continue
            said = current_value(documents, correction)
            if said is None:
                raise CorrectionError(
                    f"fait introuvable dans les documents : {describe(correction)}"
                )
            if correction.field is not CorrectedField.DETAIL:
                correction = _with_original(correction, said)
            made.append(uow.corrections.add(correction))
        if not made:
            raise NothingToCorrect("rien à corriger : les valeurs sont déjà celles de la fiche")
        told = ", ".join(f"n° {c.id}" for c in made)
        version = write_version(
            uow, referential, parts, current=current, summary=f"corrections RH {told}"
        )
        for c in made:
            audit(uow, actor, "write", None, f"correction n° {c.id} : {referential}, {describe(c)}")
        uow.commit()
    return CorrectionOutcome(made, version)


def _with_original(correction: Correction, said: str) -> Correction:
    return Correction(
        referential=correction.referential,
        fact=correction.fact,
        key=correction.key,
        field=correction.field,
        value=correction.value,
        competency=correction.competency,
        original=said,
        author=correction.author,
    )


def withdraw(uow_factory: UowFactory, actor: Principal, correction_id: int) -> CorrectionOutcome:
    """Withdraw a correction (it stays listed, with who withdrew it): the document's value
    comes back in a new version when it differs."""
    require_hr(actor, "le retrait d'une correction")
    with uow_factory() as uow:
        uow.exclusive("import")
        found = uow.corrections.get(correction_id)
        if found is None:
            raise NotFoundError(f"aucune correction n° {correction_id}")
        if not found.active:
            raise CorrectionError(f"la correction n° {correction_id} est déjà retirée")
        withdrawn = uow.corrections.withdraw(correction_id, by=actor.account, at=_now())
        version = None
        if uow.referentials.get(found.referential) is not None:
            current, parts = _load(uow, found.referential)
            version = write_version(
                uow,
                found.referential,
                parts,
                current=current,
                summary=f"correction RH n° {correction_id} retirée",
                only_if_changed=True,
            )
        audit(
            uow,
            actor,
            "write",
            None,
            f"correction n° {correction_id} retirée : {found.referential}, {describe(found)}",
        )
        uow.commit()
    return CorrectionOutcome([withdrawn], version)


def _load(uow: UnitOfWork, referential: str) -> tuple[Referential, list[StoredPart]]:
    current = uow.referentials.get(referential)
    if current is None:
        raise NotFoundError(f"référentiel inconnu : « {referential} »")
    parts = uow.referentials.get_parts(referential)
    if not parts:
        raise CorrectionError(
            f"« {referential} » n'a pas de documents à fusionner : rien à corriger par-dessus"
        )
    return current, parts
