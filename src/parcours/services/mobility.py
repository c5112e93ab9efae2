"""Mobility use cases: similar jobs, recommendations, batch lists, career paths, gaps.

The engine's models are computed once per referential version and kept in memory, one cache
per unit-of-work factory (that is, per database), keyed by (name, version, creation time of the
version): a call first asks the store for the latest version (one small query); when that
version is cached nothing is loaded or recomputed. A new version of one referential is a new
key: only that referential is loaded and recomputed, the others stay cached; the least recently
used entries are dropped beyond ``CACHE_SIZE``.

A job is named by its key ("conseiller-senior"), its code ("D1408"), "referential:key", its
title (with its grade: "Chargé de clientèle risques II.3") or words of its title.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from datetime import datetime
from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt

from parcours.domain.cartography import ComposedMap, LinkUse, MapMember, MapRole, compose
from parcours.domain.competency import Importance
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.job import Job
from parcours.domain.links import Endpoint, LinkStatus
from parcours.domain.profile import Profile, parse_profile
from parcours.domain.referential import Referential
from parcours.engine import gaps, paths, recommend
from parcours.engine.normalise import fold, job_key, split_grade
from parcours.engine.paths import CareerPath, CostMode, MobilityGraph
from parcours.engine.recommend import MOVE_TYPE_LABELS, Recommendation
from parcours.engine.semantic import Matrix
from parcours.engine.similarity import SimilarityModel, build_similarity_model
from parcours.engine.vectors import CompetencyResolver
from parcours.services import mobility_models, semantic, training_catalogue
from parcours.services.catalogue import AmbiguousJobError, JobSummary, matches
from parcours.services.ports import ReferentialSummary, UnitOfWork, UowFactory
from parcours.services.ports.links import LinkQuery

__all__ = ["MOVE_TYPE_LABELS", "Recommendation"]

CACHE_SIZE = 8


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JobRef:
    referential: str
    version: int
    key: str
    title: str
    code: str | None
    grade: str | None


@dataclass(frozen=True, slots=True)
class Recommendations:
    """Ranked targets for a job (``source``) or a person (``person``, ``source`` = their job)."""

    referential: str
    version: int
    source: JobRef | None
    items: list[Recommendation]
    person: str | None = None
    unknown: tuple[str, ...] = ()  # profile competencies the referential does not know


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One line of ``parcours recommend --format csv``: job, target, rank, score."""

    job: str  # the job's code when it has one, else its key
    target: str
    rank: int
    score: float
    declared: bool


@dataclass(frozen=True, slots=True)
class CareerPaths:
    source: JobRef
    targets: list[JobRef]
    paths: list[CareerPath]
    max_steps: int
    allow_down: bool


@dataclass(frozen=True, slots=True)
class ReachableJob:
    job: JobRef
    steps: int


@dataclass(frozen=True, slots=True)
class GapReport:
    target: JobRef
    gap: gaps.Gap
    source: JobRef | None = None  # the current job (gap_between_jobs, or a profile's job)
    person: str | None = None
    reachable: list[ReachableJob] = field(default_factory=list)
    links: tuple[LinkUse, ...] = ()  # links between documents the gap relied on (on the map)
    # The target's essential competencies, keyed as the gap's items (canonical on the map).
    essential: frozenset[str] = frozenset()


# --- the cache -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Entry:
    referential: Referential
    composed: ComposedMap | None = None  # set on the organisation's map
    # The version's creation time, for a referential's own entry (what a packed model is of).
    created_at: datetime | None = None
    model: SimilarityModel | None = None
    graphs: dict[tuple[int, CostMode], MobilityGraph] = field(default_factory=dict)
    batches: dict[int, recommend.BatchResult] = field(default_factory=dict)
    # Held while this entry's model is built: a second request for it waits for that build,
    # requests for other referentials do not.
    building: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _resolver: CompetencyResolver | None = None
    _index: _JobIndex | None = None

    def index(self) -> _JobIndex:
        if self._index is None:
            self._index = _JobIndex.of(self.referential)
        return self._index

    def resolver(self) -> CompetencyResolver:
        if self.model is not None:
            return self.model.resolver
        if self._resolver is None:
            self._resolver = CompetencyResolver(self.referential)
        return self._resolver


class ModelCache:
    """Similarity models and mobility graphs per (referential name, version), LRU."""

    def __init__(self, size: int = CACHE_SIZE, uow_factory: UowFactory | None = None) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[Hashable, ...], _Entry] = OrderedDict()
        self._packed: dict[tuple[Hashable, ...], mobility_models.Loaded] = {}
        self._outlines: dict[tuple[Hashable, ...], tuple[Referential, _JobIndex]] = {}
        self._lock = threading.RLock()
        self.builds = 0  # models computed (for tests and benchmarks)
        # Where the semantic vectors are read (weakly: the factory keys the caches).
        self._factory = weakref.ref(uow_factory) if uow_factory is not None else None

    def _semantic(self, entry: _Entry) -> Matrix | None:
        """The encoder's vectors of the entry's jobs (None: channel off or no database)."""
        factory = self._factory() if self._factory is not None else None
        if factory is None:
            return None
        return semantic.job_vectors(factory, entry.referential)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._packed.clear()
            self._outlines.clear()

    def entry(self, uow: UnitOfWork, name: str) -> tuple[int, _Entry]:
        versions = uow.referentials.list_versions(name)
        if not versions:
            raise NotFoundError(f"référentiel inconnu : « {name} »")
        version = versions[-1].number
        key = (name, version, versions[-1].created_at)
        found = self._cached(key)
        if found is not None:
            return version, found
        ref = uow.referentials.get(name, version)
        if ref is None:
            raise NotFoundError(f"référentiel inconnu : « {name} »")
        return version, self._keep(key, _Entry(ref, created_at=versions[-1].created_at))

    def map_entry(self, uow: UnitOfWork) -> _Entry | None:
        """The organisation's map (``domain/cartography.py``) when it joins two referentials
        or more, else None. Its key holds every referential's version and role and the links'
        revision: a new version, a new role or a link decision gives a new map at once."""
        parts = _composition(uow)
        if parts is None:
            return None
        summaries = parts.summaries
        key: tuple[Hashable, ...] = (
            "\x00map",
            tuple(
                (
                    m.referential,
                    m.role.value,
                    summaries[m.referential].version,
                    summaries[m.referential].updated_at,
                )
                for m in parts.members
                if m.referential in summaries
            ),
            uow.links.revision(),
        )
        found = self._cached(key)
        if found is not None:
            return found
        org = [self.entry(uow, name)[1].referential for name in parts.organisation]
        refs = [self.entry(uow, name)[1].referential for name in parts.references]
        links = uow.links.find(LinkQuery(statuses=(LinkStatus.ACCEPTED,)))
        composed = compose(org, refs, links, uow.links.groups())
        return self._keep(key, _Entry(composed.referential, composed=composed))

    def _cached(self, key: tuple[Hashable, ...]) -> _Entry | None:
        """The entry under ``key``, made the most recently used, or None."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def _keep(self, key: tuple[Hashable, ...], entry: _Entry) -> _Entry:
        """Keep ``entry`` under ``key`` (or the one another thread kept first), LRU-bounded."""
        with self._lock:
            kept = self._entries.setdefault(key, entry)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
            return kept

    def model(self, entry: _Entry) -> SimilarityModel:
        # Built under the entry's own lock, not the cache's: building (and encoding, when the
        # channel was off at import) takes seconds, and other referentials' requests go on.
        with entry.building:
            if entry.model is not None:
                return entry.model
            partial = (
                [(a, b, use.weight) for a, b, use in entry.composed.partial]
                if entry.composed is not None
                else []
            )
            built = build_similarity_model(
                entry.referential, partial=partial, semantic=self._semantic(entry)
            )
            with self._lock:
                entry.model = built
                self.builds += 1
        factory = self._factory() if self._factory is not None else None
        if factory is not None and entry.composed is None and entry.created_at is not None:
            ref = entry.referential
            mobility_models.keep_built(factory, ref.name, ref.version, entry.created_at, built)
        return built

    def packed_graph(
        self, loaded: mobility_models.Loaded, top_n: int, mode: CostMode
    ) -> MobilityGraph:
        """The mobility graph of a packed model, built once per model, size and cost."""
        with self._lock:
            graph = loaded.graphs.get((top_n, mode))
            if graph is None:
                graph = loaded.graphs[(top_n, mode)] = paths.build_graph(
                    loaded.model, top_n=top_n, mode=mode
                )
            return graph

    def outline(self, uow: UnitOfWork, name: str) -> tuple[Referential, _JobIndex]:
        """The jobs and activities of ``name``'s latest version (what naming a job needs),
        read once per version."""
        versions = uow.referentials.list_versions(name)
        if not versions:
            raise NotFoundError(f"référentiel inconnu : « {name} »")
        key = ("\x00outline", name, versions[-1].number, versions[-1].created_at)
        with self._lock:
            found = self._outlines.get(key)
        if found is None:
            outline = uow.referentials.job_outlines(name)
            if outline is None:
                raise NotFoundError(f"référentiel inconnu : « {name} »")
            found = (outline, _JobIndex.of(outline))
            with self._lock:
                if len(self._outlines) >= self.size:
                    self._outlines.clear()
                self._outlines[key] = found
        return found

    def all_built(self, uow: UnitOfWork, referential: str | None) -> bool:
        """Whether every referential a job is searched in has its latest version's model
        built in this process already (then nothing needs reading again)."""
        names = [n for names in _names(uow, referential) for n in names]
        with self._lock:
            built = {k[:3] for k, e in self._entries.items() if e.model is not None}
        for name in names:
            versions = uow.referentials.list_versions(name)
            if not versions or (name, versions[-1].number, versions[-1].created_at) not in built:
                return False
        return bool(names)

    def packed(
        self, uow_factory: UowFactory, uow: UnitOfWork, name: str
    ) -> mobility_models.Loaded | None:
        """The packed model of ``name``'s latest version (``services/mobility_models.py``),
        loaded once per version, or None when the store has none for this engine."""
        versions = uow.referentials.list_versions(name)
        if not versions:
            return None
        key = ("\x00packed", name, versions[-1].number, versions[-1].created_at)
        with self._lock:
            found = self._packed.get(key)
        if found is None:
            found = mobility_models.load(uow_factory, uow, name)
            if found is None:
                return None
            with self._lock:
                self._packed[key] = found
                # The least recently loaded go first (a ROME model is some 20 MB).
                while len(self._packed) > self.size:
                    self._packed.pop(next(iter(self._packed)))
        return found

    def batch(self, entry: _Entry, k: int) -> recommend.BatchResult:
        model = self.model(entry)
        with self._lock:
            result = entry.batches.get(k)
            if result is None:
                result = entry.batches[k] = recommend.batch_for_jobs(model, k, workers=2)
            return result

    def graph(self, entry: _Entry, top_n: int, mode: CostMode) -> MobilityGraph:
        model = self.model(entry)
        with self._lock:
            graph = entry.graphs.get((top_n, mode))
            if graph is None:
                graph = paths.build_graph(
                    model, top_n=top_n, mode=mode, sources=_documents_of(entry, model)
                )
                entry.graphs[(top_n, mode)] = graph
            return graph


def _documents_of(entry: _Entry, model: SimilarityModel) -> npt.NDArray[np.int64] | None:
    """On the map, each job's referential as an integer (for the cross-document edges)."""
    composed = entry.composed
    if composed is None:
        return None
    order = {name: i for i, name in enumerate(composed.members)}
    return np.array(
        [order[composed.job_origin[key].referential] for key in model.vectors.jobs],
        dtype=np.int64,
    )


_CACHES: WeakKeyDictionary[UowFactory, ModelCache] = WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def cache_for(uow_factory: UowFactory) -> ModelCache:
    """The model cache of a unit-of-work factory (one per database the process talks to)."""
    with _CACHES_LOCK:
        cache = _CACHES.get(uow_factory)
        if cache is None:
            cache = _CACHES[uow_factory] = ModelCache(uow_factory=uow_factory)
        return cache


# --- finding jobs --------------------------------------------------------------------------


def _ref(entry: _Entry, version: int, job: Job) -> JobRef:
    composed = entry.composed
    if composed is not None:  # a job of the map: named in the referential it stands for
        origin = composed.job_origin[job.key]
        return JobRef(
            origin.referential,
            composed.versions[origin.referential],
            origin.key,
            job.title,
            job.code,
            job.grade,
        )
    return JobRef(entry.referential.name, version, job.key, job.title, job.code, job.grade)


def _on_map(
    cache: ModelCache, uow: UnitOfWork, found: tuple[int, _Entry, Job]
) -> tuple[int, _Entry, Job]:
    """The same job on the organisation's map when its referential is part of it."""
    _version, entry, job = found
    if entry.composed is not None:
        return found
    world = cache.map_entry(uow)
    if world is None or world.composed is None:
        return found
    key = world.composed.map_key(entry.referential.name, job.key)
    if key is None:
        return found
    return 0, world, world.referential.jobs[key]


def _origin(entry: _Entry, key: str) -> Endpoint | None:
    return entry.composed.job_origin.get(key) if entry.composed is not None else None


def _links_of_move(composed: ComposedMap, source: str, target: str) -> tuple[LinkUse, ...]:
    """The links between documents that make the two map jobs share competencies: each
    equivalence behind a shared canonical competency, and each partial link between one's
    requirement and the other's."""
    jobs = composed.referential.jobs
    mine = {r.competency for r in jobs[source].requirements}
    theirs = {r.competency for r in jobs[target].requirements}
    out: dict[tuple[Endpoint, Endpoint], LinkUse] = {}
    for competency in sorted(mine & theirs):
        for use in composed.links_between(source, target, competency):
            out.setdefault((use.source, use.target), use)
    for a, b, use in composed.partial:
        if (a in mine and b in theirs and b not in mine) or (
            b in mine and a in theirs and a not in mine
        ):
            out.setdefault((use.source, use.target), use)
    return tuple(out.values())


def _translated(
    entry: _Entry, source: str | None, items: list[Recommendation]
) -> list[Recommendation]:
    """Recommendations on the map named in their own referentials, with the links used."""
    composed = entry.composed
    if composed is None:
        return items
    out: list[Recommendation] = []
    for item in items:
        origin = composed.job_origin[item.target]
        links = _links_of_move(composed, source, item.target) if source else ()
        via = composed.reference_moves.get((source, item.target)) if source else None
        out.append(
            replace(
                item,
                target=origin.key,
                referential=origin.referential,
                links=links,
                via=via,
            )
        )
    return out


def _translated_paths(entry: _Entry, found: list[CareerPath]) -> list[CareerPath]:
    composed = entry.composed
    if composed is None:
        return found
    out: list[CareerPath] = []
    for path in found:
        steps = []
        for step in path.steps:
            a, b = composed.job_origin[step.source], composed.job_origin[step.target]
            steps.append(
                replace(
                    step,
                    source=a.key,
                    target=b.key,
                    source_referential=a.referential,
                    referential=b.referential,
                    links=_links_of_move(composed, step.source, step.target),
                )
            )
        out.append(replace(path, steps=tuple(steps)))
    return out


def find_jobs(referential: Referential, query: str) -> list[Job]:
    """The jobs of one referential a query names (see the module docstring)."""
    return _matches(referential, query)[1]


@dataclass(slots=True)
class _JobIndex:
    """A referential's jobs by code and by normalised title, built once per cached version."""

    by_code: dict[str, list[Job]] = field(default_factory=dict)
    by_title: dict[str, list[Job]] = field(default_factory=dict)

    @classmethod
    def of(cls, referential: Referential) -> _JobIndex:
        index = cls()
        for job in referential.jobs.values():
            if job.code:
                index.by_code.setdefault(job.code.lower(), []).append(job)
            index.by_title.setdefault(job_key(job.title), []).append(job)
        return index


def _matches(
    referential: Referential, query: str, index: _JobIndex | None = None
) -> tuple[int, list[Job]]:
    """(how precisely, the jobs): 0 key or code, 1 title and grade, 2 title, 3 title words."""
    jobs = referential.jobs
    index = index or _JobIndex.of(referential)
    text = query.strip()
    if ":" in text and text.split(":", 1)[0] == referential.name:
        text = text.split(":", 1)[1]
    if text in jobs:
        return 0, [jobs[text]]
    by_code = index.by_code.get(text.lower())
    if by_code:
        return 0, list(by_code)
    title, grade = split_grade(text)
    key = job_key(title, grade)
    if key in jobs:
        return 1, [jobs[key]]
    same_title = index.by_title.get(job_key(title), [])
    if same_title and grade is None:
        return 2, list(same_title)
    return 3, [j for j in jobs.values() if matches(j, text)]


def _names(uow: UnitOfWork, referential: str | None) -> list[list[str]]:
    """The referentials to search, in rounds: the organisation's first, then the references
    (so that naming a bank job does not load a large taxonomy)."""
    if referential is not None:
        return [[referential]]
    known = uow.referentials.latest_versions()
    members = [m for m in uow.referentials.map_members() if m.referential in known]
    first = [m.referential for m in members if m.role is MapRole.ORGANISATION]
    then = [m.referential for m in members if m.role is not MapRole.ORGANISATION]
    return [first, then]


def _locate(
    cache: ModelCache, uow: UnitOfWork, query: str, referential: str | None
) -> tuple[int, _Entry, Job]:
    entries: dict[str, tuple[int, _Entry]] = {}

    def read(name: str) -> tuple[Referential, _JobIndex]:
        _version, entry = entries[name] = cache.entry(uow, name)
        return entry.referential, entry.index()

    name, job = _pick(query, _candidates(uow, query, referential, read))
    version, entry = entries[name]
    return _on_map(cache, uow, (version, entry, job))


def _candidates(
    uow: UnitOfWork,
    query: str,
    referential: str | None,
    read: Callable[[str], tuple[Referential, _JobIndex]],
    precise: Callable[[list[str]], list[tuple[str, Job]]] | None = None,
) -> list[tuple[str, Job]]:
    """The jobs ``query`` names most precisely (``_matches``), searching the referentials in
    rounds (``_names``); ``read`` gives a referential's jobs (whole, or their outlines).
    ``precise`` gives a round's jobs named by key or code (``_matches``' level 0) without
    reading their jobs: when it finds some, they are the round's answer, and they outrank
    whatever an earlier round found."""
    found: list[tuple[str, Job]] = []
    best = 4
    for names in _names(uow, referential):
        if best <= 2:  # a key, code or title of the organisation's: no need to look further
            break
        named = precise(names) if precise is not None else []
        if named:
            found, best = named, 0
            continue
        for name in names:
            jobs_of, index = read(name)
            level, jobs = _matches(jobs_of, query, index)
            if not jobs or level > best:
                continue
            if level < best:  # a more precise match elsewhere outranks the looser ones
                found, best = [], level
            found.extend((name, job) for job in jobs)
    return found


def _pick(query: str, found: list[tuple[str, Job]]) -> tuple[str, Job]:
    """The one job found, or the one with a sheet among several; else a clear error."""
    if not found:
        raise NotFoundError(f"aucun poste ne correspond à « {query} »")
    with_sheet = [f for f in found if f[1].has_sheet]
    if len(found) > 1 and len(with_sheet) == 1:
        return with_sheet[0]
    if len(found) > 1:
        raise AmbiguousJobError(
            query,
            [
                JobSummary(
                    name, j.key, j.title, j.grade, j.has_sheet, j.family, j.filiere, j.metier
                )
                for name, j in found
            ],
        )
    return found[0]


def _locate_in(entry: _Entry, query: str) -> Job:
    composed = entry.composed
    if composed is not None:  # a key of one of the map's referentials ("ref:key" or "key")
        text = query.strip()
        named = text.split(":", 1) if ":" in text else None
        for name in composed.members:
            key = None
            if named is not None and named[0] == name:
                key = composed.map_key(name, named[1])
            elif named is None:
                key = composed.map_key(name, text)
            if key is not None:
                return entry.referential.jobs[key]
    return _one_in(entry.referential, query)


def _one_in(ref: Referential, query: str) -> Job:
    """The job of ``ref`` that ``query`` names (the one with a sheet among several)."""
    return _one_of(ref.name, query, find_jobs(ref, query))


def _one_of(name: str, query: str, found: list[Job]) -> Job:
    """The one job of ``found`` (those of referential ``name`` that ``query`` names), or the
    one with a sheet among several; else a clear error."""
    if not found:
        raise NotFoundError(f"aucun poste ne correspond à « {query} » dans « {name} »")
    if len(found) > 1:
        sheets = [j for j in found if j.has_sheet]
        if len(sheets) == 1:
            return sheets[0]
        raise AmbiguousJobError(
            query,
            [
                JobSummary(
                    name, j.key, j.title, j.grade, j.has_sheet, j.family, j.filiere, j.metier
                )
                for j in found
            ],
        )
    return found[0]


def _named_by_key_or_code(uow: UnitOfWork, name: str, version: int, query: str) -> list[Job]:
    """The jobs of that version of ``name`` that ``query`` names by key or code (``_matches``'
    most precise level), read from the job table alone."""
    text = query.strip()
    asked = text.split(":", 1)[1] if text.startswith(f"{name}:") else text
    by_key = uow.referentials.job_headers(name, version, [asked])
    if by_key:
        return list(by_key.values())
    return uow.referentials.jobs_by_code(name, asked)


def _check_k(k: int, name: str = "k") -> None:
    if k < 1:
        raise ParcoursError(f"{name} doit être au moins 1 (reçu : {k})")


# --- use cases -----------------------------------------------------------------------------


def similar_jobs(
    uow_factory: UowFactory, *, job: str, referential: str | None = None, k: int = 10
) -> Recommendations:
    """The ``k`` jobs most similar to ``job`` by the similarity score alone (declared moves
    are flagged but not put first)."""
    return _for_job(uow_factory, job, referential, k, recommend.similar_to_job)


def recommend_for_job(
    uow_factory: UowFactory, *, job: str, referential: str | None = None, k: int = 10
) -> Recommendations:
    """The ``k`` best moves from ``job``: declared moves first, then computed ones."""
    return _for_job(uow_factory, job, referential, k, recommend.recommend_for_job)


def _for_job(
    uow_factory: UowFactory,
    job: str,
    referential: str | None,
    k: int,
    rank: Callable[[SimilarityModel, str, int], list[Recommendation]],
) -> Recommendations:
    """Locate ``job``, load its referential's model (cached), rank its ``k`` targets."""
    _check_k(k)
    cache = cache_for(uow_factory)
    fast = _packed_for_job(cache, uow_factory, job, referential, k, rank)
    if fast is not None:
        return fast
    with uow_factory() as uow:
        version, entry, found = _locate(cache, uow, job, referential)
    model = cache.model(entry)
    ranked = rank(model, found.key, k)
    if entry.composed is not None and rank is recommend.recommend_for_job:
        ranked = _declared_then_computed(model, found.key, ranked, k)
    # A computed move with nothing in common (score 0) is no recommendation.
    ranked = [r for r in ranked if r.declared or r.score > 0]
    items = _translated(entry, found.key, ranked)
    source = _ref(entry, version, found)
    return Recommendations(source.referential, source.version, source, items)


def _packed_for_job(
    cache: ModelCache,
    uow_factory: UowFactory,
    job: str,
    referential: str | None,
    k: int,
    rank: Callable[[SimilarityModel, str, int], list[Recommendation]],
) -> Recommendations | None:
    """``_for_job`` from the packed model and the jobs' outlines, without reading the whole
    referential; None when it cannot answer so (no packed model of the latest version, the job
    on an organisation's map that joins documents, a version written meanwhile): the caller
    builds."""
    with uow_factory() as uow:
        packed = _packed_job(cache, uow_factory, uow, job, referential)
    if packed is None:
        return None
    name, source, loaded = packed
    ranked = rank(loaded.model, source.key, k)
    ranked = [r for r in ranked if r.declared or r.score > 0]
    ref = JobRef(name, loaded.version, source.key, source.title, source.code, source.grade)
    return Recommendations(name, loaded.version, ref, ranked)


def _packed_job(
    cache: ModelCache, uow_factory: UowFactory, uow: UnitOfWork, query: str, referential: str | None
) -> tuple[str, Job, mobility_models.Loaded] | None:
    """The job ``query`` names (as ``_locate`` finds it, reading the job table or the jobs'
    outlines) and its referential's packed model; None when the packed model cannot answer
    (the job's referential is part of an organisation's map that joins documents, every model
    is built here already, none is stored for the latest version, or it lacks the job)."""
    if cache.all_built(uow, referential):
        return None
    # Read once, before the search: a job asked for in a referential the map composes is on
    # the map, and the caller's path answers it without this search being made twice.
    joined = _composition(uow)
    on_map = joined.names if joined is not None else frozenset()
    if referential in on_map:
        return None
    found = _candidates(
        uow,
        query,
        referential,
        lambda name: cache.outline(uow, name),
        precise=lambda names: _by_key_or_code(uow, query, names),
    )
    name, job = _pick(query, found)
    if name in on_map:
        return None  # the job is on the map: its moves cross documents
    loaded = cache.packed(uow_factory, uow, name)
    if loaded is None or loaded.version != _latest(uow, name):
        return None
    if job.key not in loaded.model.vectors.job_index:
        return None
    return name, job, loaded


def _latest(uow: UnitOfWork, name: str) -> int | None:
    versions = uow.referentials.list_versions(name)
    return versions[-1].number if versions else None


def _by_key_or_code(uow: UnitOfWork, query: str, names: list[str]) -> list[tuple[str, Job]]:
    """The jobs ``query`` names by key or code (``_matches``' most precise level) in the
    referentials ``names`` (one round of ``_names``), read from the job table alone; empty
    when none does."""
    found: list[tuple[str, Job]] = []
    for name in names:
        version = _latest(uow, name)
        if version is not None:
            found.extend((name, job) for job in _named_by_key_or_code(uow, name, version, query))
    return found


@dataclass(frozen=True)
class _Composition:
    """What the organisation's map joins: its members, the stored referentials' summaries, the
    organisation's referentials and the references whose declared moves it takes."""

    members: list[MapMember]
    summaries: dict[str, ReferentialSummary]
    organisation: list[str]
    references: list[str]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.organisation) | frozenset(self.references)


def _composition(uow: UnitOfWork) -> _Composition | None:
    """The organisation's map when it joins two referentials or more (``ModelCache.map_entry``),
    else None."""
    members = uow.referentials.map_members()
    if sum(m.role is MapRole.ORGANISATION for m in members) < 2:
        return None
    summaries = {s.name: s for s in uow.referentials.list_referentials()}
    organisation = [
        m.referential
        for m in members
        if m.role is MapRole.ORGANISATION and m.referential in summaries
    ]
    references = [
        m.referential
        for m in members
        if m.role is MapRole.REFERENCE
        and m.referential in summaries
        and summaries[m.referential].mobilities
    ]
    return _Composition(members, summaries, organisation, references)


def _declared_then_computed(
    model: SimilarityModel, source: str, ranked: list[Recommendation], k: int
) -> list[Recommendation]:
    """On the map, the moves a document declares (up to ``k``) and then the ``k`` best
    computed ones: a fiche listing a hundred "évolutions possibles" must not hide the jobs of
    the other documents that resemble it most."""
    declared = [r for r in ranked if r.declared]
    if len(declared) < k:
        return ranked
    wanted = k + len(recommend.model_moves(model).get(source, {}))
    computed = [r for r in recommend.similar_to_job(model, source, wanted) if not r.declared]
    items = declared + computed[:k]
    return [replace(r, rank=i) for i, r in enumerate(items, start=1)]


def _profile_entry(
    cache: ModelCache, uow: UnitOfWork, profile: Profile, referential: str | None
) -> tuple[int, _Entry, Job | None, str]:
    """The referential a profile is read against: the given one, else its job's, else the one
    where most of its competencies are known."""
    if profile.job:
        version, entry, job = _locate(cache, uow, profile.job, referential)
        return version, entry, job, entry.referential.name
    best: tuple[int, int, _Entry] | None = None
    for name in [n for names in _names(uow, referential) for n in names]:
        version, entry = cache.entry(uow, name)
        known, _ = gaps.resolve_profile(entry.referential, profile.levels(), entry.resolver())
        if best is None or len(known) > best[0]:
            best = (len(known), version, entry)
    if best is None:
        raise NotFoundError("aucun référentiel dans la base")
    world = cache.map_entry(uow)
    composed = world.composed if world is not None else None
    home = best[2].referential.name
    if world is not None and composed is not None and home in composed.members:
        return best[1], world, None, home  # the person's referential is on the map: read across
    return best[1], best[2], None, home


def _map_levels(
    entry: _Entry, levels: dict[str, int | None], referential: str | None
) -> dict[str, int | None]:
    """A profile's competency names as the map's canonical keys, when they are keys of the
    person's referential (or of any referential of the map); other names are kept as they
    are, for the resolver to find by label."""
    composed = entry.composed
    if composed is None:
        return levels
    names = [referential] if referential in composed.members else list(composed.members)
    out: dict[str, int | None] = {}
    for name, level in levels.items():
        key = next((k for r in names if (k := composed.canonical(r, name)) is not None), name)
        known = out.get(key)
        out[key] = level if known is None else max(known, level or 0) or known
    return out


def _partial(entry: _Entry) -> dict[str, list[tuple[str, float]]]:
    out: dict[str, list[tuple[str, float]]] = {}
    if entry.composed is not None:
        for a, b, use in entry.composed.partial:
            out.setdefault(a, []).append((b, use.weight))
            out.setdefault(b, []).append((a, use.weight))
    return out


def _gap_links(
    entry: _Entry, levels: dict[str, int | None], referential: str | None, goal: str
) -> tuple[LinkUse, ...]:
    """The links that let the person's competencies (named in ``referential``) count for
    the requirements of map job ``goal``."""
    composed = entry.composed
    if composed is None or referential not in composed.members:
        return ()
    out: dict[tuple[Endpoint, Endpoint], LinkUse] = {}
    for name in levels:
        mine = Endpoint(referential, name)
        key = composed.competency_key.get(mine)
        theirs = composed.requirement_origin.get((goal, key)) if key else None
        if key is not None and theirs is not None:
            for use in composed.item_links(mine, theirs, key):
                out.setdefault((use.source, use.target), use)
    return tuple(out.values())


def recommend_for_profile(
    uow_factory: UowFactory, *, profile: Profile, referential: str | None = None, k: int = 10
) -> Recommendations:
    """The ``k`` best jobs for a person's profile (competency names may be keys or labels)."""
    _check_k(k)
    cache = cache_for(uow_factory)
    with uow_factory() as uow:
        version, entry, current, home = _profile_entry(cache, uow, profile, referential)
    model = cache.model(entry)
    named = _map_levels(entry, profile.levels(), referential or home)
    levels, unknown = gaps.resolve_profile(entry.referential, named, model.resolver)
    items = recommend.recommend_for_profile(
        model, levels, k, current=current.key if current else None
    )
    items = _translated(entry, current.key if current else None, items)
    source = _ref(entry, version, current) if current else None
    name = source.referential if source else (referential or home)
    return Recommendations(
        name,
        source.version if source else version,
        source,
        items,
        person=profile.person,
        unknown=unknown,
    )


def batch_recommendations(
    uow_factory: UowFactory, *, referential: str, k: int = 10
) -> list[BatchRow]:
    """For every job of ``referential``, its top ``k`` targets (declared moves first): the rows
    of ``parcours recommend --referential NAME --top K --format csv``, job by job, by rank."""
    _check_k(k)
    cache = cache_for(uow_factory)
    with uow_factory() as uow:
        _, entry = cache.entry(uow, referential)
    model = cache.model(entry)
    result = cache.batch(entry, k)
    jobs = [model.job(i) for i in range(model.size)]
    names = [j.code or j.key for j in jobs]
    rows: list[BatchRow] = []
    for source in result.sources.tolist():
        for rank, (target, score, declared) in enumerate(
            zip(
                result.targets[source].tolist(),
                result.scores[source].tolist(),
                result.declared[source].tolist(),
                strict=True,
            ),
            start=1,
        ):
            rows.append(BatchRow(names[source], names[target], rank, round(score, 6), declared))
    return rows


def _group_targets(referential: Referential, group: str) -> list[Job]:
    wanted = fold(group.strip())
    return [
        j
        for j in referential.jobs.values()
        if any(v and fold(v) == wanted for v in (j.metier, j.filiere, j.family))
    ]


def career_paths(
    uow_factory: UowFactory,
    *,
    source: str,
    target: str | None = None,
    target_group: str | None = None,
    referential: str | None = None,
    k: int = 3,
    max_steps: int = 4,
    allow_down: bool = False,
    top_n: int = mobility_models.DEFAULT_TOP_N,
    cost: CostMode | str = CostMode.SIMILARITY,
) -> CareerPaths:
    """The ``k`` best paths from job ``source`` to job ``target``, or to any job of the
    métier, filière or family ``target_group``, in at most ``max_steps`` moves."""
    _check_k(k)
    _check_k(max_steps, "le nombre d'étapes")
    if (target is None) == (target_group is None):
        raise ParcoursError("indiquer soit un poste cible, soit une famille ou filière cible")
    mode = CostMode(cost)
    cache = cache_for(uow_factory)
    asked = _PathQuery(source, target, target_group, k, max_steps, allow_down, top_n, mode)
    fast = _packed_paths(cache, uow_factory, referential, asked)
    if fast is not None:
        return fast
    with uow_factory() as uow:
        version, entry, start = _locate(cache, uow, source, referential)
    ref = entry.referential
    if target is not None:
        goals = [_locate_in(entry, target)]
    else:
        goals = _goals_in(ref, target_group or "", start)
    graph = cache.graph(entry, top_n, mode)
    index = graph.model.vectors.job_index
    found = paths.k_best_paths(
        graph,
        index[start.key],
        {index[g.key] for g in goals},
        k=k,
        max_steps=max_steps,
        allow_down=allow_down,
    )
    return CareerPaths(
        _ref(entry, version, start),
        [_ref(entry, version, g) for g in goals],
        _translated_paths(entry, found),
        max_steps,
        allow_down,
    )


def _goals_in(ref: Referential, group: str, start: Job) -> list[Job]:
    goals = [g for g in _group_targets(ref, group) if g.key != start.key]
    if not goals:
        raise NotFoundError(
            f"aucun poste de la famille, filière ou métier « {group} » dans « {ref.name} »"
        )
    return goals


@dataclass(frozen=True, slots=True)
class _PathQuery:
    source: str
    target: str | None
    target_group: str | None
    k: int
    max_steps: int
    allow_down: bool
    top_n: int
    mode: CostMode


def _packed_paths(
    cache: ModelCache, uow_factory: UowFactory, referential: str | None, asked: _PathQuery
) -> CareerPaths | None:
    """``career_paths`` from the packed model and the jobs' outlines (see ``_packed_for_job``);
    None when it cannot answer so."""
    with uow_factory() as uow:
        packed = _packed_job(cache, uow_factory, uow, asked.source, referential)
        if packed is None:
            return None
        name, start, loaded = packed
        # A target named by key or code is read from the job table; words of a title or a
        # group of jobs need the jobs' outlines (1,584 jobs and their activities on ROME).
        named: list[Job] = []
        if asked.target is not None:
            named = _named_by_key_or_code(uow, name, loaded.version, asked.target)
        if named:
            goals = [_one_of(name, asked.target or "", named)]
        else:
            outline = cache.outline(uow, name)[0]
            if loaded.version != outline.version:
                return None
            if asked.target is not None:
                goals = [_one_in(outline, asked.target)]
            else:
                goals = _goals_in(outline, asked.target_group or "", start)
    index = loaded.model.vectors.job_index
    if any(j.key not in index for j in [start, *goals]):
        return None
    graph = cache.packed_graph(loaded, asked.top_n, asked.mode)
    result = paths.k_best_paths(
        graph,
        index[start.key],
        {index[g.key] for g in goals},
        k=asked.k,
        max_steps=asked.max_steps,
        allow_down=asked.allow_down,
    )

    def ref(job: Job) -> JobRef:
        return JobRef(name, loaded.version, job.key, job.title, job.code, job.grade)

    return CareerPaths(
        ref(start), [ref(g) for g in goals], result, asked.max_steps, asked.allow_down
    )


def _reachable(
    cache: ModelCache, entry: _Entry, version: int, starts: list[int], steps: int, top_n: int
) -> list[ReachableJob]:
    if steps <= 0 or not starts:
        return []
    graph = cache.graph(entry, top_n, CostMode.SIMILARITY)
    reached = paths.reachable(graph, starts, steps)
    model = graph.model
    ordered = sorted(reached.items(), key=lambda item: (item[1], model.vectors.jobs[item[0]]))
    return [ReachableJob(_ref(entry, version, model.job(row)), d) for row, d in ordered]


def _essential(job: Job) -> frozenset[str]:
    return frozenset(r.competency for r in job.requirements if r.importance is Importance.ESSENTIAL)


def _locate_anywhere_on_map(
    cache: ModelCache, uow: UnitOfWork, target: str, referential: str | None
) -> tuple[int, _Entry, Job]:
    """``target`` in ``referential``, else among the jobs of the organisation's map."""
    try:
        return _locate(cache, uow, target, referential)
    except NotFoundError:
        world = cache.map_entry(uow) if referential is not None else None
        if world is None:
            raise
        return 0, world, _locate_in(world, target)


def gap_for_profile(
    uow_factory: UowFactory,
    *,
    profile: Profile,
    target: str,
    referential: str | None = None,
    reachable_steps: int = 2,
    top_n: int = mobility_models.DEFAULT_TOP_N,
) -> GapReport:
    """A person's gap for job ``target``, the trainings that close it, and the jobs reachable
    within ``reachable_steps`` moves (from their current job, else from their best matches)."""
    cache = cache_for(uow_factory)
    with uow_factory() as uow:
        if profile.job:
            version, entry, current = _locate(cache, uow, profile.job, referential)
            goal = _locate_in(entry, target)
        else:
            version, entry, goal = _locate_anywhere_on_map(cache, uow, target, referential)
            current = None
        catalogue = training_catalogue.offer(uow)
    model = cache.model(entry)
    named = _map_levels(entry, profile.levels(), referential)
    levels, unknown = gaps.resolve_profile(entry.referential, named, model.resolver)
    result = gaps.gap(
        model,
        levels,
        goal.key,
        source=current.key if current else None,
        unknown=unknown,
        partial=_partial(entry),
        catalogue=catalogue,
    )
    if current is not None:
        starts = [model.vectors.job_index[current.key]]
        reachable = _reachable(cache, entry, version, starts, reachable_steps, top_n)
    else:
        first = recommend.recommend_for_profile(model, levels, top_n)
        starts = [model.vectors.job_index[r.target] for r in first]
        reachable = [ReachableJob(_ref(entry, version, model.job(s)), 1) for s in starts]
        if reachable_steps > 1:
            seen = {r.job.key for r in reachable}
            further = _reachable(cache, entry, version, starts, reachable_steps - 1, top_n)
            reachable += [
                ReachableJob(r.job, r.steps + 1) for r in further if r.job.key not in seen
            ]
        if reachable_steps <= 0:
            reachable = []
    return GapReport(
        target=_ref(entry, version, goal),
        gap=result,
        source=_ref(entry, version, current) if current else None,
        person=profile.person,
        reachable=reachable,
        links=_gap_links(entry, profile.levels(), referential, goal.key),
        essential=_essential(goal),
    )


def gap_between_jobs(
    uow_factory: UowFactory,
    *,
    source: str,
    target: str,
    referential: str | None = None,
    reachable_steps: int = 2,
    top_n: int = mobility_models.DEFAULT_TOP_N,
) -> GapReport:
    """What a holder of job ``source`` lacks for job ``target`` (the source job's expected
    levels as the profile), trainings, and the jobs reachable from ``source``."""
    cache = cache_for(uow_factory)
    with uow_factory() as uow:
        version, entry, start = _locate(cache, uow, source, referential)
        catalogue = training_catalogue.offer(uow)
    goal = _locate_in(entry, target)
    model = cache.model(entry)
    levels = gaps.job_levels(entry.referential, start.key)
    result = gaps.gap(
        model, levels, goal.key, source=start.key, partial=_partial(entry), catalogue=catalogue
    )
    starts = [model.vectors.job_index[start.key]]
    links = _links_of_move(entry.composed, start.key, goal.key) if entry.composed else ()
    return GapReport(
        target=_ref(entry, version, goal),
        gap=result,
        source=_ref(entry, version, start),
        reachable=_reachable(cache, entry, version, starts, reachable_steps, top_n),
        links=links,
        essential=_essential(goal),
    )


def on_map(uow_factory: UowFactory, referential: str) -> bool:
    """Whether ``referential`` is part of an organisation's map joining several referentials."""
    cache = cache_for(uow_factory)
    with uow_factory() as uow:
        world = cache.map_entry(uow)
    return (
        world is not None and world.composed is not None and (referential in world.composed.members)
    )


def why_no_moves(uow_factory: UowFactory, result: Recommendations) -> str:
    """Why a job has no move to offer, and what HR can do about it (in French)."""
    if result.source is None:
        return "aucun poste de départ."
    cache = cache_for(uow_factory)
    with uow_factory() as uow:
        world = cache.map_entry(uow)
        _, entry = cache.entry(uow, result.source.referential)
    job = entry.referential.jobs.get(result.source.key)
    others = len(entry.referential.jobs) - 1
    reasons: list[str] = []
    if job is not None and not job.requirements:
        reasons.append("ce poste n'a aucune compétence décrite")
    on_the_map = world is not None and world.composed is not None
    if on_the_map and world is not None and world.composed is not None:
        if result.source.referential not in world.composed.members:
            reasons.append(
                "son référentiel est déclaré « de référence » : il ne fait pas partie de la "
                "cartographie de l'organisation (page Cartographie)"
            )
        else:
            reasons.append(
                "aucun lien validé ne relie encore ses compétences à celles des autres "
                "documents : proposez des liens puis validez-les (page Liens)"
            )
    elif others <= 0:
        reasons.append(
            "son référentiel ne contient pas d'autre poste et la cartographie ne réunit pas "
            "encore plusieurs référentiels : importez les autres fiches de l'organisation"
        )
    if not reasons:
        reasons.append("aucun autre poste ne partage de compétence, de métier ni de titre avec lui")
    return " ; ".join(reasons) + "."


@dataclass(frozen=True, slots=True)
class Bridge:
    """How two referentials' competencies meet on the map: each item's canonical key, and the
    links that make two items one (for explanations)."""

    canonical: dict[Endpoint, str]
    links: dict[tuple[Endpoint, Endpoint], tuple[LinkUse, ...]]
    labels: dict[str, str]  # canonical key -> the map's label

    def key(self, referential: str, key: str) -> str:
        return self.canonical.get(Endpoint(referential, key), f"{referential}::{key}")

    def why(self, a: Endpoint, b: Endpoint) -> tuple[LinkUse, ...]:
        return self.links.get((a, b), ())


def competency_bridge(uow_factory: UowFactory, items: list[tuple[str, list[str]]]) -> Bridge:
    """The canonical keys of competencies named in their referentials (``items``: referential
    and competency keys) and, for every pair of items of different referentials that are one,
    the links behind it. Without a map (or outside it) an item is its own key."""
    cache = cache_for(uow_factory)
    with uow_factory() as uow:
        world = cache.map_entry(uow)
    composed = world.composed if world is not None else None
    canonical: dict[Endpoint, str] = {}
    for referential, keys in items:
        for key in keys:
            end = Endpoint(referential, key)
            found = composed.competency_key.get(end) if composed is not None else None
            canonical[end] = found or f"{referential}::{key}"
    links: dict[tuple[Endpoint, Endpoint], tuple[LinkUse, ...]] = {}
    labels: dict[str, str] = {}
    if composed is not None:
        by_key: dict[str, list[Endpoint]] = {}
        for end, key in canonical.items():
            by_key.setdefault(key, []).append(end)
            comp = composed.referential.competencies.get(key)
            if comp is not None:
                labels[key] = comp.label
        for key, ends in by_key.items():
            for a in ends:
                for b in ends:
                    if a.referential != b.referential:
                        links[(a, b)] = composed.item_links(a, b, key)
    return Bridge(canonical, links, labels)


def read_profile(data: bytes, filename: str, *, person: str | None = None) -> Profile:
    """A profile file (JSON or CSV of competency -> level, see ``domain/profile.py``)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParcoursError(f"{filename} : le profil doit être en UTF-8") from exc
    return parse_profile(text, filename, person=person)
