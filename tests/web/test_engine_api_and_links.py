"""The engine through the JSON API, and the link review page, on the real seeds."""

from __future__ import annotations

import re

from markupsafe import escape

from .conftest import HR_LOGIN, Site, hr_bearer, sign_in_hr


def test_mobility_similar_gap_and_paths_api(seeded: Site) -> None:
    client = seeded.client
    ref = seeded.referential_id("observatoire")
    base = f"/api/v1/referentials/{ref}/jobs/conseiller-junior"
    moves = client.get(f"{base}/mobility", params={"k": 5}).json()
    assert [i["origin"] for i in moves["items"][:2]] == ["declared", "declared"]
    assert moves["items"][0]["reasons"]["shared_count"] > 0
    assert len(client.get(f"{base}/similar", params={"k": 3}).json()["items"]) == 3
    gap = client.get(f"{base}/gap", params={"target": "conseiller-senior"}).json()
    assert 0 < gap["gap"]["coverage"] < 100 and gap["gap"]["missing"]
    paths = client.get(
        f"/api/v1/referentials/{ref}/paths",
        params={"source": "conseiller-junior", "target": "directeur-de-centre", "k": 2},
    ).json()
    assert paths["paths"] and paths["paths"][0]["steps"][-1]["target"] == "directeur-de-centre"
    missing = client.get(f"/api/v1/referentials/{ref}/jobs/nulle-part/mobility")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


def test_links_are_proposed_reviewed_and_shown_on_competency_pages(fresh: Site) -> None:
    from parcours.services.imports import import_documents
    from tests.conftest import seed_path

    import_documents(
        fresh.uow, [(seed_path(p).name, seed_path(p).read_bytes()) for p in ("000", "002", "004")]
    )
    client = fresh.client
    csrf = sign_in_hr(fresh)
    proposed = client.post("/liens/proposer", data={"csrf_token": csrf}, follow_redirects=False)
    assert proposed.status_code == 303
    page = client.get("/liens")
    assert page.status_code == 200
    ids = re.findall(r'name="lien" value="([^"]+)"', page.text)
    assert ids
    queue = client.get("/api/v1/links", params={"limit": 500}).json()
    assert queue["total"] >= len(ids)
    first = queue["links"][0]
    response = client.post(
        "/liens/decider",
        # a "who" in the form is ignored: the decision is signed by the signed-in account
        data={
            "action": "accepter",
            "lien": first["id"],
            "utilisateur": "alice",
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    accepted = client.get("/api/v1/links", params={"status": "accepted"}).json()["links"]
    assert [(x["id"], x["decided_by"]) for x in accepted] == [(first["id"], HR_LOGIN)]
    client.cookies.clear()
    hr = hr_bearer(fresh)
    rejected = client.post(
        f"/api/v1/links/{queue['links'][1]['id']}/reject", json={"user": "bob"}, headers=hr
    ).json()
    assert rejected["status"] == "rejected" and rejected["decided_by"] == HR_LOGIN
    # the accepted link shows on the competency page of either end
    end = first["source"]
    from parcours.web.views import slug

    comp = client.get(f"/referentiels/{slug(end['referential'])}/competences/{end['key']}")
    assert comp.status_code == 200
    assert str(escape(first["target_label"])) in comp.text
    assert client.post("/api/v1/links/nope/accept", json={}, headers=hr).status_code == 404
    # the links table of the CSV export carries the decisions
    exported = client.get("/api/v1/export", params={"format": "csv", "table": "links"})
    lines = exported.content.decode("utf-8").splitlines()
    assert lines[0].lstrip("\ufeff").startswith("id;kind;source_referential")
    accepted_line = next(line for line in lines if line.startswith(first["id"]))
    assert f";accepted;{HR_LOGIN};" in accepted_line


def test_merge_then_split_from_the_review_page(fresh: Site) -> None:
    from parcours.services.imports import import_documents
    from tests.conftest import seed_path

    import_documents(
        fresh.uow, [(seed_path(p).name, seed_path(p).read_bytes()) for p in ("000", "002", "004")]
    )
    client = fresh.client
    csrf = sign_in_hr(fresh)
    client.post("/liens/proposer", data={"csrf_token": csrf})
    queue = client.get("/api/v1/links", params={"limit": 500}).json()["links"]
    # two links sharing one end: merging them makes one canonical group of three members
    by_end: dict[tuple[str, str], list[dict[str, object]]] = {}
    for link in queue:
        for end in ("source", "target"):
            by_end.setdefault((link[end]["referential"], link[end]["key"]), []).append(link)
    pair = next(v[:2] for v in by_end.values() if len(v) >= 2)
    response = client.post(
        "/liens/decider",
        data={"action": "fusionner", "lien": [str(x["id"]) for x in pair], "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get("/liens").text
    forms = re.findall(
        r'action="/liens/groupes/([^"/]+)/retirer".*?name="membre" value="([^"]+)"', page
    )
    assert len(forms) == 3
    group, member = forms[0]
    response = client.post(
        f"/liens/groupes/{group}/retirer",
        data={"membre": member.replace("&#9;", "\t"), "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    after = re.findall(r'action="/liens/groupes/[^"/]+/retirer"', client.get("/liens").text)
    assert len(after) == 2


def test_engine_read_endpoints_carry_etags(seeded: Site) -> None:
    client = seeded.client
    ref = seeded.referential_id("observatoire")
    url = f"/api/v1/referentials/{ref}/jobs/conseiller-junior/mobility"
    first = client.get(url)
    etag = first.headers["etag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/api/v1/links").headers["etag"]
    paths = client.get(
        f"/api/v1/referentials/{ref}/paths",
        params={"source": "conseiller-junior", "target": "conseiller-senior"},
    )
    assert paths.headers["etag"]
