"""`parcours rgpd ...`: on the command line, acting as the account of an API token.

The audit log, the export of a person's data (right of access), erasure (right to erasure) and
the retention purge; the rules are those of services/rgpd.py (docs/rgpd.md).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from parcours.cli.common import (
    DatabaseOption,
    TokenOption,
    acting,
    acting_as,
    err,
    load_settings,
    out,
)
from parcours.domain.access import AUDIT_ACTIONS
from parcours.domain.french import count, day, word

app = typer.Typer(
    help="RGPD : journal d'audit, export, effacement et purge des données personnelles.",
    no_args_is_help=True,
)


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"date attendue AAAA-MM-JJ : {value}", param_hint=option) from exc


@app.command("audit")
def audit_(
    person: Annotated[str | None, typer.Option("--person", help="Pseudonyme concerné.")] = None,
    actor_login: Annotated[str | None, typer.Option("--actor", help="Compte qui a agi.")] = None,
    action: Annotated[
        str | None,
        typer.Option(help=f"Action : {', '.join(AUDIT_ACTIONS)}."),
    ] = None,
    since: Annotated[str | None, typer.Option(help="Depuis ce jour (AAAA-MM-JJ).")] = None,
    until: Annotated[str | None, typer.Option(help="Jusqu'à ce jour inclus (AAAA-MM-JJ).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Nombre d'événements (texte).")] = 100,
    format_: Annotated[
        str, typer.Option("--format", help="text (tableau) ou csv (tout, sur la sortie).")
    ] = "text",
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Le journal d'audit des données personnelles, filtré (RH)."""
    from parcours.services import rgpd
    from parcours.services.rgpd import AuditFilter

    if format_ not in ("text", "csv"):
        raise typer.BadParameter("text ou csv", param_hint="--format")
    filters = AuditFilter(
        person=person,
        actor=actor_login,
        action=action,
        since=_date(since, "--since"),
        until=_date(until, "--until"),
    )
    with acting_as(database_url, token) as (uow, who):
        if format_ == "csv":
            typer.echo(rgpd.audit_csv(rgpd.audit_log_export(uow, who, filters)), nl=False)
            return
        page = rgpd.audit_log(uow, who, filters, limit=limit)
    table = Table("date", "compte", "canal", "action", "personne", "détail")
    for e in page.events:
        table.add_row(
            e.at.strftime("%Y-%m-%d %H:%M:%S") if e.at else "",
            e.actor,
            e.channel,
            e.action,
            e.subject or "",
            e.detail or "",
        )
    out.print(table)
    shown = count(len(page.events), "événement affiché", "événements affichés")
    out.print(f"{shown} sur {page.total}.")


@app.command("export")
def export_(
    person: Annotated[str, typer.Argument(help="Pseudonyme de la personne.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Fichier écrit (défaut : la sortie).")
    ] = None,
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            help="json (le document complet) ou pdf (le même, lisible ; -o obligatoire).",
        ),
    ] = "json",
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Exporte tout ce qui est conservé sur une personne, en JSON ou en PDF (droit d'accès)."""
    from parcours.services import rgpd, rgpd_pdf, rgpd_readable

    if format_ not in ("json", "pdf"):
        raise typer.BadParameter("json ou pdf", param_hint="--format")
    if format_ == "pdf":
        if output is None:
            raise typer.BadParameter("un PDF s'écrit dans un fichier", param_hint="-o")
        export = acting(database_url, token, rgpd_readable.readable_export, person, form="PDF")
        output.write_bytes(rgpd_pdf.export_pdf(export))
        out.print(f"Données de {person} écrites dans {output}", markup=False)
        return
    document = acting(database_url, token, rgpd.export_person, person)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        out.print(f"Données de {person} écrites dans {output}", markup=False)


@app.command("erase")
def erase(
    person: Annotated[str, typer.Argument(help="Pseudonyme de la personne.")],
    confirm: Annotated[
        str, typer.Option("--confirm", help="Le pseudonyme, répété pour confirmer.")
    ],
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Efface une personne (droit à l'effacement, RH) ; ses niveaux restent comptés anonymes."""
    from parcours.services import rgpd

    report = acting(database_url, token, rgpd.erase_person, person, confirm)
    s = report.scrub
    out.print(
        f"Personne effacée : désormais {report.anonymous_id} ; "
        f"{count(s.assessments, 'évaluation anonymisée', 'évaluations anonymisées')}, "
        f"{count(s.accounts_deleted, 'compte supprimé', 'comptes supprimés')}.",
        markup=False,
    )


@app.command("purge")
def purge(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Montrer ce qui serait purgé, sans rien changer.")
    ] = False,
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Efface les personnes parties depuis plus de retention_days et supprime les événements
    d'audit plus vieux que audit_retention_days (RH)."""
    from parcours.services import rgpd

    settings = load_settings(database_url)
    report = acting(
        database_url,
        token,
        rgpd.purge,
        retention_days=settings.retention_days,
        audit_retention_days=settings.audit_retention_days,
        dry_run=dry_run,
    )
    if report.dry_run:
        out.print(
            f"Aperçu : {count(len(report.people), 'personne partie', 'personnes parties')} "
            f"avant le {day(report.people_cutoff)} à effacer, "
            f"{count(report.audit_events, 'événement', 'événements')} "
            f"d'audit antérieurs au {day(report.audit_cutoff.date())} à supprimer.",
            markup=False,
        )
        for person in report.people:
            out.print(f"  {person}", markup=False)
    else:
        out.print(
            f"Purge : {count(report.people_erased, 'personne effacée', 'personnes effacées')}, "
            f"{count(report.audit_events, 'événement', 'événements')} d'audit "
            f"{word(report.audit_events, 'supprimé', 'supprimés')}.",
            markup=False,
        )


@app.command("verify-audit")
def verify_audit(
    token: TokenOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Vérifie la chaîne d'empreintes du journal d'audit (RH) : code 1 et le premier
    événement rompu si le journal a été modifié."""
    from parcours.services import rgpd

    outcome = acting(database_url, token, rgpd.verify_audit)
    if outcome.ok:
        out.print(
            f"Journal d'audit intègre : "
            f"{count(outcome.events, 'événement vérifié', 'événements vérifiés')}. Tête : "
            f"événement {outcome.head_seq}, empreinte {outcome.head_chain} (notez-la hors de "
            "parcours pour pouvoir prouver plus tard qu'aucun événement n'a été réécrit).",
            markup=False,
            soft_wrap=True,
        )
        return
    where = (
        f"événement n° {outcome.broken_id} (rang {outcome.broken_seq}"
        + (f", {outcome.broken_action}" if outcome.broken_action else "")
        + (f", {outcome.broken_at.isoformat()}" if outcome.broken_at else "")
        + ")"
        if outcome.broken_id is not None
        else f"rang {outcome.broken_seq}"
    )
    err.print(
        f"Journal d'audit ROMPU au premier {where} : {outcome.reason}. "
        f"{count(outcome.events, 'événement vérifié', 'événements vérifiés')} avant lui.",
        markup=False,
        soft_wrap=True,
    )
    raise typer.Exit(1)
