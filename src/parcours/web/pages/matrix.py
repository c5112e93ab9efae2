"""The matrix view: the annex matrices cell for cell, and a jobs x competencies heatmap."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from parcours.domain.referential import Referential
from parcours.services import catalogue
from parcours.web import views
from parcours.web.deps import Uow, render
from parcours.web.svg import HeatRow, heatmap

router = APIRouter(include_in_schema=False)

DEFAULT_SELECTION = 8


def _requirement_table(ref: Referential, keys: list[str]) -> list[tuple[str, list[int | None]]]:
    """One row per competency required by a selected job: per job, the expected level
    (1-4), 0 when required without a level, None when not required."""
    levels: dict[str, dict[str, int]] = {}
    for key in keys:
        for req in ref.jobs[key].requirements:
            levels.setdefault(req.competency, {})[key] = req.level or 0

    def label(comp_key: str) -> str:
        comp = ref.competencies.get(comp_key)
        return comp.label if comp else comp_key

    return [
        (label(comp_key), [by_job.get(key) for key in keys])
        for comp_key, by_job in sorted(levels.items(), key=lambda t: label(t[0]).casefold())
    ]


def _heat(levels: list[int | None]) -> list[float | None]:
    return [None if v is None else (v / 4 if v else 0.25) for v in levels]


@router.get("/referentiels/{referential}/matrices", response_class=HTMLResponse)
def matrix_page(
    request: Request,
    uow: Uow,
    referential: str,
    postes: Annotated[list[str] | None, Query()] = None,
) -> HTMLResponse:
    # The matrices and the chosen jobs' requirements only: ROME 4.0 read whole took 7.5 s.
    view = catalogue.matrix_view(
        uow, views.resolve_referential(uow, referential), postes, default=DEFAULT_SELECTION
    )
    ref, with_sheet, selected = view.referential, view.jobs, view.selected
    annexes = []
    for index, matrix in enumerate(ref.matrices):
        rows = [
            HeatRow(r.label, [1.0 if c else None for c in r.cells], r.group) for r in matrix.rows
        ]
        picture = heatmap(
            f"annexe-{index}",
            matrix.title,
            "Carte de chaleur : une colonne par poste, une case foncée quand le poste exerce "
            "l'élément de la ligne ; le tableau qui suit donne les mêmes cases.",
            matrix.headers,
            rows,
        )
        annexes.append((matrix, picture))
    req_table = _requirement_table(ref, selected)
    req_rows = [HeatRow(label, _heat(levels)) for label, levels in req_table]
    titles = [f"{ref.jobs[k].title} {ref.jobs[k].grade or ''}".strip() for k in selected]
    picture = heatmap(
        "exigences",
        "Postes × compétences",
        "Carte de chaleur : plus la case est foncée, plus le niveau attendu est élevé ; "
        "le tableau qui suit donne les niveaux.",
        titles,
        req_rows,
    )
    return render(
        request,
        "matrix.html",
        {
            "ref": ref,
            "annexes": annexes,
            "jobs": with_sheet,
            "selected": selected,
            "titles": titles,
            "req_table": req_table,
            "req_picture": picture,
        },
    )
