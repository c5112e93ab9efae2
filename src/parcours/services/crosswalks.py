"""A job's equivalents and crosswalks: the jobs its job links lead to, in other referentials.

``job_crosswalks`` lists, for one job, the other end of every job link that is not rejected
(accepted first, then the proposals, best score first): the referential, the job's code and
title (a ROME code, an ESCO URI, the certification that prepares for it), the relation read
from the job, the status and score, and why it was proposed. The job sheet (page, API, CLI)
shows them; HR decides on them in the link review like on any other link.

Reading only: open like the catalogue. The other jobs are read from the job table alone
(a bank job's sheet does not load ROME's 33,000 competencies to show a code); a referential
that holds certifications (RNCP, small) is read whole to name the certification. A job that
left its referential since the link was made is still listed, with the label the link kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from parcours.domain.cartography import MapRole
from parcours.domain.certification import Certification
from parcours.domain.job import Job
from parcours.domain.links import Endpoint, Link, LinkKind, LinkRelation, LinkStatus, why
from parcours.services.ports import UowFactory
from parcours.services.ports.links import LinkQuery

# What the relation says, read from the job towards its crosswalk (French, translated by the
# pages).
RELATION_LABELS: dict[LinkRelation, str] = {
    LinkRelation.EXACT: "équivalent",
    LinkRelation.CLOSE: "très proche",
    LinkRelation.BROADER: "plus large",
    LinkRelation.NARROWER: "plus spécifique",
    LinkRelation.RELATED: "apparenté",
}


@dataclass(frozen=True, slots=True)
class CrosswalkCertification:
    """The certification of the other referential that prepares for the other job."""

    key: str
    title: str
    level: str | None


@dataclass(frozen=True, slots=True)
class Crosswalk:
    """The job at the other end of one job link, as the job sheet shows it."""

    referential: str
    key: str
    title: str
    grade: str | None
    code: str | None  # the job's code in its taxonomy (ROME code, ISCO group for ESCO)
    uri: str | None  # the job's URI (ESCO), or its source page
    certification: CrosswalkCertification | None
    reference: bool  # the other referential is a reference taxonomy, not the organisation's
    exists: bool  # the other job is in the latest version of its referential
    relation: LinkRelation  # read from the job towards this one
    status: LinkStatus
    score: float
    link_id: str
    reasons: tuple[str, ...]  # why it was proposed (the evidence, in French)
    decided_by: str | None = None
    decided_at: datetime | None = None

    @property
    def accepted(self) -> bool:
        return self.status is LinkStatus.ACCEPTED

    @property
    def relation_label(self) -> str:
        return RELATION_LABELS[self.relation]


def _order(link: Link) -> tuple[bool, float, str]:
    return (link.status is not LinkStatus.ACCEPTED, -link.score, link.id)


def job_crosswalks(uow_factory: UowFactory, referential: str, key: str) -> list[Crosswalk]:
    """The equivalents and crosswalks of the job ``key`` of ``referential``: the other end of
    each of its job links not rejected, accepted ones first, then proposals by score."""
    end = Endpoint(referential, key)
    query = LinkQuery(
        kind=LinkKind.JOB,
        statuses=(LinkStatus.ACCEPTED, LinkStatus.PROPOSED),
        referential=referential,
        search=key,
    )
    with uow_factory() as uow:
        links = sorted((k for k in uow.links.find(query) if end in k.ends), key=_order)
        wanted: dict[str, set[str]] = {}
        for link in links:
            other = link.other(end)
            wanted.setdefault(other.referential, set()).add(other.key)
        if not wanted:
            return []
        roles = {m.referential: m.role for m in uow.referentials.map_members()}
        certified = {s.name for s in uow.referentials.list_referentials() if s.certifications}
        jobs: dict[str, dict[str, Job]] = {}
        certifications: dict[str, dict[str, Certification]] = {}
        for name, keys in sorted(wanted.items()):
            if name in certified:  # a certification referential: small, read whole
                ref = uow.referentials.get(name)
                jobs[name] = dict(ref.jobs) if ref is not None else {}
                certifications[name] = dict(ref.certifications) if ref is not None else {}
            else:
                jobs[name] = uow.referentials.job_summaries(name, keys)
    return [_crosswalk(k, end, jobs, certifications, roles) for k in links]


def _crosswalk(
    link: Link,
    end: Endpoint,
    jobs: dict[str, dict[str, Job]],
    certifications: dict[str, dict[str, Certification]],
    roles: dict[str, MapRole],
) -> Crosswalk:
    other = link.other(end)
    job = jobs.get(other.referential, {}).get(other.key)
    cert = certifications.get(other.referential, {}).get(other.key)
    uri = job.url if job is not None and job.url else None
    return Crosswalk(
        referential=other.referential,
        key=other.key,
        title=job.title if job is not None else (link.label_of(other) or other.key),
        grade=job.grade if job is not None else None,
        code=job.code if job is not None else None,
        uri=uri,
        certification=(
            CrosswalkCertification(cert.key, cert.title, cert.level) if cert is not None else None
        ),
        reference=roles.get(other.referential) is MapRole.REFERENCE,
        exists=job is not None,
        relation=link.relation_from(end),
        status=link.status,
        score=round(link.score, 3),
        link_id=link.id,
        reasons=tuple(why(link)),
        decided_by=link.decided_by,
        decided_at=link.decided_at,
    )
