"""`parcours people ...`: on the command line, acting as the account of an API token.

``list``, ``show``, ``assess``, ``history`` and ``scales`` are here; other modules register more
commands on ``people_app`` (``import``: cli_hris.py, ``plan``: cli_development.py).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from parcours.cli import DatabaseOption, _fail, app, out
from parcours.cli_accounts import TokenOption, acting, acting_as
from parcours.domain.competency import PROFICIENCY_SCALE
from parcours.domain.errors import ParcoursError
from parcours.domain.french import count
from parcours.domain.people import (
    MAX_OFFSET,
    MAX_PAGE,
    SOURCE_LABELS,
    SOURCE_PRECEDENCE,
    Assessment,
    Source,
)
from parcours.domain.scales import FREQUENCIES

people_app = typer.Typer(
    help="Personnes, profils de compétences et évaluations (agit comme le compte du jeton).",
    no_args_is_help=True,
)
app.add_typer(people_app, name="people")

PersonArgument = Annotated[str, typer.Argument(help="Pseudonyme de la personne.")]


def _measure(a: Assessment) -> str:
    if a.raw is None:
        return ""
    return f"{a.raw:.0%}" if a.scale == "qcm" else f"{a.raw:.2f}"


@people_app.command("list")
def list_(
    team: Annotated[str | None, typer.Option(help="Code d'équipe.")] = None,
    job: Annotated[str | None, typer.Option(help="Clé du poste.")] = None,
    offset: Annotated[int, typer.Option(min=0, max=MAX_OFFSET, help="Début de la page.")] = 0,
    limit: Annotated[int, typer.Option(min=1, max=MAX_PAGE, help="Taille.")] = 50,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Liste les personnes visibles par le compte (RH : toutes ; manager : ses équipes)."""
    from parcours.services import people

    page = acting(
        database_url, token, people.list_people, team=team, job=job, offset=offset, limit=limit
    )
    table = Table("pseudonyme", "nom", "poste", "équipe")
    for p in page.items:
        table.add_row(p.id, p.display_name or "", p.job or "", p.team or "")
    out.print(table)
    shown = f"{page.offset + 1}-{page.offset + len(page.items)}" if page.items else "0"
    out.print(f"{shown} sur {count(page.total, 'personne', 'personnes')}")


@people_app.command("show")
def show(
    person: PersonArgument,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Le profil d'une personne : niveau attendu et niveau actuel (source, date) par compétence."""
    from parcours.services import people

    view = acting(database_url, token, people.person_view, person)
    profile = view.profile
    out.print(
        f"[bold]{profile.person.label}[/bold] ({profile.person.id}) — "
        f"{profile.job_title or profile.person.job or 'sans poste'}, "
        f"équipe {profile.person.team or '—'}",
        highlight=False,
    )
    order = sorted(Source, key=lambda s: -SOURCE_PRECEDENCE[s])
    table = Table("compétence", "attendu", "actuel (source, date)", "dernière par source")
    table.columns[0].no_wrap = True
    for line in profile.lines:
        current = line.current
        table.add_row(
            line.competency,
            str(line.expected or ""),
            f"{current.level} {current.source.value} {current.assessed_on.isoformat()}"
            if current
            else "non évalué",
            " ".join(f"{s.value}:{line.latest[s].level}" for s in order if s in line.latest),
        )
    out.print(table)


@people_app.command("assess")
def assess(
    person: PersonArgument,
    competency: Annotated[str, typer.Argument(help="Clé de la compétence.")],
    source: Annotated[
        Source, typer.Option(help="self, manager, jury ou import (selon le rôle du compte).")
    ],
    score: Annotated[
        float | None,
        typer.Option(min=0.0, max=1.0, help="Savoir : part de bonnes réponses (0 à 1)."),
    ] = None,
    anchor: Annotated[
        int | None, typer.Option(min=1, max=4, help="Savoir-faire : repère de performance.")
    ] = None,
    frequencies: Annotated[
        str | None,
        typer.Option(help="Savoir-être : une fréquence 0-4 par indicateur, ex. 3,4,2."),
    ] = None,
    evidence: Annotated[str | None, typer.Option(help="Éléments de preuve.")] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="Date de l'évaluation (AAAA-MM-JJ).")
    ] = None,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Évalue une compétence sur l'échelle de son type ; l'historique est conservé."""
    from parcours.services import people

    with acting_as(database_url, token) as (uow, principal):
        try:
            values = (
                [int(v) for v in frequencies.replace(";", ",").split(",") if v.strip()]
                if frequencies
                else None
            )
            when = date.fromisoformat(on) if on else None
        except ValueError as exc:
            raise _fail(ParcoursError(f"valeur invalide : {exc}")) from exc
        recorded = people.assess(
            uow,
            principal,
            person,
            competency,
            source=source,
            score=score,
            anchor=anchor,
            frequencies=values,
            assessed_on=when,
            evidence=evidence,
        )
    out.print(
        f"Évaluation enregistrée : {recorded.competency} = {recorded.level} "
        f"({PROFICIENCY_SCALE[recorded.level]}), {SOURCE_LABELS[recorded.source]}, "
        f"{recorded.assessed_on.isoformat()}",
        markup=False,
        highlight=False,
    )


@people_app.command("history")
def history(
    person: PersonArgument,
    competency: Annotated[str | None, typer.Option(help="Une compétence seulement.")] = None,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """L'historique des évaluations d'une personne, de la plus ancienne à la plus récente."""
    from parcours.services import people

    items = acting(database_url, token, people.assessment_history, person, competency)
    table = Table("date", "compétence", "source", "niveau", "mesure", "par", "preuve")
    for a in items:
        table.add_row(
            a.assessed_on.isoformat(),
            a.competency,
            a.source.value,
            str(a.level),
            _measure(a),
            a.assessor or "",
            a.evidence or "",
        )
    out.print(table)
    out.print(count(len(items), "évaluation", "évaluations"))


@people_app.command("scales")
def scales() -> None:
    """Les trois échelles d'évaluation (une par type de compétence) et leurs repères."""
    from parcours.services import people

    for scale in people.scales():
        out.print(f"[bold]{scale.kind.value}[/bold] — {scale.title} ({scale.code})")
        out.print(f"  mesure : {scale.measure}", markup=False)
        for a in scale.anchors:
            out.print(f"  {a.level} {a.label} : {a.description}", markup=False, highlight=False)
    out.print(
        "Fréquences : " + ", ".join(f"{k} {v}" for k, v in FREQUENCIES.items()),
        highlight=False,
    )
    order = sorted(Source, key=lambda s: -SOURCE_PRECEDENCE[s])
    out.print("Sources, de celle qui prime à la moindre : " + " > ".join(s.value for s in order))
