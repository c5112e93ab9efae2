"""English messages of the rgpd pages (merged into i18n.EN)."""

from __future__ import annotations

EN: dict[str, str] = {
    "RGPD": "GDPR",
    "RGPD : journal d'audit et conservation": "GDPR: audit log and retention",
    "Personne effacée. Ses niveaux restent comptés sous l'identifiant anonyme %s.": (
        "Person erased. Their levels are still counted under the anonymous id %s."
    ),
    "Données d'une personne": "A person's data",
    "Pseudonyme": "Pseudonym",
    "Ouvrir la fiche (export, effacement)": "Open the record (export, erasure)",
    "Journal d'audit": "Audit log",
    "Personne (pseudonyme)": "Person (pseudonym)",
    "Compte qui agit": "Acting account",
    "Action": "Action",
    "Toutes": "All",
    "Du": "From",
    "Au": "To",
    "Filtrer": "Filter",
    "Télécharger le journal filtré (CSV)": "Download the filtered log (CSV)",
    "Événements, les plus récents d'abord": "Events, most recent first",
    "Date": "Date",
    "Compte": "Account",
    "Canal": "Channel",
    "Personne": "Person",
    "Détail": "Detail",
    "Aucun événement ne correspond à ces filtres.": "No event matches these filters.",
    "Précédent": "Previous",
    "Page": "Page",
    "Suivant": "Next",
    "Pages": "Pages",
    "Durées de conservation": "Retention periods",
    "Les personnes parties depuis plus de %s jours sont effacées ; les événements d'audit "
    "de plus de %s jours sont supprimés.": (
        "People who left more than %s days ago are erased; audit events older than %s days "
        "are deleted."
    ),
    "Aperçu de la purge": "Purge preview",
    "Mes données": "My data",
    "Vous pouvez télécharger tout ce que parcours conserve sur vous, et voir qui a consulté "
    "ou modifié vos données.": (
        "You can download everything parcours holds about you, and see who read or changed "
        "your data."
    ),
    "Télécharger mes données (JSON)": "Download my data (JSON)",
    "Accès à mes données": "Accesses to my data",
    "Qui a lu ou modifié vos données, les plus récents d'abord": (
        "Who read or changed your data, most recent first"
    ),
    "Aucun accès enregistré.": "No access recorded.",
    "Données personnelles": "Personal data",
    "Nom affiché": "Display name",
    "Équipe": "Team",
    "Poste (clé)": "Job (key)",
    "Date de départ": "Leaving date",
    "Évaluations": "Assessments",
    "Entretiens de campagne": "Campaign reviews",
    "Candidatures à un jury": "Jury candidacies",
    "Comptes": "Accounts",
    "Événements d'audit": "Audit events",
    "Droit d'accès": "Right of access",
    "Télécharger toutes ses données (JSON)": "Download all their data (JSON)",
    "Droit à l'effacement": "Right to erasure",
    "L'effacement est définitif : le nom, la date de départ, les commentaires, les preuves et "
    "les comptes sont supprimés ; les niveaux restent comptés sous un identifiant anonyme.": (
        "Erasure is final: the name, leaving date, comments, evidence and accounts are "
        "deleted; the levels are still counted under an anonymous id."
    ),
    "Pour confirmer, saisissez le pseudonyme de la personne": (
        "To confirm, type the person's pseudonym"
    ),
    "Effacer définitivement": "Erase permanently",
    "Retour au journal d'audit": "Back to the audit log",
    "Purge": "Purge",
    "Purge effectuée": "Purge done",
    "Personnes parties avant le %s, à effacer : %s.": "People who left before %s, to erase: %s.",
    "Événements d'audit antérieurs au %s, à supprimer : %s.": (
        "Audit events before %s, to delete: %s."
    ),
    "Purger maintenant": "Purge now",
    "Rien à purger.": "Nothing to purge.",
    "Personnes effacées : %s ; événements d'audit supprimés : %s.": (
        "People erased: %s; audit events deleted: %s."
    ),
    # action labels of the audit log (pages.rgpd.ACTION_LABELS)
    "lecture": "read",
    "écriture": "write",
    "export": "export",
    "effacement": "erasure",
    "connexion": "sign-in",
    "connexion refusée": "sign-in refused",
    "compte": "account",
    "import": "import",
    "purge": "purge",
    # the readable export (services/rgpd_readable.py, rgpd_export.html)
    "API": "API",
    "Actif": "Active",
    "Aucun compte.": "No account.",
    "Aucun jury.": "No jury.",
    "Aucun souhait d'évolution.": "No career wish.",
    "Aucune campagne.": "No campaign.",
    "Aucune évaluation.": "No assessment.",
    "Auto-évaluation remise le": "Self-assessment submitted on",
    "Blocs validés": "Validated blocks",
    "Campagnes d'entretiens": "Review campaigns",
    (
        "Ce document reprend tout ce que parcours conserve sur la personne, y compris qui a "
        "consulté ses données."
    ): (
        "This document holds everything parcours keeps about the person, including who read "
        "their data."
    ),
    "Connexion unique (SSO)": "Single sign-on (SSO)",
    "Créé le": "Created on",
    "Date (UTC)": "Date (UTC)",
    "Document établi le %s par %s.": "Document made on %s by %s.",
    "Données personnelles de %s": "Personal data of %s",
    "Fiche créée le": "Record created on",
    "Fiche mise à jour le": "Record updated on",
    "Fichier SIRH d'origine": "Original HRIS file",
    "Identité": "Identity",
    "Jury": "Jury",
    "Lire mes données": "Read my data",
    "Lire mes données (page)": "Read my data (page)",
    "Lire toutes ses données (page)": "Read all their data (page)",
    "Mon commentaire": "My comment",
    "Note": "Note",
    "Partagé avec le manager": "Shared with the manager",
    "Poste et équipe": "Job and team",
    "Preuve": "Evidence",
    "Qui a consulté ou modifié vos données": "Who read or changed your data",
    "Retiré le": "Withdrawn on",
    "Retour": "Back",
    "Rôles": "Roles",
    "Sessions et jetons": "Sessions and tokens",
    "Sommaire": "Contents",
    "Souhaits d'évolution": "Career wishes",
    "Suivi depuis le": "Followed since",
    "Télécharger en JSON (lisible par une machine)": "Download as JSON (machine-readable)",
    "Télécharger en PDF": "Download as PDF",
    "Télécharger mes données (PDF)": "Download my data (PDF)",
    "Télécharger toutes ses données (PDF)": "Download all their data (PDF)",
    "clos": "closed",
    "clôturée": "closed",
    "dernier usage le %s": "last used on %s",
    "expire le %s": "expires on %s",
    "jeton d'API": "API token",
    "ligne de commande": "command line",
    "ouvert": "open",
    "pages": "pages",
    "pas encore délivré": "not decided yet",
    "salarié": "employee",
    "session": "session",
    "titre délivré": "title granted",
    "titre non délivré": "title not granted",
    "validation partielle": "partial validation",
    "Évaluation du manager remise le": "Manager's assessment submitted on",
    "Évaluations de compétences": "Competency assessments",
    "Évalué par": "Assessed by",
}
