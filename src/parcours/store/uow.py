"""The unit of work: one session, one transaction, committed only when asked."""

from __future__ import annotations

import importlib
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from parcours.store.busy import busy_error, exclusive, is_busy

if TYPE_CHECKING:
    from parcours.services.ports import ReferentialStore
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

# Each store of the unit of work: its module and class, imported and made on first use, so that
# a command that reads referentials does not import (and map the tables of) people, campaigns,
# juries, the audit log... (tests/test_cli_imports.py).
REPOSITORIES: dict[str, tuple[str, str]] = {
    "referentials": ("parcours.store.repository", "ReferentialRepository"),
    "search": ("parcours.store.search", "SearchRepository"),
    "links": ("parcours.store.links", "LinkRepository"),
    "drafts": ("parcours.store.drafts", "DraftRepository"),
    "people": ("parcours.store.people", "PeopleRepository"),
    "accounts": ("parcours.store.accounts", "AccountRepository"),
    "audit": ("parcours.store.audit", "AuditRepository"),
    "campaigns": ("parcours.store.campaigns", "CampaignRepository"),
    "juries": ("parcours.store.juries", "JuryRepository"),
    "themes": ("parcours.store.themes", "ThemeRepository"),
    "rgpd": ("parcours.store.rgpd", "RgpdRepository"),
    "careers": ("parcours.store.career", "CareerWishRepository"),
    "trainings": ("parcours.store.trainings", "TrainingCatalogueRepository"),
    "corrections": ("parcours.store.corrections", "CorrectionRepository"),
    "texts": ("parcours.store.corrections", "DocumentTextRepository"),
    "embeddings": ("parcours.store.semantic", "EmbeddingRepository"),
    "mobility_models": ("parcours.store.mobility_models", "MobilityModelRepository"),
}


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # Objects stay readable after commit: callers use what they wrote without a reload.
    return sessionmaker(bind=engine, expire_on_commit=False)


class SqlUnitOfWork:
    """``with uow: ...; uow.commit()``; anything not committed is rolled back on exit.

    ``referentials`` is a ``ReferentialRepository``, typed as the port it implements: the
    port declares a settable attribute, which mypy checks invariantly. ``session`` is there
    for callers inside the store that need more than the port.
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
    session: Session

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def __enter__(self) -> Self:
        self.session = self.session_factory()
        for name in REPOSITORIES:  # the stores of a previous session, if this one is reused
            self.__dict__.pop(name, None)
        return self

    def __getattr__(self, name: str) -> Any:
        """A store of ``REPOSITORIES``, made on this session at its first use."""
        spec = REPOSITORIES.get(name)
        if spec is None or "session" not in self.__dict__:
            raise AttributeError(name)
        module, cls = spec
        store = getattr(importlib.import_module(module), cls)(self.session)
        setattr(self, name, store)
        return store

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            self.rollback()
        finally:
            self.session.close()
        if isinstance(exc, DBAPIError) and is_busy(exc):
            raise busy_error(exc) from exc

    def commit(self) -> None:
        try:
            self.session.commit()
        except DBAPIError as exc:
            if is_busy(exc):
                raise busy_error(exc) from exc
            raise

    def exclusive(self, name: str, *, wait: float | None = None) -> None:
        """Hold the lock ``name`` until this transaction ends, waiting at most ``wait``
        seconds for whoever holds it (BusyError then): an advisory lock on PostgreSQL, the
        database's write lock on SQLite (one writer at a time there anyway)."""
        exclusive(self.session, name, wait=wait)

    def rollback(self) -> None:
        self.session.rollback()
