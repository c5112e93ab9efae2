"""`parcours people ...`: people, their competency profiles, assessments, training plans and
the import of an HRIS export, on the command line, acting as the account of an API token.
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from parcours.cli.common import (
    DatabaseOption,
    TokenOption,
    acting,
    acting_as,
    err,
    fail,
    load_settings,
    out,
)
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

if TYPE_CHECKING:  # the services are imported by the commands that run (see parcours.cli.common)
    from parcours.engine.gaps import GapItem
    from parcours.services.development import TrainingPlan
    from parcours.services.hris import HrisReport

app = typer.Typer(
    help="Personnes, profils de compétences et évaluations (agit comme le compte du jeton).",
    no_args_is_help=True,
)

PersonArgument = Annotated[str, typer.Argument(help="Pseudonyme de la personne.")]


def _measure(a: Assessment) -> str:
    if a.raw is None:
        return ""
    return f"{a.raw:.0%}" if a.scale == "qcm" else f"{a.raw:.2f}"


@app.command("list")
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


@app.command("show")
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


@app.command("assess")
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
            raise fail(ParcoursError(f"valeur invalide : {exc}")) from exc
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


@app.command("history")
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


@app.command("scales")
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


# `people plan`: the training plan towards a target job, in the API's shape with --format json.


class PlanFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def _item(item: GapItem) -> dict[str, Any]:
    return {
        "key": item.key,
        "label": item.label,
        "weight": item.weight,
        "required_level": item.required_level,
        "held_level": item.held_level,
        "status": item.status.value,
    }


def plan_json(plan: TrainingPlan) -> dict[str, Any]:
    """The plan as the API's /people/{id}/plan shapes it."""
    report = plan.report
    return {
        "person": plan.person,
        "source": report.source.key if report.source else None,
        "target": report.target.key,
        "target_title": report.target.title,
        "coverage": report.gap.coverage,
        "described": plan.described,
        "trainings": [
            {
                "rank": t.rank,
                "key": t.key,
                "title": t.title,
                "duration": t.duration,
                "hours": t.hours,
                "essential": t.essential,
                "for_this_move": t.for_this_move,
                "closes": [_item(c) for c in t.closes],
                "prepares": list(t.prepares),
            }
            for t in plan.trainings
        ],
        "total_hours": plan.total_hours,
        "total": plan.total,
        "unknown_durations": plan.unknown_durations,
        "remaining": [_item(i) for i in plan.remaining],
        "adjacent": plan.adjacent,
        "path": [{"target": s.target, "title": s.title, "declared": s.declared} for s in plan.path],
    }


def _print_plan(plan: TrainingPlan) -> None:
    report = plan.report
    source = report.source.title if report.source else "sans poste"
    coverage = (
        f"couverture {report.gap.coverage:.0f} %"
        if plan.described
        else "compétences du poste visé non décrites : écart non mesurable"
    )
    out.print(
        f"Plan de {plan.person} : {source} → {report.target.title} ({coverage})",
        markup=False,
        highlight=False,
    )
    if len(plan.path) > 1:
        out.print("Parcours : " + " → ".join(s.title for s in plan.path), markup=False)
    if not plan.trainings:
        out.print("Aucune formation du référentiel ne comble cet écart.")
    for t in plan.trainings:
        flags = [f for f, on in (("essentielle", t.essential), ("prévue", t.for_this_move)) if on]
        out.print(
            f"{t.rank}. {t.title} — {t.duration or 'durée non précisée'}"
            + (f" [{', '.join(flags)}]" if flags else "")
            + " : comble "
            + ", ".join(c.label for c in t.closes),
            markup=False,
            highlight=False,
        )
    out.print(f"Total : {plan.total}", highlight=False)
    if plan.unknown_durations:
        unknown = plan.unknown_durations
        out.print(f"+ {count(unknown, 'formation', 'formations')} de durée non précisée")
    if plan.remaining:
        out.print(
            "Écarts sans formation : "
            + ", ".join(
                f"{i.label} ({i.held_level or 0}→{i.required_level})" for i in plan.remaining
            ),
            markup=False,
            highlight=False,
        )


@app.command("plan")
def plan(
    person: Annotated[str, typer.Argument(help="Pseudonyme de la personne.")],
    target: Annotated[str, typer.Option("--target", help="Poste visé (clé, code ou intitulé).")],
    output: Annotated[PlanFormat, typer.Option("--format", help="text ou json.")] = PlanFormat.TEXT,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Le plan de formation d'une personne vers un poste visé : formations ordonnées, durées,
    total, écarts restants et parcours (la personne, son manager ou les RH)."""
    from parcours.services import development

    result = acting(database_url, token, development.training_plan, person, target)
    if output is PlanFormat.JSON:
        out.print_json(json.dumps(plan_json(result), ensure_ascii=False))
    else:
        _print_plan(result)


# `people import`: an HRIS export, all or nothing.


def _print_import_report(report: HrisReport) -> None:
    """The counts, or the table of errors (the first ones, with the total)."""
    if not report.ok:
        err.print(
            f"[red]Fichier refusé, rien n'a été importé :[/red] "
            f"{count(report.error_count, 'erreur', 'erreurs')}"
            f" sur {count(report.rows, 'ligne', 'lignes')}."
        )
        for error in report.errors:
            where = f"ligne {error.line}" if error.line is not None else "fichier"
            column = f" ({error.column})" if error.column else ""
            err.print(f"  {where}{column} : {error.message}", markup=False, soft_wrap=True)
        if report.truncated:
            others = report.error_count - len(report.errors)
            err.print(f"… et {count(others, 'autre erreur', 'autres erreurs')}.")
        return
    head = "Simulation (rien n'est écrit)" if report.dry_run else "Import terminé"
    rows = count(report.rows, "ligne", "lignes")
    out.print(f"{head} : {report.filename}, {rows}.", markup=False)
    if report.kind is not None and report.kind.value == "people":
        out.print(
            f"Personnes : {count(report.created, 'créée', 'créées')}, "
            f"{count(report.updated, 'modifiée', 'modifiées')}, "
            f"{count(report.unchanged, 'inchangée', 'inchangées')}.",
            markup=False,
        )
        out.print(
            f"Équipes : {count(report.teams_created, 'créée', 'créées')}, "
            f"{count(report.teams_updated, 'modifiée', 'modifiées')}.",
            markup=False,
        )
    else:
        out.print(
            f"Évaluations : {count(report.added, 'ajoutée', 'ajoutées')}, "
            f"{count(report.already_present, 'déjà présente', 'déjà présentes')}.",
            markup=False,
        )


@app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(help="Export du SIRH : CSV (UTF-8 ou CP1252, ; ou ,) ou Excel .xlsx.")
    ],
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="people ou assessments (défaut : d'après les en-têtes)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Vérifie et compte sans rien écrire.")
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            help="Encodage d'un CSV (utf-8, cp1252, shift_jis…) : défaut, détecté ou refusé.",
        ),
    ] = None,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Importe des personnes ou des évaluations d'un export SIRH (tout ou rien, RH seulement)."""
    from parcours.services.hris import import_hris
    from parcours.settings import pseudonym_key_problem

    settings = load_settings(database_url)
    problem = pseudonym_key_problem(settings)
    if problem is not None:
        err.print(f"Import refusé : {problem}.", markup=False, soft_wrap=True)
        raise typer.Exit(2)
    with acting_as(database_url, token) as (uow, principal):
        try:
            data = file.read_bytes()
        except OSError as exc:
            err.print(f"[red]Fichier illisible :[/red] {exc}")
            raise typer.Exit(2) from exc
        report = import_hris(
            uow,
            principal,
            data,
            file.name,
            salt=settings.pseudonym_salt,
            kind=kind,
            dry_run=dry_run,
            encoding=encoding,
        )
    _print_import_report(report)
    if not report.ok:
        raise typer.Exit(1)
