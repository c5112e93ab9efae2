"""The draft's changes told by job, with labels and source lines (issue 13)."""

from __future__ import annotations

from parcours.domain.competency import Competency, CompetencyKind, Importance, Requirement
from parcours.domain.diff import diff_referentials
from parcours.domain.job import Job
from parcours.domain.mobility import Mobility, MobilityKind
from parcours.domain.provenance import DocumentFamily, Position, Provenance, SourceDocument
from parcours.domain.referential import Referential
from parcours.services.draft_changes import readable_changes

DOC = SourceDocument("a" * 64, "fiche.txt", "txt", DocumentFamily.FICHE_FONCTION)


def at(line: int) -> list[Provenance]:
    return [Provenance(DOC.sha256, Position(line))]


def referential(*, with_move: bool, requirement: str | None) -> Referential:
    ref = Referential(name="Banque", documents={"fiche.txt": DOC})
    long_label = "Analyser la situation " + "du client " * 30
    ref.competencies["ecoute"] = Competency("ecoute", "Écoute", CompetencyKind.SAVOIR_ETRE)
    ref.competencies["long"] = Competency("long", long_label, CompetencyKind.SAVOIR_FAIRE)
    requirements = [Requirement("ecoute", Importance.ESSENTIAL, provenance=at(9))]
    if requirement:
        requirements.append(Requirement(requirement, Importance.OPTIONAL, provenance=at(12)))
    ref.jobs["charge"] = Job(
        "charge", "CHARGE DE CLIENTELE", grade="II.3", requirements=requirements, provenance=at(5)
    )
    ref.jobs["assistant"] = Job("assistant", "ASSISTANT CREDIT", has_sheet=False, provenance=at(7))
    if with_move:
        ref.mobilities.append(
            Mobility("charge", "assistant", MobilityKind.WITHIN_METIER, provenance=at(7))
        )
    return ref


def test_a_new_referential_is_told_by_job_in_labels() -> None:
    new = referential(with_move=True, requirement=None)
    groups = readable_changes(None, new, diff_referentials(None, new))
    first = groups[0]
    assert (first.title, first.grade, first.job) == ("Chargé de clientèle", "II.3", "charge")
    job, move = first.lines
    assert (job.sign, job.what, job.label, job.source) == (
        "added",
        "job",
        "Chargé de clientèle",
        "fiche.txt, l. 5",
    )
    assert (move.what, move.label, move.detail, move.source) == (
        "mobility",
        "Assistant crédit",
        "within_metier",
        "fiche.txt, l. 7",
    )
    # the job only named as an evolution comes after, said to have no sheet
    assert groups[1].job == "assistant" and groups[1].lines[0].detail == "without_sheet"
    competencies = next(g for g in groups if g.title == "competencies")
    labels = {line.label for line in competencies.lines}
    assert "Écoute" in labels
    assert max(len(label) for label in labels) <= 160  # a forty-word label is cut
    assert groups[-1].title == "documents" and groups[-1].lines[0].label == "fiche.txt"


def test_a_changed_job_names_its_fields_and_requirements() -> None:
    old = referential(with_move=True, requirement=None)
    new = referential(with_move=False, requirement="long")
    groups = readable_changes(old, new, diff_referentials(old, new))
    (group,) = groups
    lines = {(line.sign, line.what): line for line in group.lines}
    assert lines[("changed", "job")].fields == ("compétences requises",)
    added = lines[("added", "requirement")]
    assert added.label.startswith("Analyser la situation") and added.detail == "optional"
    assert added.source == "fiche.txt, l. 12"
    assert lines[("removed", "mobility")].label == "Assistant crédit"
