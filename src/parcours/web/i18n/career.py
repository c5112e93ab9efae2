"""English messages of the career space (/mon-parcours), of the plans towards a job without
described competencies and of the shared career wishes (merged into i18n.EN)."""

from __future__ import annotations

EN: dict[str, str] = {
    "Mon parcours": "My career",
    "Mon parcours : mes mobilités, mes souhaits, mes formations": (
        "My career: my possible moves, my wishes, my trainings"
    ),
    "Mes actions à faire": "My to-dos",
    "Rien à faire pour le moment.": "Nothing to do for now.",
    "avant le %s": "before %s",
    "le %s": "on %s",
    "Mon poste": "My job",
    "Mes dernières évaluations": "My latest ratings",
    "Vous n'avez encore aucune évaluation.": "You have no rating yet.",
    "Mon profil complet et son historique": "My full profile and its history",
    "Mes données personnelles": "My personal data",
    "Mes mobilités possibles": "My possible moves",
    "Les postes les plus proches de mes évaluations actuelles : la correspondance est la part "
    "pondérée des compétences du poste que je détiens déjà au niveau attendu.": (
        "The jobs closest to my current ratings: the match is the weighted share of the job's "
        "competencies I already hold at the expected level."
    ),
    "correspondance %s %%": "match %s %%",
    "compétences non décrites": "competencies not described",
    "mobilité prévue par le référentiel": "move declared by the referential",
    "À développer :": "To develop:",
    "niveau %s attendu": "level %s expected",
    "%s actuellement": "%s now",
    "Vous détenez déjà toutes les compétences décrites de ce poste.": (
        "You already hold every described competency of this job."
    ),
    "Suivre ce poste": "Follow this job",
    "Poste suivi": "Followed",
    "Poste suivi.": "Job followed.",
    "Vos mobilités possibles apparaîtront quand vos compétences auront été évaluées.": (
        "Your possible moves will appear once your competencies have been rated."
    ),
    "Aucune mobilité trouvée à partir de vos évaluations.": "No move found from your ratings.",
    "Mes souhaits d'évolution": "My career wishes",
    "Les postes que je suis": "The jobs I follow",
    "Depuis le": "Since",
    "Partagé avec mon manager": "Shared with my manager",
    "Ne plus partager": "Stop sharing",
    "Partager avec mon manager": "Share with my manager",
    "Ne plus suivre": "Stop following",
    "poste absent de la dernière version": "job missing from the latest version",
    "Vous ne suivez encore aucun poste.": "You follow no job yet.",
    "Suivre un autre poste": "Follow another job",
    "Partager ce souhait avec mon manager": "Share this wish with my manager",
    "Pourquoi ce poste ? (facultatif)": "Why this job? (optional)",
    "Suivre": "Follow",
    "Vous ne suivez plus ce poste.": "You no longer follow this job.",
    "Souhait partagé avec votre manager.": "Wish shared with your manager.",
    "Souhait gardé pour vous.": "Wish kept to yourself.",
    "Les formations qui comblent mon écart": "The trainings that close my gap",
    "Vers": "Towards",
    "le premier poste que je suis": "the first job I follow",
    "ma première mobilité possible": "my first possible move",
    "Ce poste n'a pas de compétences décrites : aucun écart ne peut être mesuré.": (
        "This job has no described competencies: no gap can be measured."
    ),
    "développe": "develops",
    "Durée totale :": "Total duration:",
    "Écarts qu'aucune formation ne couvre :": "Gaps no training covers:",
    "Aucune formation du référentiel ne couvre mon écart :": (
        "No training of the referential covers my gap:"
    ),
    "Aucun écart : je détiens déjà les compétences de ce poste.": (
        "No gap: I already hold this job's competencies."
    ),
    "Mon plan de développement complet": "My full development plan",
    "Suivez un poste ou faites-vous évaluer pour voir les formations qui vous en rapprochent.": (
        "Follow a job or get rated to see the trainings that bring you closer to it."
    ),
    "Souhaits d'évolution partagés": "Shared career wishes",
    # plans towards a job without described competencies (point 3), titled with the name (5)
    "Plan de développement de %s": "Development plan of %s",
    "non mesurable": "not measurable",
    "Aucun écart mesurable : le poste visé n'a pas de compétences décrites.": (
        "No measurable gap: the target job has no described competencies."
    ),
    "Aucune formation proposée : le poste visé n'a pas de compétences décrites.": (
        "No training proposed: the target job has no described competencies."
    ),
    "Le poste visé n'a pas de compétences décrites (il n'est cité que comme évolution "
    "possible) : aucun écart ne peut être mesuré, ni couvert par une formation.": (
        "The target job has no described competencies (it is only named as a possible move): "
        "no gap can be measured, nor covered by a training."
    ),
    # juries that check themselves (point 4)
    "À vérifier : des éléments de ce procès-verbal se contredisent.": (
        "To check: parts of this record contradict each other."
    ),
    "titre non délivré ; blocs validés et acquis :": (
        "title not granted; blocks validated and kept:"
    ),
    # people by name (point 5)
    "Nom ou pseudonyme": "Name or pseudonym",
    "Nom ou pseudonyme de la personne": "The person's name or pseudonym",
    "Les personnes de ce nom que vous pouvez voir": "The people of that name you may see",
    "Personne de ce nom parmi les personnes que vous pouvez voir.": (
        "Nobody of that name among the people you may see."
    ),
    "Toutes les personnes": "Everyone",
}
