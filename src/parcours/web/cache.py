"""A read-through cache of referential versions for the web app.

Versions are immutable snapshots, so a version once loaded can be kept: the cache is keyed by
(name, version number). Which version is the latest (the list of referentials) is asked of
the store at most once every ``SUMMARY_TTL`` seconds, and at once after this process wrote a
version: a version written by another process (the CLI, another app process) is seen within
that delay. Cached referentials are shared between requests: callers read them
and never change them (the services only read the current version, they build new ones).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection
from types import TracebackType
from typing import Any, Self

from parcours.domain.competency import Competency
from parcours.domain.referential import Referential
from parcours.services.ports import ReferentialStore, ReferentialSummary, UnitOfWork, UowFactory

DEFAULT_SIZE = 32
SUMMARY_TTL = 1.0


class VersionCache:
    """The last ``size`` referential versions loaded, by (name, number); thread-safe."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, int], Referential] = OrderedDict()
        self._lock = threading.Lock()
        self._summaries: tuple[float, list[ReferentialSummary]] | None = None

    def summaries(self, load: Callable[[], list[ReferentialSummary]]) -> list[ReferentialSummary]:
        """The list of referentials, loaded again when older than ``SUMMARY_TTL``."""
        now = time.monotonic()
        with self._lock:
            kept = self._summaries
        if kept is not None and now - kept[0] < SUMMARY_TTL:
            return kept[1]
        fresh = load()
        with self._lock:
            self._summaries = (now, fresh)
        return fresh

    def forget_summaries(self) -> None:
        with self._lock:
            self._summaries = None

    def get(self, key: tuple[str, int]) -> Referential | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, int], ref: Referential) -> None:
        with self._lock:
            self._items[key] = ref
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class CachingReferentials:
    """The referential store of one unit of work, reading versions through the cache."""

    def __init__(self, inner: ReferentialStore, cache: VersionCache) -> None:
        self._inner = inner
        self._cache = cache
        self._summaries: list[ReferentialSummary] | None = None

    def list_referentials(self) -> list[ReferentialSummary]:
        if self._summaries is None:
            self._summaries = self._cache.summaries(self._inner.list_referentials)
        return self._summaries

    def latest_versions(self) -> dict[str, int]:
        return {s.name: s.version for s in self.list_referentials()}

    def get(self, name: str, version: int | None = None) -> Referential | None:
        number = version
        if number is None:
            number = next((s.version for s in self.list_referentials() if s.name == name), None)
            if number is None:
                return None
        found = self._cache.get((name, number))
        if found is None:
            found = self._inner.get(name, number)
            if found is not None:
                self._cache.put((name, number), found)
        return found

    def job_outlines(self, name: str) -> Referential | None:
        return self._latest("jobs", name, self._inner.job_outlines)

    def referential_outline(self, name: str) -> Referential | None:
        return self._latest("outline", name, self._inner.referential_outline)

    def competency_labels(
        self, name: str, version: int, keys: Collection[str] | None
    ) -> dict[str, Competency]:
        """Every label of a version (``keys`` None: the list of competencies, 33,622 rows for
        ROME 4.0) is kept beside the versions; a few asked for by key are read each time."""
        if keys is not None:
            return self._inner.competency_labels(name, version, keys)
        key = (f"labels\x1f{name}", version)
        found = self._cache.get(key)
        if found is None:
            labels = self._inner.competency_labels(name, version, None)
            found = Referential(name, version=version, competencies=labels)
            self._cache.put(key, found)
        return found.competencies

    def _latest(
        self, kind: str, name: str, read: Callable[[str], Referential | None]
    ) -> Referential | None:
        """A partial read of the latest version, kept beside the versions (the job list and
        the outline of ROME take a tenth of a second each to read, on every job page)."""
        number = next((s.version for s in self.list_referentials() if s.name == name), None)
        if number is None:
            return read(name)
        key = (f"{kind}\x1f{name}", number)  # apart from the versions: (name, number)
        found = self._cache.get(key)
        if found is None:
            found = read(name)
            if found is not None and found.version == number:  # not one written since
                self._cache.put(key, found)
        return found

    def add_version(self, referential: Referential, **kwargs: Any) -> int:
        self._summaries = None
        self._cache.forget_summaries()
        return self._inner.add_version(referential, **kwargs)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._inner, attribute)


class CachingUnitOfWork:
    """A unit of work whose ``referentials`` read through the cache; the rest is the inner one."""

    def __init__(self, inner: UnitOfWork, cache: VersionCache) -> None:
        self._inner = inner
        self._cache = cache

    def __enter__(self) -> Self:
        self._inner.__enter__()
        self.referentials = CachingReferentials(self._inner.referentials, self._cache)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        self._inner.commit()

    def rollback(self) -> None:
        self._inner.rollback()

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._inner, attribute)


def caching(factory: UowFactory, cache: VersionCache | None = None) -> UowFactory:
    """``factory``'s units of work, reading referential versions through one shared cache."""
    shared = cache or VersionCache()

    def make() -> UnitOfWork:
        return CachingUnitOfWork(factory(), shared)  # type: ignore[return-value]

    return make
