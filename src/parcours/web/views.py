"""What the pages show, computed from the services' results: no storage, no HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup, escape

from parcours.domain.codec import referential_id
from parcours.domain.competency import Competency, CompetencyKind, Requirement
from parcours.domain.errors import NotFoundError
from parcours.domain.job import Activity, Job
from parcours.domain.links import Endpoint
from parcours.domain.provenance import Provenance, SourceDocument
from parcours.domain.referential import Referential
from parcours.services import catalogue, mobility
from parcours.services.ports import UowFactory

UNCLASSIFIED = "(non classé)"
KIND_ORDER: tuple[CompetencyKind, ...] = (
    CompetencyKind.SAVOIR_FAIRE,
    CompetencyKind.SAVOIR,
    CompetencyKind.SAVOIR_ETRE,
)
KIND_TITLES: dict[str, str] = {
    "savoir": "Savoirs",
    "savoir-faire": "Savoir-faire",
    "savoir-etre": "Savoir-être",
}
IMPORTANCE_LABELS = {
    "essential": "essentielle",
    "optional": "optionnelle",
    "indicative": "indicative",
}
MOBILITY_LABELS = {
    "vertical": "verticale",
    "horizontal": "horizontale",
    "within_metier": "dans le métier",
    "example_path": "exemple de parcours",
    "unspecified": "non précisée",
}
SECTION_LABELS = {
    "jobs": "Postes",
    "competencies": "Compétences",
    "mobilities": "Mobilités",
    "certifications": "Certifications",
    "trainings": "Formations",
    "matrices": "Matrices",
    "notes": "Notes",
    "documents": "Documents",
}
DRAFT_STATUS = {"pending": "en attente", "published": "publié", "discarded": "abandonné"}


def resolve_referential(uow_factory: UowFactory, value: str) -> str:
    """The name of the referential given by its name or its id (slug) in a URL."""
    summaries = catalogue.list_referentials(uow_factory)
    for s in summaries:
        if value == s.name:
            return s.name
    for s in summaries:
        if value == referential_id(s.name):
            return s.name
    raise NotFoundError(f"référentiel inconnu : « {value} »")


def slug(name: str) -> str:
    return referential_id(name)


# -- job map --------------------------------------------------------------------------------


@dataclass(slots=True)
class MapNode:
    """A level of the job map (family, filière or métier) with the jobs below it."""

    label: str
    children: dict[str, MapNode] = field(default_factory=dict)
    jobs: list[Job] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.jobs) + sum(c.count for c in self.children.values())

    def sorted_children(self) -> list[MapNode]:
        return sorted(self.children.values(), key=lambda n: (n.label == UNCLASSIFIED, n.label))


def job_map(ref: Referential) -> MapNode:
    """family > filière > métier > fonction; jobs without a level go under "(non classé)"."""
    root = MapNode(ref.name)
    for job in sorted(ref.jobs.values(), key=lambda j: (not j.has_sheet, j.title, j.grade or "")):
        node = root
        for level in (job.family, job.filiere, job.metier):
            label = level or UNCLASSIFIED
            node = node.children.setdefault(label, MapNode(label))
        node.jobs.append(job)
    return root


# -- job sheet ------------------------------------------------------------------------------


@dataclass(slots=True)
class RequirementView:
    requirement: Requirement
    competency: Competency | None

    @property
    def label(self) -> str:
        return self.competency.label if self.competency else self.requirement.competency


def activities_by_domain(job: Job) -> list[tuple[str | None, list[Activity]]]:
    groups: dict[str | None, list[Activity]] = {}
    for activity in job.activities:
        groups.setdefault(activity.domain, []).append(activity)
    return list(groups.items())


def requirements_by_kind(
    job: Job, competencies: dict[str, Competency]
) -> list[tuple[str, list[RequirementView]]]:
    groups: dict[str, list[RequirementView]] = {}
    for req in job.requirements:
        comp = competencies.get(req.competency)
        kind = comp.kind.value if comp else "savoir-faire"
        groups.setdefault(kind, []).append(RequirementView(req, comp))
    return [(k.value, groups[k.value]) for k in KIND_ORDER if k.value in groups]


def provenance_label(prov: Provenance, documents: dict[str, SourceDocument], unknown: str) -> str:
    doc = documents.get(prov.document)
    name = doc.filename if doc else f"{unknown} {prov.document[:12]}"
    where = str(prov.position)
    return name if where == "?" else f"{name}, {where}"


# -- competency -----------------------------------------------------------------------------


def jobs_requiring(ref: Referential, key: str) -> list[tuple[Job, Requirement]]:
    out: list[tuple[Job, Requirement]] = []
    for job in ref.jobs.values():
        for req in job.requirements:
            if req.competency == key:
                out.append((job, req))
                break
    return sorted(out, key=lambda t: (t[0].title, t[0].grade or ""))


@dataclass(frozen=True, slots=True)
class CompetencyListing:
    """One page of a referential's competencies, filtered by words of their label and kind."""

    groups: list[tuple[str, list[Competency]]]  # this page's, by kind (``competencies_by_kind``)
    counts: dict[str, int]  # the matching competencies per kind, all pages
    total: int  # matching
    everything: int  # in the referential
    page: int
    pages: int


def list_competencies(
    ref: Referential, query: str | None, kind: str | None, page: int, size: int
) -> CompetencyListing:
    """The page ``page`` (of ``size``) of the competencies whose label holds every word of
    ``query`` (accents and case aside) and of kind ``kind`` (None or an unknown kind: all),
    ordered as ``competencies_by_kind``; a page past the end shows the last one."""
    words = _fold(query).split() if query else []
    ordered = [c for _kind, items in competencies_by_kind(ref) for c in items]
    matching = [
        c
        for c in ordered
        if (kind is None or c.kind.value == kind) and all(w in _fold(c.label) for w in words)
    ]
    counts: dict[str, int] = {}
    for c in matching:
        counts[c.kind.value] = counts.get(c.kind.value, 0) + 1
    pages = max(1, -(-len(matching) // size))
    page = min(max(page, 1), pages)
    chosen = matching[(page - 1) * size : page * size]
    shown = Referential(ref.name, competencies={c.key: c for c in chosen})
    return CompetencyListing(
        competencies_by_kind(shown), counts, len(matching), len(ref.competencies), page, pages
    )


def competencies_by_kind(ref: Referential) -> list[tuple[str, list[Competency]]]:
    groups: dict[str, list[Competency]] = {}
    for comp in sorted(ref.competencies.values(), key=lambda c: c.label.casefold()):
        groups.setdefault(comp.kind.value, []).append(comp)
    return [(k.value, groups[k.value]) for k in KIND_ORDER if k.value in groups]


# -- compare --------------------------------------------------------------------------------


@dataclass(slots=True)
class ComparedCompetency:
    key: str
    label: str
    kind: str
    level_a: int | None = None
    level_b: int | None = None
    links: tuple[str, ...] = ()  # the links between documents that make A's and B's item one


@dataclass(slots=True)
class Comparison:
    a: catalogue.JobSheet
    b: catalogue.JobSheet
    shared: list[ComparedCompetency]
    only_a: list[ComparedCompetency]
    only_b: list[ComparedCompetency]

    @property
    def level_differences(self) -> list[ComparedCompetency]:
        return [
            c
            for c in self.shared
            if c.level_a is not None and c.level_b is not None and c.level_a != c.level_b
        ]


def _levels(
    sheet: catalogue.JobSheet, bridge: mobility.Bridge | None
) -> dict[str, tuple[ComparedCompetency, str]]:
    """The sheet's requirements by canonical key (the item's own key without a map), each
    with the item's key in the sheet's referential."""
    out: dict[str, tuple[ComparedCompetency, str]] = {}
    for req in sheet.job.requirements:
        comp = sheet.competencies.get(req.competency)
        key = bridge.key(sheet.referential, req.competency) if bridge else req.competency
        label = comp.label if comp else req.competency
        if bridge is not None and key in bridge.labels and "::" not in key:
            label = bridge.labels[key]
        # The item keeps its own key (the API's id); the canonical key only pairs A and B.
        item = ComparedCompetency(
            req.competency, label, comp.kind.value if comp else "savoir-faire"
        )
        item.level_a = req.level
        out.setdefault(key, (item, req.competency))
    return out


def _by_label(items: Iterable[ComparedCompetency]) -> list[ComparedCompetency]:
    return sorted(items, key=lambda c: c.label.casefold())


def compare(
    a: catalogue.JobSheet, b: catalogue.JobSheet, bridge: mobility.Bridge | None = None
) -> Comparison:
    """Competencies both jobs need, and those only one needs. With a ``bridge`` (the map's
    canonical competencies), items of two documents that HR linked count as one, and the
    links are named."""
    left, right = _levels(a, bridge), _levels(b, bridge)
    shared: list[ComparedCompetency] = []
    for key, (item, own) in left.items():
        if key in right:
            other, theirs = right[key]
            item.level_b = other.level_a
            if bridge is not None:
                uses = bridge.why(Endpoint(a.referential, own), Endpoint(b.referential, theirs))
                item.links = tuple(u.text for u in uses)
            shared.append(item)
    only_b = [item for key, (item, _) in right.items() if key not in left]
    for item in only_b:
        item.level_b, item.level_a = item.level_a, None
    return Comparison(
        a,
        b,
        _by_label(shared),
        _by_label(item for key, (item, _) in left.items() if key not in right),
        _by_label(only_b),
    )


def load_pair(uow_factory: UowFactory, a: str, b: str) -> Comparison:
    """Two jobs compared (the API's /compare and the page /comparer), ``a`` and ``b`` as
    ``<referential>:<job key>`` (name or id of the referential)."""
    sheets: list[catalogue.JobSheet] = []
    for value in (a, b):
        ref, sep, key = value.rpartition(":")
        if not sep or not ref or not key:
            raise NotFoundError(f"poste attendu sous la forme référentiel:clé, reçu « {value} »")
        sheets.append(catalogue.job_sheet(uow_factory, key, resolve_referential(uow_factory, ref)))
    bridge = mobility.competency_bridge(
        uow_factory, [(s.referential, [r.competency for r in s.job.requirements]) for s in sheets]
    )
    return compare(sheets[0], sheets[1], bridge)


# -- search ---------------------------------------------------------------------------------


def highlight(text: str, query: str) -> Markup:
    """``text`` with the words of ``query`` marked (case-insensitive, accents as written)."""
    words = [re.escape(w) for w in re.findall(r"\w{2,}", query)]
    if not words:
        return escape(text)
    pattern = re.compile("(" + "|".join(words) + ")", re.IGNORECASE)
    parts = pattern.split(text)
    out = Markup("")
    for i, part in enumerate(parts):
        out += Markup("<mark>{}</mark>").format(part) if i % 2 else escape(part)
    return out


@lru_cache(maxsize=131072)
def _fold(text: str) -> str:
    # Cached: a filter of the competencies' list folds every label of the referential (33,622
    # for ROME 4.0) at each request.
    return slug(text).replace("-", " ")


def matching_competencies(
    refs: Iterable[Referential], query: str, limit: int = 50
) -> list[tuple[Referential, Competency]]:
    words = _fold(query).split()
    out: list[tuple[Referential, Competency]] = []
    for ref in refs:
        for comp in ref.competencies.values():
            label = _fold(comp.label)
            if words and all(w in label for w in words):
                out.append((ref, comp))
    return out[:limit]


def matching_certifications(refs: Iterable[Referential], query: str) -> list[tuple[str, str, str]]:
    words = _fold(query).split()
    return [
        (ref.name, cert.key, cert.title)
        for ref in refs
        for cert in ref.certifications.values()
        if words and all(w in _fold(cert.title) for w in words)
    ]
