"""Signing in and out, sessions, CSRF, bearer tokens (issue 5, point 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from parcours.services import auth
from parcours.services.auth import SYSTEM
from tests.people_cast import CAST, PASSWORD, api_login, form_token, login
from tests.web.conftest import Site, make_site


def test_sign_in_sets_a_protected_session_cookie_and_shows_the_account(
    cast_client: TestClient,
) -> None:
    token = form_token(cast_client)
    response = cast_client.post(
        "/connexion",
        data={"login": CAST.manager, "password": PASSWORD, "csrf_token": token, "suite": "/moi"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/moi"
    cookie = response.headers["set-cookie"]
    assert "parcours_session=" in cookie
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    me = cast_client.get("/api/v1/auth/me").json()
    assert me["account"] == CAST.manager
    assert me["teams"] == ["agence-nord"]
    assert set(me["roles"]) == {"manager", "employee"}


def test_wrong_password_and_unknown_login_get_the_same_answer(cast_client: TestClient) -> None:
    answers = []
    for name, password in (
        (CAST.employee, "pas-le-bon-mot-de-passe"),
        ("personne.inconnue", PASSWORD),
    ):
        token = form_token(cast_client)
        response = cast_client.post(
            "/connexion", data={"login": name, "password": password, "csrf_token": token}
        )
        assert response.status_code == 401
        answers.append("identifiant ou mot de passe incorrect" in response.text)
    assert answers == [True, True]
    assert cast_client.get("/api/v1/auth/me").status_code == 401


def test_a_form_without_its_csrf_token_is_refused(cast_client: TestClient) -> None:
    response = cast_client.post("/connexion", data={"login": CAST.hr, "password": PASSWORD})
    assert response.status_code == 403
    login(cast_client, CAST.hr)
    response = cast_client.post("/deconnexion", data={"csrf_token": "forged"})
    assert response.status_code == 403
    assert cast_client.get("/api/v1/auth/me").status_code == 200  # still signed in


def test_cookie_api_calls_need_the_csrf_header_bearer_calls_do_not(
    cast_client: TestClient, cast_site: Site
) -> None:
    headers = api_login(cast_client, CAST.hr)
    assert cast_client.post("/api/v1/auth/logout").status_code == 403
    assert cast_client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert cast_client.get("/api/v1/auth/me").status_code == 401
    token = auth.create_api_token(cast_site.uow, SYSTEM, CAST.hr, "tests", days=1)
    cast_client.cookies.clear()
    bearer = {"Authorization": f"Bearer {token}"}
    assert cast_client.get("/api/v1/auth/me", headers=bearer).json()["account"] == CAST.hr
    assert (
        cast_client.get("/api/v1/auth/me", headers={"Authorization": "Bearer nope"}).status_code
        == 401
    )


def test_sign_out_ends_the_session_on_the_server(cast_client: TestClient) -> None:
    login(cast_client, CAST.employee)
    stolen = cast_client.cookies.get("parcours_session")
    token = form_token(cast_client, "/")
    cast_client.post("/deconnexion", data={"csrf_token": token}, follow_redirects=False)
    cast_client.cookies.clear()
    cast_client.cookies.set("parcours_session", stolen or "")
    assert cast_client.get("/api/v1/auth/me").status_code == 401


def test_only_local_paths_are_followed_after_sign_in(cast_client: TestClient) -> None:
    token = form_token(cast_client)
    response = cast_client.post(
        "/connexion",
        data={
            "login": CAST.jury,
            "password": PASSWORD,
            "csrf_token": token,
            "suite": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_repeated_failures_lock_the_account(tmp_path: Path) -> None:
    s = make_site(tmp_path / "lock.db", [])
    auth.create_account(s.uow, SYSTEM, login="lea", roles=["hr"], password=PASSWORD)
    for _ in range(5):
        with pytest.raises(auth.AuthError):
            auth.login(s.uow, "lea", "mauvais-mot-de-passe")
    with pytest.raises(auth.AuthError, match="verrouillé"):
        auth.login(s.uow, "lea", PASSWORD)
    s.engine.dispose()


def test_weak_passwords_are_refused(cast_site: Site) -> None:
    with pytest.raises(auth.AccountError, match="trop court"):
        auth.create_account(
            cast_site.uow, SYSTEM, login="court", roles=["employee"], password="abc"
        )
    with pytest.raises(auth.AccountError, match="trop simple"):
        auth.create_account(
            cast_site.uow, SYSTEM, login="simple", roles=["employee"], password="a" * 20
        )


def test_passwords_are_stored_as_argon2id_hashes(cast_site: Site) -> None:
    with cast_site.uow() as uow:
        account = uow.accounts.get(CAST.hr)
    assert account is not None and account.password_hash is not None
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.password_hash
