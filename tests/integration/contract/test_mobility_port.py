"""MobilityModelStore (services/ports/mobility.py): the fake and the SQL store alike."""

from __future__ import annotations

from datetime import UTC, datetime

from parcours.services.ports import UowFactory

AT = datetime(2026, 3, 1, 8, 15, 30, 123456, tzinfo=UTC)
LATER = datetime(2026, 4, 1, tzinfo=UTC)


def test_a_packed_model_is_read_back_only_for_its_version_and_engine(
    port_uow: UowFactory,
) -> None:
    with port_uow() as uow:
        assert uow.mobility_models.packed("rome", 1, AT, "s" * 64) is None
        uow.mobility_models.keep("rome", 1, AT, "s" * 64, b"one")
        uow.mobility_models.keep("autre", 3, AT, "s" * 64, b"other")
        uow.commit()
    with port_uow() as uow:
        assert uow.mobility_models.packed("rome", 1, AT, "s" * 64) == b"one"
        assert uow.mobility_models.packed("rome", 2, AT, "s" * 64) is None  # another version
        assert uow.mobility_models.packed("rome", 1, LATER, "s" * 64) is None  # a version redone
        assert uow.mobility_models.packed("rome", 1, AT, "t" * 64) is None  # another engine
        assert uow.mobility_models.packed("nul", 1, AT, "s" * 64) is None
        # ``holds`` answers as ``packed`` does, without the payload.
        for asked in (
            ("rome", 1, AT, "s" * 64),
            ("rome", 2, AT, "s" * 64),
            ("rome", 1, LATER, "s" * 64),
            ("rome", 1, AT, "t" * 64),
            ("autre", 3, AT, "s" * 64),
            ("nul", 1, AT, "s" * 64),
        ):
            held = uow.mobility_models.packed(*asked) is not None
            assert uow.mobility_models.holds(*asked) is held, asked
        assert uow.mobility_models.holds("autre", 3, AT, "s" * 64)


def test_a_new_model_replaces_the_referentials_last(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        uow.mobility_models.keep("rome", 1, AT, "s" * 64, b"one")
        uow.commit()
    with port_uow() as uow:
        uow.mobility_models.keep("rome", 2, LATER, "t" * 64, b"two")
        uow.commit()
    with port_uow() as uow:
        assert uow.mobility_models.packed("rome", 1, AT, "s" * 64) is None
        assert uow.mobility_models.packed("rome", 2, LATER, "t" * 64) == b"two"
        uow.mobility_models.keep("rome", 3, LATER, "t" * 64, b"three")  # not committed
    with port_uow() as uow:
        assert uow.mobility_models.packed("rome", 2, LATER, "t" * 64) == b"two"
        assert uow.mobility_models.packed("rome", 3, LATER, "t" * 64) is None
