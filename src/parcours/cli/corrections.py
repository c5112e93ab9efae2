"""`parcours corrections list|add|withdraw`: HR's corrections of a referential's facts (an
editorial layer kept over the documents, see docs/corrections.md).

Calls services only. Changes act as the account of ``--token`` (HR), else as the server
administrator, like ``parcours map set``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from parcours.cli.common import (
    DatabaseOption,
    FormatOption,
    OutputFormat,
    TokenOption,
    admin_or_actor,
    echo_json,
    fail,
    open_uow,
    out,
)
from parcours.domain.corrections import CorrectedField, FactKind
from parcours.domain.errors import ParcoursError

if TYPE_CHECKING:  # the services are imported by the commands that run (see parcours.cli.common)
    from parcours.services.corrections import CorrectionOutcome

app = typer.Typer(
    help="Corrections RH des fiches : gardées par-dessus les documents, réimports compris.",
    no_args_is_help=True,
)

UserOption = Annotated[
    str | None,
    typer.Option("--user", help="Sans --token : le nom qui signe la correction (non vérifié)."),
]


def _print_outcome(outcome: CorrectionOutcome) -> None:
    from parcours.services.corrections import describe

    for correction in outcome.corrections:
        out.print(f"n° {correction.id} : {describe(correction)}", markup=False)
    if outcome.version is None:
        out.print("Aucune nouvelle version : le contenu ne change pas.")
        return
    out.print(
        f"{outcome.version.name} : version {outcome.version.version} "
        f"({outcome.version.diff.summary()})",
        markup=False,
    )
    for lost in outcome.version.unapplied:
        out.print(f"sans objet (fait disparu) : n° {lost.id} {describe(lost)}", markup=False)


@app.command("list")
def list_(
    referential: Annotated[
        str | None, typer.Argument(help="Nom du référentiel (tous par défaut).")
    ] = None,
    output: FormatOption = OutputFormat.TABLE,
    database_url: DatabaseOption = None,
) -> None:
    """Liste les corrections, retirées comprises, et si leur fait existe encore."""
    from parcours.services import corrections
    from parcours.services.corrections import describe

    try:
        views = corrections.list_corrections(open_uow(database_url), referential)
    except ParcoursError as exc:
        raise fail(exc) from exc
    if output is OutputFormat.JSON:
        echo_json(views)
        return
    table = Table(title="Corrections RH")
    for column in ("N°", "Référentiel", "Correction", "Par", "Le", "État"):
        table.add_column(column)
    for view in views:
        c = view.correction
        table.add_row(
            str(c.id),
            c.referential,
            describe(c),
            c.author,
            f"{c.at:%d/%m/%Y}" if c.at else "",
            view.status
            + (f" par {c.withdrawn_by} le {c.withdrawn_at:%d/%m/%Y}" if c.withdrawn_at else ""),
        )
    out.print(table)


@app.command("add")
def add(
    referential: Annotated[str, typer.Argument(help="Nom du référentiel.")],
    fact: Annotated[FactKind, typer.Option(help="job, competency ou requirement.")],
    key: Annotated[str, typer.Option(help="Clé du poste (job, requirement) ou de la compétence.")],
    field: Annotated[CorrectedField, typer.Option(help="title, kind, importance ou detail.")],
    value: Annotated[str, typer.Option(help="La valeur corrigée (detail vide : retiré).")],
    competency: Annotated[
        str | None, typer.Option(help="Pour une exigence : la clé de la compétence.")
    ] = None,
    original: Annotated[
        str | None, typer.Option(help="Pour un détail : son texte tel qu'affiché.")
    ] = None,
    token: TokenOption = None,
    user: UserOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Corrige un fait (RH) : une nouvelle version est écrite, la correction journalisée."""
    from parcours.services import corrections
    from parcours.services.corrections import CorrectionRequest

    uow = open_uow(database_url)
    who = admin_or_actor(uow, token, user)
    request = CorrectionRequest(fact, key, field, value, competency, original)
    try:
        outcome = corrections.correct(uow, who, referential, [request])
    except ParcoursError as exc:
        raise fail(exc) from exc
    _print_outcome(outcome)


@app.command("withdraw")
def withdraw(
    correction_id: Annotated[int, typer.Argument(help="Numéro de la correction.")],
    token: TokenOption = None,
    user: UserOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Retire une correction (RH) : elle reste listée ; la valeur du document revient."""
    from parcours.services import corrections

    uow = open_uow(database_url)
    who = admin_or_actor(uow, token, user)
    try:
        outcome = corrections.withdraw(uow, who, correction_id)
    except ParcoursError as exc:
        raise fail(exc) from exc
    _print_outcome(outcome)
