"""What the study says about a competency for one job, on that job's sheet (issue 13)."""

from __future__ import annotations

from tests.web.conftest import Site


def test_the_job_sheet_and_its_api_show_the_details_for_this_job(seeded: Site) -> None:
    study = seeded.referential_id("observatoire")
    sheet = seeded.client.get(f"/api/v1/referentials/{study}/jobs/directeur-de-centre").json()
    communication = next(r for r in sheet["requirements"] if r["competency"] == "communication")
    assert len(communication["details"]) == 2
    assert communication["details"][0].startswith("Anime les réunions")
    other = seeded.client.get(
        f"/api/v1/referentials/{study}/jobs/directeur-de-la-relation-client-multicanal"
    ).json()
    theirs = next(r for r in other["requirements"] if r["competency"] == "communication")
    assert not set(theirs["details"]) & set(communication["details"])
    html = seeded.client.get(f"/referentiels/{study}/postes/directeur-de-centre").text
    assert '<ul class="details" aria-label="Détails"><li>Anime les réunions' in html
