"""An in-memory unit of work for service tests (cosmicpython style): the stores of
services/ports/memory.py on one ``MemoryTables``, copied for each unit of work."""

from __future__ import annotations

import copy
from types import TracebackType
from typing import Self

from parcours.services.ports import ImportLogEntry, ReferentialStore
from parcours.services.ports.campaigns import CampaignStore
from parcours.services.ports.career import CareerWishStore
from parcours.services.ports.corrections import CorrectionStore, DocumentTextStore
from parcours.services.ports.drafts import DraftStore
from parcours.services.ports.juries import JuryStore
from parcours.services.ports.links import LinkStore
from parcours.services.ports.memory import (
    MemoryAccountStore,
    MemoryAuditStore,
    MemoryCampaignStore,
    MemoryCareerWishStore,
    MemoryCorrectionStore,
    MemoryDocumentTextStore,
    MemoryDraftStore,
    MemoryEmbeddingStore,
    MemoryJuryStore,
    MemoryLinkStore,
    MemoryMobilityModelStore,
    MemoryPeopleStore,
    MemoryReferentialStore,
    MemoryRgpdStore,
    MemorySearchStore,
    MemoryTables,
    MemoryThemeStore,
    MemoryTrainingCatalogueStore,
    StoredVersion,
)
from parcours.services.ports.mobility import MobilityModelStore
from parcours.services.ports.people import AccountStore, AuditStore, PeopleStore
from parcours.services.ports.rgpd import RgpdStore
from parcours.services.ports.search import SearchStore
from parcours.services.ports.semantic import EmbeddingStore
from parcours.services.ports.themes import ThemeStore
from parcours.services.ports.trainings import TrainingCatalogueStore


class FakeStore(MemoryReferentialStore):
    """The committed state: its tables, and the referential store a unit of work copies (a
    subclass that counts reads stays itself in every unit of work)."""

    def __init__(self) -> None:
        super().__init__(MemoryTables())

    @property
    def versions(self) -> dict[str, tuple[StoredVersion, ...]]:
        return self.tables.versions

    @property
    def log(self) -> list[ImportLogEntry]:
        return self.tables.import_log


class FakeUnitOfWork:
    """Commits copy the working state to the shared committed state; anything else drops it.

    The stores are typed as the ports they implement, as in ``SqlUnitOfWork``: ``UnitOfWork``
    declares settable attributes, which mypy checks invariantly.
    """

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

    def __init__(self, committed: FakeStore) -> None:
        self.committed = committed
        # The unit of work's own tables (MemoryTables.copy: shallow, the rows are not changed
        # in place), which the referential store shares with the others.
        self.tables = committed.tables.copy()
        referentials = copy.copy(committed)
        referentials.tables = self.tables
        self.referentials = referentials
        self.people = MemoryPeopleStore(self.tables)
        self.accounts = MemoryAccountStore(self.tables)
        self.audit = MemoryAuditStore(self.tables)
        self.campaigns = MemoryCampaignStore(self.tables)
        self.juries = MemoryJuryStore(self.tables)
        self.themes = MemoryThemeStore(self.tables)
        self.trainings = MemoryTrainingCatalogueStore(self.tables)
        self.rgpd = MemoryRgpdStore(self.tables)
        self.careers = MemoryCareerWishStore(self.tables)
        self.search = MemorySearchStore(self.tables)
        self.links = MemoryLinkStore(self.tables)
        self.corrections = MemoryCorrectionStore(self.tables)
        self.texts = MemoryDocumentTextStore(self.tables)
        self.embeddings = MemoryEmbeddingStore(self.tables)
        self.mobility_models = MemoryMobilityModelStore(self.tables)
        self.drafts = MemoryDraftStore(self.tables)
        self.commits = 0

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        self.committed.tables.restore(self.tables)
        self.commits += 1

    def rollback(self) -> None:
        self.tables.restore(self.committed.tables)

    def exclusive(self, name: str, *, wait: float | None = None) -> None:
        """One process, one unit of work at a time: nothing to wait for."""
