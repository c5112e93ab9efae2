"""The repository on SQLite and PostgreSQL: snapshots round-trip, versions stay as written."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

import pytest
from sqlalchemy import func, select

from parcours.domain.competency import CompetencyKind
from parcours.domain.job import Job
from parcours.services.ports import StoredPart
from parcours.store.models import ProvenanceRow, VersionRow
from tests.integration.factories import (
    document,
    part,
    rich_referential,
    small_referential,
)
from tests.integration.helpers import Factory, provenances, read, repository, write


def test_rich_referential_round_trips(session_factory: Factory) -> None:
    written = rich_referential()
    assert write(session_factory, written) == 1
    got = read(session_factory, written.name)
    assert got == replace(written, version=1)


def test_order_of_keyed_content_survives(session_factory: Factory) -> None:
    written = rich_referential()
    write(session_factory, written)
    got = read(session_factory, written.name)
    assert got is not None
    # dict equality ignores order: compare the key sequences themselves.
    assert list(got.jobs) == ["zeta-charge-clientele", "alpha-directeur"]
    assert list(got.competencies) == ["mu-ecoute", "alpha-analyse", "beta-droit"]
    assert list(got.documents) == list(written.documents)
    job = got.jobs["zeta-charge-clientele"]
    assert [r.competency for r in job.requirements] == [
        "mu-ecoute",
        "alpha-analyse",
        "absente-du-referentiel",
    ]
    assert [b.code for b in got.certifications["rncp-37"].blocks] == ["B2", "B1"]
    assert job.provenance[1].confidence == 0.625
    assert job.provenance[1].position.page == 3


def test_values_come_back_with_their_domain_types(session_factory: Factory) -> None:
    write(session_factory, rich_referential("types"))
    got = read(session_factory, "types")
    assert got is not None
    assert type(got.competencies["mu-ecoute"].kind) is CompetencyKind
    assert got.trainings["t-entretien"].transitions[0] == (
        "zeta-charge-clientele",
        "alpha-directeur",
    )
    assert got.matrices[0].rows[0].cells == [True, False]
    assert got.documents["rncp-37"].size == 10**10


def test_versions_are_numbered_from_one(session_factory: Factory) -> None:
    ref = small_referential("numbers", "a")
    assert write(session_factory, ref) == 1
    assert write(session_factory, ref) == 2
    assert write(session_factory, replace(ref, version=7)) == 7
    assert write(session_factory, ref) == 8
    assert write(session_factory, replace(ref, version=3)) == 9
    with repository(session_factory) as repo:
        assert [v.number for v in repo.list_versions("numbers")] == [1, 2, 7, 8, 9]
    assert ref.version == 0, "add_version must not change its argument"


def test_an_old_version_reads_back_unchanged(session_factory: Factory) -> None:
    first = small_referential("history", "Caissier", "Guichetier")
    second = small_referential("history", "Conseiller")
    second.description = "refonte"
    write(session_factory, first)
    write(session_factory, second)
    assert read(session_factory, "history", 1) == replace(first, version=1)
    assert read(session_factory, "history", 2) == replace(second, version=2)
    assert read(session_factory, "history") == replace(second, version=2)


def test_referentials_are_independent(session_factory: Factory) -> None:
    write(session_factory, small_referential("a", "x"))
    write(session_factory, small_referential("a", "x", "y"))
    assert write(session_factory, small_referential("b", "z")) == 1
    b = read(session_factory, "b")
    assert b is not None
    assert list(b.jobs) == ["z"]
    with repository(session_factory) as repo:
        summaries = repo.list_referentials()
    assert [(s.name, s.version, s.jobs) for s in summaries] == [("a", 2, 2), ("b", 1, 1)]


def test_unknown_names_and_versions_give_nothing(session_factory: Factory) -> None:
    write(session_factory, small_referential("known", "x"))
    with repository(session_factory) as repo:
        assert repo.get("unknown") is None
        assert repo.get("known", 2) is None
        assert repo.list_versions("unknown") == []
        assert repo.get_parts("unknown") == []
        assert repo.get_parts("known") == []
        assert repo.find_document("0" * 64) is None


def test_list_referentials_counts_the_latest_version(session_factory: Factory) -> None:
    write(session_factory, small_referential("Référentiel métiers — Banque Œ", "x"))
    write(session_factory, rich_referential())
    with repository(session_factory) as repo:
        [summary] = repo.list_referentials()
    assert summary.name == "Référentiel métiers — Banque Œ"
    assert summary.organisation == "Banque Œ"
    assert summary.version == 2
    counts = (summary.jobs, summary.competencies, summary.mobilities, summary.certifications)
    assert counts == (2, 3, 2, 1)
    assert summary.updated_at is not None and summary.updated_at.tzinfo == UTC


def test_list_versions_describes_each_version(session_factory: Factory) -> None:
    write(session_factory, rich_referential("v"), summary="première")
    write(session_factory, small_referential("v", "x"), status="draft")
    with repository(session_factory) as repo:
        first, second = repo.list_versions("v")
    assert (first.number, first.summary, first.status, first.documents) == (
        1,
        "première",
        "published",
        2,
    )
    assert (second.number, second.summary, second.status, second.documents) == (2, None, "draft", 1)
    assert first.created_at.tzinfo == UTC
    assert first.created_at <= second.created_at


def test_a_draft_is_the_latest_version(session_factory: Factory) -> None:
    write(session_factory, small_referential("d", "published"))
    write(session_factory, small_referential("d", "draft"), status="draft")
    latest = read(session_factory, "d")
    assert latest is not None
    assert (latest.version, list(latest.jobs)) == (2, ["draft"])


def test_refused_input_writes_nothing(session_factory: Factory) -> None:
    wrong_key = small_referential("refused", "x")
    wrong_key.jobs["other"] = Job(key="not-other", title="t")
    with pytest.raises(ValueError, match="not-other"):
        write(session_factory, wrong_key)
    with pytest.raises(ValueError, match="archived"):
        write(session_factory, small_referential("refused", "x"), status="archived")
    with repository(session_factory) as repo:
        assert repo.list_referentials() == []


def test_documents_are_stored_once_and_versions_keep_their_own(session_factory: Factory) -> None:
    first = document("ancien-nom.txt", seed="same bytes")
    renamed = document("nouveau-nom.txt", seed="same bytes")
    ref = small_referential("docs", "x")
    write(session_factory, replace(ref, documents={"slot": first}))
    write(session_factory, replace(ref, documents={"slot": renamed}))
    with repository(session_factory) as repo:
        assert repo.find_document(first.sha256) == first
        assert repo.get("docs", 1) == replace(ref, version=1, documents={"slot": first})
        assert repo.get("docs", 2) == replace(ref, version=2, documents={"slot": renamed})


def test_parts_round_trip_beside_the_content(session_factory: Factory) -> None:
    parts = [part("p", "a.txt", "x", "y"), part("p", "b.txt", "z")]
    parts[1].content.competencies = rich_referential().competencies
    merged = small_referential("p", "x", "y", "z")
    with repository(session_factory) as repo:
        assert repo.add_version(merged, parts=parts, summary="2 documents") == 1
    with repository(session_factory) as repo:
        assert repo.get_parts("p") == parts
        assert repo.get("p") == replace(merged, version=1)
        [summary] = repo.list_referentials()
        assert (summary.jobs, summary.competencies) == (3, 0), "parts are not counted"
        assert repo.find_document(parts[1].document.sha256) == parts[1].document


def test_parts_of_an_old_version_stay(session_factory: Factory) -> None:
    old = [part("q", "a.txt", "x")]
    new = [part("q", "a.txt", "y"), part("q", "b.txt", "z")]
    with repository(session_factory) as repo:
        repo.add_version(small_referential("q", "x"), parts=old)
        repo.add_version(small_referential("q", "y", "z"), parts=new)
    with repository(session_factory) as repo:
        assert repo.get_parts("q", 1) == old
        assert repo.get_parts("q") == new
        assert [p.slot for p in repo.get_parts("q", 2)] == ["a.txt", "b.txt"]


def test_parts_satisfy_the_services_port(session_factory: Factory) -> None:
    stored: list[StoredPart] = [part("port", "a.txt", "x")]
    with repository(session_factory) as repo:
        repo.add_version(stored[0].content, parts=stored, status="published")
    with repository(session_factory) as repo:
        [got] = repo.get_parts("port")
    assert got.content.jobs["x"].title == "x"


def test_provenance_is_queryable_by_document(session_factory: Factory) -> None:
    ref = rich_referential()
    write(session_factory, ref)
    write(session_factory, ref)
    rncp = ref.documents["rncp-37"].sha256
    expected = sum(1 for p in provenances(ref) if p.document == rncp)
    assert expected >= 10
    with repository(session_factory) as repo:
        query = (
            select(VersionRow.number, func.count())
            .select_from(ProvenanceRow)
            .join(VersionRow, VersionRow.id == ProvenanceRow.version_id)
            .where(ProvenanceRow.document_sha == rncp)
            .group_by(VersionRow.number)
            .order_by(VersionRow.number)
        )
        assert repo.session.execute(query).all() == [(1, expected), (2, expected)]
