"""English messages of the teams pages (merged into i18n.EN)."""

from __future__ import annotations

EN: dict[str, str] = {
    "%s personne(s)": "%s person(s)",
    "%s titulaires": "%s holders",
    "1 titulaire": "1 holder",
    "Action": "Action",
    "Ajouter les compétences évaluées hors poste": (
        "Add the competencies assessed outside the job"
    ),
    "Ajouter ou remplacer un thème": "Add or replace a theme",
    "Alerte : goulot d'étranglement": "Alert: bottleneck",
    (
        "Au centre de relation client, chaque appel est orienté vers un conseiller qui a les "
        "compétences de son thème. Définissez les thèmes, les compétences et niveaux qu'ils "
        "demandent et le nombre minimal de conseillers nécessaires."
    ): (
        "In the contact centre, each call is routed to an advisor who has the competencies of "
        "its theme. Define the themes, the competencies and levels they need and the minimum "
        "number of advisors required."
    ),
    "Aucun référentiel : importez-en un d'abord.": "No referential: import one first.",
    "Aucun thème de demandes n'est défini pour le référentiel de ce groupe.": (
        "No request theme is defined for this group's referential."
    ),
    "Aucun thème pour l'instant.": "No theme yet.",
    "Aucune : chaque compétence requise a plusieurs titulaires.": (
        "None: every required competency has several holders."
    ),
    "Aucune équipe à afficher.": "No team to show.",
    (
        "Calcul : pour chaque personne à qui il ne manque qu'une compétence pour prendre un "
        "thème, on compte les thèmes que cette seule formation lui ouvrirait ; on retient la "
        "formation qui en ouvre le plus, les thèmes en alerte d'abord."
    ): (
        "How it is computed: for each person who lacks a single competency to take a theme, "
        "we count the themes that one training would open to them; the training that opens "
        "the most is chosen, themes in alert first."
    ),
    "Carte des niveaux": "Level map",
    "Compétence %s": "Competency %s",
    "Compétences demandées": "Competencies needed",
    "Compétences demandées et niveau minimal": "Competencies needed and minimum level",
    (
        "Compétences requises détenues par moins de %s : aucun titulaire, c'est un "
        "manque ; un seul, c'est un point de défaillance unique."
    ): (
        "Required competencies held by fewer than %s: no holder is a gap; a single "
        "one is a single point of failure."
    ),
    "Couverture par compétence": "Coverage per competency",
    "Enregistrer le thème": "Save the theme",
    "Fichier CSV": "CSV file",
    "Formation recommandée": "Recommended training",
    "Former une personne de plus en « %s » jusqu'au niveau %s lui ouvrirait %s thème(s)": (
        "Training one more person in “%s” up to level %s would open %s theme(s) to them"
    ),
    "Importer des thèmes (CSV)": "Import themes (CSV)",
    (
        "La matrice de compétences d'une équipe compare le niveau actuel de chacun au niveau "
        "attendu par son poste."
    ): (
        "A team's skills matrix compares each person's current level with the level their "
        "job expects."
    ),
    "Les compétences les moins couvertes": "The least covered competencies",
    "Matrice de compétences": "Skills matrix",
    "Minimum": "Minimum",
    "Niveau actuel et niveau attendu par personne et par compétence": (
        "Current and expected level per person and competency"
    ),
    "Niveau de référence": "Reference level",
    "Nom du thème": "Theme name",
    "Nombre minimal de conseillers": "Minimum number of advisors",
    "Part des demandes": "Share of requests",
    "Part des demandes entrantes (%, facultatif)": "Share of incoming requests (%, optional)",
    "Part du groupe": "Share of the group",
    "Personne": "Person",
    "Personnes concernées : %s.": "People concerned: %s.",
    "Peuvent le prendre": "Can take it",
    "Plusieurs équipes ou un poste": "Several teams or a job",
    "Points de fragilité": "Weak spots",
    "Poste (clé, facultatif)": "Job (key, optional)",
    (
        "Pour chaque thème, les conseillers qui ont toutes les compétences demandées au niveau "
        "demandé peuvent le prendre ; en dessous du minimum, le thème est un goulot "
        "d'étranglement."
    ): (
        "For each theme, the advisors who have every competency it needs at the level it "
        "needs can take it; below the minimum, the theme is a bottleneck."
    ),
    "Requise pour": "Required for",
    "Suffisant": "Enough",
    "Supprimer": "Delete",
    "Thème": "Theme",
    "Thèmes de demandes": "Request themes",
    "Thèmes de demandes du centre de relation client": "Contact-centre request themes",
    "Thèmes définis": "Defined themes",
    "Titulaires": "Holders",
    (
        "Titulaires : personnes évaluées au niveau attendu par leur poste ou au-dessus (pour "
        "une compétence que leur poste ne demande pas : au niveau de référence du groupe)."
    ): (
        "Holders: people assessed at or above the level their job expects (for a competency "
        "their job does not require: at the group's reference level)."
    ),
    (
        "Un groupe de moins de %s personnes n'est montré que par des totaux, sauf aux "
        "administrateurs RH."
    ): ("A group of fewer than %s people is shown only as totals, except to HR administrators."),
    (
        "Une ligne par compétence d'un thème : thème;compétence;niveau;minimum (et, en option, "
        "la part des demandes). Le fichier est refusé en entier si une ligne est invalide."
    ): (
        "One line per competency of a theme: theme;competency;level;minimum (and, optionally, "
        "the share of requests). The whole file is refused if one line is invalid."
    ),
    "Voir la matrice": "Show the matrix",
    "Vos équipes": "Your teams",
    "au niveau attendu": "at the expected level",
    "au-dessus de l'attendu": "above the expected level",
    "aucun titulaire": "no holder",
    "chaque case donne le niveau actuel / le niveau attendu (1 à 4) et un symbole :": (
        "each cell gives the current level / the expected level (1 to 4) and a symbol:"
    ),
    "des demandes": "of requests",
    "dont en alerte :": "of which in alert:",
    (
        "groupe de moins de %s personnes : seuls les totaux sont affichés, sans nom ni niveau "
        "individuel."
    ): ("group of fewer than %s people: only totals are shown, with no name or individual level."),
    "ligne %s": "line %s",
    "non requis par le poste": "not required by the job",
    "non évalué": "not assessed",
    "requise pour %s": "required for %s",
    "sous l'attendu": "below the expected level",
    "À une compétence près :": "One competency short:",
    "Équipe": "Team",
    "Équipes du groupe": "Teams of the group",
}
