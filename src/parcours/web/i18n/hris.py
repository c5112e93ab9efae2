"""English messages of the HRIS import pages (merged into i18n.EN)."""

from __future__ import annotations

EN: dict[str, str] = {
    "Importer un export SIRH": "Import an HRIS export",
    "Personnes (matricule, référentiel, emploi, équipe, manager…) ou évaluations (matricule, "
    "compétence, niveau ou mesure, source, date…), en CSV ou Excel.": (
        "People (employee number, referential, job, team, manager…) or assessments (employee "
        "number, competency, level or measure, source, date…), as CSV or Excel."
    ),
    "Tout ou rien : si une ligne est invalide, rien n'est importé et chaque erreur est listée "
    "avec sa ligne.": (
        "All or nothing: if any row is invalid nothing is imported, and every error is listed "
        "with its line."
    ),
    "Fichier": "File",
    "Type de fichier": "Kind of file",
    "D'après les en-têtes": "From the headers",
    "Personnes": "People",
    "Évaluations": "Assessments",
    "Vérifier seulement (rien n'est écrit)": "Check only (nothing is written)",
    "Importer": "Import",
    "Rapport d'import SIRH": "HRIS import report",
    "Fichier : %s": "File: %s",
    "Lignes lues : %s": "Rows read: %s",
    "Fichier refusé, rien n'a été importé : %s.": "File refused, nothing was imported: %s.",
    "Erreurs, ligne par ligne": "Errors, row by row",
    "Ligne": "Line",
    "Colonne": "Column",
    "Erreur": "Error",
    "fichier": "file",
    "Seules les %s premières erreurs sont affichées.": "Only the first %s errors are shown.",
    "Simulation : le fichier est valide, rien n'a été écrit.": (
        "Dry run: the file is valid, nothing was written."
    ),
    "Import terminé.": "Import done.",
    "Résultat": "Result",
    "Personnes créées": "People created",
    "Personnes modifiées": "People updated",
    "Personnes inchangées": "People unchanged",
    "Équipes créées": "Teams created",
    "Équipes modifiées": "Teams updated",
    "Évaluations ajoutées": "Assessments added",
    "Évaluations déjà présentes": "Assessments already held",
    "Importer un autre fichier": "Import another file",
}
