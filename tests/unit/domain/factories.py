"""Hand-built domain objects for unit tests (invented content)."""

from __future__ import annotations

from parcours.domain.certification import (
    Block,
    Certification,
    CertificationActivity,
    CertificationCompetency,
    RuleKind,
    ValidationRule,
)
from parcours.domain.competency import Competency, CompetencyKind, Importance, Requirement
from parcours.domain.job import Activity, Job
from parcours.domain.mobility import Mobility, MobilityKind
from parcours.domain.provenance import DocumentFamily, Position, Provenance, SourceDocument
from parcours.domain.referential import Matrix, MatrixRow, Note, Referential
from parcours.domain.training import Training


def doc(name: str = "a.txt", sha: str = "a" * 64) -> SourceDocument:
    return SourceDocument(sha, name, "txt", DocumentFamily.FICHE_FONCTION, 10)


def prov(sha: str = "a" * 64, line: int = 1) -> list[Provenance]:
    return [Provenance(sha, Position(line, line + 1, 2), 0.9)]


def referential(sha: str = "a" * 64, name: str = "Banque test") -> Referential:
    ref = Referential(name=name, organisation="Banque test", description="Décrit à la main")
    ref.documents["a.txt"] = doc(sha=sha)
    ref.competencies["ecoute"] = Competency(
        "ecoute",
        "Écoute",
        CompetencyKind.SAVOIR_ETRE,
        "relationnel",
        None,
        "Écouter.",
        ["Je reformule"],
        ["Reformulation"],
        ["C1"],
        prov(sha, 3),
    )
    ref.competencies["credit"] = Competency(
        "credit", "Crédit", CompetencyKind.SAVOIR, provenance=prov(sha, 4)
    )
    ref.jobs["conseiller--ii-1"] = Job(
        "conseiller--ii-1",
        "Conseiller",
        "II.1",
        "I/J",
        "5",
        "Relation",
        "Réseau",
        "Conseil",
        ["Conseille."],
        [Activity("Accueillir", "Accueil", None, prov(sha, 5))],
        ["Téléconseiller"],
        ["Bac+2"],
        "Chef",
        "Agence",
        "De 1 à 9",
        "Banque test",
        "Agence",
        "https://x/y",
        True,
        [
            Requirement("ecoute", Importance.ESSENTIAL, 3, prov(sha, 6), ("anime les réunions",)),
            Requirement("credit", Importance.OPTIONAL, None, prov(sha, 7)),
        ],
        prov(sha, 1),
    )
    ref.jobs["directeur"] = Job("directeur", "Directeur", has_sheet=False, provenance=prov(sha, 8))
    ref.mobilities.append(
        Mobility("conseiller--ii-1", "directeur", MobilityKind.VERTICAL, provenance=prov(sha, 8))
    )
    ref.certifications["cert"] = Certification(
        "cert",
        "Certificat",
        "6",
        [
            Block(
                "B1",
                "Bloc un",
                [
                    CertificationCompetency(
                        "C1", "Analyser", "B1.1", ["A1"], ["Oral"], ["Clair"], prov(sha, 9)
                    )
                ],
                prov(sha, 9),
            )
        ],
        [CertificationActivity("A1", "Préparer", ["Planifier"], prov(sha, 9))],
        [ValidationRule(RuleKind.QUESTIONNAIRE_THRESHOLD, "60 %", 0.6, ["C1"], prov(sha, 10))],
        prov(sha, 9),
    )
    ref.trainings["t"] = Training(
        "t",
        "Formation",
        "2 jours",
        "QCM",
        ["credit"],
        [("conseiller--ii-1", "directeur")],
        prov(sha, 11),
    )
    ref.matrices.append(
        Matrix(
            "m",
            "Activités",
            "activity",
            ["conseiller--ii-1"],
            ["Conseiller"],
            [MatrixRow("Accueillir", [True], "Accueil", prov(sha, 12))],
            prov(sha, 12),
        )
    )
    ref.notes.append(Note("Méthode", "Texte libre.", prov(sha, 13)))
    return ref
