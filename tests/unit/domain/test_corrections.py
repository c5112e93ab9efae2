"""HR's corrections laid over a referential: pure, the latest per target wins, withdrawn
ones do nothing, a correction whose fact is gone is returned apart (issue 13)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from parcours.domain.competency import Competency, CompetencyKind, Importance, Requirement
from parcours.domain.corrections import (
    CorrectedField,
    Correction,
    CorrectionError,
    FactKind,
    apply,
    check,
)
from parcours.domain.job import Job
from parcours.domain.referential import Referential

NAME = "Banque"


def referential() -> Referential:
    comp = Competency("communication", "Communication", CompetencyKind.SAVOIR_FAIRE)
    job = Job(
        "directeur",
        "Directeur",
        requirements=[
            Requirement("communication", details=("Anime les réunions", "Décide en dernier"))
        ],
    )
    return Referential(NAME, jobs={job.key: job}, competencies={comp.key: comp})


def detail(original: str, value: str, **kw: object) -> Correction:
    return Correction(
        NAME,
        FactKind.REQUIREMENT,
        "directeur",
        CorrectedField.DETAIL,
        value,
        competency="communication",
        original=original,
        **kw,  # type: ignore[arg-type]
    )


def test_apply_changes_a_copy_and_keeps_the_rest_shared() -> None:
    ref = referential()
    out = apply(
        ref,
        [
            Correction(
                NAME, FactKind.JOB, "directeur", CorrectedField.TITLE, "Directeur de centre"
            ),
            Correction(NAME, FactKind.COMPETENCY, "communication", CorrectedField.KIND, "savoir"),
            Correction(
                NAME,
                FactKind.REQUIREMENT,
                "directeur",
                CorrectedField.IMPORTANCE,
                "optional",
                competency="communication",
            ),
            detail("anime les RÉUNIONS", "Anime les réunions d'équipe"),
        ],
    )
    assert out.unapplied == [] and len(out.applied) == 4
    job = out.referential.jobs["directeur"]
    assert job.title == "Directeur de centre"
    (req,) = job.requirements
    assert req.importance is Importance.OPTIONAL
    assert req.details == ("Anime les réunions d'équipe", "Décide en dernier")
    assert out.referential.competencies["communication"].kind is CompetencyKind.SAVOIR
    # the referential given is untouched
    assert ref.jobs["directeur"].title == "Directeur"
    assert ref.competencies["communication"].kind is CompetencyKind.SAVOIR_FAIRE
    assert ref.jobs["directeur"].requirements[0].details[0] == "Anime les réunions"


def test_the_latest_active_correction_of_a_target_wins() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    out = apply(
        referential(),
        [
            detail("Anime les réunions", "A"),
            detail("Anime les réunions", "B"),
            detail("Anime les réunions", "C", withdrawn_at=at, withdrawn_by="rh"),
            detail("Décide en dernier", ""),  # an empty detail: removed
        ],
    )
    assert out.referential.jobs["directeur"].requirements[0].details == ("B",)


def test_a_correction_whose_fact_is_gone_is_returned_apart() -> None:
    gone = [
        Correction(NAME, FactKind.JOB, "ailleurs", CorrectedField.TITLE, "X"),
        Correction(NAME, FactKind.COMPETENCY, "absente", CorrectedField.KIND, "savoir"),
        detail("Un détail réécrit depuis", "Y"),
    ]
    out = apply(referential(), gone)
    assert out.unapplied == gone and out.applied == []


@pytest.mark.parametrize(
    ("fact", "field", "value", "competency"),
    [
        (FactKind.JOB, CorrectedField.KIND, "savoir", None),
        (FactKind.COMPETENCY, CorrectedField.KIND, "talent", None),
        (FactKind.REQUIREMENT, CorrectedField.IMPORTANCE, "vital", "communication"),
        (FactKind.REQUIREMENT, CorrectedField.IMPORTANCE, "optional", None),
        (FactKind.JOB, CorrectedField.TITLE, "  ", None),
        (FactKind.REQUIREMENT, CorrectedField.DETAIL, "x", "communication"),  # no original
    ],
)
def test_check_refuses_what_cannot_be_corrected(
    fact: FactKind, field: CorrectedField, value: str, competency: str | None
) -> None:
    with pytest.raises(CorrectionError):
        check(Correction(NAME, fact, "directeur", field, value, competency=competency))
