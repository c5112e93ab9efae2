"""ModelCache builds a referential's model once, and a slow build of one referential does not
hold up the others (each entry is built under its own lock, not the cache's)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from parcours.domain.competency import Competency, CompetencyKind, Requirement
from parcours.domain.job import Job
from parcours.domain.referential import Referential
from parcours.engine.similarity import build_similarity_model
from parcours.services import mobility

WAIT = 10.0  # seconds: only reached when the test fails


def entry(name: str) -> mobility._Entry:
    comps = {c: Competency(c, c.capitalize(), CompetencyKind.SAVOIR_FAIRE) for c in "abc"}
    jobs = {
        "un": Job("un", "Analyste", requirements=[Requirement("a"), Requirement("b")]),
        "deux": Job("deux", "Guichetier", requirements=[Requirement("b"), Requirement("c")]),
    }
    return mobility._Entry(Referential(name, jobs=jobs, competencies=comps))


@pytest.fixture
def slow_builds(monkeypatch: pytest.MonkeyPatch) -> dict[str, threading.Event]:
    """Builds of the referential "lent" wait until its event is set; the others do not."""
    started, release = threading.Event(), threading.Event()
    real = build_similarity_model

    def build(referential: Referential, **kwargs: Any) -> Any:
        if referential.name == "lent":
            started.set()
            assert release.wait(WAIT)
        return real(referential, **kwargs)

    monkeypatch.setattr(mobility, "build_similarity_model", build)
    return {"started": started, "release": release}


def test_a_slow_build_does_not_hold_up_another_referential(
    slow_builds: dict[str, threading.Event],
) -> None:
    cache = mobility.ModelCache()
    slow, quick = entry("lent"), entry("rapide")
    worker = threading.Thread(target=cache.model, args=(slow,))
    worker.start()
    try:
        assert slow_builds["started"].wait(WAIT)
        done = threading.Event()

        def build_quick() -> None:
            cache.model(quick)
            done.set()

        other = threading.Thread(target=build_quick)
        other.start()
        # Finishes while "lent" is still being built.
        assert done.wait(WAIT)
        assert quick.model is not None and slow.model is None
    finally:
        slow_builds["release"].set()
        worker.join(WAIT)
    assert slow.model is not None and cache.builds == 2


def test_two_requests_for_one_model_build_it_once(
    slow_builds: dict[str, threading.Event],
) -> None:
    cache = mobility.ModelCache()
    slow = entry("lent")
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(cache.model(slow))) for _ in range(3)]
    for thread in threads:
        thread.start()
    assert slow_builds["started"].wait(WAIT)
    slow_builds["release"].set()
    for thread in threads:
        thread.join(WAIT)
    assert len(got) == 3 and all(model is got[0] for model in got)
    assert cache.builds == 1
