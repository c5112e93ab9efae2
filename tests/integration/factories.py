"""Small builders of domain objects for the store tests (hand-written data, no seed text)."""

from __future__ import annotations

import hashlib

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
from parcours.domain.mobility import Mobility, MobilityKind, MobilityOrigin
from parcours.domain.provenance import DocumentFamily, Position, Provenance, SourceDocument
from parcours.domain.referential import Matrix, MatrixRow, Note, Referential
from parcours.domain.training import Training
from parcours.services.ports import StoredPart


def sha(seed: str) -> str:
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


def document(
    filename: str = "fiche-conseiller.txt",
    family: DocumentFamily = DocumentFamily.FICHE_FONCTION,
    *,
    seed: str | None = None,
    size: int = 4_321,
) -> SourceDocument:
    """A source document; its sha256 derives from ``seed`` (default: the file name)."""
    extension = filename.rsplit(".", 1)[-1]
    return SourceDocument(sha(seed or filename), filename, extension, family, size)


def prov(
    doc: SourceDocument,
    line: int,
    end_line: int | None = None,
    *,
    page: int | None = None,
    conf: float = 1.0,
) -> Provenance:
    return Provenance(doc.sha256, Position(line, end_line, page), conf)


def two_provenances(a: SourceDocument, b: SourceDocument, line: int) -> list[Provenance]:
    """Two origins of one fact, the second less sure and paged: order must survive."""
    return [prov(a, line, line + 2), Provenance(b.sha256, Position(None, None, 3), 0.625)]


def rich_referential(name: str = "Référentiel métiers — Banque Œ") -> Referential:
    """Every field of every dataclass populated, unicode, keys in non-alphabetical order."""
    fiche = document("fiche-chargé.txt")
    rncp = document("rncp-37 bis.pdf", DocumentFamily.CERTIFICATION, size=10**10)
    job = Job(
        key="zeta-charge-clientele",
        title="Chargé·e de clientèle « Particuliers »",
        grade="II.3",
        classification="I",
        level="6",
        family="Réseau",
        filiere="Commercial",
        metier="Relation client",
        purpose=["Développer le fonds de commerce", "Fidéliser", "Conseiller"],
        activities=[
            Activity("Accueillir", "Relation", "A1", two_provenances(fiche, rncp, 10)),
            Activity("Analyser les besoins", None, None, [prov(fiche, 14, conf=0.5)]),
        ],
        alt_titles=["Conseiller clientèle", "Chargé d'accueil"],
        access_conditions=["Bac+2", "Expérience 2 ans ✓"],
        reporting_line="Directeur d'agence",
        workplace="Agence — Lyon 3ᵉ",
        headcount="10-50",
        employer="Banque Œ",
        environment="Open space, outils CRM",
        url="https://exemple.invalid/fiches/zeta?x=1&y=é",
        has_sheet=True,
        requirements=[
            Requirement(
                "mu-ecoute",
                Importance.ESSENTIAL,
                3,
                two_provenances(fiche, rncp, 30),
                ("anime les réunions", "rend compte « au directeur » ; œuvre"),
            ),
            Requirement("alpha-analyse", Importance.OPTIONAL, None, []),
            Requirement("absente-du-referentiel", Importance.INDICATIVE, 1, [prov(fiche, 33)]),
        ],
        provenance=two_provenances(fiche, rncp, 1),
    )
    target = Job(key="alpha-directeur", title="Directeur d'agence", has_sheet=False)
    competencies = [
        Competency(
            key="mu-ecoute",
            label="Écoute active",
            kind=CompetencyKind.SAVOIR_ETRE,
            category="comportementales",
            domain="Relation client",
            definition="Entendre ce que dit — et ne dit pas — le client.",
            indicators=["Je reformule", "Je sollicite le feedback"],
            details=["reformulation", "questionnement"],
            codes=["C7", "B2.1"],
            provenance=two_provenances(fiche, rncp, 40),
        ),
        Competency("alpha-analyse", "Analyse", CompetencyKind.SAVOIR_FAIRE),
        Competency("beta-droit", "Droit bancaire", CompetencyKind.SAVOIR, codes=["C1"]),
    ]
    certification = Certification(
        key="rncp-37",
        title="Titre de conseiller bancaire",
        level="5",
        blocks=[
            Block(
                "B2",
                "Conseiller",
                [
                    CertificationCompetency(
                        "C7",
                        "Conduire un entretien",
                        "B2",
                        ["A3", "A1"],
                        ["Mise en situation", "Étude de cas"],
                        ["Le besoin est identifié", "La solution est argumentée"],
                        two_provenances(rncp, fiche, 70),
                    ),
                    CertificationCompetency("C8", "Vendre", None),
                ],
                [prov(rncp, 65)],
            ),
            Block("B1", "Accueillir", [], []),
        ],
        activities=[
            CertificationActivity("A3", "Conseil", ["Préparer", "Conduire"], [prov(rncp, 20)]),
            CertificationActivity("A1", "Accueil"),
        ],
        rules=[
            ValidationRule(RuleKind.QUESTIONNAIRE_THRESHOLD, "60 % au QCM", 0.6, ["C7", "C8"]),
            ValidationRule(
                RuleKind.BLOCK_VALIDATED_WHOLE, "Bloc validé en entier", None, [], [prov(rncp, 90)]
            ),
        ],
        provenance=two_provenances(rncp, fiche, 2),
    )
    training = Training(
        key="t-entretien",
        title="Mener un entretien",
        duration="2 j",
        validation="QCM",
        competencies=["mu-ecoute", "alpha-analyse"],
        transitions=[("zeta-charge-clientele", "alpha-directeur"), ("x", "y")],
        provenance=[prov(fiche, 120)],
    )
    matrix = Matrix(
        key="m-activites",
        title="Activités × métiers",
        item_kind="activity",
        columns=["zeta-charge-clientele", "alpha-directeur"],
        headers=["Chargé", "Directeur"],
        rows=[
            MatrixRow("Accueillir", [True, False], "Relation", [prov(fiche, 200)]),
            MatrixRow("Piloter", [False, True], None, []),
        ],
        provenance=[prov(fiche, 199, 210)],
    )
    return Referential(
        name=name,
        organisation="Banque Œ",
        description="Cartographie « test » des métiers",
        version=0,
        documents={fiche.filename: fiche, "rncp-37": rncp},
        jobs={job.key: job, target.key: target},
        competencies={c.key: c for c in competencies},
        mobilities=[
            Mobility(
                "zeta-charge-clientele",
                "alpha-directeur",
                MobilityKind.VERTICAL,
                MobilityOrigin.DECLARED,
                two_provenances(fiche, rncp, 50),
            ),
            Mobility("alpha-directeur", "zeta-charge-clientele", origin=MobilityOrigin.COMPUTED),
        ],
        certifications={certification.key: certification},
        trainings={training.key: training},
        matrices=[matrix],
        notes=[
            Note("Organisation", "Trois réseaux ;\nune direction.", [prov(fiche, 300)]),
            Note("Vide", ""),
        ],
    )


def small_referential(name: str, *titles: str) -> Referential:
    """A referential with one job per title, keyed by the title."""
    doc = document(f"{name}.txt", seed=name + "".join(titles))
    jobs = {title: Job(key=title, title=title, provenance=[prov(doc, 1)]) for title in titles}
    return Referential(name=name, organisation="Org", documents={doc.filename: doc}, jobs=jobs)


def part(name: str, filename: str, *titles: str) -> StoredPart:
    """One document's contribution to referential ``name``."""
    content = small_referential(name, *titles)
    doc = document(filename, seed=filename + "".join(titles))
    content.documents = {filename: doc}
    return StoredPart(slot=filename, document=doc, content=content)


def bulk_referential(
    name: str = "bulk", *, jobs: int = 2_000, competencies: int = 5_000, requirements: int = 20_000
) -> Referential:
    """A large generated referential: requirements spread evenly over the jobs."""
    doc = document("bulk.csv", DocumentFamily.PARCOURS_JSON)
    comps = {
        f"c{i:05d}": Competency(
            f"c{i:05d}", f"Compétence {i}", CompetencyKind.SAVOIR_FAIRE, provenance=[prov(doc, i)]
        )
        for i in range(competencies)
    }
    keys = list(comps)
    job_list = [Job(f"j{i:05d}", f"Métier {i}", provenance=[prov(doc, i)]) for i in range(jobs)]
    for i in range(requirements):
        job_list[i % jobs].requirements.append(
            Requirement(keys[i % competencies], level=1 + i % 4, provenance=[prov(doc, i)])
        )
    return Referential(
        name=name,
        documents={doc.filename: doc},
        jobs={job.key: job for job in job_list},
        competencies=comps,
    )
