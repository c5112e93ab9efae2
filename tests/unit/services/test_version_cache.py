"""The web app's cache keeps the partial reads of the latest version as it keeps versions: read
once per version, read again once a new version is written."""

from __future__ import annotations

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services import catalogue
from parcours.services.imports import import_documents
from parcours.web.cache import VersionCache, caching

from .fakes import FakeStore, FakeUnitOfWork

NAME = "Banque Exemple"


class CountingStore(FakeStore):
    # On the class: the fake units of work work on deep copies of the store.
    reads: list[str] = []  # noqa: RUF012

    def job_outlines(self, name: str):  # type: ignore[no-untyped-def]
        self.reads.append("jobs")
        return super().job_outlines(name)

    def referential_outline(self, name: str):  # type: ignore[no-untyped-def]
        self.reads.append("outline")
        return super().referential_outline(name)

    def competency_labels(self, name, version, keys):  # type: ignore[no-untyped-def]
        self.reads.append("labels" if keys is None else "some labels")
        return super().competency_labels(name, version, keys)


def test_outlines_are_read_once_per_version() -> None:
    store = CountingStore()
    CountingStore.reads = []
    cached = caching(lambda: FakeUnitOfWork(store), VersionCache())
    import_documents(cached, [(SAMPLE_NAME, sample_bytes())])
    first = catalogue.list_jobs(cached, referential=NAME)
    assert catalogue.list_jobs(cached, referential=NAME) == first
    outline = catalogue.referential_outline(cached, NAME)
    assert catalogue.referential_outline(cached, NAME) is outline
    assert store.reads == ["jobs", "outline"]
    # A new version (through the cached units of work): both are read again, of that version.
    changed = sample_bytes().replace(b"Conseiller", b"Conseil", 1)
    import_documents(cached, [(SAMPLE_NAME, changed)])
    again = catalogue.referential_outline(cached, NAME)
    assert again.version == outline.version + 1
    assert catalogue.list_jobs(cached, referential=NAME) != first
    assert store.reads == ["jobs", "outline", "outline", "jobs"]


def test_the_list_of_competencies_is_read_once_per_version() -> None:
    store = CountingStore()
    CountingStore.reads = []
    cached = caching(lambda: FakeUnitOfWork(store), VersionCache())
    import_documents(cached, [(SAMPLE_NAME, sample_bytes())])
    first = catalogue.competency_list(cached, NAME)
    assert catalogue.competency_list(cached, NAME).competencies is first.competencies
    with cached() as uow:
        version = uow.referentials.list_versions(NAME)[-1].number
        some = uow.referentials.competency_labels(NAME, version, list(first.competencies)[:2])
    assert some == dict(list(first.competencies.items())[:2])  # by key: read each time
    assert store.reads == ["labels", "some labels"]
    changed = sample_bytes().replace(b"Conseiller", b"Conseil", 1)
    import_documents(cached, [(SAMPLE_NAME, changed)])
    assert catalogue.competency_list(cached, NAME).version == first.version + 1
    assert store.reads == ["labels", "some labels", "labels"]
