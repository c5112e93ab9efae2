"""JSON API, read side: referentials, versions, the job map, jobs, competencies, matrices."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from parcours.domain.codec import (
    certification_to_json,
    competency_to_json,
    job_to_json,
    matrix_to_json,
    mobility_to_json,
    source_to_json,
)
from parcours.domain.job import Job
from parcours.services import catalogue, crosswalks, exchange, search
from parcours.services.crosswalks import Crosswalk
from parcours.web import views
from parcours.web.deps import Uow
from parcours.web.http import MAX_PER_PAGE, NOT_MODIFIED, Page, cached_json, link_headers
from parcours.web.schemas import (
    ComparedOut,
    CompareOut,
    CompetencyOut,
    JobMapOut,
    JobOut,
    MapJobOut,
    MapNodeOut,
    ReferentialDetailOut,
    ReferentialOut,
    VersionOut,
)

router = APIRouter(prefix="/api/v1", tags=["catalogue"])

PageNumber = Annotated[int, Query(ge=1, le=100_000, description="Page (à partir de 1)")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Éléments par page")]
VersionParam = Annotated[
    int | None, Query(ge=1, le=1_000_000, description="Version (défaut : la dernière)")
]


def _ref_out(s: Any) -> ReferentialOut:
    return ReferentialOut(
        id=views.slug(s.name),
        name=s.name,
        organisation=s.organisation,
        version=s.version,
        jobs=s.jobs,
        competencies=s.competencies,
        mobilities=s.mobilities,
        certifications=s.certifications,
    )


def _map_job(job: Job) -> MapJobOut:
    return MapJobOut(id=job.key, title=job.title, grade=job.grade, has_sheet=job.has_sheet)


def _node(node: views.MapNode) -> MapNodeOut:
    return MapNodeOut(
        label=node.label,
        count=node.count,
        children=[_node(c) for c in node.sorted_children()],
        jobs=[_map_job(j) for j in node.jobs],
    )


def _paged(request: Request, items: list[Any], page: int, per_page: int) -> Response:
    window = Page(page, per_page, len(items))
    body = [i.model_dump(mode="json") for i in items[window.start : window.start + per_page]]
    return cached_json(request, body, headers=link_headers(request, window))


@router.get("/referentials", response_model=list[ReferentialOut], responses=NOT_MODIFIED)
def referentials(request: Request, uow: Uow) -> Response:
    """Les référentiels importés, avec leur dernière version et leurs effectifs."""
    data = [_ref_out(s).model_dump() for s in catalogue.list_referentials(uow)]
    return cached_json(request, data)


@router.get(
    "/referentials/{referential}", response_model=ReferentialDetailOut, responses=NOT_MODIFIED
)
def referential(request: Request, uow: Uow, referential: str) -> Response:
    """Un référentiel (par son nom ou son identifiant) et toutes ses versions."""
    name = views.resolve_referential(uow, referential)
    summary = next(s for s in catalogue.list_referentials(uow) if s.name == name)
    versions = [
        VersionOut(
            number=v.number,
            created_at=v.created_at,
            summary=v.summary,
            status=v.status,
            documents=v.documents,
        )
        for v in catalogue.list_versions(uow, name)
    ]
    out = ReferentialDetailOut(**_ref_out(summary).model_dump(), versions=versions)
    return cached_json(request, out.model_dump(mode="json"))


@router.get(
    "/referentials/{referential}/versions",
    response_model=list[VersionOut],
    responses=NOT_MODIFIED,
)
def versions(request: Request, uow: Uow, referential: str) -> Response:
    name = views.resolve_referential(uow, referential)
    data = [
        VersionOut(
            number=v.number,
            created_at=v.created_at,
            summary=v.summary,
            status=v.status,
            documents=v.documents,
        ).model_dump(mode="json")
        for v in catalogue.list_versions(uow, name)
    ]
    return cached_json(request, data)


@router.get("/referentials/{referential}/map", response_model=JobMapOut, responses=NOT_MODIFIED)
def job_map(request: Request, uow: Uow, referential: str, version: VersionParam = None) -> Response:
    """La cartographie : famille > filière > métier > fonction, avec les effectifs."""
    name = views.resolve_referential(uow, referential)
    # The jobs only for the latest version (ROME 4.0 read whole: 4 s at the first call).
    if version is None:
        ref = catalogue.referential_outline(uow, name)
    else:
        ref = exchange.referential_at(uow, name, version)
    root = views.job_map(ref)
    out = JobMapOut(
        referential=ref.name,
        version=ref.version,
        count=root.count,
        families=[_node(c) for c in root.sorted_children()],
    )
    return cached_json(request, out.model_dump(mode="json"))


def _job_out(j: catalogue.JobSummary) -> JobOut:
    return JobOut(
        referential=j.referential,
        referential_id=views.slug(j.referential),
        id=j.key,
        title=j.title,
        grade=j.grade,
        has_sheet=j.has_sheet,
        family=j.family,
        filiere=j.filiere,
        metier=j.metier,
    )


def _filtered_jobs(
    uow: Any,
    q: str | None,
    referential: str | None,
    family: str | None,
    filiere: str | None,
    metier: str | None,
    has_sheet: bool | None,
) -> list[JobOut]:
    name = views.resolve_referential(uow, referential) if referential else None
    jobs = catalogue.list_jobs(uow, search=q or None, referential=name)
    return [
        _job_out(j)
        for j in jobs
        if (family is None or j.family == family)
        and (filiere is None or j.filiere == filiere)
        and (metier is None or j.metier == metier)
        and (has_sheet is None or j.has_sheet == has_sheet)
    ]


@router.get(
    "/jobs",
    response_model=list[JobOut],
    responses={
        200: {"description": "Une page de postes ; en-têtes Link (RFC 8288) et X-Total-Count"},
        **NOT_MODIFIED,
    },
)
def jobs(
    request: Request,
    uow: Uow,
    q: Annotated[str | None, Query(description="Mots cherchés", max_length=200)] = None,
    referential: Annotated[str | None, Query(description="Nom ou identifiant")] = None,
    family: str | None = None,
    filiere: str | None = None,
    metier: str | None = None,
    has_sheet: bool | None = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> Response:
    """Les postes, filtrés et paginés (`page`, `per_page`)."""
    found = _filtered_jobs(uow, q, referential, family, filiere, metier, has_sheet)
    return _paged(request, found, page, per_page)


@router.get("/referentials/{referential}/jobs", response_model=list[JobOut], responses=NOT_MODIFIED)
def referential_jobs(
    request: Request,
    uow: Uow,
    referential: str,
    q: Annotated[str | None, Query(max_length=200)] = None,
    family: str | None = None,
    filiere: str | None = None,
    metier: str | None = None,
    has_sheet: bool | None = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> Response:
    found = _filtered_jobs(uow, q, referential, family, filiere, metier, has_sheet)
    return _paged(request, found, page, per_page)


def sheet_json(sheet: catalogue.JobSheet, walks: list[Crosswalk] | None = None) -> dict[str, Any]:
    rid = views.slug(sheet.referential)
    data = job_to_json(sheet.job, rid)
    data["version"] = sheet.version
    data["competencies"] = [competency_to_json(c, rid) for c in sheet.competencies.values()]
    data["mobilities"] = [mobility_to_json(m, rid) for m, _ in sheet.moves_out]
    data["mobilities_in"] = [mobility_to_json(m, rid) for m, _ in sheet.moves_in]
    data["sources"] = [source_to_json(d, d.filename, [rid]) for d in sheet.documents.values()]
    if walks is not None:
        data["crosswalks"] = [crosswalk_json(c) for c in walks]
    return data


def crosswalk_json(c: Crosswalk) -> dict[str, Any]:
    """One equivalent or crosswalk of a job: the other job (its referential, code, title,
    URI, certification), the link's relation read from the job, status, score and reasons."""
    rid = views.slug(c.referential)
    cert = c.certification
    return {
        "referential": rid,
        "referential_name": c.referential,
        "job": c.key,
        "title": c.title,
        "grade": c.grade,
        "code": c.code,
        "uri": c.uri,
        "certification": (
            {"id": cert.key, "title": cert.title, "level": cert.level} if cert else None
        ),
        "reference": c.reference,
        "exists": c.exists,
        "href": f"/api/v1/referentials/{rid}/jobs/{c.key}" if c.exists else None,
        "relation": c.relation.value,
        "status": c.status.value,
        "score": c.score,
        "link": c.link_id,
        "reasons": list(c.reasons),
        "decided_by": c.decided_by,
        "decided_at": c.decided_at.isoformat() if c.decided_at is not None else None,
    }


@router.get(
    "/referentials/{referential}/jobs/{key}",
    response_model=dict[str, Any],
    responses=NOT_MODIFIED,
)
def job(request: Request, uow: Uow, referential: str, key: str) -> Response:
    """La fiche d'un poste (format parcours/1), ses compétences, ses mobilités, ses sources,
    et ses équivalences et correspondances (``crosswalks`` : les postes d'autres référentiels
    liés, validés d'abord puis proposés ; jamais les liens rejetés)."""
    sheet = catalogue.job_sheet(uow, key, views.resolve_referential(uow, referential))
    found = crosswalks.job_crosswalks(uow, sheet.referential, sheet.job.key)
    return cached_json(request, sheet_json(sheet, found))


@router.get(
    "/referentials/{referential}/competencies",
    response_model=list[CompetencyOut],
    responses=NOT_MODIFIED,
)
def competencies(
    request: Request,
    uow: Uow,
    referential: str,
    q: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[str | None, Query(pattern="^(savoir|savoir-faire|savoir-etre)$")] = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> Response:
    """Les compétences d'un référentiel, filtrées (mots, type) et paginées."""
    # Their labels and requirement counts only (ROME 4.0 read whole: 4 s at the first call).
    ref, counts = catalogue.competency_index(uow, views.resolve_referential(uow, referential))
    wanted = {c.key for _, c in views.matching_competencies([ref], q, limit=10**9)} if q else None
    items = [
        CompetencyOut(
            referential_id=views.slug(ref.name),
            id=c.key,
            label=c.label,
            kind=c.kind.value,
            category=c.category,
            domain=c.domain,
            jobs=counts.get(c.key, 0),
        )
        for c in ref.competencies.values()
        if (wanted is None or c.key in wanted) and (kind is None or c.kind.value == kind)
    ]
    return _paged(request, items, page, per_page)


@router.get(
    "/referentials/{referential}/competencies/{key}",
    response_model=dict[str, Any],
    responses=NOT_MODIFIED,
)
def competency(request: Request, uow: Uow, referential: str, key: str) -> Response:
    """Une compétence et les postes qui la demandent."""
    ref = catalogue.competency_sheet(uow, views.resolve_referential(uow, referential), key)
    comp = ref.competencies[key]
    data = competency_to_json(comp, views.slug(ref.name))
    data["jobs"] = [
        {
            "id": j.key,
            "title": j.title,
            "grade": j.grade,
            "importance": r.importance.value,
            "level": r.level,
        }
        for j, r in views.jobs_requiring(ref, key)
    ]
    return cached_json(request, data)


@router.get(
    "/referentials/{referential}/certifications",
    response_model=list[dict[str, Any]],
    responses=NOT_MODIFIED,
)
def certifications(request: Request, uow: Uow, referential: str) -> Response:
    """Les certifications : blocs, compétences, modalités, critères, règles."""
    ref = exchange.referential_at(uow, views.resolve_referential(uow, referential))
    rid = views.slug(ref.name)
    return cached_json(
        request, [certification_to_json(c, rid) for c in ref.certifications.values()]
    )


@router.get(
    "/referentials/{referential}/matrices",
    response_model=list[dict[str, Any]],
    responses=NOT_MODIFIED,
)
def matrices(request: Request, uow: Uow, referential: str) -> Response:
    """Les matrices postes x activités et postes x compétences, cellule par cellule."""
    ref = catalogue.matrices(uow, views.resolve_referential(uow, referential))
    rid = views.slug(ref.name)
    return cached_json(request, [matrix_to_json(m, rid) for m in ref.matrices])


def _compared(items: list[views.ComparedCompetency]) -> list[ComparedOut]:
    return [
        ComparedOut(
            id=c.key,
            label=c.label,
            kind=c.kind,
            level_a=c.level_a,
            level_b=c.level_b,
            links=list(c.links),
        )
        for c in items
    ]


@router.get("/compare", response_model=CompareOut, responses=NOT_MODIFIED)
def compare(
    request: Request,
    uow: Uow,
    a: Annotated[str, Query(description="référentiel:clé du poste A", max_length=400)],
    b: Annotated[str, Query(description="référentiel:clé du poste B", max_length=400)],
) -> Response:
    """Deux postes côte à côte : compétences communes, manquantes, écarts de niveau."""
    result = views.load_pair(uow, a, b)
    out = CompareOut(
        a=_map_job(result.a.job),
        b=_map_job(result.b.job),
        shared=_compared(result.shared),
        only_a=_compared(result.only_a),
        only_b=_compared(result.only_b),
        level_differences=_compared(result.level_differences),
    )
    return cached_json(request, out.model_dump(mode="json"))


@router.get("/search", response_model=dict[str, Any], responses=NOT_MODIFIED)
def search_api(
    request: Request,
    uow: Uow,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Mots cherchés")],
    kind: Annotated[
        list[Literal["job", "competency", "certification"]] | None,
        Query(description="Types cherchés (défaut : tous)"),
    ] = None,
    referential: Annotated[str | None, Query(description="Nom ou identifiant")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 20,
    prefix: Annotated[
        bool, Query(description="Le dernier mot peut être le début d'un mot (saisie en cours)")
    ] = False,
) -> Response:
    """Postes, compétences et certifications contenant chaque mot (accents, casse, pluriel,
    genre et une faute de frappe par mot pardonnés), groupés par type, les meilleurs d'abord."""
    name = views.resolve_referential(uow, referential) if referential else None
    results = search.search(
        uow, q, kinds=set(kind) if kind else None, referential=name, limit=limit, prefix=prefix
    )
    data = {
        "query": results.query,
        "expansions": {k: list(v) for k, v in results.expansions.items()},
        "totals": dict(results.totals),
        "groups": {
            group: [
                {
                    "referential": hit.referential,
                    "referential_id": views.slug(hit.referential),
                    "id": hit.key,
                    "label": hit.label,
                    "label_html": hit.label_html,
                    "score": hit.score,
                    "highlights": [
                        {"field": h.field, "name": h.name, "html": h.html} for h in hit.highlights
                    ],
                }
                for hit in hits
            ]
            for group, hits in results.groups.items()
        },
    }
    return cached_json(request, data)
