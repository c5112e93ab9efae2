"""CorrectionStore and DocumentTextStore (services/ports/corrections.py): the fake and the SQL
store alike."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from parcours.domain.corrections import CorrectedField, Correction, FactKind
from parcours.domain.errors import NotFoundError
from parcours.services.ports import UowFactory

AT = datetime(2026, 5, 4, 10, tzinfo=UTC)


def title(referential: str, job: str, value: str, **more: object) -> Correction:
    return Correction(referential, FactKind.JOB, job, CorrectedField.TITLE, value, **more)  # type: ignore[arg-type]


def test_corrections_are_numbered_listed_oldest_first_and_withdrawn(
    port_uow: UowFactory,
) -> None:
    detail = Correction(
        "rome",
        FactKind.REQUIREMENT,
        "m-1",
        CorrectedField.DETAIL,
        "",
        competency="c-1",
        original="ancien détail",
        author="rh",
        at=AT,
    )
    with port_uow() as uow:
        first = uow.corrections.add(title("rome", "m-1", "Conseiller", author="rh", at=AT))
        assert first.id is not None and first.at == AT
        second = uow.corrections.add(title("banque", "b-1", "Guichetier"))
        assert second.id is not None and second.at is not None  # dated when kept
        third = uow.corrections.add(detail)
        uow.commit()
    assert first.id < second.id < third.id  # type: ignore[operator]
    with port_uow() as uow:
        assert uow.corrections.get(third.id) == third  # type: ignore[arg-type]
        assert uow.corrections.get(10_000) is None
        assert [c.id for c in uow.corrections.list()] == [first.id, second.id, third.id]
        assert uow.corrections.list("rome") == [first, third]
        withdrawn = uow.corrections.withdraw(first.id, by="chef", at=AT)
        assert (withdrawn.withdrawn_by, withdrawn.withdrawn_at, withdrawn.active) == (
            "chef",
            AT,
            False,
        )
        with pytest.raises(NotFoundError):
            uow.corrections.withdraw(10_000, by="chef", at=AT)
        uow.commit()
    with port_uow() as uow:
        assert uow.corrections.list("rome", active=True) == [third]
        assert uow.corrections.list("rome") == [withdrawn, third]  # a withdrawn one stays
        assert uow.corrections.list("nul") == []
        uow.corrections.add(title("rome", "m-2", "Pas gardé"))
    with port_uow() as uow:
        assert len(uow.corrections.list()) == 3


def test_a_documents_lines_are_kept_once_and_read_by_number(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        assert not uow.texts.has_text("a" * 64)
        uow.texts.add_text("a" * 64, ["un", "deux", "trois"])
        uow.texts.add_text("b" * 64, [])  # nothing to keep
        uow.commit()
    with port_uow() as uow:
        assert uow.texts.has_text("a" * 64) and not uow.texts.has_text("b" * 64)
        uow.texts.add_text("a" * 64, ["autre"])  # a document already kept is left as it is
        uow.commit()
    with port_uow() as uow:
        found = uow.texts.lines({"a" * 64: [3, 1, 1, 0, 9], "c" * 64: [1], "b" * 64: []})
        assert found == {("a" * 64, 1): "un", ("a" * 64, 3): "trois"}
        assert uow.texts.lines({}) == {}
