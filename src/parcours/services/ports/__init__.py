"""What the services need from storage, as protocols: the store implements them, tests fake them.

One module per store (``ports.people``, ``ports.campaigns``...); this one holds the referential
store, the unit of work that gathers them all and ``UowFactory``, the one way a use case is handed
storage. Nothing here imports a service or the store: both import the ports.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

from parcours.domain.cartography import MapMember, MapRole
from parcours.domain.competency import Competency
from parcours.domain.job import Job
from parcours.domain.provenance import SourceDocument
from parcours.domain.referential import Referential

if TYPE_CHECKING:  # annotations only: a store's port imports its domain types when it is used
    from parcours.services.ports.campaigns import CampaignStore
    from parcours.services.ports.career import CareerWishStore
    from parcours.services.ports.corrections import CorrectionStore, DocumentTextStore
    from parcours.services.ports.drafts import DraftStore
    from parcours.services.ports.juries import JuryStore
    from parcours.services.ports.links import LinkStore
    from parcours.services.ports.mobility import MobilityModelStore
    from parcours.services.ports.people import AccountStore, AuditStore, PeopleStore
    from parcours.services.ports.rgpd import RgpdStore
    from parcours.services.ports.search import SearchStore
    from parcours.services.ports.semantic import EmbeddingStore
    from parcours.services.ports.themes import ThemeStore
    from parcours.services.ports.trainings import TrainingCatalogueStore


@dataclass(frozen=True, slots=True)
class StoredPart:
    """One imported document's contribution to a referential version."""

    slot: str
    document: SourceDocument
    content: Referential


@dataclass(frozen=True, slots=True)
class ReferentialSummary:
    name: str
    organisation: str | None
    version: int
    jobs: int
    competencies: int
    mobilities: int
    certifications: int
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class VersionInfo:
    number: int
    created_at: datetime
    summary: str | None
    status: str
    documents: int


@dataclass(frozen=True, slots=True)
class ImportLogEntry:
    """One attempt to import one file, kept whatever its outcome."""

    filename: str
    sha256: str | None
    family: str | None
    referential: str | None
    status: str  # "imported" | "unchanged" | "failed"
    version: int | None
    message: str
    warnings: list[str] = field(default_factory=list)
    at: datetime | None = None


class ReferentialStore(Protocol):
    def get(self, name: str, version: int | None = None) -> Referential | None: ...

    def get_parts(self, name: str, version: int | None = None) -> list[StoredPart]: ...

    def job_summaries(self, name: str, keys: Collection[str]) -> dict[str, Job]:
        """These jobs of the latest version of ``name``, by key, without reading the rest of
        the referential: title, grade, code, URL, family, filière, métier, has_sheet (no
        activities, requirements nor provenance). Unknown keys are left out."""
        ...

    def job_headers(self, name: str, version: int, keys: Collection[str]) -> dict[str, Job]:
        """These jobs of that version of ``name``, by key, from the job table alone (every
        column: titles, alternative titles, purpose, hierarchy, grade, code; no activities,
        requirements nor provenance). Unknown keys are left out."""
        ...

    def jobs_by_code(self, name: str, code: str) -> list[Job]:
        """The jobs of the latest version of ``name`` whose code is ``code`` (any case), from
        the job table alone (as ``job_headers``)."""
        ...

    def competency_labels(
        self, name: str, version: int, keys: Collection[str] | None
    ) -> dict[str, Competency]:
        """These competencies of that version of ``name`` (all of them, in the document's
        order, for None), by key: key, label, kind, category and domain (no definition,
        indicators nor provenance). Unknown keys are left out."""
        ...

    def requirement_counts(self, name: str, version: int) -> dict[str, int]:
        """Competency key -> how many requirements of that version of ``name`` name it (a
        job requiring it twice counts twice); competencies no job requires are left out."""
        ...

    def document_slots(self, name: str) -> dict[str, str]:
        """Slot -> sha256 of the documents of the latest version."""
        ...

    def job_slice(self, name: str, key: str) -> Referential | None:
        """The latest version of ``name`` reduced to what the sheet of its job ``key`` shows,
        without reading the rest: that job whole (activities, requirements, provenance), the
        competencies it requires (with provenance), the moves from or to it, the jobs at their
        other end (title, grade, classification: no activities nor requirements) and the
        version\x27s documents. None when the referential or the job is unknown."""
        ...

    def competency_slice(self, name: str, key: str) -> Referential | None:
        """The latest version of ``name`` reduced to what the page of its competency ``key``
        shows, without reading the rest: that competency whole (with provenance), the jobs that
        require it (title, grade, classification: no activities nor provenance) each with that
        one requirement (with provenance), and the version's documents. None when the
        referential or the competency is unknown."""
        ...

    def jobs_slice(self, name: str, keys: Collection[str]) -> Referential | None:
        """The latest version of ``name`` reduced to its jobs ``keys`` whole (activities,
        requirements, provenance; keys it does not hold are left out), the competencies they
        require (with provenance) and its matrices (with provenance), without reading the rest:
        what a table of several jobs' requirements needs. None when the referential is
        unknown."""
        ...

    def job_outlines(self, name: str) -> Referential | None:
        """The jobs of the latest version of ``name`` with their activities, and nothing else
        (no requirements, competencies, moves nor provenance): what a list of jobs, or a search
        of their titles and activities, needs. None when the referential is unknown."""
        ...

    def jobs_and_competencies(self, name: str) -> Referential | None:
        """The jobs of the latest version of ``name`` (activities, requirements) and its
        competencies, without provenance nor anything else: what linking it to another
        referential reads. None when the referential is unknown."""
        ...

    def referential_outline(self, name: str) -> Referential | None:
        """The latest version of ``name`` without its competencies and requirements (the
        bulk of a large referential): its documents, jobs with their activities (and the
        first provenance of each: which document it comes from), moves, certifications and
        trainings. What a page around one job reads besides the job's slice. None when the
        referential is unknown."""
        ...

    def add_version(
        self,
        referential: Referential,
        *,
        parts: list[StoredPart],
        summary: str | None = None,
        status: str = "published",
    ) -> int: ...

    def list_referentials(self) -> list[ReferentialSummary]: ...

    def latest_versions(self) -> dict[str, int]:
        """Every referential's name -> the number of its latest version, by name: what
        ``list_referentials`` says without counting each version's content (one read)."""
        ...

    def list_versions(self, name: str) -> list[VersionInfo]: ...

    def map_members(self) -> list[MapMember]:
        """Every referential's role in the organisation's map (declared or by default)."""
        ...

    def set_map_role(self, name: str, role: MapRole | None, *, by: str, at: datetime) -> None: ...

    def log_import(self, entry: ImportLogEntry) -> None: ...

    def list_imports(self, limit: int = 50) -> list[ImportLogEntry]: ...


class UnitOfWork(Protocol):
    referentials: ReferentialStore
    search: SearchStore
    links: LinkStore
    drafts: DraftStore
    people: PeopleStore
    accounts: AccountStore
    audit: AuditStore
    campaigns: CampaignStore
    juries: JuryStore
    themes: ThemeStore
    rgpd: RgpdStore
    careers: CareerWishStore
    trainings: TrainingCatalogueStore
    corrections: CorrectionStore
    texts: DocumentTextStore
    embeddings: EmbeddingStore
    mobility_models: MobilityModelStore

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def exclusive(self, name: str, *, wait: float | None = None) -> None:
        """Hold the lock ``name`` (e.g. "import") until the transaction ends; ``BusyError``
        when another holder keeps it longer than ``wait`` seconds (the busy timeout)."""
        ...


# What a use case is given: a new unit of work per call (``with uow_factory() as uow: ...``).
UowFactory = Callable[[], UnitOfWork]
