"""English messages of the people pages (merged into i18n.EN), and of the domain's labels the
pages show (sources, scales, anchors, frequencies)."""

from __future__ import annotations

EN: dict[str, str] = {
    # people.html, person.html, person_missing.html
    "Équipe": "Team",
    "Évaluation enregistrée.": "Assessment recorded.",
    "Plan de développement vers": "Development plan towards",
    "Voir l'écart et le plan": "See the gap and the plan",
    "Profil de compétences": "Competency profile",
    "Niveau attendu par le poste et niveau actuel (la source qui prime, puis la plus récente)": (
        "Level the job expects and current level (the source that prevails, then the latest)"
    ),
    "Type": "Kind",
    "Attendu": "Expected",
    "Actuel": "Current",
    "non évalué": "not assessed",
    "Aucune compétence attendue ni évaluée.": "No competency expected or assessed.",
    "Les échelles d'évaluation": "The rating scales",
    "Historique des évaluations": "Assessment history",
    "Historique": "History",
    "Mesure": "Measure",
    "Par": "By",
    "Éléments de preuve": "Evidence",
    "Évaluer": "Rate",
    (
        "Chaque type de compétence a son échelle : un score de questionnaire pour un savoir, "
        "un repère de performance pour un savoir-faire, une fréquence par comportement pour un "
        "savoir-être."
    ): (
        "Each kind of competency has its scale: a questionnaire score for knowledge, a "
        "performance anchor for a skill, a frequency per behaviour for an attitude."
    ),
    "En tant que": "As",
    "Score au questionnaire (%)": "Questionnaire score (%)",
    "60 % est le seuil de réussite (niveau 3).": "60 % is the pass mark (level 3).",
    "Repère de performance observé": "Observed performance anchor",
    "Fréquence observée de chaque comportement": "Observed frequency of each behaviour",
    "Date de l'évaluation": "Date of the assessment",
    "Éléments de preuve (facultatif)": "Evidence (optional)",
    "Enregistrer l'évaluation": "Record the assessment",
    "Toutes mes équipes": "All my teams",
    "Poste (clé)": "Job (key)",
    "Personnes visibles par votre compte": "People your account may see",
    "Personne": "Person",
    "Pseudonyme": "Pseudonym",
    "Aucune personne à afficher.": "No one to show.",
    "Précédent": "Previous",
    "Page": "Page",
    "Suivant": "Next",
    "Pages": "Pages",
    "Ce compte n'est rattaché à aucune personne : il n'a pas de profil de compétences.": (
        "This account belongs to no person: it has no competency profile."
    ),
    "Voir les personnes": "See the people",
    # scales.html
    "Échelles d'évaluation": "Rating scales",
    (
        "Chaque type de compétence se mesure à sa façon ; chaque échelle donne un niveau sur "
        "l'échelle commune des postes (1 notions à 4 expertise)."
    ): (
        "Each kind of competency is measured its own way; each scale gives a level on the "
        "jobs' common scale (1 basics to 4 expertise)."
    ),
    "Repères de l'échelle": "Anchors of the scale",
    "Repère": "Anchor",
    "Description": "Description",
    "Fréquences": "Frequencies",
    "Le niveau vient de la moyenne des fréquences des indicateurs « Je … » de la compétence.": (
        "The level comes from the mean frequency of the competency's “I …” indicators."
    ),
    "Seuils": "Thresholds",
    "Quelle évaluation compte": "Which assessment counts",
    (
        "Quand plusieurs sources ont évalué une compétence, le niveau actuel est celui de la "
        "source qui prime, puis la plus récente :"
    ): (
        "When several sources assessed a competency, the current level is the one of the "
        "source that prevails, then the latest:"
    ),
    "Une nouvelle évaluation ne remplace jamais les précédentes : l'historique est conservé.": (
        "A new assessment never replaces the previous ones: the history is kept."
    ),
    # domain labels: sources
    "auto-évaluation": "self-assessment",
    "manager": "manager",
    "jury": "jury",
    "import SIRH": "HRIS import",
    # domain labels: frequencies
    "jamais": "never",
    "rarement": "rarely",
    "parfois": "sometimes",
    "souvent": "often",
    "toujours": "always",
    # domain labels: scales
    "Connaissances vérifiées par questionnaire": "Knowledge checked by a questionnaire",
    "part de bonnes réponses au questionnaire (0 à 100 %)": (
        "share of right answers to the questionnaire (0 to 100 %)"
    ),
    "moins de 40 % de bonnes réponses": "less than 40 % right answers",
    "de 40 % à moins de 60 %": "from 40 % to less than 60 %",
    "de 60 % (seuil de réussite) à moins de 85 %": "from 60 % (pass mark) to less than 85 %",
    "85 % et plus": "85 % and more",
    "Performance observée en situation de travail": "Performance observed at work",
    "le repère qui décrit ce qui a été observé": "the anchor that describes what was observed",
    "réalise la tâche avec l'aide d'un pair ou d'une procédure pas à pas": (
        "does the task with the help of a peer or a step-by-step procedure"
    ),
    "réalise seul les cas courants ; sollicite de l'aide sur les autres": (
        "handles the usual cases alone; asks for help on the others"
    ),
    "réalise seul les cas courants et complexes, dans les délais": (
        "handles the usual and the complex cases alone, on time"
    ),
    "traite les cas inédits, forme les autres, améliore la pratique": (
        "handles new cases, trains others, improves the practice"
    ),
    "Fréquence des comportements observés": "Frequency of the observed behaviours",
    "pour chaque indicateur « Je … » : jamais, rarement, parfois, souvent, toujours": (
        "for each “I …” indicator: never, rarely, sometimes, often, always"
    ),
    "comportements rarement observés (moyenne inférieure à 1,5)": (
        "behaviours rarely observed (mean below 1.5)"
    ),
    "parfois observés (de 1,5 à moins de 2,5)": "sometimes observed (1.5 to less than 2.5)",
    "souvent observés (de 2,5 à moins de 3,5)": "often observed (2.5 to less than 3.5)",
    "toujours observés (3,5 et plus), y compris sous pression": (
        "always observed (3.5 and more), under pressure too"
    ),
    "Mes données personnelles : export et journal des accès": (
        "My personal data: export and access log"
    ),
    "Données personnelles : export et effacement": "Personal data: export and erasure",
}
