"""A reproducible generator of fiche-fonction documents for a fictional bank.

The documents follow the layout of a bank's fiche fonction (sections, grades, evolutions,
competencies with definitions) with invented vocabulary, so that benchmarks can import
1,000 sheets without any real text.
"""

from __future__ import annotations

import random

FAMILIES = [
    "relation client",
    "risques et conformité",
    "finance",
    "opérations",
    "systèmes d'information",
]
FILIERES = ["banque de détail", "back office", "middle office", "pilotage", "support"]
NOUNS = [
    "CONSEILLER",
    "GESTIONNAIRE",
    "CHARGE",
    "ANALYSTE",
    "RESPONSABLE",
    "ASSISTANT",
    "EXPERT",
    "COORDINATEUR",
    "TECHNICIEN",
    "AUDITEUR",
]
DOMAINS = [
    "CREDIT",
    "EPARGNE",
    "PAIEMENTS",
    "RECOUVREMENT",
    "ASSURANCES",
    "SUCCESSIONS",
    "FRAUDE",
    "CONFORMITE",
    "TRESORERIE",
    "RECLAMATIONS",
    "FLUX",
    "PATRIMOINE",
    "ENTREPRISES",
    "PROFESSIONNELS",
    "DONNEES",
    "QUALITE",
    "MONETIQUE",
    "TITRES",
    "IMMOBILIER",
    "RESEAU",
]
QUALIFIERS = [
    "",
    "SPECIALISE",
    "CONFIRME",
    "JUNIOR",
    "SENIOR",
    "DE PROXIMITE",
    "A DISTANCE",
    "GRANDS COMPTES",
    "PARTICULIERS",
]
GRADES = ["II.1", "II.2", "II.3", "III.1", "III.2", "III.3", "IV.A"]
VERBS = [
    "Analyse",
    "Traite",
    "Contrôle",
    "Conseille",
    "Négocie",
    "Suit",
    "Prépare",
    "Valide",
    "Coordonne",
    "Documente",
]
OBJECTS = [
    "les dossiers de ses clients",
    "les demandes complexes",
    "les opérations sensibles",
    "les écarts constatés",
    "les indicateurs de son activité",
    "les propositions commerciales",
    "les risques de son périmètre",
    "les échéanciers de remboursement",
]
SKILLS = [
    "Écoute",
    "Rigueur",
    "Organisation",
    "Négociation",
    "Sens du résultat",
    "Pédagogie",
    "Analyse de risque",
    "Maîtrise réglementaire",
    "Esprit d'équipe",
    "Adaptabilité",
    "Relation client",
    "Pilotage d'activité",
    "Conduite du changement",
    "Expertise produit",
    "Gestion du temps",
    "Communication écrite",
    "Prise de décision",
    "Curiosité",
    "Conformité",
    "Fiabilité des données",
]


def job_titles(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """``count`` distinct (title, grade) pairs."""
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str]] = []
    while len(out) < count:
        title = " ".join(
            p for p in (rng.choice(NOUNS), rng.choice(DOMAINS), rng.choice(QUALIFIERS)) if p
        )
        pair = (title, rng.choice(GRADES))
        if pair not in seen:
            seen.add(pair)
            out.append(pair)
    return out


def _definition(rng: random.Random) -> list[str]:
    words = [rng.choice(VERBS).lower() + " " + rng.choice(OBJECTS) for _ in range(3)]
    return [f"Savoir {words[0]}, {words[1]} et {words[2]}."]


def fiche(index: int, titles: list[tuple[str, str]], rng: random.Random) -> str:
    title, grade = titles[index]
    targets = rng.sample([t for i, t in enumerate(titles) if i != index], k=min(8, len(titles) - 1))
    lines = [
        "",
        " ",
        "",
        "Fonction",
        f"{title} {grade} (H/F)",
        "",
        "Évolutions possibles",
        "Au sein du métier",
        "",
    ]
    lines += [f"{t} {g} (H/F)" for t, g in targets]
    lines += [
        "",
        "Raisons d'être",
        "Dans le cadre de la stratégie de La Banque Exemple, assure le suivi de son portefeuille.",
        "Exerce ses activités dans le respect des règles de La Banque Exemple.",
        "",
        "Missions",
    ]
    for _ in range(3):
        lines += [f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} :", ""]
        lines += [f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} ," for _ in range(3)]
        lines += [""]
    lines += ["Compétences", "COMPORTEMENTALES", ""]
    for skill in rng.sample(SKILLS, k=6):
        lines += [skill, *_definition(rng), ""]
    lines += ["Comportementales Socles", ""]
    for skill in ("Orientation client", "Coopération"):
        lines += [skill, *_definition(rng), ""]
    family = rng.choice(FAMILIES)
    lines += [
        "Famille",
        "",
        family,
        "",
        "Filière",
        "",
        rng.choice(FILIERES),
        "",
        "Métier",
        "",
        f"{family} {rng.choice(DOMAINS).lower()}",
        "",
        "Répartition des effectifs",
        "",
        "Banque Exemple",
        "",
        "Effectif de la fonction",
        "",
        "De 10 à 49",
        "",
    ]
    return "\n".join(lines)


def generate(count: int, seed: int = 7) -> list[tuple[str, bytes]]:
    """``count`` fiche-fonction documents as (file name, bytes), the same for the same seed."""
    rng = random.Random(seed)
    titles = job_titles(count, rng)
    return [(f"fiche-{i:05d}.txt", fiche(i, titles, rng).encode("utf-8")) for i in range(count)]
