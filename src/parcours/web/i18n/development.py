"""English messages of the development pages (merged into i18n.EN)."""

from __future__ import annotations

EN: dict[str, str] = {
    "Plan de développement": "Development plan",
    "Retour au profil": "Back to the profile",
    "Imprimable sur A4 : utilisez l'impression du navigateur.": (
        "Printable on A4: use the browser's print command."
    ),
    "Poste actuel": "Current job",
    "Durée totale des formations": "Total duration of the trainings",
    "+ formations de durée non précisée": "+ trainings of unstated duration",
    "Parcours proposé": "Suggested path",
    (
        "Le poste visé n'est pas à une seule mobilité du poste actuel : le meilleur parcours "
        "passe par"
    ): "The target job is not one move away from the current job: the best path goes through",
    "mobilité déclarée": "declared move",
    "Aucun parcours trouvé vers ce poste en quatre étapes au plus.": (
        "No path found to this job in four steps or fewer."
    ),
    "Formations, dans l'ordre": "Trainings, in order",
    (
        "D'abord celles qui comblent un écart sur une compétence essentielle, puis les autres ; "
        "chacune une seule fois."
    ): "First those closing a gap on an essential competency, then the others; each once.",
    "Formation": "Training",
    "Durée": "Duration",
    "Compétences comblées": "Competencies closed",
    "prévue pour cette mobilité": "planned for this move",
    "Total": "Total",
    "Aucune formation du référentiel ne comble cet écart.": (
        "No training of the referential closes this gap."
    ),
    "Écarts qu'aucune formation ne comble": "Gaps no training closes",
    "Aucun : les formations couvrent tout l'écart.": "None: the trainings cover the whole gap.",
    "Écart avec le poste visé": "Gap with the target job",
}
