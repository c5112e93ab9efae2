"""Any referential the domain can express comes back from the store equal, in order."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings

from parcours.domain.referential import Referential
from tests.integration.helpers import Factory, read, write
from tests.integration.strategies import referentials

# One database per test function, one new version per example: examples never collide.
PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY_SETTINGS
@given(written=referentials)
def test_any_referential_round_trips(session_factory: Factory, written: Referential) -> None:
    number = write(session_factory, written)
    got = read(session_factory, written.name, number)
    assert got == replace(written, version=number)
    assert got is not None
    for name in ("documents", "jobs", "competencies", "certifications", "trainings"):
        assert list(getattr(got, name)) == list(getattr(written, name)), name
