"""English messages of the campaigns pages (merged into i18n.EN)."""

from __future__ import annotations

EN: dict[str, str] = {
    "Campagnes d'évaluation": "Assessment campaigns",
    "Campagne": "Campaign",
    "Période": "Period",
    "du %s au %s": "from %s to %s",
    "ouverte": "open",
    "close": "closed",
    "Aucune campagne ne vous concerne pour l'instant.": "No campaign concerns you for now.",
    "Ouvrir une campagne": "Open a campaign",
    "Nom de la campagne": "Campaign name",
    "Début": "Start",
    "Fin": "End",
    "Équipes concernées": "Teams in scope",
    "Aucune équipe : importez d'abord les personnes.": "No team: import the people first.",
    "Ouvrir la campagne": "Open the campaign",
    "Toutes les campagnes": "All campaigns",
    "Clore la campagne": "Close the campaign",
    "Avancement par équipe": "Progress per team",
    "Membres": "Members",
    "Auto-évaluations soumises": "Self-assessments submitted",
    "Évaluations du manager soumises": "Manager reviews submitted",
    "Les deux": "Both",
    "Avancement": "Progress",
    "Auto-évaluation": "Self-assessment",
    "Manager": "Manager",
    "soumise": "submitted",
    "à faire": "to do",
    "Évaluer %s": "Rate %s",
    "Mon auto-évaluation": "My self-assessment",
    "Voir la revue %s": "See the review of %s",
    "Choisissez une équipe dans le tableau d'avancement pour voir ses membres.": (
        "Pick a team in the progress table to see its members."
    ),
    "Personne à évaluer.": "Nobody to rate.",
    "auto-évaluation soumise": "self-assessment submitted",
    "auto-évaluation à faire": "self-assessment to do",
    "évaluation du manager soumise": "manager review submitted",
    "évaluation du manager à faire": "manager review to do",
    "Évaluation soumise : elle ne peut plus être modifiée.": (
        "Review submitted: it can no longer be changed."
    ),
    "Évaluation enregistrée.": "Review saved.",
    "La campagne est close : plus aucune évaluation n'est possible.": (
        "The campaign is closed: no more rating is possible."
    ),
    "Évaluation par le manager": "Manager's review",
    (
        "Chaque compétence se note sur l'échelle de sa nature : un score de questionnaire "
        "pour un savoir, un repère de performance pour un savoir-faire, une fréquence par "
        "comportement pour un savoir-être. Une ligne laissée vide n'est pas notée."
    ): (
        "Each competency is rated on the scale of its kind: a questionnaire score for "
        "knowledge, a performance anchor for know-how, a frequency per behaviour for soft "
        "skills. A row left empty is not rated."
    ),
    "niveau attendu : %s": "expected level: %s",
    "Bonnes réponses au questionnaire (%)": "Good answers to the questionnaire (%)",
    "Fréquence des comportements observés": "Frequency of the observed behaviours",
    "— non noté —": "— not rated —",
    "Commentaire": "Comment",
    "Enregistrer le brouillon": "Save the draft",
    "Enregistrer et soumettre": "Save and submit",
    (
        "Une évaluation soumise ne peut plus être modifiée ; toutes les compétences "
        "doivent être notées."
    ): "A submitted review can no longer be changed; every competency must be rated.",
    "Comparaison": "Comparison",
    "Les notes de l'autre partie apparaissent ici une fois soumises.": (
        "The other side's ratings appear here once submitted."
    ),
    "Désaccords (2 niveaux ou plus) : %s · sous le niveau attendu : %s": (
        "Disagreements (2 levels or more): %s · under the expected level: %s"
    ),
    "Comparaison de l'auto-évaluation et de l'évaluation du manager": (
        "Comparison of the self-assessment and the manager's review"
    ),
    "Attendu": "Expected",
    "Écart": "Difference",
    "Constat": "Finding",
    "désaccord": "disagreement",
    "sous le niveau attendu": "under the expected level",
    "Commentaire de l'auto-évaluation": "Self-assessment comment",
    "Commentaire du manager": "Manager's comment",
    "Personnes": "People",
    "Personne": "Person",
    "Équipe": "Team",
    "Équipes": "Teams",
    "Action": "Action",
    "Total": "Total",
    "Référentiel": "Referential",
    "État": "Status",
    "Compétence": "Competency",
    # the scales' anchors and frequencies (domain.scales), shown in the rating form
    "notions": "basics",
    "pratique": "practice",
    "maîtrise": "proficiency",
    "expertise": "expertise",
    "jamais": "never",
    "rarement": "rarely",
    "parfois": "sometimes",
    "souvent": "often",
    "toujours": "always",
    "moins de 40 % de bonnes réponses": "less than 40 % good answers",
    "de 40 % à moins de 60 %": "from 40 % to less than 60 %",
    "de 60 % (seuil de réussite) à moins de 85 %": "from 60 % (pass mark) to less than 85 %",
    "85 % et plus": "85 % and more",
    "réalise la tâche avec l'aide d'un pair ou d'une procédure pas à pas": (
        "does the task with a peer's help or a step-by-step procedure"
    ),
    "réalise seul les cas courants ; sollicite de l'aide sur les autres": (
        "handles the usual cases alone; asks for help on the others"
    ),
    "réalise seul les cas courants et complexes, dans les délais": (
        "handles usual and complex cases alone, on time"
    ),
    "traite les cas inédits, forme les autres, améliore la pratique": (
        "handles new cases, trains others, improves the practice"
    ),
}
