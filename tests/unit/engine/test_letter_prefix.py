"""A one-letter prefix makes another word: "Directeur d'e-agence" is not "Directeur d'agence"
(issue 13: the false friend proposed as exact)."""

from __future__ import annotations

from parcours.domain.job import Job
from parcours.domain.links import LinkRelation
from parcours.domain.referential import Referential
from parcours.engine.linking import job_items, label_stems, propose, words


def test_the_prefixed_word_is_kept_whole() -> None:
    assert words("Directeur d'e-agence") == ["directeur", "eagence", "agence"]
    assert label_stems("Directeur e-agence") == label_stems("Directeur d'e-agence")
    assert label_stems("Directeur d'agence") != label_stems("Directeur d'e-agence")
    # longer prefixes and compounds are left as they were
    assert words("Lutte anti-blanchiment") == ["lutte", "anti", "blanchiment"]
    assert words("Auto-entrepreneur") == ["auto", "entrepreneur"]


def test_a_branch_director_is_not_proposed_as_the_same_job_as_an_e_agency_director() -> None:
    branch = Referential(name="Banque")
    branch.jobs["directeur-d-agence"] = Job("directeur-d-agence", "Directeur d'agence")
    remote = Referential(name="Étude")
    remote.jobs["directeur-d-e-agence"] = Job(
        "directeur-d-e-agence", "Directeur d'e-agence", alt_titles=["Directeur e-agence"]
    )
    found = propose(
        job_items(branch, with_sheet_only=False), job_items(remote, with_sheet_only=False)
    )
    assert all(c.relation is not LinkRelation.EXACT for c in found)
