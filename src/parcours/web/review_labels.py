"""The French words of the draft's changes (services/draft_changes.py codes -> page labels).

Written in French; the English catalogue (web/i18n/review.py) translates them."""

from __future__ import annotations

# (what, sign) -> the change's name in the table.
CHANGE_LABELS: dict[tuple[str, str], str] = {
    ("job", "added"): "Poste ajouté",
    ("job", "removed"): "Poste retiré",
    ("job", "changed"): "Poste modifié",
    ("requirement", "added"): "Compétence requise ajoutée",
    ("requirement", "removed"): "Compétence requise retirée",
    ("mobility", "added"): "Évolution ajoutée vers",
    ("mobility", "removed"): "Évolution retirée vers",
    ("mobility", "changed"): "Évolution modifiée vers",
    ("competency", "added"): "Compétence ajoutée",
    ("competency", "removed"): "Compétence retirée",
    ("competency", "changed"): "Compétence modifiée",
    ("certification", "added"): "Certification ajoutée",
    ("certification", "removed"): "Certification retirée",
    ("certification", "changed"): "Certification modifiée",
    ("training", "added"): "Formation ajoutée",
    ("training", "removed"): "Formation retirée",
    ("training", "changed"): "Formation modifiée",
    ("matrix", "added"): "Matrice ajoutée",
    ("matrix", "removed"): "Matrice retirée",
    ("matrix", "changed"): "Matrice modifiée",
    ("note", "added"): "Note ajoutée",
    ("note", "removed"): "Note retirée",
    ("document", "added"): "Document ajouté",
    ("document", "removed"): "Document retiré",
}
# The groups that are not a job.
GROUP_TITLES: dict[str, str] = {
    "competencies": "Compétences",
    "certifications": "Certifications",
    "trainings": "Formations",
    "matrices": "Matrices",
    "notes": "Notes",
    "documents": "Documents",
}
# Details that are codes: a job without a sheet, a competency's kind.
DETAIL_LABELS: dict[str, str] = {
    "without_sheet": "cité comme évolution, sans fiche",
    "savoir": "savoir",
    "savoir-faire": "savoir-faire",
    "savoir-etre": "savoir-être",
}
# (singular, plural), through the |count filter: « 1 ajout », « 3 ajouts ».
SIGN_LABELS: dict[str, tuple[str, str]] = {
    "added": ("ajout", "ajouts"),
    "removed": ("retrait", "retraits"),
    "changed": ("modification", "modifications"),
}
