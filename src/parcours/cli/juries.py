"""`parcours juries ...`: certification jury sessions, candidates, evaluations and records on the
command line, acting as the account of an API token (same rules and audit as the API)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from parcours.cli.common import DatabaseOption, TokenOption, acting, acting_as, fail, out
from parcours.domain.jury import JuryError, evaluations_from_data

if TYPE_CHECKING:  # the services are imported by the commands that run (see parcours.cli.common)
    from parcours.services import juries

app = typer.Typer(
    help="Jurys de certification : sessions, candidats, évaluations, procès-verbaux.",
    no_args_is_help=True,
)

OUTCOME_LABELS = {"met": "atteint", "not_met": "non atteint", "not_evaluated": "non évalué"}

JuryArg = Annotated[int, typer.Argument(help="Numéro de la session.")]
CandidateArg = Annotated[str, typer.Argument(help="Pseudonyme du candidat.")]


@app.command("create")
def create(
    referential: Annotated[str, typer.Option("--referential", help="Nom du référentiel.")],
    certification: Annotated[
        str, typer.Option("--certification", help="Titre de la certification.")
    ],
    held_on: Annotated[str, typer.Option("--date", help="Date de la session (AAAA-MM-JJ).")],
    member: Annotated[
        list[str], typer.Option("--member", help="Compte membre du jury (répétable).")
    ],
    name: Annotated[str | None, typer.Option(help="Nom de la session.")] = None,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Crée une session de jury (RH)."""
    from parcours.services import juries

    with acting_as(database_url, token) as (uow, principal):
        try:
            day = date.fromisoformat(held_on)
        except ValueError as exc:
            raise JuryError(f"date invalide : {held_on} (AAAA-MM-JJ)") from exc
        jury = juries.create_jury(
            uow,
            principal,
            referential=referential,
            certification=certification,
            held_on=day,
            members=member,
            name=name,
        )
    out.print(f"Jury {jury.id} créé : {jury.name}")


@app.command("list")
def list_(token: TokenOption = None, database_url: DatabaseOption = None) -> None:
    """Liste les sessions (RH : toutes ; membre de jury : les siennes)."""
    from parcours.services import juries

    sessions = acting(database_url, token, juries.list_juries)
    table = Table("id", "session", "certification", "date", "membres", "statut")
    for j in sessions:
        table.add_row(
            str(j.id),
            j.name,
            j.certification,
            j.held_on.isoformat(),
            ", ".join(j.members),
            "clos" if j.closed else "ouvert",
        )
    out.print(table)


@app.command("show")
def show(
    jury: JuryArg,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Une session et ses candidats, avec leur décision."""
    from parcours.services import juries

    view = acting(database_url, token, juries.jury_view, jury)
    labels = {
        juries.PENDING: "à évaluer",
        juries.GRANTED: "titre délivré",
        juries.PARTIAL: "validation partielle",
        juries.REFUSED: "titre non délivré",
    }
    j = view.jury
    out.print(f"{j.name} — {j.certification} ({j.referential}), {j.held_on.isoformat()}")
    out.print(f"Membres : {', '.join(j.members)} · {'clos' if j.closed else 'ouvert'}")
    table = Table("candidat", "nom", "décision", "blocs validés")
    for c in view.candidates:
        table.add_row(
            c.person.id,
            c.person.display_name or "",
            labels[c.status],
            ", ".join(c.record.validated_blocks) if c.record else "",
        )
    out.print(table)


@app.command("add-candidate")
def add_candidate(
    jury: JuryArg,
    person: Annotated[str, typer.Argument(help="Pseudonyme de la personne.")],
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Ajoute un candidat à une session ouverte (RH)."""
    from parcours.services import juries

    acting(database_url, token, juries.add_candidate, jury, person)
    out.print(f"Candidat ajouté au jury {jury} : {person}")


def _read_evaluations(path: Path) -> tuple[list[Any], str | None]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise JuryError(f"{path} illisible : {exc}") from exc
    if isinstance(data, dict):
        comment = data.get("comment")
        return data.get("evaluations", []), comment if isinstance(comment, str) else None
    return data, None


@app.command("evaluate")
def evaluate(
    jury: JuryArg,
    person: CandidateArg,
    file: Annotated[
        Path, typer.Option("--file", help="Évaluations en JSON (voir docs/juries.md).")
    ],
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Enregistre les évaluations d'un candidat (remplace les précédentes tant que la session
    est ouverte) et affiche la décision."""
    from parcours.services import juries

    with acting_as(database_url, token) as (uow, principal):
        data, comment = _read_evaluations(file)
        sheet = juries.record_evaluation(
            uow, principal, jury, person, evaluations_from_data(data), comment
        )
    _print_decision(sheet)


def _print_decision(sheet: juries.CandidateSheet) -> None:
    record = sheet.record
    assert record is not None
    if record.title_granted:
        out.print("Titre délivré : tous les blocs sont validés.")
    elif record.partial_blocks:
        out.print(f"Validation partielle : blocs {', '.join(record.partial_blocks)}")
    else:
        validated = ", ".join(record.validated_blocks) or "aucun"
        out.print(f"Titre non délivré (blocs validés : {validated})")


def _print_record(sheet: juries.CandidateSheet) -> None:
    j = sheet.jury
    out.print(f"Procès-verbal — {sheet.certification.title} ({sheet.referential})")
    out.print(f"Candidat : {sheet.person.label} ({sheet.person.id})")
    out.print(f"Jury : {j.name}, {j.held_on.isoformat()} — membres : {', '.join(j.members)}")
    out.print(f"Enregistré par {sheet.candidate.recorded_by}")
    for block in sheet.blocks:
        out.print(
            f"\n{block.code} — {block.title} : {'validé' if block.validated else 'non validé'}"
        )
        for line in block.competencies:
            decision = line.decision
            verdict = "validée" if decision and decision.validated else "non validée"
            out.print(f"  {line.competency.code} {line.competency.label} : {verdict}")
            for i, (_text, outcome) in enumerate(line.criteria, start=1):
                out.print(f"    critère {i} : {OUTCOME_LABELS[outcome.value]}")
            if line.threshold is not None:
                score = "non passé" if line.questionnaire is None else f"{line.questionnaire:.0%}"
                out.print(f"    questionnaire : {score} (seuil {line.threshold:.0%})")
            if decision and decision.reasons:
                out.print(f"    motifs : {' ; '.join(decision.reasons)}")
    out.print("")
    _print_decision(sheet)
    if sheet.candidate.comment:
        out.print(f"Commentaire : {sheet.candidate.comment}")


@app.command("record")
def record(
    jury: JuryArg,
    person: CandidateArg,
    format_: Annotated[str, typer.Option("--format", help="text ou json.")] = "text",
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Affiche le procès-verbal d'un candidat (texte ou JSON)."""
    from parcours.services import juries

    if format_ not in ("text", "json"):
        raise fail(JuryError(f"format inconnu : {format_} (text ou json)"))
    sheet = acting(database_url, token, juries.candidate_record, jury, person)
    if format_ == "json":
        typer.echo(json.dumps(juries.sheet_data(sheet), ensure_ascii=False, indent=2))
    else:
        _print_record(sheet)


@app.command("close")
def close(
    jury: JuryArg,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Clôt une session (RH) : ses évaluations ne changent plus."""
    from parcours.services import juries

    acting(database_url, token, juries.close_jury, jury)
    out.print(f"Jury {jury} clos.")
