"""Partial reads on SQLite and PostgreSQL: a job's slice and the jobs' outlines give exactly
what a full read gives for them (provenance included), from the latest version's content only.
"""

from __future__ import annotations

from dataclasses import replace

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from parcours.domain.job import Job
from parcours.domain.referential import Referential
from parcours.store.db import alembic_config, applied_revisions, migrate, script_heads
from tests.integration.factories import part, rich_referential, small_referential
from tests.integration.helpers import Factory, read, repository, write

NAME = "Référentiel métiers — Banque Œ"


def _stored(session_factory: Factory) -> Referential:
    """Two versions of the rich referential, the latest stored with a part (whose facts repeat
    the content's in other rows): a partial read must take the latest content only."""
    first = rich_referential()
    first.jobs["zeta-charge-clientele"].title = "Ancien intitulé"
    write(session_factory, first)
    write(session_factory, rich_referential(), parts=[part(NAME, "extra.txt", "Autre poste")])
    full = read(session_factory, NAME)
    assert full is not None and full.version == 2
    return full


def test_a_job_slice_is_the_full_read_of_that_job(session_factory: Factory) -> None:
    full = _stored(session_factory)
    with repository(session_factory) as repo:
        sliced = repo.job_slice(NAME, "zeta-charge-clientele")
    assert sliced is not None
    assert (sliced.name, sliced.version, sliced.organisation) == (NAME, 2, full.organisation)
    job = sliced.jobs["zeta-charge-clientele"]
    assert job == full.jobs["zeta-charge-clientele"]  # activities, requirements, provenance
    assert job.title != "Ancien intitulé" and job.provenance and job.requirements[0].provenance
    # The competencies it requires that the referential has (not the third, absent one).
    assert sliced.competencies == {k: full.competencies[k] for k in ("mu-ecoute", "alpha-analyse")}
    assert sliced.competencies["mu-ecoute"].provenance
    assert sliced.mobilities == full.mobilities  # both moves touch the job
    assert sliced.documents == full.documents
    # The other end of its moves: named, without content.
    other = sliced.jobs["alpha-directeur"]
    assert (other.title, other.has_sheet) == ("Directeur d'agence", False)
    assert list(sliced.jobs) == ["zeta-charge-clientele", "alpha-directeur"]
    assert sliced.certifications == {} and sliced.trainings == {} and sliced.matrices == []


def test_a_job_without_moves_or_requirements_slices_alone(session_factory: Factory) -> None:
    write(session_factory, small_referential("Petit", "Caissier", "Guichetier"))
    full = read(session_factory, "Petit")
    assert full is not None
    key = next(iter(full.jobs))
    with repository(session_factory) as repo:
        sliced = repo.job_slice("Petit", key)
    assert sliced is not None
    assert sliced.jobs == {key: full.jobs[key]}
    assert sliced.competencies == {} and sliced.mobilities == []


def test_unknown_job_or_referential_slices_to_none(session_factory: Factory) -> None:
    _stored(session_factory)
    with repository(session_factory) as repo:
        assert repo.job_slice(NAME, "absent") is None
        assert repo.job_slice("Inconnu", "zeta-charge-clientele") is None
        assert repo.job_outlines("Inconnu") is None


def test_outlines_are_the_jobs_without_requirements_nor_provenance(
    session_factory: Factory,
) -> None:
    full = _stored(session_factory)
    with repository(session_factory) as repo:
        outlines = repo.job_outlines(NAME)
    assert outlines is not None and outlines.version == 2
    assert list(outlines.jobs) == list(full.jobs)

    def bare(job: Job) -> Job:
        activities = [replace(a, provenance=[]) for a in job.activities]
        return replace(job, requirements=[], provenance=[], activities=activities)

    assert outlines.jobs == {k: bare(j) for k, j in full.jobs.items()}
    assert outlines.jobs["zeta-charge-clientele"].activities[0].label == "Accueillir"
    assert outlines.competencies == {} and outlines.mobilities == []


def test_the_migrations_head_is_read_without_alembic_as_alembic_reads_it() -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert script_heads() == set(heads) and len(heads) == 1


def test_a_database_at_head_is_left_alone_and_one_behind_is_upgraded(engine: Engine) -> None:
    (head,) = script_heads()
    assert applied_revisions(engine) == {head}
    migrate(engine)  # at head: nothing to do
    assert applied_revisions(engine) == {head}
    # A database that says it is one revision behind is brought to the head by Alembic (the
    # last revision's upgrade must then run: downgrade it first so that it can).
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")
    assert applied_revisions(engine) != {head}
    migrate(engine)
    assert applied_revisions(engine) == {head}
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1


def test_the_outline_is_the_version_without_competencies_nor_requirements(
    session_factory: Factory,
) -> None:
    full = _stored(session_factory)
    with repository(session_factory) as repo:
        outline = repo.referential_outline(NAME)
        assert repo.referential_outline("Inconnu") is None
    assert outline is not None and (outline.version, outline.documents) == (2, full.documents)
    assert outline.competencies == {} and outline.matrices == [] and outline.notes == []
    # Jobs with their activities and the first provenance (which document): no requirements.
    for key, job in full.jobs.items():
        activities = [replace(a, provenance=[]) for a in job.activities]
        first = job.provenance[:1]
        assert outline.jobs[key] == replace(
            job, requirements=[], provenance=first, activities=activities
        )
    assert outline.jobs["zeta-charge-clientele"].provenance  # the document of the sheet
    assert [replace(m, provenance=[]) for m in full.mobilities] == outline.mobilities
    (certification,) = outline.certifications.values()
    (expected,) = full.certifications.values()
    assert certification.provenance == expected.provenance[:1] and certification.provenance
    assert [b.code for b in certification.blocks] == [b.code for b in expected.blocks]
    assert [c.label for c in certification.blocks[0].competencies] == [
        c.label for c in expected.blocks[0].competencies
    ]
    assert [r.text for r in certification.rules] == [r.text for r in expected.rules]
    assert {k: replace(t, provenance=[]) for k, t in full.trainings.items()} == outline.trainings
