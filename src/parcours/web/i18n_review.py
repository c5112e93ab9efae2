"""English messages of the review screens (issue 13): the draft's changes, sources, facts to
check and corrections, titles in capitals."""

from __future__ import annotations

EN: dict[str, str] = {
    "Intitulé dans le document": "Title in the document",
    "fichier": "file",
    "évolution vers": "move to",
    "évolution depuis": "move from",
    "Déduit par l'import, confiance %s %% : l'import l'a signalé dans ses avertissements.": (
        "Inferred by the import, confidence %s %%: the import reported it in its warnings."
    ),
    "à vérifier": "to check",
    "mots absents du dictionnaire, laissés tels quels : %s": (
        "words missing from the dictionary, left as written: %s"
    ),
    "Poste ajouté": "Job added",
    "Poste retiré": "Job removed",
    "Poste modifié": "Job changed",
    "Compétence requise ajoutée": "Required competency added",
    "Compétence requise retirée": "Required competency removed",
    "Évolution ajoutée vers": "Move added to",
    "Évolution retirée vers": "Move removed to",
    "Évolution modifiée vers": "Move changed to",
    "Compétence ajoutée": "Competency added",
    "Compétence retirée": "Competency removed",
    "Compétence modifiée": "Competency changed",
    "Certification ajoutée": "Certification added",
    "Certification retirée": "Certification removed",
    "Certification modifiée": "Certification changed",
    "Formation ajoutée": "Training added",
    "Formation retirée": "Training removed",
    "Formation modifiée": "Training changed",
    "Matrice ajoutée": "Matrix added",
    "Matrice retirée": "Matrix removed",
    "Matrice modifiée": "Matrix changed",
    "Note ajoutée": "Note added",
    "Note retirée": "Note removed",
    "Document ajouté": "Document added",
    "Document retiré": "Document removed",
    "Formations": "Trainings",
    "Matrices": "Matrices",
    "Notes": "Notes",
    "Documents": "Documents",
    "cité comme évolution, sans fiche": "named as a move, without a sheet",
    "savoir": "knowledge",
    "savoir-faire": "skill",
    "savoir-être": "attitude",
    "ajout(s)": "addition(s)",
    "retrait(s)": "removal(s)",
    "modification(s)": "change(s)",
    "%s ajouté(s)": "%s added",
    "%s retiré(s)": "%s removed",
    "%s modifié(s)": "%s changed",
    (
        "Les changements par poste (le poste, ses compétences requises et ses évolutions), "
        "puis par type d'élément ; chaque ligne cite le document et sa ligne."
    ): (
        "The changes by job (the job, its required competencies and its moves), then by "
        "kind of item; each line cites the document and its line."
    ),
    "Changements du poste": "Changes of the job",
    "Changement": "Change",
    "Élément": "Item",
    "Précision": "Detail",
    "modifié": "changed",
    "intitulé": "title",
    "code": "code",
    "classification": "classification",
    "niveau": "level",
    "famille": "family",
    "filière": "field",
    "métier": "occupation",
    "raison d'être": "purpose",
    "missions et activités": "missions and activities",
    "intitulés proches": "alternative titles",
    "conditions d'accès": "access conditions",
    "rattachement": "reporting line",
    "lieu d'exercice": "workplace",
    "effectif": "headcount",
    "employeur": "employer",
    "environnement": "environment",
    "fiche d'origine": "original sheet",
    "fiche": "sheet",
    "compétences requises": "required competencies",
}
