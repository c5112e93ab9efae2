"""Mobility services on the real seeds, stored in SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from parcours.demo import __file__ as demo_init
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.mobility import MobilityOrigin
from parcours.domain.profile import profile_from_levels
from parcours.services import mobility
from parcours.services.catalogue import AmbiguousJobError
from parcours.services.imports import import_documents
from parcours.services.ports import UowFactory
from parcours.store.uow import SqlUnitOfWork

STUDY = "Observatoire des métiers de la banque"
DEMO = Path(demo_init).parent / "banque-exemple.json"


@pytest.fixture
def uow(session_factory: sessionmaker[Session], all_seed_paths: list[Path]) -> UowFactory:
    def factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(session_factory)

    report = import_documents(factory, [(p.name, p.read_bytes()) for p in all_seed_paths])
    assert report.ok
    return factory


def _study_name(uow: UowFactory) -> str:
    from parcours.services.catalogue import list_referentials

    (name,) = [s.name for s in list_referentials(uow) if s.name.startswith(STUDY)]
    return name


def test_recommendations_for_a_job_put_declared_moves_first(uow: UowFactory) -> None:
    result = mobility.recommend_for_job(uow, job="Conseiller junior", k=5)
    assert result.referential.startswith(STUDY) and result.version == 1
    assert result.source is not None and result.source.key == "conseiller-junior"
    targets = [r.target for r in result.items]
    assert targets[:2] == ["conseiller-senior", "conseiller-senior-specialise"]
    assert [r.origin for r in result.items[:2]] == [MobilityOrigin.DECLARED] * 2
    assert all(r.origin is MobilityOrigin.COMPUTED for r in result.items[2:])
    first = result.items[0]
    assert first.reasons.shared_count > 10 and first.reasons.missing_count >= 1
    assert first.reasons.grade_step == 1  # junior -> senior, read from the titles


def test_similar_jobs_by_title_with_grade(uow: UowFactory) -> None:
    result = mobility.similar_jobs(uow, job="CHARGE DE CLIENTELE RISQUES II.3", k=3)
    assert result.referential == "La Banque Postale"
    assert result.items[0].target == "gestionnaire-contentieux--ii-2"  # the other sheet
    assert result.items[0].origin is MobilityOrigin.COMPUTED
    assert result.items[0].reasons.shared_count == 6  # the six shared behavioural ones
    scores = [r.score for r in result.items]
    assert scores == sorted(scores, reverse=True)


def test_batch_rows_for_every_job(uow: UowFactory) -> None:
    name = _study_name(uow)
    rows = mobility.batch_recommendations(uow, referential=name, k=3)
    assert len(rows) == 20 * 3  # 13 sheets, 7 jobs named as evolutions (no department)
    assert [r.rank for r in rows[:3]] == [1, 2, 3]
    by_job: dict[str, list[mobility.BatchRow]] = {}
    for row in rows:
        by_job.setdefault(row.job, []).append(row)
    assert len(by_job) == 20
    assert all(row.job != row.target for row in rows)
    junior = by_job["conseiller-junior"]
    assert [r.target for r in junior[:2]] == ["conseiller-senior", "conseiller-senior-specialise"]
    assert junior[0].declared and not junior[2].declared


def test_career_paths_from_junior_to_director(uow: UowFactory) -> None:
    result = mobility.career_paths(
        uow, source="Conseiller junior", target="Directeur de centre", k=3, max_steps=4
    )
    assert result.source.key == "conseiller-junior"
    assert [t.key for t in result.targets] == ["directeur-de-centre"]
    assert 1 <= len(result.paths) <= 3
    costs = [p.cost for p in result.paths]
    assert costs == sorted(costs)
    for path in result.paths:
        assert path.jobs[0] == "conseiller-junior" and path.jobs[-1] == "directeur-de-centre"
        assert len(path.steps) <= 4
        assert all(s.grade_step is None or s.grade_step >= 0 for s in path.steps)
    assert any(step.declared for step in result.paths[0].steps)


def test_career_paths_need_one_target(uow: UowFactory) -> None:
    with pytest.raises(ParcoursError):
        mobility.career_paths(uow, source="Conseiller junior")
    with pytest.raises(NotFoundError):
        mobility.career_paths(uow, source="Conseiller junior", target_group="Astronautique")


def test_career_paths_to_a_filiere(uow: UowFactory) -> None:
    result = mobility.career_paths(
        uow,
        source="GESTIONNAIRES CONTENTIEUX II.2",
        target_group="middle et back office banque et assurance",
        k=2,
        max_steps=2,
    )
    assert [t.key for t in result.targets] == ["charge-de-clientele-risque--ii-3"]
    assert result.paths and result.paths[0].jobs[-1] == "charge-de-clientele-risque--ii-3"


def test_gap_between_two_jobs(uow: UowFactory) -> None:
    report = mobility.gap_between_jobs(uow, source="Conseiller junior", target="Conseiller senior")
    gap = report.gap
    assert report.source is not None and report.source.key == "conseiller-junior"
    assert report.target.key == "conseiller-senior"
    # The study's grouped competencies (issue 13): 25 of the senior's 34 are the junior's.
    assert len(gap.covered) == 25 and len(gap.missing) == 9 and not gap.under_level
    assert 65.0 < gap.coverage < 75.0
    assert gap.trainings == ()  # the seeds describe no training
    reached = {r.job.key: r.steps for r in report.reachable}
    assert reached["conseiller-senior"] == 1
    assert max(reached.values()) <= 2


def test_gap_and_recommendations_for_a_person(uow: UowFactory) -> None:
    text = json.dumps(
        {
            "person": "p-7",
            "job": "Conseiller junior",
            "levels": {"Sens du résultat": 3, "Maîtrise des techniques de vente à distance": 2},
        }
    )
    profile = mobility.read_profile(text.encode(), "p.json")
    report = mobility.gap_for_profile(uow, profile=profile, target="Conseiller senior")
    assert report.person == "p-7"
    assert report.source is not None and report.source.key == "conseiller-junior"
    covered = {i.label for i in report.gap.covered}
    assert {"Sens du résultat", "Maîtrise des techniques de vente à distance"} <= covered
    assert 0.0 < report.gap.coverage < 20.0
    recs = mobility.recommend_for_profile(uow, profile=profile, k=3)
    assert recs.person == "p-7" and recs.items[0].target == "conseiller-senior"
    free = profile_from_levels("p-8", {"Orientation client": 3, "Plongée sous-marine": 4})
    alone = mobility.recommend_for_profile(uow, profile=free, k=2)
    assert alone.referential == "La Banque Postale" and alone.unknown == ("Plongée sous-marine",)


def test_unknown_and_ambiguous_jobs_are_reported(uow: UowFactory) -> None:
    with pytest.raises(NotFoundError):
        mobility.recommend_for_job(uow, job="Astronaute")
    with pytest.raises(AmbiguousJobError):
        mobility.similar_jobs(uow, job="conseiller")
    with pytest.raises(ParcoursError):
        mobility.recommend_for_job(uow, job="Conseiller junior", k=0)


def test_a_new_version_recomputes_only_its_referential(uow: UowFactory) -> None:
    demo = json.loads(DEMO.read_text("utf-8"))
    import_documents(uow, [("banque-exemple.json", json.dumps(demo).encode())])
    cache = mobility.cache_for(uow)
    first = mobility.recommend_for_job(uow, job="conseiller-a-distance--ii-1", k=2)
    mobility.recommend_for_job(uow, job="Conseiller junior", k=2)
    builds = cache.builds
    mobility.recommend_for_job(uow, job="conseiller-a-distance--ii-1", k=2)
    mobility.recommend_for_job(uow, job="Conseiller junior", k=2)
    assert cache.builds == builds  # both cached
    demo["jobs"][0]["title"] = "Conseiller à distance débutant"
    report = import_documents(uow, [("banque-exemple.json", json.dumps(demo).encode())])
    assert [v.version for v in report.versions] == [first.version + 1]
    again = mobility.recommend_for_job(uow, job="conseiller-a-distance--ii-1", k=2)
    assert again.version == first.version + 1
    assert again.source is not None and again.source.title == "Conseiller à distance débutant"
    mobility.recommend_for_job(uow, job="Conseiller junior", k=2)
    assert cache.builds == builds + 1  # the demo referential only
