"""English messages of the map page and of the explanations across documents."""

from __future__ import annotations

EN: dict[str, str] = {
    "Cartographie": "Job map",
    "Cartographie des métiers": "Job map",
    "postes de": "jobs from",
    "référentiels de l'organisation": "referentials of the organisation",
    (
        "Les liens validés par RH entre compétences et entre postes en font une seule carte : "
        "la mobilité, les comparaisons, les écarts et les parcours la traversent."
    ): (
        "The links HR accepted between competencies and between jobs make them one map: "
        "mobility, comparisons, gaps and career paths go across it."
    ),
    (
        "Aucun référentiel ne fait partie de la cartographie : importez des fiches, puis "
        "déclarez-les ci-dessous."
    ): "No referential is part of the map: import job sheets, then declare them below.",
    "Référentiels": "Referentials",
    "Rôle": "Role",
    "Déclaré par": "Declared by",
    "Changer": "Change",
    "cartographie de l'organisation": "organisation's map",
    "référentiel de référence": "reference taxonomy",
    "rôle par défaut": "default role",
    "Rôle de": "Role of",
    "Enregistrer le rôle de": "Save the role of",
    "Enregistrer": "Save",
    "Postes par famille, filière et métier": "Jobs by family, branch and occupation",
    "même poste que": "same job as",
    "peut-être le même poste que": "maybe the same job as",
    "lié à": "linked to",
    "proposé :": "proposed:",
    "Liens entre documents": "Links between documents",
    "Mobilité proposée par": "Move offered by",
    "Aucune mobilité": "No move",
    "Type": "Type",
    "Pourquoi": "Why",
    "progression (évolution)": "progression (step up)",
    "latérale (proche)": "lateral (close)",
    "compétences partagées": "shared competencies",
    "missions et activités décrites avec les mêmes mots": (
        "missions and activities in the same words"
    ),
    "intitulés proches": "close titles",
    "vocabulaire des intitulés et de la finalité": "vocabulary of the titles and purpose",
    "fiches de sens proche (encodeur de phrases)": "sheets close in meaning (sentence encoder)",
    "même métier": "same occupation",
    "même filière (domaine professionnel)": "same branch (professional domain)",
    "même famille (grand domaine)": "same family (broad domain)",
    "pas de grade": "grade step",
    "progression du niveau d'accès": "higher entry level",
    "baisse du niveau d'accès : pénalité": "lower entry level: penalty",
    "par un lien partiel avec": "through a partial link with",
}
