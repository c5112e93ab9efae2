"""The interface's languages: French by default, English on request (``?lang=en``, a cookie).

Messages are written in French in the templates and the code (``_("Rechercher")``); the
English catalogue translates them. A message missing from it is shown in French.
"""

from __future__ import annotations

from collections.abc import Callable

LANGUAGES: tuple[str, ...] = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
COOKIE = "parcours_lang"

EN: dict[str, str] = {
    "Compétences canoniques": "Canonical competencies",
    "Retirer du groupe": "Remove from the group",
    "Aucune compétence canonique pour l'instant.": "No canonical competency yet.",
    "Accepter": "Accept",
    "Acquises": "Acquired",
    "Aucun lien pour l'instant (voir la revue des liens).": "No link yet (see the link review).",
    "Aucun lien.": "No link.",
    "Aucun parcours trouvé avec ces contraintes.": "No path found with these constraints.",
    "Autoriser une baisse de grade": "Allow a lower grade",
    "Chercher les parcours": "Find paths",
    "Choisir": "Select",
    "Choisir le lien": "Select the link",
    "Cible": "Target",
    "Compétences liées dans d'autres référentiels": "Linked competencies in other referentials",
    "Couverture pondérée": "Weighted coverage",
    "De": "From",
    "Décidé par": "Decided by",
    "Explorer les mobilités (déclarées et calculées)": "Explore the moves (declared and computed)",
    "Filtrer": "Filter",
    "Fusionner en une compétence": "Merge into one competency",
    "Indices": "Evidence",
    "Liens": "Links",
    "Manquantes": "Missing",
    "Mobilités depuis": "Moves from",
    "Niveau insuffisant": "Level too low",
    "Origine": "Origin",
    "Parcours": "Paths",
    "Planifier un parcours": "Plan a career path",
    "Planifier un parcours depuis ce poste": "Plan a career path from this job",
    "Poste de départ": "Starting job",
    "Poste visé": "Target job",
    "Postes accessibles": "Reachable jobs",
    "Postes accessibles, du plus proche au moins proche": "Reachable jobs, closest first",
    "Proposer des liens": "Propose links",
    "Entre les documents de l'organisation, et avec les référentiels de référence.": (
        "Between the organisation's documents, and with the reference referentials."
    ),
    "Deux référentiels de référence se lient en ligne de commande": (
        "Two reference referentials are linked from the command line"
    ),
    "Rang": "Rank",
    "Rejeter": "Reject",
    "Relation": "Relation",
    "Revue des liens": "Link review",
    "Revue des liens entre référentiels": "Review of the links between referentials",
    "Référentiel": "Referential",
    "Score": "Score",
    "Statut": "Status",
    (
        "Traits pleins : mobilités déclarées par les documents ; tirets : "
        "mobilités calculées à partir des compétences, de la hiérarchie et du "
        "grade."
    ): (
        "Solid lines: moves declared by the documents; dashes: moves computed "
        "from competencies, hierarchy and grade."
    ),
    (
        "Une barre par compétence du poste visé, longue de son poids ; vert : "
        "acquise, orange : niveau insuffisant, blanc : manquante."
    ): (
        "One bar per competency of the target job, as long as its weight; "
        "green: acquired, orange: level too low, white: missing."
    ),
    "calculée": "computed",
    "coût": "cost",
    "déclarée": "declared",
    "grade": "grade",
    "lien": "link",
    "liens": "links",
    "score": "score",
    "tous": "all",
    "voir l'écart": "see the gap",
    "À acquérir": "To acquire",
    "Écart": "Gap",
    "Étapes au plus": "At most, steps",
    "à": "to",
    "étape": "step",
    "étapes": "steps",
    "Aller au contenu": "Skip to content",
    "Rechercher": "Search",
    "Rechercher un poste ou une compétence": "Search a job or a competency",
    "Accueil": "Home",
    "Importer": "Import",
    "Navigation principale": "Main navigation",
    "Langue": "Language",
    "English": "English",
    "Français": "Français",
    "Cartographie des métiers et des compétences": "Map of jobs and competencies",
    "Référentiels": "Referentials",
    "Référentiels importés": "Imported referentials",
    "Nom": "Name",
    "Version": "Version",
    "Postes": "Jobs",
    "Compétences": "Competencies",
    "Mobilités": "Mobilities",
    "Certifications": "Certifications",
    "Aucun référentiel : importez des documents.": "No referential yet: import documents.",
    "Résultats pour « %s »": "Results for “%s”",
    "Aucun poste trouvé.": "No job found.",
    "Aucune compétence trouvée.": "No competency found.",
    "Aucune certification trouvée.": "No certification found.",
    "Cartographie": "Job map",
    "Famille": "Family",
    "Filière": "Field",
    "Métier": "Occupation",
    "Fonction": "Function",
    "(non classé)": "(unclassified)",
    "sans fiche": "no sheet",
    "postes": "jobs",
    "Versions": "Versions",
    "version %s": "version %s",
    "version actuelle": "current version",
    "Afficher la version": "Show version",
    "Changements": "Changes",
    "Date": "Date",
    "Documents": "Documents",
    "Exporter": "Export",
    "Matrices": "Matrices",
    "Source": "Source",
    "source": "source",
    "confiance": "confidence",
    "ligne": "line",
    "document inconnu": "unknown document",
    "Raison d'être": "Purpose",
    "Missions et activités": "Missions and activities",
    "Autres activités": "Other activities",
    "Conditions d'accès": "Access conditions",
    "Rattachement": "Reporting line",
    "Lieu d'exercice": "Place of work",
    "Effectif": "Headcount",
    "Classification": "Classification",
    "Niveau": "Level",
    "Grade": "Grade",
    "Code": "Code",
    "Employeur": "Employer",
    "Environnement": "Environment",
    "Intitulés proches": "Alternative titles",
    "Fiche d'origine": "Original sheet",
    "Mobilités déclarées": "Declared mobilities",
    "Évolutions possibles": "Possible moves",
    "Postes d'où l'on vient": "Jobs leading here",
    "Aucune mobilité déclarée.": "No declared mobility.",
    "Définition": "Definition",
    "Indicateurs": "Indicators",
    "Détails": "Details",
    "Domaine": "Domain",
    "Catégorie": "Category",
    "Codes": "Codes",
    "Importance": "Importance",
    "essentielle": "essential",
    "optionnelle": "optional",
    "indicative": "indicative",
    "Savoirs": "Knowledge",
    "Savoir-faire": "Skills",
    "Savoir-être": "Attitudes",
    "notions": "basics",
    "pratique": "practice",
    "maîtrise": "mastery",
    "expertise": "expertise",
    "verticale": "vertical",
    "horizontale": "horizontal",
    "dans le métier": "within the occupation",
    "exemple de parcours": "example path",
    "non précisée": "unspecified",
    "Postes qui la demandent": "Jobs requiring it",
    "Aucun poste ne la demande.": "No job requires it.",
    "Comparer": "Compare",
    "Comparer avec": "Compare with",
    "Tapez des mots du titre": "Type words of the title",
    "Postes trouvés : %s": "Jobs found: %s",
    "Compétences trouvées : %s": "Competencies found: %s",
    "Aucune compétence ne correspond.": "No competency matches.",
    "Tapez des mots du libellé": "Type words of the label",
    "Tapez quelques mots du libellé de la compétence, puis choisissez-la dans la liste.": (
        "Type a few words of the competency's label, then choose it in the list."
    ),
    "Aucune compétence ne correspond à « %s ».": "No competency matches “%s”.",
    "Plusieurs compétences correspondent à « %s » : choisissez-en une.": (
        "Several competencies match “%s”: choose one."
    ),
    "Aucun poste ne correspond.": "No job matches.",
    "Tapez quelques mots du titre du poste, puis choisissez-le dans la liste.": (
        "Type a few words of the job's title, then choose it in the list."
    ),
    "Aucun poste ne correspond à « %s ».": "No job matches “%s”.",
    "Plusieurs postes correspondent à « %s » : choisissez-en un.": (
        "Several jobs match “%s”: choose one."
    ),
    "Comparer deux postes": "Compare two jobs",
    "Poste A": "Job A",
    "Poste B": "Job B",
    "Compétences communes": "Shared competencies",
    "Seulement dans A": "Only in A",
    "À acquérir pour B": "To acquire for B",
    "Écarts de niveau": "Level differences",
    "Niveau A": "Level A",
    "Niveau B": "Level B",
    "Aucune.": "None.",
    "Matrice": "Matrix",
    "Postes × compétences": "Jobs × competencies",
    "Postes × activités": "Jobs × activities",
    "Matrices des annexes": "Annex matrices",
    "Choisir les postes": "Choose jobs",
    "Afficher": "Show",
    "oui": "yes",
    "non": "no",
    "niveau attendu": "expected level",
    "Légende": "Legend",
    "demandée, niveau non précisé": "required, level not given",
    "Blocs de compétences": "Competency blocks",
    "Modalités d'évaluation": "Assessment methods",
    "Critères d'évaluation": "Assessment criteria",
    "Activités": "Activities",
    "Règles de validation": "Validation rules",
    "seuil": "threshold",
    "Importer des documents": "Import documents",
    "Fichiers": "Files",
    "Référentiel (facultatif)": "Referential (optional)",
    "Le nom proposé par chaque document est utilisé si ce champ est vide.": (
        "Each document's proposed name is used when this field is empty."
    ),
    "Envoyer et relire": "Upload and review",
    "Brouillons récents": "Recent drafts",
    "Aucun brouillon.": "No draft.",
    "Brouillon n° %s": "Draft no. %s",
    "État": "Status",
    "en attente": "pending",
    "publié": "published",
    "abandonné": "discarded",
    "Fichier": "File",
    "Résultat": "Result",
    "Avertissements": "Warnings",
    "Aucun avertissement.": "No warning.",
    "Position": "Position",
    "Message": "Message",
    "échec": "failed",
    "lu": "read",
    "Ce que la publication changerait": "What publishing would change",
    "nouveau référentiel": "new referential",
    "ajoutés": "added",
    "retirés": "removed",
    "modifiés": "changed",
    "aucun changement": "no change",
    "Publier": "Publish",
    "Abandonner": "Discard",
    "Voir la cartographie": "See the job map",
    "Aucun document lisible : rien à publier.": "No readable document: nothing to publish.",
    "Erreur": "Error",
    "Page introuvable": "Page not found",
    "Retour à l'accueil": "Back to home",
    "Liste des compétences": "Competency list",
    "Mots du libellé": "Words of the label",
    "Tous les types": "All kinds",
    "Compétences trouvées : %s sur %s": "Competencies found: %s of %s",
    "Certification": "Certification",
    "Voir": "See",
    "Tâches": "Tasks",
    "Contenu": "Content",
    "Imprimer": "Print",
    "Aucune matrice dans ce référentiel.": "No matrix in this referential.",
    "Poste": "Job",
    "Compétence": "Competency",
    "Activité": "Activity",
    "résultats": "results",
    "Publié : %s": "Published: %s",
    "Pied de page": "Footer",
    "Formations": "Trainings",
    "Mots corrigés": "Corrected words",
    "Notes": "Notes",
    "parcours — données servies par l'application, sans ressource externe.": (
        "parcours — data served by the application, no external resource."
    ),
}

# Each page group keeps its English messages in a module of this package (``i18n/<group>.py``,
# a dict ``EN``); they all go into EN, in this order (a later module wins on a shared message).
# The services' texts with values inside are matched by patterns instead (``i18n/messages.py``).
from parcours.web import validation_fr  # noqa: E402
from parcours.web.i18n import (  # noqa: E402
    auth,
    campaigns,
    career,
    crosswalks,
    development,
    hris,
    juries,
    links,
    map,
    people,
    review,
    rgpd,
    teams,
    trainings,
)

GROUPS = (
    auth,
    people,
    hris,
    development,
    campaigns,
    career,
    juries,
    links,
    map,
    crosswalks,
    teams,
    rgpd,
    review,
    trainings,
    validation_fr,
)
for _module in GROUPS:
    EN.update(_module.EN)

CATALOGUES: dict[str, dict[str, str]] = {"fr": {}, "en": EN}


def translator(lang: str) -> Callable[..., str]:
    """``_("Résultats pour « %s »", q)``: the message in ``lang``, formatted with the args."""
    catalogue = CATALOGUES.get(lang, {})

    def translate(message: str, *args: object) -> str:
        text = catalogue.get(message, message)
        return text % args if args else text

    return translate


def pick_language(query: str | None, cookie: str | None, default: str) -> str:
    for candidate in (query, cookie, default):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE
