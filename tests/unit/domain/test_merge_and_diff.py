from __future__ import annotations

import copy

from parcours.domain.competency import Competency, CompetencyKind, unite_details
from parcours.domain.diff import diff_referentials
from parcours.domain.job import Job
from parcours.domain.merge import merge_parts
from parcours.domain.referential import Referential

from .factories import doc, prov, referential


def test_merging_one_part_gives_that_part() -> None:
    part = referential()
    merged = merge_parts(part.name, [part])
    assert merged == part


def test_parts_are_not_modified() -> None:
    a, b = referential(), referential("b" * 64)
    before = copy.deepcopy(a)
    merge_parts("X", [a, b])
    assert a == before


def test_same_label_is_one_competency_with_both_provenances() -> None:
    a = referential("a" * 64)
    b = Referential(name="Banque test")
    b.documents["b.txt"] = doc("b.txt", "b" * 64)
    b.competencies["ecoute"] = Competency(
        "ecoute",
        "Écoute",
        CompetencyKind.SAVOIR_ETRE,
        indicators=["Je questionne"],
        provenance=prov("b" * 64, 2),
    )
    merged = merge_parts("Banque test", [a, b])
    comp = merged.competencies["ecoute"]
    assert comp.definition == "Écouter."  # first description wins
    assert comp.indicators == ["Je reformule", "Je questionne"]
    assert {p.document for p in comp.provenance} == {"a" * 64, "b" * 64}
    assert set(merged.documents) == {"a.txt", "b.txt"}


def test_a_sheet_replaces_a_bare_evolution_target() -> None:
    a = referential()
    b = Referential(name="Banque test")
    b.jobs["directeur"] = Job(
        "directeur",
        "Directeur",
        workplace="Siège",
        purpose=["Dirige."],
        provenance=prov("b" * 64, 1),
    )
    merged = merge_parts("Banque test", [a, b])
    job = merged.jobs["directeur"]
    assert job.has_sheet and job.workplace == "Siège" and job.purpose == ["Dirige."]
    assert len(job.provenance) == 2


def test_mobilities_are_deduplicated() -> None:
    merged = merge_parts("Banque test", [referential(), referential()])
    assert len(merged.mobilities) == 1
    assert len(merged.notes) == 1


def test_diff_lists_added_removed_changed_and_ignores_positions() -> None:
    old = referential()
    new = copy.deepcopy(old)
    assert diff_referentials(old, new).empty
    new.jobs["conseiller--ii-1"].provenance = prov(line=99)  # moved, same content
    assert diff_referentials(old, new).empty
    new.jobs["conseiller--ii-1"].workplace = "Plateau"
    del new.competencies["credit"]
    new.jobs["nouveau"] = Job("nouveau", "Nouveau")
    diff = diff_referentials(old, new)
    assert diff.jobs.changed == ["conseiller--ii-1"]
    assert diff.jobs.added == ["nouveau"]
    assert diff.competencies.removed == ["credit"]
    assert "postes +1 −0 ~1" in diff.summary()
    assert diff_referentials(None, new).jobs.added == list(new.jobs)


def test_requirement_details_are_united_and_one_whatever_the_case() -> None:
    first, second = referential(), referential()
    job = next(iter(second.jobs.values()))
    job.requirements[0].details = ("Anime les réunions", "rend compte")
    merged = merge_parts("x", [first, second])
    (details, _) = [r.details for r in next(iter(merged.jobs.values())).requirements]
    assert details == ("anime les réunions", "rend compte")
    assert unite_details(["A", "b"], ["a", "B", "c", ""]) == ("A", "b", "c")


def test_changed_requirement_details_change_the_job() -> None:
    old, new = referential(), referential()
    next(iter(new.jobs.values())).requirements[0].details = ("autre chose",)
    assert diff_referentials(old, new).jobs.changed == [next(iter(new.jobs))]
