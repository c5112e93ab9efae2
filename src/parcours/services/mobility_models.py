"""Packed mobility models: built once per referential version, loaded by every process.

A command that asks for one job's moves must not read a whole referential and rebuild its
model (seconds on ROME 4.0). Every new version's model is built and packed in the import's
transaction (``keep_for_version``, from ``services/hooks.py``), or by the first process that
builds it when none is stored (``keep_built``). ``load`` gives it back over a referential that
reads a job the first time the model asks for it (``_JobsOnDemand``: its row of the job table
and the labels of the competencies it requires): the scores come from the packed numbers, the
titles and the explanations from the few jobs shown.

Only a referential's own model is packed: the organisation's map (several documents joined by
accepted links) is rebuilt in each process, as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from parcours.domain.job import Job
from parcours.domain.mobility import MobilityKind
from parcours.domain.referential import Referential
from parcours.engine import packing, paths, semantic
from parcours.engine.paths import CostMode, MobilityGraph
from parcours.engine.similarity import SimilarityModel
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.services.semantic import stored_job_vectors

Declared = dict[str, dict[str, list[MobilityKind]]]

log = logging.getLogger(__name__)

# The graph ``services.mobility.career_paths`` uses by default (its ``top_n``).
DEFAULT_TOP_N = 10


def keep_for_version(uow: UnitOfWork, *, name: str, referential: Referential) -> None:
    """Build and keep the model of ``referential``, the new latest version of ``name``
    (within the import's unit of work: the encoder's vectors are stored already)."""
    from parcours.engine.recommend import declared_moves
    from parcours.engine.similarity import build_similarity_model

    versions = uow.referentials.list_versions(name)
    if not versions or versions[-1].number != referential.version:
        return
    vectors = stored_job_vectors(uow.embeddings, referential)
    model = build_similarity_model(referential, semantic=vectors)
    _keep(
        uow, name, versions[-1].number, versions[-1].created_at, model, declared_moves(referential)
    )


def keep_built(
    uow_factory: UowFactory, name: str, version: int, created_at: datetime, model: SimilarityModel
) -> None:
    """Keep a model a process has just built when the store has none of that version (a
    database imported by an older release): the next process loads it. A read-only database
    or a busy writer only means the next process builds it too."""
    from parcours.engine.recommend import model_moves

    wanted = packing.signature(semantic=model.semantic is not None)
    try:
        with uow_factory() as uow:
            if uow.mobility_models.holds(name, version, created_at, wanted):
                return
            _keep(uow, name, version, created_at, model, model_moves(model))
            uow.commit()
    except Exception:
        log.warning("mobility model of %s v%d not kept", name, version, exc_info=True)


def _keep(
    uow: UnitOfWork,
    name: str,
    version: int,
    created_at: datetime,
    model: SimilarityModel,
    declared: Declared,
) -> None:
    # The career paths' default graph goes with the model: a path then needs no pass over
    # every job (the one part of a path's answer that grows with the referential).
    model.cache["declared"] = declared
    graph = paths.build_graph(model, top_n=DEFAULT_TOP_N, mode=CostMode.SIMILARITY)
    payload = packing.pack(model, declared, [graph])
    signature = packing.signature(semantic=model.semantic is not None)
    uow.mobility_models.keep(name, version, created_at, signature, payload)


@dataclass(frozen=True, slots=True)
class Loaded:
    version: int
    created_at: datetime
    model: SimilarityModel
    # Mobility graphs built on the model, by (top n, cost mode), kept with it.
    graphs: dict[tuple[int, CostMode], MobilityGraph] = field(default_factory=dict)


def load(uow_factory: UowFactory, uow: UnitOfWork, name: str) -> Loaded | None:
    """The packed model of ``name``'s latest version, over a referential that reads its jobs
    on demand (with ``uow_factory``); None when none is stored for this version and engine."""
    versions = uow.referentials.list_versions(name)
    if not versions:
        return None
    latest = versions[-1]
    wanted = packing.signature(semantic=semantic.channel_wanted())
    data = uow.mobility_models.packed(name, latest.number, latest.created_at, wanted)
    if data is None:
        return None
    referential = Referential(name=name, version=latest.number)
    try:
        unpacked = packing.unpack(data, referential)
    except packing.PackError:
        log.warning("packed mobility model of %s unreadable: rebuilt", name, exc_info=True)
        return None
    model = unpacked.model
    referential.jobs = _JobsOnDemand(_sheet_reader(uow_factory, model))
    model.cache["declared"] = unpacked.declared
    return Loaded(latest.number, latest.created_at, model, dict(unpacked.graphs))


class _JobsOnDemand(dict[str, Job]):
    """A referential's jobs, each read from the store the first time it is asked for by key.

    Only ``jobs[key]`` reads (and ``prefetch``, several at once): membership, length and
    iteration see the jobs read so far, so this stands in for ``Referential.jobs`` only where
    the model asks for jobs by key (the packed model's scores and explanations)."""

    def __init__(self, read: Callable[[Collection[str]], dict[str, Job]]) -> None:
        super().__init__()
        self._read = read

    def __missing__(self, key: str) -> Job:
        self.prefetch([key])
        if not dict.__contains__(self, key):
            raise KeyError(key)
        return dict.__getitem__(self, key)

    def prefetch(self, keys: Sequence[str]) -> None:
        missing = [k for k in keys if not dict.__contains__(self, k)]
        if missing:
            self.update(self._read(missing))


def _sheet_reader(
    uow_factory: UowFactory, model: SimilarityModel
) -> Callable[[Collection[str]], dict[str, Job]]:
    """Reads jobs of the model's referential version from the job table, and the labels of
    the competencies they require (what titles and explanations show), not their sheets: one
    unit of work, two queries, however many jobs."""
    referential = model.referential
    vectors = model.vectors

    def read(keys: Collection[str]) -> dict[str, Job]:
        rows = [vectors.job_index[k] for k in keys if k in vectors.job_index]
        if not rows:
            return {}
        wanted = {
            vectors.competencies[c]
            for row in rows
            for c in vectors.presence.indices[
                vectors.presence.indptr[row] : vectors.presence.indptr[row + 1]
            ]
        }
        with uow_factory() as uow:
            jobs = uow.referentials.job_headers(
                referential.name, referential.version, [vectors.jobs[r] for r in rows]
            )
            missing = [c for c in sorted(wanted) if c not in referential.competencies]
            labels = uow.referentials.competency_labels(
                referential.name, referential.version, missing
            )
        referential.competencies.update(labels)
        return jobs

    return read
