"""The right of access, readable by the person: the export document (``parcours-rgpd-export``,
services/rgpd.py) laid out in sections — identity, job, assessments, campaigns, jury records,
career wishes, who accessed the data — with French dates (jj/mm/aaaa) and words.

The readable export is built from the JSON document itself, so both always say the same; it is
obtained through ``rgpd.export_person`` (same access rules: the person or HR, same ``export``
audit event, its detail naming the form). ``translate`` turns the fixed French words into the
page's language (web/i18n's translator; the identity for French); the data are never
translated. The HTML page renders it (web/pages/rgpd.py, rgpd_export.html), and so does the
PDF (services/rgpd_pdf.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from parcours.domain.access import Principal
from parcours.domain.competency import PROFICIENCY_SCALE
from parcours.domain.people import SOURCE_LABELS
from parcours.services import rgpd
from parcours.services.ports import UowFactory

Translate = Callable[..., str]


def french(message: str, *args: object) -> str:
    """The identity translator: the French message, formatted with the args."""
    return message % args if args else message


# The audit log's actions, as a person reads them.
ACTION_LABELS: dict[str, str] = {
    "read": "lecture",
    "write": "écriture",
    "export": "export",
    "erase": "effacement",
    "login": "connexion",
    "login_failed": "connexion refusée",
    "account": "compte",
    "import": "import",
    "purge": "purge",
}
CHANNEL_LABELS = {"web": "pages", "api": "API", "cli": "ligne de commande"}
ROLE_LABELS = {
    "hr": "administrateur RH",
    "manager": "manager",
    "jury": "membre de jury",
    "employee": "salarié",
}
CAMPAIGN_STATUS = {"open": "ouverte", "closed": "clôturée"}
JURY_STATUS = {"open": "ouvert", "closed": "clos"}
CREDENTIAL_KINDS = {"session": "session", "api_token": "jeton d'API"}
SOURCES = {source.value: label for source, label in SOURCE_LABELS.items()}
YES, NO, NONE = "oui", "non", "—"

# Every fixed French word or sentence the readable export may show (their English is in
# web/i18n/rgpd.py; a test checks each one has a translation).
TITLES = (
    "Données personnelles de %s",
    "Document établi le %s par %s.",
    "Identité",
    "Poste et équipe",
    "Évaluations de compétences",
    "Campagnes d'entretiens",
    "Jurys de certification",
    "Souhaits d'évolution",
    "Qui a consulté ou modifié vos données",
    "Nom",
    "Pseudonyme",
    "Fiche créée le",
    "Fiche mise à jour le",
    "Fichier SIRH d'origine",
    "ligne %s",
    "Date de départ",
    "Comptes",
    "Compte",
    "Rôles",
    "Actif",
    "Connexion unique (SSO)",
    "Créé le",
    "Sessions et jetons",
    "Référentiel",
    "Poste",
    "Équipe",
    "Manager",
    "Date",
    "Compétence",
    "Niveau",
    "Source",
    "Mesure",
    "Évalué par",
    "Preuve",
    "Campagne",
    "Période",
    "Statut",
    "Auto-évaluation remise le",
    "Évaluation du manager remise le",
    "Mon commentaire",
    "Commentaire du manager",
    "Jury",
    "Certification",
    "Décision",
    "Blocs validés",
    "Enregistré par",
    "Commentaire",
    "Partagé avec le manager",
    "Note",
    "Suivi depuis le",
    "Retiré le",
    "Date (UTC)",
    "Canal",
    "Action",
    "Détail",
    "du %s au %s",
    "titre délivré",
    "validation partielle",
    "titre non délivré",
    "pas encore délivré",
    "expire le %s",
    "dernier usage le %s",
    "Aucune évaluation.",
    "Aucune campagne.",
    "Aucun jury.",
    "Aucun souhait d'évolution.",
    "Aucun accès enregistré.",
    "Aucun compte.",
    YES,
    NO,
    *ACTION_LABELS.values(),
    *CHANNEL_LABELS.values(),
    *ROLE_LABELS.values(),
    *CAMPAIGN_STATUS.values(),
    *JURY_STATUS.values(),
    *CREDENTIAL_KINDS.values(),
    *SOURCES.values(),
    *PROFICIENCY_SCALE.values(),
)


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str  # said when there is no row


@dataclass(frozen=True, slots=True)
class Section:
    key: str  # the HTML id
    title: str
    facts: tuple[tuple[str, str], ...] = ()
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadableExport:
    person: str  # pseudonym
    name: str  # the display name, else the pseudonym
    title: str
    generated: str  # "Document établi le … par …."
    sections: tuple[Section, ...]


# --- French formats ------------------------------------------------------------------------


def day(value: object) -> str:
    """An ISO date or date-time as jj/mm/aaaa; empty: « — »."""
    if not isinstance(value, str) or not value:
        return NONE
    try:
        return date.fromisoformat(value[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return value


def moment(value: object) -> str:
    """An ISO date-time as jj/mm/aaaa hh:mm (as stored: UTC)."""
    if not isinstance(value, str) or not value:
        return NONE
    try:
        return datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return value


def number(value: object) -> str:
    """3.25 as « 3,25 »; a whole number without decimals."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return NONE if value is None else str(value)
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def text(value: object) -> str:
    return NONE if value is None or value == "" else str(value)


# --- sections ----------------------------------------------------------------------------


def _identity(doc: Mapping[str, Any], _: Translate) -> Section:
    p = doc["person"]
    source = p.get("source_document")
    if source and p.get("source_line"):
        source = f"{source}, {_('ligne %s', p['source_line'])}"
    accounts = []
    for a in doc.get("accounts", []):
        credentials = "; ".join(
            " ".join(
                part
                for part in (
                    _(CREDENTIAL_KINDS.get(c.get("kind"), str(c.get("kind")))),
                    f"« {c['name']} »" if c.get("name") else "",
                    day(c.get("created_at")),
                    _("expire le %s", day(c.get("expires_at"))) if c.get("expires_at") else "",
                    (
                        _("dernier usage le %s", day(c.get("last_used_at")))
                        if c.get("last_used_at")
                        else ""
                    ),
                )
                if part
            )
            for c in a.get("sessions_and_tokens", [])
        )
        accounts.append(
            (
                text(a.get("login")),
                ", ".join(_(ROLE_LABELS.get(r, r)) for r in a.get("roles", [])) or NONE,
                _(YES) if a.get("active") else _(NO),
                _(YES) if a.get("sso") else _(NO),
                day(a.get("created_at")),
                credentials or NONE,
            )
        )
    return Section(
        "identite",
        _("Identité"),
        facts=(
            (_("Nom"), text(p.get("display_name"))),
            (_("Pseudonyme"), text(p.get("id"))),
            (_("Fiche créée le"), day(p.get("created_at"))),
            (_("Fiche mise à jour le"), day(p.get("updated_at"))),
            (_("Fichier SIRH d'origine"), text(source)),
            (_("Date de départ"), day(p.get("left_on"))),
        ),
        tables=(
            Table(
                _("Comptes"),
                tuple(
                    _(c)
                    for c in (
                        "Compte",
                        "Rôles",
                        "Actif",
                        "Connexion unique (SSO)",
                        "Créé le",
                        "Sessions et jetons",
                    )
                ),
                tuple(accounts),
                _("Aucun compte."),
            ),
        ),
    )


def _job(doc: Mapping[str, Any], _: Translate) -> Section:
    p = doc["person"]
    job = p.get("job_title") or p.get("job")
    if p.get("job_title") and p.get("job"):
        job = f"{p['job_title']} ({p['job']})"
    team = p.get("team_name") or p.get("team")
    if p.get("team_name") and p.get("team") and p["team_name"] != p["team"]:
        team = f"{p['team_name']} ({p['team']})"
    return Section(
        "poste",
        _("Poste et équipe"),
        facts=(
            (_("Référentiel"), text(p.get("referential"))),
            (_("Poste"), text(job)),
            (_("Équipe"), text(team)),
            (_("Manager"), text(p.get("manager"))),
        ),
    )


def _level(value: object, _: Translate) -> str:
    if not isinstance(value, int) or isinstance(value, bool):
        return text(value)
    label = PROFICIENCY_SCALE.get(value)
    return f"{value} ({_(label)})" if label else str(value)


def _assessments(doc: Mapping[str, Any], _: Translate) -> Section:
    campaigns = {r.get("campaign"): r.get("campaign_name") for r in doc.get("campaign_reviews", [])}
    rows = tuple(
        (
            day(a.get("assessed_on")),
            text(a.get("competency_label") or a.get("competency")),
            _level(a.get("level"), _),
            _(SOURCES.get(a.get("source"), str(a.get("source")))),
            (
                f"{number(a.get('measure'))} ({a.get('scale')})"
                if a.get("measure") is not None and a.get("scale")
                else NONE
            ),
            text(a.get("assessor")),
            text(a.get("evidence")),
            text(campaigns.get(a.get("campaign")) or a.get("campaign")),
        )
        for a in doc.get("assessments", [])
    )
    columns = ("Date", "Compétence", "Niveau", "Source", "Mesure", "Évalué par", "Preuve")
    return Section(
        "evaluations",
        _("Évaluations de compétences"),
        tables=(
            Table(
                _("Évaluations de compétences"),
                tuple(_(c) for c in (*columns, "Campagne")),
                rows,
                _("Aucune évaluation."),
            ),
        ),
    )


def _campaigns(doc: Mapping[str, Any], _: Translate) -> Section:
    rows = tuple(
        (
            text(r.get("campaign_name")),
            _("du %s au %s", day(r.get("starts_on")), day(r.get("ends_on"))),
            _(CAMPAIGN_STATUS.get(r.get("status"), str(r.get("status")))),
            day(r.get("self_submitted_at")),
            day(r.get("manager_submitted_at")),
            text(r.get("manager_account")),
            text(r.get("self_comment")),
            text(r.get("manager_comment")),
        )
        for r in doc.get("campaign_reviews", [])
    )
    columns = (
        "Campagne",
        "Période",
        "Statut",
        "Auto-évaluation remise le",
        "Évaluation du manager remise le",
        "Manager",
        "Mon commentaire",
        "Commentaire du manager",
    )
    return Section(
        "campagnes",
        _("Campagnes d'entretiens"),
        tables=(
            Table(
                _("Campagnes d'entretiens"),
                tuple(_(c) for c in columns),
                rows,
                _("Aucune campagne."),
            ),
        ),
    )


def _decision(record: object, _: Translate) -> tuple[str, str]:
    if not isinstance(record, dict) or not record:
        return _("pas encore délivré"), NONE
    validated = [
        f"{b.get('code')} {b.get('title')}".strip()
        for b in record.get("blocks", [])
        if isinstance(b, dict) and b.get("validated")
    ]
    if record.get("title_granted"):
        decision = _("titre délivré")
    elif record.get("partial_blocks") or validated:
        decision = _("validation partielle")
    else:
        decision = _("titre non délivré")
    return decision, "; ".join(validated) or NONE


def _juries(doc: Mapping[str, Any], _: Translate) -> Section:
    rows = []
    for c in doc.get("jury_candidacies", []):
        decision, blocks = _decision(c.get("record"), _)
        recorded = text(c.get("recorded_by"))
        if c.get("recorded_at"):
            recorded = f"{recorded}, {day(c.get('recorded_at'))}"
        rows.append(
            (
                text(c.get("jury_name")),
                text(c.get("certification")),
                day(c.get("held_on")),
                _(JURY_STATUS.get(c.get("status"), str(c.get("status")))),
                decision,
                blocks,
                recorded,
                text(c.get("comment")),
            )
        )
    columns = (
        "Jury",
        "Certification",
        "Date",
        "Statut",
        "Décision",
        "Blocs validés",
        "Enregistré par",
        "Commentaire",
    )
    return Section(
        "jurys",
        _("Jurys de certification"),
        tables=(
            Table(
                _("Jurys de certification"),
                tuple(_(c) for c in columns),
                tuple(rows),
                _("Aucun jury."),
            ),
        ),
    )


def _wishes(doc: Mapping[str, Any], _: Translate) -> Section:
    rows = tuple(
        (
            text(w.get("job_title") or w.get("job")),
            text(w.get("referential")),
            _(YES) if w.get("shared_with_manager") else _(NO),
            text(w.get("note")),
            day(w.get("created_at")),
            day(w.get("ended_at")),
        )
        for w in doc.get("career_wishes", [])
    )
    columns = ("Poste", "Référentiel", "Partagé avec le manager", "Note")
    return Section(
        "souhaits",
        _("Souhaits d'évolution"),
        tables=(
            Table(
                _("Souhaits d'évolution"),
                tuple(_(c) for c in (*columns, "Suivi depuis le", "Retiré le")),
                rows,
                _("Aucun souhait d'évolution."),
            ),
        ),
    )


def _audit(doc: Mapping[str, Any], _: Translate) -> Section:
    events = list(doc.get("audit_events", []))
    rows = tuple(
        (
            moment(e.get("at")),
            text(e.get("actor")),
            _(CHANNEL_LABELS.get(e.get("channel"), str(e.get("channel")))),
            _(ACTION_LABELS.get(e.get("action"), str(e.get("action")))),
            text(e.get("detail")),
        )
        for e in reversed(events)  # the most recent first, as on /moi/donnees
    )
    columns = ("Date (UTC)", "Compte", "Canal", "Action", "Détail")
    return Section(
        "acces",
        _("Qui a consulté ou modifié vos données"),
        tables=(
            Table(
                _("Qui a consulté ou modifié vos données"),
                tuple(_(c) for c in columns),
                rows,
                _("Aucun accès enregistré."),
            ),
        ),
    )


SECTIONS = (_identity, _job, _assessments, _campaigns, _juries, _wishes, _audit)


def readable(document: Mapping[str, Any], translate: Translate = french) -> ReadableExport:
    """The export document in sections, its fixed words in ``translate``'s language."""
    person = document["person"]
    name = str(person.get("display_name") or person.get("id"))
    return ReadableExport(
        person=str(person.get("id")),
        name=name,
        title=translate("Données personnelles de %s", name),
        generated=translate(
            "Document établi le %s par %s.",
            moment(document.get("generated_at")),
            document.get("generated_by") or NONE,
        ),
        sections=tuple(build(document, translate) for build in SECTIONS),
    )


def readable_export(
    uow_factory: UowFactory,
    actor: Principal,
    person_id: str,
    *,
    form: str,
    translate: Translate = french,
) -> ReadableExport:
    """A person's data, readable (the person or HR; one ``export`` event, naming ``form``)."""
    return readable(rgpd.export_person(uow_factory, actor, person_id, form=form), translate)


def readable_own(
    uow_factory: UowFactory, actor: Principal, *, form: str, translate: Translate = french
) -> ReadableExport:
    return readable(rgpd.export_own(uow_factory, actor, form=form), translate)


def rows_of(export: ReadableExport) -> Sequence[tuple[str, ...]]:
    """Every table row of every section (for tests and plain-text checks)."""
    return [row for s in export.sections for t in s.tables for row in t.rows]
