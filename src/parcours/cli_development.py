"""`parcours people plan`: a person's training plan towards a target job (registered on the
people group)."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from parcours.cli import DatabaseOption, out
from parcours.cli_accounts import TokenOption, acting
from parcours.cli_people import people_app
from parcours.domain.french import count

if TYPE_CHECKING:  # the services are imported by the commands that run (see parcours.cli)
    from parcours.engine.gaps import GapItem
    from parcours.services.development import TrainingPlan


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


def _print(plan: TrainingPlan) -> None:
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


@people_app.command("plan")
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
        _print(result)
