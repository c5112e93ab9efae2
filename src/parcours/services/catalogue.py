"""Read use cases: referentials, jobs, a job's sheet, competencies, export."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parcours.domain.codec import to_document
from parcours.domain.competency import Competency
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.job import Job
from parcours.domain.mobility import Mobility
from parcours.domain.provenance import SourceDocument
from parcours.domain.referential import Referential
from parcours.engine.normalise import fold, job_key, split_grade, tokens
from parcours.services.ports import ReferentialSummary, UnitOfWork, UowFactory, VersionInfo


class AmbiguousJobError(ParcoursError):
    """Several jobs answer to the name asked for."""

    def __init__(self, query: str, candidates: list[JobSummary]) -> None:
        names = ", ".join(f"{c.title} ({c.referential})" for c in candidates[:10])
        super().__init__(f"« {query} » désigne plusieurs postes : {names}")
        self.candidates = candidates


@dataclass(frozen=True, slots=True)
class JobSummary:
    referential: str
    key: str
    title: str
    grade: str | None
    has_sheet: bool
    family: str | None
    filiere: str | None
    metier: str | None


@dataclass(slots=True)
class JobSheet:
    """A job with everything needed to show it: its competencies, moves, sources."""

    referential: str
    version: int
    job: Job
    competencies: dict[str, Competency]
    moves_out: list[tuple[Mobility, Job]] = field(default_factory=list)
    moves_in: list[tuple[Mobility, Job]] = field(default_factory=list)
    documents: dict[str, SourceDocument] = field(default_factory=dict)


def _summary(ref: Referential, job: Job) -> JobSummary:
    return JobSummary(
        ref.name, job.key, job.title, job.grade, job.has_sheet, job.family, job.filiere, job.metier
    )


def list_referentials(uow_factory: UowFactory) -> list[ReferentialSummary]:
    with uow_factory() as uow:
        return uow.referentials.list_referentials()


def list_versions(uow_factory: UowFactory, name: str) -> list[VersionInfo]:
    with uow_factory() as uow:
        versions = uow.referentials.list_versions(name)
    if not versions:
        raise NotFoundError(f"référentiel inconnu : « {name} »")
    return versions


def load_referentials(uow_factory: UowFactory, names: list[str] | None = None) -> list[Referential]:
    """The latest versions of the named referentials (all when ``names`` is None)."""
    with uow_factory() as uow:
        wanted = names or list(uow.referentials.latest_versions())
        out: list[Referential] = []
        for name in wanted:
            ref = uow.referentials.get(name)
            if ref is None:
                raise NotFoundError(f"référentiel inconnu : « {name} »")
            out.append(ref)
        return out


def _job_text(job: Job) -> str:
    """The job's words (folded, singular) of its title, alt titles, activities and grade, each
    after a space: " w" in it says whether a word starts with w (a whole word included).

    The labels are folded as one text (folding works letter by letter, so the words are those
    of each label folded alone): a search runs this over every job of a referential."""
    words = set(tokens(" ".join([job.title, *job.alt_titles, *(a.label for a in job.activities)])))
    if job.grade:
        words.add(fold(job.grade))
    return "".join(f" {word}" for word in words)


def matches(job: Job, search: str) -> bool:
    """Every word of the search (folded, singular) appears in the job's title, alt titles,
    activities or grade; a word may also be a prefix of one of them."""
    text = _job_text(job)
    return all(f" {w}" in text for w in tokens(search))


def _names(uow: UnitOfWork, referential: str | None) -> list[str]:
    """The referential asked for (NotFoundError when unknown), or all of them."""
    names = list(uow.referentials.latest_versions())
    if referential is None:
        return names
    if referential not in names:
        raise NotFoundError(f"référentiel inconnu : « {referential} »")
    return [referential]


def _outlines(uow: UnitOfWork, names: list[str]) -> list[Referential]:
    """The referentials' jobs and activities only: lists and searches of jobs read no more."""
    found = [uow.referentials.job_outlines(name) for name in names]
    return [ref for ref in found if ref is not None]


def list_jobs(
    uow_factory: UowFactory,
    *,
    search: str | None = None,
    referential: str | None = None,
    with_sheet_only: bool = False,
) -> list[JobSummary]:
    with uow_factory() as uow:
        refs = _outlines(uow, _names(uow, referential))
    out: list[JobSummary] = []
    for ref in refs:
        for job in ref.jobs.values():
            if with_sheet_only and not job.has_sheet:
                continue
            if search and not matches(job, search):
                continue
            out.append(_summary(ref, job))
    return out


def _find(uow: UnitOfWork, names: list[str], query: str) -> list[tuple[str, Job]]:
    """The jobs ``query`` names: by key (or "referential:key"), else by the key of the title
    and grade it gives, else by the words of their titles (``matches``); each step reads only
    what it needs (job rows by key, then the jobs' outlines)."""
    title, grade = split_grade(query)
    key = job_key(title, grade)
    exact: list[tuple[str, Job]] = []
    by_key: list[tuple[str, Job]] = []
    for name in names:
        wanted = {query, key}
        if query.startswith(f"{name}:"):
            wanted.add(query[len(name) + 1 :])
        jobs = uow.referentials.job_summaries(name, wanted)
        exact += [(name, j) for j in jobs.values() if query in (j.key, f"{name}:{j.key}")]
        by_key += [(name, j) for j in jobs.values() if j.key == key]
    if exact:
        return exact
    if by_key:
        return by_key
    return [
        (r.name, j) for r in _outlines(uow, names) for j in r.jobs.values() if matches(j, query)
    ]


# A job is asked for by its key or title: longer is no job (and costs every job a comparison).
MAX_JOB_QUERY = 500


def job_sheet(uow_factory: UowFactory, query: str, referential: str | None = None) -> JobSheet:
    """The sheet of the job named by its key, its title (with grade) or words of its title;
    reads that job, its competencies and moves, not the whole referential."""
    if len(query) > MAX_JOB_QUERY:
        size = f"{len(query):,}".replace(",", "\u202f")
        raise ParcoursError(
            f"poste demandé trop long : {size} caractères, {MAX_JOB_QUERY} au plus "
            "(une clé, un intitulé ou des mots de l'intitulé)"
        )
    with uow_factory() as uow:
        found = _find(uow, _names(uow, referential), query)
        if not found:
            raise NotFoundError(f"aucun poste ne correspond à « {query} »")
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
        name, found_job = found[0]
        ref = uow.referentials.job_slice(name, found_job.key)
    if ref is None:  # removed by a new version since it was found
        raise NotFoundError(f"aucun poste ne correspond à « {query} »")
    job = ref.jobs[found_job.key]
    return JobSheet(
        referential=ref.name,
        version=ref.version,
        job=job,
        competencies={
            r.competency: ref.competencies[r.competency]
            for r in job.requirements
            if r.competency in ref.competencies
        },
        moves_out=[(m, ref.jobs[m.target]) for m in ref.mobilities if m.source == job.key],
        moves_in=[(m, ref.jobs[m.source]) for m in ref.mobilities if m.target == job.key],
        documents={d.sha256: d for d in ref.documents.values()},
    )


def referential_outline(uow_factory: UowFactory, name: str) -> Referential:
    """The latest version of ``name`` without its competencies and requirements (the store's
    ``referential_outline``): what a page around one job reads besides its sheet."""
    with uow_factory() as uow:
        found = uow.referentials.referential_outline(name)
    if found is None:
        raise NotFoundError(f"référentiel inconnu : « {name} »")
    return found


def competency_list(uow_factory: UowFactory, name: str) -> Referential:
    """The latest version of ``name`` reduced to its competencies' labels (key, label, kind,
    category, domain: no definitions, requirements nor provenance): what their list shows."""
    return _competencies(uow_factory, name, with_counts=False)[0]


def competency_index(uow_factory: UowFactory, name: str) -> tuple[Referential, dict[str, int]]:
    """``competency_list`` and how many requirements name each competency (jobs requiring it,
    as many times as they do), read together from the latest version."""
    return _competencies(uow_factory, name, with_counts=True)


def _competencies(
    uow_factory: UowFactory, name: str, *, with_counts: bool
) -> tuple[Referential, dict[str, int]]:
    with uow_factory() as uow:
        versions = uow.referentials.list_versions(name)
        if not versions:
            raise NotFoundError(f"référentiel inconnu : « {name} »")
        number = versions[-1].number
        labels = uow.referentials.competency_labels(name, number, None)
        counts = uow.referentials.requirement_counts(name, number) if with_counts else {}
    return Referential(name, version=number, competencies=labels), counts


def competency_sheet(uow_factory: UowFactory, name: str, key: str) -> Referential:
    """The latest version of ``name`` reduced to its competency ``key`` and the jobs that
    require it, each with that requirement (the store's ``competency_slice``)."""
    with uow_factory() as uow:
        found = uow.referentials.competency_slice(name, key)
    if found is None:
        raise NotFoundError(f"aucune compétence « {key} » dans « {name} »")
    return found


@dataclass(frozen=True, slots=True)
class MatrixView:
    """What a referential's matrices page shows, read without the rest of the referential."""

    referential: Referential  # its matrices, the chosen jobs whole and the competencies they need
    jobs: list[Job]  # every job with a sheet, to choose from (outlines: no requirements)
    selected: list[str]  # the chosen jobs' keys, in the order asked


def matrices(uow_factory: UowFactory, name: str) -> Referential:
    """The latest version of ``name`` reduced to its matrices (the store's ``jobs_slice`` of no
    job)."""
    with uow_factory() as uow:
        found = uow.referentials.jobs_slice(name, [])
    if found is None:
        raise NotFoundError(f"référentiel inconnu : « {name} »")
    return found


def matrix_view(
    uow_factory: UowFactory, name: str, keys: list[str] | None, *, default: int
) -> MatrixView:
    """The latest version's matrices and the requirements of the jobs ``keys`` (those it holds;
    the first ``default`` jobs with a sheet when none is asked for or held)."""
    for _attempt in range(3):  # a version written between the two reads: read again
        with uow_factory() as uow:
            outline = uow.referentials.job_outlines(name)
            if outline is None:
                raise NotFoundError(f"référentiel inconnu : « {name} »")
            with_sheet = [j for j in outline.jobs.values() if j.has_sheet]
            selected = [k for k in keys or [] if k in outline.jobs] or [
                j.key for j in with_sheet[:default]
            ]
            cut = uow.referentials.jobs_slice(name, selected)
        if cut is not None and cut.version == outline.version:
            break
    if cut is None:
        raise NotFoundError(f"référentiel inconnu : « {name} »")
    return MatrixView(cut, with_sheet, selected)


def export_document(uow_factory: UowFactory, names: list[str] | None = None) -> dict[str, Any]:
    """The parcours/1 document of the latest versions of the named referentials (or all)."""
    return to_document(load_referentials(uow_factory, names))
