"""`parcours campaigns ...`: assessment campaigns on the command line, acting as the account of
an API token (``--token`` or ``PARCOURS_TOKEN``), under the same rules as the API and the pages."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from parcours.cli.common import DatabaseOption, TokenOption, acting, acting_as, err, out
from parcours.domain.french import count
from parcours.domain.people import PeopleError

if TYPE_CHECKING:  # the services are imported by the commands that run (see parcours.cli.common)
    from parcours.services import campaigns
    from parcours.services.campaigns import ReviewView

app = typer.Typer(
    help="Campagnes d'évaluation (entretiens annuels) : ouvrir, noter, soumettre, suivre.",
    no_args_is_help=True,
)

CampaignArg = Annotated[int, typer.Argument(help="Numéro de la campagne.", min=1)]
PersonArg = Annotated[str, typer.Argument(help="Pseudonyme de la personne.")]
SideOption = Annotated[str, typer.Option(help="self (auto-évaluation) ou manager.")]


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        err.print(f"[red]Erreur :[/red] {option} attend une date AAAA-MM-JJ, pas « {value} »")
        raise typer.Exit(2) from exc


@app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="Nom de la campagne.")],
    referential: Annotated[str, typer.Option(help="Référentiel (nom ou identifiant).")],
    teams: Annotated[str, typer.Option(help="Codes des équipes, séparés par des virgules.")],
    start: Annotated[str, typer.Option(help="Date de début (AAAA-MM-JJ).")],
    end: Annotated[str, typer.Option(help="Date de fin (AAAA-MM-JJ).")],
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Ouvre une campagne sur des équipes (administrateur RH)."""
    from parcours.services import campaigns

    with acting_as(database_url, token) as (uow, principal):
        made = campaigns.create_campaign(
            uow,
            principal,
            name=name,
            referential=referential,
            starts_on=_date(start, "--start"),
            ends_on=_date(end, "--end"),
            teams=teams.split(","),
        )
    out.print(f"Campagne {made.id} ouverte : {made.name} ({', '.join(made.teams)})", markup=False)


@app.command("list")
def list_(token: TokenOption = None, database_url: DatabaseOption = None) -> None:
    """Liste les campagnes qui concernent le compte."""
    from parcours.services import campaigns

    found = acting(database_url, token, campaigns.list_campaigns)
    table = Table("n°", "campagne", "référentiel", "période", "équipes", "état")
    for c in found:
        table.add_row(
            str(c.id),
            c.name,
            c.referential,
            f"{c.starts_on} → {c.ends_on}",
            ", ".join(c.teams),
            "ouverte" if c.is_open else "close",
        )
    out.print(table)


@app.command("show")
def show(
    campaign: CampaignArg,
    team: Annotated[str | None, typer.Option(help="Lister les personnes d'une équipe.")] = None,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Montre une campagne et son avancement par équipe."""
    from parcours.services import campaigns

    overview = acting(database_url, token, campaigns.campaign_overview, campaign, team=team)
    c = overview.campaign
    state = "ouverte" if c.is_open else "close"
    out.print(f"{c.name} — {c.referential}, {c.starts_on} → {c.ends_on}, {state}", markup=False)
    if overview.progress:
        table = Table("équipe", "membres", "auto-évaluations", "manager", "les deux", "%")
        for p in [*overview.progress, overview.total]:
            table.add_row(
                p.name or "total",
                str(p.members),
                str(p.self_submitted),
                str(p.manager_submitted),
                str(p.both),
                f"{p.percent} %",
            )
        out.print(table)
    if overview.people:
        people = Table("personne", "équipe", "auto-évaluation", "manager")
        for s in overview.people:
            people.add_row(
                s.person.id,
                s.person.team or "",
                "soumise" if s.self_submitted else "à faire",
                "soumise" if s.manager_submitted else "à faire",
            )
        out.print(people)


@app.command("close")
def close(
    campaign: CampaignArg, token: TokenOption = None, database_url: DatabaseOption = None
) -> None:
    """Clôt une campagne : plus aucune évaluation (administrateur RH)."""
    from parcours.services import campaigns

    closed = acting(database_url, token, campaigns.close_campaign, campaign)
    out.print(f"Campagne {closed.id} close : {closed.name}", markup=False)


def _print_review(view: ReviewView) -> None:
    table = Table("compétence", "attendu", "auto-évaluation", "manager", "écart", "constat")
    for line in view.lines:
        notes = []
        if line.disagreement:
            notes.append("désaccord")
        if line.below_expected:
            notes.append("sous le niveau attendu")
        table.add_row(
            line.item.label,
            str(line.item.expected or "—"),
            str(line.self_rating.level) if line.self_rating else "—",
            str(line.manager_rating.level) if line.manager_rating else "—",
            f"{line.difference:+d}" if line.difference is not None else "—",
            ", ".join(notes),
        )
    out.print(table)


def _read_ratings(path: Path, view: ReviewView) -> dict[str, campaigns.Measure]:
    """``competency;measure`` lines (a header line ``competency;measure`` is skipped)."""
    from parcours.services import campaigns

    items = {line.item.competency: line.item for line in view.lines}
    try:
        text = path.read_text("utf-8-sig")
    except OSError as exc:
        raise PeopleError(f"fichier illisible : {path} ({exc.strerror or exc})") from exc
    ratings: dict[str, campaigns.Measure] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=";"), start=1):
        if not row or not "".join(row).strip():
            continue
        if number == 1 and row[0].strip().lower() in ("competency", "compétence", "competence"):
            continue
        if len(row) != 2:
            raise PeopleError(f"{path.name}, ligne {number} : « compétence;mesure » attendu")
        key, value = row[0].strip(), row[1]
        item = items.get(key)
        if item is None:
            raise PeopleError(
                f"{path.name}, ligne {number} : compétence hors du poste de la personne : {key}"
            )
        try:
            ratings[key] = campaigns.parse_measure(item, value)
        except PeopleError as exc:
            raise PeopleError(f"{path.name}, ligne {number} : {exc}") from exc
    return ratings


@app.command("rate")
def rate(
    campaign: CampaignArg,
    person: PersonArg,
    source: Annotated[str, typer.Option(help="self (auto-évaluation) ou manager.")],
    file: Annotated[
        Path,
        typer.Option(
            help="CSV « compétence;mesure » : 75 % (savoir), 3 (savoir-faire), "
            "souvent,toujours (savoir-être, une fréquence par indicateur)."
        ),
    ],
    comment: Annotated[str | None, typer.Option(help="Commentaire de ce côté.")] = None,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Enregistre les notes d'un côté (self ou manager) pour une personne."""
    from parcours.services import campaigns

    with acting_as(database_url, token) as (uow, principal):
        view = campaigns.person_review(uow, principal, campaign, person)
        ratings = _read_ratings(file, view)
        view = campaigns.rate(uow, principal, campaign, person, source, ratings, comment=comment)
    noted = count(len(ratings), "note enregistrée", "notes enregistrées")
    out.print(f"{noted} pour {person} ({source}).", markup=False)
    _print_review(view)


@app.command("submit")
def submit(
    campaign: CampaignArg,
    person: PersonArg,
    side: SideOption,
    comment: Annotated[str | None, typer.Option(help="Commentaire de ce côté.")] = None,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Soumet un côté (self ou manager) : il ne peut plus être modifié."""
    from parcours.services import campaigns

    view = acting(database_url, token, campaigns.submit, campaign, person, side, comment=comment)
    out.print(f"Évaluation {side} soumise pour {person}.", markup=False)
    _print_review(view)
