"""The unit of work: one session, one transaction, committed only when asked."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from parcours.services.ports import ReferentialStore
from parcours.services.ports_campaigns import CampaignStore
from parcours.services.ports_career import CareerWishStore
from parcours.services.ports_corrections import CorrectionStore, DocumentTextStore
from parcours.services.ports_drafts import DraftStore
from parcours.services.ports_juries import JuryStore
from parcours.services.ports_links import LinkStore
from parcours.services.ports_people import AccountStore, AuditStore, PeopleStore
from parcours.services.ports_rgpd import RgpdStore
from parcours.services.ports_search import SearchStore
from parcours.services.ports_semantic import EmbeddingStore
from parcours.services.ports_themes import ThemeStore
from parcours.services.ports_trainings import TrainingCatalogueStore
from parcours.store.accounts import AccountRepository
from parcours.store.audit import AuditRepository
from parcours.store.busy import busy_error, exclusive, is_busy
from parcours.store.campaigns import CampaignRepository
from parcours.store.career import CareerWishRepository
from parcours.store.corrections import CorrectionRepository, DocumentTextRepository
from parcours.store.drafts import DraftRepository
from parcours.store.juries import JuryRepository
from parcours.store.links import LinkRepository
from parcours.store.people import PeopleRepository
from parcours.store.repository import ReferentialRepository
from parcours.store.rgpd import RgpdRepository
from parcours.store.search import SearchRepository
from parcours.store.semantic import EmbeddingRepository
from parcours.store.themes import ThemeRepository
from parcours.store.trainings import TrainingCatalogueRepository


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
    session: Session

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def __enter__(self) -> Self:
        self.session = self.session_factory()
        self.referentials = ReferentialRepository(self.session)
        self.search = SearchRepository(self.session)
        self.links = LinkRepository(self.session)
        self.drafts = DraftRepository(self.session)
        self.people = PeopleRepository(self.session)
        self.accounts = AccountRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.campaigns = CampaignRepository(self.session)
        self.juries = JuryRepository(self.session)
        self.themes = ThemeRepository(self.session)
        self.rgpd = RgpdRepository(self.session)
        self.careers = CareerWishRepository(self.session)
        self.trainings = TrainingCatalogueRepository(self.session)
        self.corrections = CorrectionRepository(self.session)
        self.texts = DocumentTextRepository(self.session)
        self.embeddings = EmbeddingRepository(self.session)
        return self

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
