"""Upload -> draft (every warning, the diff) -> publish or discard; pages and API."""

from __future__ import annotations

import pytest

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services import catalogue, drafts

from .conftest import Site, seed_files


def test_upload_keeps_a_draft_and_stores_no_referential(fresh: Site) -> None:
    name, data = seed_files("002")[0]
    response = fresh.client.post("/api/v1/imports", files=[("files", (name, data))])
    assert response.status_code == 201
    review = response.json()
    assert response.headers["location"] == f"/api/v1/imports/{review['draft']['id']}"
    assert review["draft"]["status"] == "pending" and review["publishable"]
    (outcome,) = review["files"]
    assert outcome["family"] == "fiche_metier" and outcome["counts"]["competencies"] == 54
    assert len(outcome["warnings"]) == 13 and all(w["line"] for w in outcome["warnings"])
    (change,) = review["changes"]
    assert change["current_version"] is None and change["next_version"] == 1
    assert change["changes"]["competencies"]["added"] and not change["changes"]["jobs"]["removed"]
    names = [s.name for s in catalogue.list_referentials(fresh.uow)]
    assert names == ["Banque Exemple"]  # nothing published yet


def test_publish_imports_the_stored_bytes(fresh: Site) -> None:
    draft = drafts.create_draft(fresh.uow, seed_files("000", "001"))
    published = fresh.client.post(f"/api/v1/imports/{draft.id}/publish")
    assert published.status_code == 200
    (version,) = published.json()["versions"]
    assert version["name"] == "La Banque Postale" and version["version"] == 1
    assert {f["status"] for f in published.json()["files"]} == {"imported"}
    assert drafts.get_draft(fresh.uow, draft.id).status == "published"
    again = fresh.client.post(f"/api/v1/imports/{draft.id}/publish")
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    jobs = fresh.client.get("/api/v1/referentials/la-banque-postale").json()["jobs"]
    assert jobs == 100


def test_review_diffs_against_the_published_version(fresh: Site) -> None:
    changed = sample_bytes().replace("Conseiller à distance".encode(), b"Conseiller distant")
    draft = drafts.create_draft(fresh.uow, [(SAMPLE_NAME, changed)])
    review = drafts.review_draft(fresh.uow, draft.id)
    (change,) = review.changes
    assert change.current_version == 1 and change.next_version == 2
    # The JSON keeps the job ids: the two retitled jobs are changed, nothing else.
    assert change.diff.jobs.changed == [
        "conseiller-a-distance--ii-1",
        "conseiller-a-distance-confirme--ii-3",
    ]
    assert not change.diff.jobs.added and not change.diff.competencies.changed
    unchanged = drafts.create_draft(fresh.uow, [(SAMPLE_NAME, sample_bytes())])
    (same,) = drafts.review_draft(fresh.uow, unchanged.id).changes
    assert same.diff.empty and same.next_version == 1 and not same.changed_slots


def test_discard_imports_nothing(fresh: Site) -> None:
    draft = drafts.create_draft(fresh.uow, seed_files("003"))
    response = fresh.client.post(f"/api/v1/imports/{draft.id}/discard")
    assert response.status_code == 200 and response.json()["status"] == "discarded"
    assert len(catalogue.list_referentials(fresh.uow)) == 1
    with pytest.raises(drafts.DraftStateError):
        drafts.publish_draft(fresh.uow, draft.id)
    listed = fresh.client.get("/api/v1/imports").json()
    assert [(d["id"], d["status"]) for d in listed] == [(draft.id, "discarded")]


def test_unreadable_files_are_reported_not_published(fresh: Site) -> None:
    response = fresh.client.post(
        "/api/v1/imports",
        files=[("files", ("vide.txt", b"  ")), ("files", ("bin.dat", b"\x00\x01\x02" * 50))],
    )
    review = response.json()
    assert [f["status"] for f in review["files"]] == ["failed", "failed"]
    assert review["files"][0]["error"] == "le fichier est vide"
    assert not review["publishable"] and review["changes"] == []


def test_referential_override(fresh: Site) -> None:
    response = fresh.client.post(
        "/api/v1/imports",
        files=[("files", (SAMPLE_NAME, sample_bytes()))],
        data={"referential": "Copie"},
    )
    draft_id = response.json()["draft"]["id"]
    assert [c["name"] for c in response.json()["changes"]] == ["Copie"]
    fresh.client.post(f"/api/v1/imports/{draft_id}/publish")
    assert {s.name for s in catalogue.list_referentials(fresh.uow)} == {"Banque Exemple", "Copie"}


def test_import_pages_flow(fresh: Site) -> None:
    client = fresh.client
    form = client.get("/import").text
    assert 'enctype="multipart/form-data"' in form and "Aucun brouillon." in form
    name, data = seed_files("002")[0]
    posted = client.post("/import", files=[("files", (name, data))], follow_redirects=False)
    assert posted.status_code == 303
    page = client.get(posted.headers["location"]).text
    assert "en attente" in page and 'Avertissements <span class="count">(13)</span>' in page
    assert "nouveau référentiel" in page and "Publier" in page
    draft_id = int(posted.headers["location"].rsplit("/", 1)[1])
    done = client.post(f"/import/{draft_id}/publier", follow_redirects=True)
    assert "publié" in done.text and "Voir la cartographie" in done.text
    assert "Chargé de recouvrement amiable" in client.get("/?q=recouvrement amiable").text
    second = client.post("/import", files=[("files", (name, data))], follow_redirects=False)
    second_id = int(second.headers["location"].rsplit("/", 1)[1])
    gone = client.post(f"/import/{second_id}/abandonner", follow_redirects=True)
    assert "abandonné" in gone.text
    assert client.post(f"/import/{second_id}/publier").status_code == 409
