"""The organisation's map: which referentials make it up, and every job of it in one tree.

- ``map_members`` lists every referential with its role (``organisation`` or ``reference``),
  declared by HR or given by default (taxonomies imported as bundles, ROME and ESCO, are
  references; documents are the organisation's);
- ``set_role`` records HR's declaration, signed and dated (HR only); the mobility models
  follow at once, since their cache key holds the roles;
- ``job_map`` lists the jobs of the organisation's referentials together, grouped by famille >
  filière > métier, each with its source document and line, the jobs of other organisation
  referentials it is one with (accepted equivalences) and the reference jobs it is linked to
  (accepted or proposed links, never rejected ones).

The engine's view of the map (canonical competencies, merged jobs, moves) is built by
``domain.cartography.compose`` and cached with the mobility models (``services/mobility.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from parcours.domain.access import Principal, require_hr
from parcours.domain.cartography import MapMember, MapRole
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.job import Job
from parcours.domain.links import Endpoint, Link, LinkKind, LinkStatus
from parcours.domain.referential import Referential
from parcours.services.ports import UowFactory
from parcours.services.ports.links import LinkQuery

UNCLASSIFIED = "Non classé"


@dataclass(frozen=True, slots=True)
class LinkedJob:
    """The other end of a job link, as the map shows it."""

    referential: str
    key: str
    title: str
    relation: str
    status: str
    score: float
    link_id: str


@dataclass(frozen=True, slots=True)
class MapJob:
    referential: str
    key: str
    title: str
    grade: str | None
    code: str | None
    has_sheet: bool
    document: str | None  # the source document's file name
    line: int | None
    equivalents: tuple[LinkedJob, ...] = ()  # jobs of other organisation referentials
    references: tuple[LinkedJob, ...] = ()  # reference jobs (ROME, ESCO, certifications…)


@dataclass(slots=True)
class MapGroup:
    family: str
    filiere: str
    metier: str
    jobs: list[MapJob] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class JobMap:
    members: list[MapMember]
    groups: list[MapGroup]

    @property
    def organisation(self) -> list[str]:
        return [m.referential for m in self.members if m.role is MapRole.ORGANISATION]

    @property
    def references(self) -> list[str]:
        return [m.referential for m in self.members if m.role is MapRole.REFERENCE]

    @property
    def job_count(self) -> int:
        return sum(len(g.jobs) for g in self.groups)


def map_members(uow_factory: UowFactory) -> list[MapMember]:
    with uow_factory() as uow:
        return uow.referentials.map_members()


def set_role(
    uow_factory: UowFactory, actor: Principal, referential: str, role: MapRole | str | None
) -> MapMember:
    """Declare ``referential`` part of the organisation's map or a reference (None: back to
    the default). HR only; the declaration is signed and dated."""
    require_hr(actor, "la composition de la cartographie")
    try:
        wanted = MapRole(role) if role is not None else None
    except ValueError:
        raise ParcoursError(
            f"rôle inconnu : « {role} » (attendu : organisation ou reference)"
        ) from None
    with uow_factory() as uow:
        uow.referentials.set_map_role(referential, wanted, by=actor.account, at=datetime.now(UTC))
        uow.commit()
        found = next(
            (m for m in uow.referentials.map_members() if m.referential == referential), None
        )
    if found is None:  # pragma: no cover - set_map_role raised already
        raise NotFoundError(f"référentiel inconnu : « {referential} »")
    return found


def _document(ref: Referential, job: Job) -> tuple[str | None, int | None]:
    if not job.provenance:
        return None, None
    first = job.provenance[0]
    names = {d.sha256: d.filename for d in ref.documents.values()}
    return names.get(first.document), first.position.line


def _linked(link: Link, end: Endpoint) -> LinkedJob:
    other = link.other(end)
    return LinkedJob(
        other.referential,
        other.key,
        link.label_of(other) or other.key,
        link.relation_from(end).value,
        link.status.value,
        round(link.score, 3),
        link.id,
    )


def job_map(uow_factory: UowFactory) -> JobMap:
    """Every job of the organisation's referentials, by famille > filière > métier."""
    with uow_factory() as uow:
        members = uow.referentials.map_members()
        names = [m.referential for m in members if m.role is MapRole.ORGANISATION]
        refs = [r for r in (uow.referentials.get(n) for n in names) if r is not None]
        links = uow.links.find(
            LinkQuery(kind=LinkKind.JOB, statuses=(LinkStatus.ACCEPTED, LinkStatus.PROPOSED))
        )
    organisation = set(names)
    by_end: dict[Endpoint, list[Link]] = {}
    for link in links:
        for end in link.ends:
            by_end.setdefault(end, []).append(link)
    groups: dict[tuple[str, str, str], MapGroup] = {}
    for ref in refs:
        for job in ref.jobs.values():
            end = Endpoint(ref.name, job.key)
            found = sorted(
                by_end.get(end, []),
                key=lambda k: (k.status is not LinkStatus.ACCEPTED, -k.score, k.id),
            )
            equivalents = tuple(
                _linked(k, end) for k in found if k.other(end).referential in organisation
            )
            references = tuple(
                _linked(k, end) for k in found if k.other(end).referential not in organisation
            )
            document, line = _document(ref, job)
            place = (
                job.family or UNCLASSIFIED,
                job.filiere or UNCLASSIFIED,
                job.metier or UNCLASSIFIED,
            )
            group = groups.setdefault(place, MapGroup(*place))
            group.jobs.append(
                MapJob(
                    ref.name,
                    job.key,
                    job.title,
                    job.grade,
                    job.code,
                    job.has_sheet,
                    document,
                    line,
                    equivalents,
                    references,
                )
            )
    ordered = sorted(
        groups.values(),
        key=lambda g: (
            g.family == UNCLASSIFIED,
            g.family.lower(),
            g.filiere == UNCLASSIFIED,
            g.filiere.lower(),
            g.metier.lower(),
        ),
    )
    for group in ordered:
        group.jobs.sort(key=lambda j: (j.title.lower(), j.grade or "", j.referential))
    return JobMap(members, ordered)
