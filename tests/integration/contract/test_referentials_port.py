"""ReferentialStore (services/ports/__init__.py): the fake and the SQL store alike, on versions
(numbers, parts, summaries), the partial reads (each cut as the port says), the map roles and
the import log."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from parcours.domain.cartography import MapRole
from parcours.domain.certification import Block, Certification
from parcours.domain.competency import Competency, CompetencyKind, Requirement
from parcours.domain.errors import NotFoundError
from parcours.domain.job import Activity, Job
from parcours.domain.mobility import Mobility, MobilityKind
from parcours.domain.provenance import DocumentFamily, Position, Provenance, SourceDocument
from parcours.domain.referential import Matrix, MatrixRow, Referential
from parcours.domain.training import Training
from parcours.services.ports import ImportLogEntry, StoredPart, UowFactory

SHA = "a" * 64
DOC = SourceDocument(SHA, "fiches.pdf", "pdf", DocumentFamily.FICHE_FONCTION, 120)


def seen(line: int) -> list[Provenance]:
    return [Provenance(SHA, Position(line, line + 1)), Provenance(SHA, Position(line + 5), 0.5)]


def sample(name: str = "banque") -> Referential:
    jobs = [
        Job(
            "m-1",
            "Conseiller",
            grade="II",
            classification="B",
            family="vente",
            code="A1",
            purpose=["conseiller"],
            alt_titles=["Chargé de clientèle"],
            activities=[Activity("Accueillir", provenance=seen(3)), Activity("Vendre")],
            reporting_line="directeur",
            url="https://x/m-1",
            requirements=[
                Requirement("c-1", level=2, provenance=seen(4), details=("poli",)),
                Requirement("c-2"),
            ],
            provenance=seen(1),
        ),
        Job("m-2", "Directeur", activities=[Activity("Diriger")], provenance=seen(10)),
        Job(
            "m-3",
            "Guichetier",
            code="a1",
            requirements=[Requirement("c-3")],
            provenance=seen(20),
        ),
    ]
    competencies = [
        Competency(
            "c-1",
            "Accueil",
            CompetencyKind.SAVOIR_FAIRE,
            "relation",
            "client",
            definition="Accueillir",
            indicators=["sourit"],
            provenance=seen(30),
        ),
        Competency("c-2", "Rigueur", CompetencyKind.SAVOIR_ETRE),
        Competency("c-3", "Caisse", CompetencyKind.SAVOIR_FAIRE, provenance=seen(40)),
    ]
    return Referential(
        name,
        organisation="Banque",
        description="Les métiers",
        documents={"fiches.pdf": DOC},
        jobs={j.key: j for j in jobs},
        competencies={c.key: c for c in competencies},
        mobilities=[
            Mobility("m-1", "m-2", MobilityKind.VERTICAL, provenance=seen(50)),
            Mobility("m-3", "m-1", provenance=seen(60)),
        ],
        certifications={
            "cert": Certification(
                "cert",
                "Titre",
                "5",
                blocks=[Block("B1", "Bloc", provenance=seen(70))],
                provenance=seen(71),
            )
        },
        trainings={"t-1": Training("t-1", "Formation", competencies=["c-1"], provenance=seen(80))},
    )


def test_versions_are_numbered_kept_whole_and_listed(port_uow: UowFactory) -> None:
    first = sample()
    given = copy.deepcopy(first)
    part = StoredPart("fiches.pdf", DOC, sample())
    with port_uow() as uow:
        assert uow.referentials.get("banque") is None
        assert uow.referentials.latest_versions() == {}
        assert uow.referentials.add_version(first, parts=[part], summary="import") == 1
        assert first == given  # the arguments are not changed
        uow.commit()
    second = sample()
    del second.jobs["m-3"]
    with port_uow() as uow:
        assert uow.referentials.add_version(second, parts=[], status="draft") == 2
        assert uow.referentials.add_version(sample("autre"), parts=[]) == 1
        assert uow.referentials.add_version(replace(sample("autre"), version=7), parts=[]) == 7
        with pytest.raises(ValueError):
            uow.referentials.add_version(sample("x"), parts=[], status="brouillon")
        wrong = sample("x")
        wrong.jobs["autre-cle"] = wrong.jobs.pop("m-1")
        with pytest.raises(ValueError):
            uow.referentials.add_version(wrong, parts=[])
        uow.commit()
    with port_uow() as uow:
        assert uow.referentials.get("banque") == replace(second, version=2)  # drafts included
        assert uow.referentials.get("banque", 1) == replace(sample(), version=1)
        assert uow.referentials.get("banque", 9) is None
        assert uow.referentials.get_parts("banque", 1) == [part]
        assert uow.referentials.get_parts("banque") == []
        assert uow.referentials.get_parts("nul") == []
        assert uow.referentials.document_slots("banque") == {}  # the latest has no parts
        versions = uow.referentials.list_versions("banque")
        assert [(v.number, v.summary, v.status, v.documents) for v in versions] == [
            (1, "import", "published", 1),
            (2, None, "draft", 1),
        ]
        assert versions[0].created_at <= versions[1].created_at
        assert versions[1].created_at.tzinfo is not None
        assert uow.referentials.list_versions("nul") == []
        summaries = uow.referentials.list_referentials()
        assert [(s.name, s.version, s.jobs, s.competencies, s.mobilities) for s in summaries] == [
            ("autre", 7, 3, 3, 2),
            ("banque", 2, 2, 3, 2),
        ]
        assert (summaries[1].organisation, summaries[1].certifications) == ("Banque", 1)
        assert summaries[1].updated_at == versions[1].created_at
        assert uow.referentials.latest_versions() == {"autre": 7, "banque": 2}
        uow.referentials.add_version(sample("nouveau"), parts=[])  # not committed
    with port_uow() as uow:
        assert [s.name for s in uow.referentials.list_referentials()] == ["autre", "banque"]
        assert list(uow.referentials.latest_versions()) == ["autre", "banque"]
        assert uow.referentials.add_version(sample(), parts=[part]) == 3
        assert uow.referentials.document_slots("banque") == {"fiches.pdf": SHA}


def seed(port_uow: UowFactory) -> Referential:
    with port_uow() as uow:
        uow.referentials.add_version(sample(), parts=[])
        uow.commit()
    return replace(sample(), version=1)


def test_jobs_and_competencies_are_read_alone(port_uow: UowFactory) -> None:
    ref = seed(port_uow)
    with port_uow() as uow:
        summaries = uow.referentials.job_summaries("banque", ["m-1", "m-9"])
        m1 = ref.jobs["m-1"]
        assert summaries == {
            "m-1": Job(
                "m-1", "Conseiller", grade="II", family="vente", code="A1", url="https://x/m-1"
            )
        }
        assert uow.referentials.job_summaries("nul", ["m-1"]) == {}
        header = replace(m1, activities=[], requirements=[], provenance=[])  # every column
        assert uow.referentials.job_headers("banque", 1, ["m-1", "m-9"]) == {"m-1": header}
        assert uow.referentials.job_headers("banque", 2, ["m-1"]) == {}
        assert [j.key for j in uow.referentials.jobs_by_code("banque", "A1")] == ["m-1", "m-3"]
        assert uow.referentials.jobs_by_code("banque", "") == []
        labels = uow.referentials.competency_labels("banque", 1, ["c-1", "c-9"])
        assert labels == {
            "c-1": Competency("c-1", "Accueil", CompetencyKind.SAVOIR_FAIRE, "relation", "client")
        }
        # m-1 requires c-1 and c-2, m-3 requires c-3: one requirement each.
        assert uow.referentials.requirement_counts("banque", 1) == {"c-1": 1, "c-2": 1, "c-3": 1}
        assert uow.referentials.requirement_counts("banque", 2) == {}
        every = uow.referentials.competency_labels("banque", 1, None)
        assert list(every) == ["c-1", "c-2", "c-3"]  # the document's order
        assert every["c-1"] == labels["c-1"]
        assert every["c-3"] == Competency("c-3", "Caisse", CompetencyKind.SAVOIR_FAIRE)
        assert uow.referentials.competency_labels("banque", 2, None) == {}


def test_a_jobs_slice_holds_what_its_sheet_shows(port_uow: UowFactory) -> None:
    ref = seed(port_uow)
    with port_uow() as uow:
        cut = uow.referentials.job_slice("banque", "m-1")
        assert cut is not None
        assert (cut.name, cut.organisation, cut.description, cut.version) == (
            "banque",
            "Banque",
            "Les métiers",
            1,
        )
        assert cut.documents == ref.documents
        assert list(cut.jobs) == ["m-1", "m-2", "m-3"]  # the job and the ends of its moves
        assert cut.jobs["m-1"] == ref.jobs["m-1"]
        bare: dict[str, list[Any]] = {"activities": [], "requirements": [], "provenance": []}
        assert cut.jobs["m-2"] == replace(ref.jobs["m-2"], **bare)  # type: ignore[arg-type]
        assert cut.jobs["m-3"] == replace(ref.jobs["m-3"], **bare)  # type: ignore[arg-type]
        assert cut.competencies == {k: ref.competencies[k] for k in ("c-1", "c-2")}
        assert cut.mobilities == ref.mobilities
        assert (cut.certifications, cut.trainings) == ({}, {})
        alone = uow.referentials.job_slice("banque", "m-2")
        assert alone is not None and list(alone.jobs) == ["m-1", "m-2"]
        assert alone.competencies == {} and alone.mobilities == ref.mobilities[:1]
        assert uow.referentials.job_slice("banque", "m-9") is None
        assert uow.referentials.job_slice("nul", "m-1") is None


def test_a_competency_slice_holds_what_its_page_shows(port_uow: UowFactory) -> None:
    ref = seed(port_uow)
    header: dict[str, list[Any]] = {"activities": [], "provenance": []}
    with port_uow() as uow:
        cut = uow.referentials.competency_slice("banque", "c-1")
        assert cut is not None and (cut.name, cut.version, cut.organisation) == (
            "banque",
            1,
            "Banque",
        )
        assert cut.documents == ref.documents
        assert cut.competencies == {"c-1": ref.competencies["c-1"]}  # provenance included
        m1 = ref.jobs["m-1"]
        assert cut.jobs == {
            "m-1": replace(m1, requirements=m1.requirements[:1], **header)  # type: ignore[arg-type]
        }
        assert (cut.mobilities, cut.certifications, cut.matrices) == ([], {}, [])
        third = uow.referentials.competency_slice("banque", "c-3")
        assert third is not None and list(third.jobs) == ["m-3"]
        assert third.jobs["m-3"].requirements == ref.jobs["m-3"].requirements
        assert uow.referentials.competency_slice("banque", "c-9") is None
        assert uow.referentials.competency_slice("nul", "c-1") is None


def test_a_slice_of_several_jobs_holds_their_requirements_and_the_matrices(
    port_uow: UowFactory,
) -> None:
    row = MatrixRow("Accueillir", [True, False], "relation", provenance=seen(90))
    annex = Matrix(
        "mx", "Annexe", "activity", ["m-1", "m-2"], ["Conseiller", "Directeur"], [row], seen(91)
    )
    ref = replace(sample(), matrices=[annex], version=1)
    with port_uow() as uow:
        uow.referentials.add_version(ref, parts=[])
        uow.commit()
    with port_uow() as uow:
        cut = uow.referentials.jobs_slice("banque", ["m-3", "m-1", "m-9"])
        assert cut is not None and (cut.name, cut.version) == ("banque", 1)
        assert (cut.organisation, cut.description) == ("Banque", "Les métiers")
        assert list(cut.jobs) == ["m-1", "m-3"]  # in the referential's order, unknown ones out
        assert cut.jobs == {k: ref.jobs[k] for k in ("m-1", "m-3")}  # whole, provenance too
        assert cut.competencies == ref.competencies  # c-1 and c-2 for m-1, c-3 for m-3
        assert cut.matrices == [annex]
        assert (cut.documents, cut.mobilities, cut.certifications) == ({}, [], {})
        one = uow.referentials.jobs_slice("banque", ["m-3"])
        assert one is not None and one.competencies == {"c-3": ref.competencies["c-3"]}
        none = uow.referentials.jobs_slice("banque", [])
        assert none is not None and (none.jobs, none.competencies) == ({}, {})
        assert none.matrices == [annex]
        assert uow.referentials.jobs_slice("nul", ["m-1"]) is None


def test_the_outlines_leave_out_the_bulk(port_uow: UowFactory) -> None:
    ref = seed(port_uow)

    def outlined(job: Job, provenance: int) -> Job:
        activities = [replace(a, provenance=[]) for a in job.activities]
        return replace(
            job, activities=activities, requirements=[], provenance=job.provenance[:provenance]
        )

    with port_uow() as uow:
        jobs = uow.referentials.job_outlines("banque")
        assert jobs is not None and jobs.version == 1
        assert jobs.jobs == {k: outlined(j, 0) for k, j in ref.jobs.items()}
        assert list(jobs.jobs) == ["m-1", "m-2", "m-3"]
        assert (jobs.documents, jobs.competencies, jobs.mobilities) == ({}, {}, [])
        assert (jobs.certifications, jobs.trainings) == ({}, {})
        assert uow.referentials.job_outlines("nul") is None
        outline = uow.referentials.referential_outline("banque")
        assert outline is not None and outline.description == "Les métiers"
        assert outline.documents == ref.documents
        assert outline.jobs == {k: outlined(j, 1) for k, j in ref.jobs.items()}
        assert outline.competencies == {}
        assert outline.mobilities == [replace(m, provenance=[]) for m in ref.mobilities]
        cert = ref.certifications["cert"]
        assert outline.certifications == {
            "cert": replace(
                cert,
                blocks=[replace(b, provenance=[]) for b in cert.blocks],
                provenance=cert.provenance[:1],
            )
        }
        assert outline.trainings == {k: replace(t, provenance=[]) for k, t in ref.trainings.items()}
        assert uow.referentials.referential_outline("nul") is None


def test_linking_reads_the_jobs_and_competencies_without_provenance(port_uow: UowFactory) -> None:
    ref = seed(port_uow)

    def bare(job: Job) -> Job:
        return replace(
            job,
            activities=[replace(a, provenance=[]) for a in job.activities],
            requirements=[replace(r, provenance=[]) for r in job.requirements],
            provenance=[],
        )

    with port_uow() as uow:
        read = uow.referentials.jobs_and_competencies("banque")
        assert uow.referentials.jobs_and_competencies("nul") is None
    assert read is not None and read.version == 1
    assert read.jobs == {k: bare(j) for k, j in ref.jobs.items()}
    assert list(read.jobs) == list(ref.jobs)
    assert read.competencies == {k: replace(c, provenance=[]) for k, c in ref.competencies.items()}
    assert any(j.provenance for j in ref.jobs.values())  # there was provenance to leave out
    assert (read.documents, read.mobilities, read.matrices) == ({}, [], [])
    assert (read.certifications, read.trainings) == ({}, {})


def test_map_roles_are_declared_or_by_default(port_uow: UowFactory) -> None:
    at = datetime(2026, 5, 4, 10, tzinfo=UTC)
    rome = Referential(
        "rome",
        documents={"rome.zip": SourceDocument("b" * 64, "rome.zip", "zip", DocumentFamily.ROME)},
    )
    seed(port_uow)
    with port_uow() as uow:
        uow.referentials.add_version(rome, parts=[])
        assert [(m.referential, m.role) for m in uow.referentials.map_members()] == [
            ("banque", MapRole.ORGANISATION),
            ("rome", MapRole.REFERENCE),
        ]
        uow.referentials.set_map_role("rome", MapRole.ORGANISATION, by="rh", at=at)
        with pytest.raises(NotFoundError):
            uow.referentials.set_map_role("nul", MapRole.REFERENCE, by="rh", at=at)
        uow.commit()
    with port_uow() as uow:
        declared = uow.referentials.map_members()[1]
        assert (declared.role, declared.declared_by, declared.declared_at) == (
            MapRole.ORGANISATION,
            "rh",
            at,
        )
        uow.referentials.set_map_role("rome", None, by="rh", at=at)
        uow.commit()
    with port_uow() as uow:
        back = uow.referentials.map_members()[1]
        assert (back.role, back.declared_by, back.declared_at) == (MapRole.REFERENCE, None, None)


def test_the_import_log_is_read_newest_first(port_uow: UowFactory) -> None:
    at = datetime(2026, 5, 4, 10, tzinfo=UTC)

    def entry(name: str, when: datetime | None, status: str = "imported") -> ImportLogEntry:
        return ImportLogEntry(name, None, None, None, status, None, "", ["w"], when)

    with port_uow() as uow:
        uow.referentials.log_import(entry("b", at))
        uow.referentials.log_import(entry("a", at - timedelta(hours=1), "failed"))
        uow.referentials.log_import(entry("c", at, "unchanged"))  # same time, logged later
        with pytest.raises(ValueError):
            uow.referentials.log_import(entry("x", at, "perdu"))
        uow.commit()
    with port_uow() as uow:
        uow.referentials.log_import(entry("now", None))
        uow.commit()
    with port_uow() as uow:
        found = uow.referentials.list_imports()
        assert [e.filename for e in found] == ["now", "c", "b", "a"]
        assert found[1] == entry("c", at, "unchanged")
        assert found[0].at is not None and found[0].at > at
        assert [e.filename for e in uow.referentials.list_imports(limit=2)] == ["now", "c"]
