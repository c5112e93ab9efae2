"""English of the training catalogue's pages, the job sheet's new sections and the shared
formats (issue 14)."""

from __future__ import annotations

EN: dict[str, str] = {
    "Catalogue de formations": "Training catalogue",
    "formation": "training",
    "formations": "trainings",
    "poste": "job",
    "postes": "jobs",
    "ligne lue": "line read",
    "lignes lues": "lines read",
    "erreur": "error",
    "erreurs": "errors",
    "personne": "person",
    "personnes": "people",
    "thème": "theme",
    "thèmes": "themes",
    "Former une personne de plus en « %s » jusqu'au niveau %s lui ouvrirait %s": (
        "Training one more person in “%s” up to level %s would open %s"
    ),
    (
        "Les formations que la banque propose, avec les compétences qu'elles développent et le "
        "niveau atteint. Les écarts et les plans de développement proposent les plus utiles par "
        "heure de formation."
    ): (
        "The trainings the bank offers, with the competencies they develop and the level "
        "reached. Gaps and development plans propose the most useful per hour of training."
    ),
    "Formation enregistrée.": "Training saved.",
    "Importer un catalogue": "Import a catalogue",
    (
        "CSV ou Excel, une formation par ligne : titre, code, durée, modalité, organisme, "
        "compétences (« Compétence : niveau », séparées par |), prérequis, coût. Tout ou rien : "
        "si une ligne est invalide, rien n'est importé et chaque erreur est listée avec sa ligne."
    ): (
        "CSV or Excel, one training per line: title, code, duration, modality, provider, "
        "competencies (“Competency: level”, separated by |), prerequisites, cost. All or "
        "nothing: if a line is invalid nothing is imported and each error is listed with its line."
    ),
    "Ajouter une formation": "Add a training",
    "Modifier une formation": "Change a training",
    "Formations du catalogue": "Catalogue trainings",
    "Formations du catalogue, avec les compétences développées et le niveau atteint": (
        "Catalogue trainings, with the competencies developed and the level reached"
    ),
    "Formation": "Training",
    "Durée": "Duration",
    "Modalité": "Modality",
    "Compétences développées": "Competencies developed",
    "Prérequis": "Prerequisites",
    "Coût": "Cost",
    "Actions": "Actions",
    "saisie dans l'application": "typed in the application",
    "importée de %s": "imported from %s",
    "ligne %s": "line %s",
    "niveau %s": "level %s",
    "Modifier": "Change",
    "Supprimer": "Delete",
    "Aucune formation importée ni saisie pour l'instant.": "No training imported or typed yet.",
    "Formations entre postes déclarées par les études": (
        "Trainings between jobs the studies declare"
    ),
    "remplacée par la formation du catalogue de même code": (
        "replaced by the catalogue training of the same code"
    ),
    "Aucune étude importée ne déclare de formation entre postes.": (
        "No imported study declares a training between jobs."
    ),
    "Rapport d'import du catalogue de formations": "Training catalogue import report",
    "Fichier refusé, rien n'a été importé :": "File refused, nothing was imported:",
    "Formations créées": "Trainings created",
    "Formations modifiées": "Trainings changed",
    "Formations inchangées": "Trainings unchanged",
    "Retour au catalogue de formations": "Back to the training catalogue",
    (
        "La formation n'est pas enregistrée : corrigez les champs signalés (rien de ce que vous "
        "avez saisi n'est perdu)."
    ): "The training is not saved: correct the fields shown (nothing you typed is lost).",
    "Titre": "Title",
    "Code": "Code",
    "Par défaut, le titre sans accents ni espaces.": (
        "By default, the title without accents or spaces."
    ),
    "Par exemple « 3 jours », « 14 h », « une demi-journée ».": (
        "For example “3 jours”, “14 h”, “une demi-journée”."
    ),
    "non précisée": "not given",
    "Organisme": "Provider",
    "Une par ligne, avec le niveau atteint : « Techniques de vente : 3 ».": (
        "One per line, with the level reached: “Techniques de vente : 3”."
    ),
    "Un par ligne.": "One per line.",
    "Coût (€ HT par stagiaire)": "Cost (€ excl. tax per trainee)",
    "Enregistrer": "Save",
    "Annuler": "Cancel",
    "présentiel": "on site",
    "distanciel": "remote",
    "mixte": "blended",
    "e-learning": "e-learning",
    # the job sheet
    "Codes": "Codes",
    "ROME": "ROME (French job taxonomy)",
    "ESCO": "ESCO (European taxonomy)",
    "à valider": "to be confirmed",
    "Compétences essentielles": "Essential competencies",
    "Compétences optionnelles": "Optional competencies",
    "Métiers proches et envisageables": "Close and possible jobs",
    "Certifications et formations qui y mènent": "Certifications and trainings that lead to it",
    "Formations": "Trainings",
    "déclarée par l'étude pour venir de : %s": "declared by the study to come from: %s",
    "développe : %s": "develops: %s",
    "Voir le catalogue de formations": "See the training catalogue",
    "mobilité déclarée par le document": "move declared by the document",
    "même métier": "same occupation",
    "même filière": "same field",
    "même famille": "same family",
    "grade supérieur": "higher grade",
    "grade inférieur": "lower grade",
    "progression (évolution)": "progression (career step)",
    "latérale (proche)": "lateral (close)",
    "Filière non précisée": "Field not given",
    "grade non précisé": "grade not given",
    # code words (web/labels.py)
    "proposé": "proposed",
    "accepté": "accepted",
    "rejeté": "rejected",
    "équivalent": "equivalent",
    "proche": "close",
    "plus large": "broader",
    "plus précis": "narrower",
    "apparenté": "related",
    "collaborateur": "employee",
    "membre de jury": "jury member",
    "administrateur RH": "HR administrator",
    "fiche fonction": "function sheet",
    "fiche métier": "job sheet",
    "étude": "study",
    "export parcours": "parcours export",
    "texte": "text",
    "page web": "web page",
}
