"""Signing in through an OpenID Connect provider (issue 5, point 6: the bank's SSO).

The provider is a fake served in-process through ``httpx.MockTransport`` (no network): it
publishes a discovery document and a JWKS of a freshly generated RSA key, issues codes bound
to the PKCE challenge, the nonce and the redirect URI, and checks the client secret and the
verifier at its token endpoint, like a real one.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from httpx import Response

from parcours.services import auth
from parcours.services.auth import SYSTEM
from parcours.services.oidc import (
    OidcClient,
    OidcConfig,
    OidcError,
    Pending,
    code_challenge,
    seal,
    unseal,
)
from parcours.settings import Settings
from parcours.web.app import create_app
from tests.people_cast import CAST
from tests.web.conftest import Site

ISSUER = "https://sso.banque.test/realms/parcours"
CLIENT_ID = "parcours-rh"
CLIENT_SECRET = "secret-du-client-parcours"
REDIRECT = "http://testserver/oidc/callback"


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeProvider:
    """An OpenID provider: discovery, JWKS, authorization codes and the token endpoint."""

    def __init__(self) -> None:
        self.key = _key()
        self.kid = "cle-1"
        self.sign_with: rsa.RSAPrivateKey | None = None  # another key: a forged signature
        self.overrides: dict[str, Any] = {}  # claims changed in the next ID tokens
        self.auth_methods = ["client_secret_basic"]
        self.codes: dict[str, dict[str, Any]] = {}
        self.token_calls: list[dict[str, str]] = []

    # -- what the browser does at the provider ---------------------------------------------

    def authorize(self, query: dict[str, list[str]], claims: dict[str, Any]) -> str:
        """The user signs in at the provider: a code for these claims."""
        assert query["response_type"] == ["code"]
        assert query["client_id"] == [CLIENT_ID]
        assert query["redirect_uri"] == [REDIRECT]
        assert query["code_challenge_method"] == ["S256"]
        assert "openid" in query["scope"][0].split()
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "claims": claims,
            "nonce": query["nonce"][0],
            "challenge": query["code_challenge"][0],
            "redirect_uri": query["redirect_uri"][0],
        }
        return code

    # -- the HTTP endpoints ----------------------------------------------------------------

    def handle(self, request: httpx.Request) -> Response:
        path = request.url.path
        if request.url.host != "sso.banque.test":
            return Response(404)
        if path == "/realms/parcours/.well-known/openid-configuration":
            return Response(
                200,
                json={
                    "issuer": ISSUER,
                    "authorization_endpoint": f"{ISSUER}/protocol/openid-connect/auth",
                    "token_endpoint": f"{ISSUER}/protocol/openid-connect/token",
                    "jwks_uri": f"{ISSUER}/protocol/openid-connect/certs",
                    "token_endpoint_auth_methods_supported": self.auth_methods,
                },
            )
        if path == "/realms/parcours/protocol/openid-connect/certs":
            jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
            jwk.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
            return Response(200, json={"keys": [jwk]})
        if path == "/realms/parcours/protocol/openid-connect/token":
            return self._token(request)
        return Response(404)

    def _client_ok(self, request: httpx.Request, form: dict[str, str]) -> bool:
        header = request.headers.get("authorization", "")
        if header.startswith("Basic "):
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            return "client_secret_basic" in self.auth_methods and (user, password) == (
                CLIENT_ID,
                CLIENT_SECRET,
            )
        return (
            "client_secret_post" in self.auth_methods
            and form.get("client_id") == CLIENT_ID
            and form.get("client_secret") == CLIENT_SECRET
        )

    def _token(self, request: httpx.Request) -> Response:
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        self.token_calls.append(form)
        if not self._client_ok(request, form):
            return Response(401, json={"error": "invalid_client"})
        grant = self.codes.pop(form.get("code", ""), None)  # a code is used once
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("redirect_uri") != grant["redirect_uri"]
            or code_challenge(form.get("code_verifier", "")) != grant["challenge"]
        ):
            return Response(400, json={"error": "invalid_grant"})
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            **grant["claims"],
            **self.overrides,
        }
        token = jwt.encode(
            claims, self.sign_with or self.key, algorithm="RS256", headers={"kid": self.kid}
        )
        return Response(200, json={"id_token": token, "token_type": "Bearer"})


@pytest.fixture
def provider() -> FakeProvider:
    return FakeProvider()


@pytest.fixture
def client(cast_site: Site, provider: FakeProvider) -> TestClient:
    settings = Settings.from_environment(
        database_url=cast_site.url,
        oidc_issuer=ISSUER,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        oidc_redirect_uri=REDIRECT,
    )
    app = create_app(settings, cast_site.uow)
    app.state.oidc_http = httpx.Client(transport=httpx.MockTransport(provider.handle))
    return TestClient(app)


def start(client: TestClient, suite: str = "/moi") -> dict[str, list[str]]:
    """/oidc/login: the query of the authorization request the browser is sent to."""
    response = client.get("/oidc/login", params={"suite": suite}, follow_redirects=False)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(f"{ISSUER}/protocol/openid-connect/auth?")
    cookie = response.headers["set-cookie"]
    assert "parcours_oidc=" in cookie and "HttpOnly" in cookie and "Path=/oidc/" in cookie
    return parse_qs(urlsplit(location).query)


def sign_in(
    client: TestClient, provider: FakeProvider, claims: dict[str, Any], **changes: str
) -> Response:
    query = start(client)
    code = provider.authorize(query, claims)
    params = {"code": code, "state": query["state"][0], **changes}
    response: Response = client.get("/oidc/callback", params=params, follow_redirects=False)
    return response


def test_the_login_page_links_to_the_sso_only_when_configured(
    client: TestClient, cast_site: Site
) -> None:
    assert "/oidc/login" in client.get("/connexion").text
    cast_site.client.cookies.clear()
    assert "/oidc/login" not in cast_site.client.get("/connexion").text
    assert cast_site.client.get("/oidc/login", follow_redirects=False).status_code == 404


def test_pkce_state_and_nonce_are_fresh_for_every_sign_in(client: TestClient) -> None:
    first, second = start(client), start(client)
    for name in ("state", "nonce", "code_challenge"):
        assert first[name] != second[name]
        assert len(first[name][0]) >= 43


def test_an_existing_account_is_linked_then_found_by_its_subject(
    client: TestClient, provider: FakeProvider, cast_site: Site
) -> None:
    response = sign_in(client, provider, {"sub": "sso-0001", "preferred_username": CAST.employee})
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/moi"
    assert "parcours_session=" in response.headers["set-cookie"]
    me = client.get("/api/v1/auth/me").json()
    assert me["account"] == CAST.employee and me["person"] == "n-1"
    # the verifier and the client secret went to the token endpoint (basic authentication)
    assert (
        provider.token_calls[-1]["code_verifier"]
        and "client_secret" not in (provider.token_calls[-1])
    )
    with cast_site.uow() as uow:
        account = uow.accounts.get(CAST.employee)
    assert account is not None and account.oidc_subject == "sso-0001"
    # next time the subject alone is enough, whatever the username says
    client.cookies.clear()
    again = sign_in(client, provider, {"sub": "sso-0001", "preferred_username": "renomme"})
    assert again.status_code == 303
    assert client.get("/api/v1/auth/me").json()["account"] == CAST.employee


def test_client_secret_post_when_the_provider_only_accepts_it(
    client: TestClient, provider: FakeProvider
) -> None:
    provider.auth_methods = ["client_secret_post"]
    response = sign_in(client, provider, {"sub": "sso-0002", "preferred_username": CAST.jury})
    assert response.status_code == 303, response.text
    assert provider.token_calls[-1]["client_secret"] == CLIENT_SECRET


def test_an_account_already_linked_to_another_subject_is_not_taken_over(
    client: TestClient, provider: FakeProvider, cast_site: Site
) -> None:
    auth.create_account(
        cast_site.uow, SYSTEM, login="lie.ailleurs", roles=["employee"], oidc_subject="sso-autre"
    )
    response = sign_in(client, provider, {"sub": "sso-0003", "preferred_username": "lie.ailleurs"})
    assert response.status_code == 403
    assert "déjà lié" in response.text
    assert client.get("/api/v1/auth/me").status_code == 401


def test_an_unknown_user_is_refused_with_a_clear_message(
    client: TestClient, provider: FakeProvider, cast_site: Site
) -> None:
    response = sign_in(client, provider, {"sub": "sso-9999", "preferred_username": "x.inconnu"})
    assert response.status_code == 403
    assert "demandez à un administrateur RH de créer votre compte" in response.text
    assert "parcours_session=" not in response.headers.get("set-cookie", "")
    with cast_site.uow() as uow:
        assert uow.accounts.get("x.inconnu") is None


def test_roles_in_the_roles_claim_provision_an_sso_only_account(
    client: TestClient, provider: FakeProvider, cast_site: Site
) -> None:
    claims = {
        "sub": "sso-0100",
        "preferred_username": "nouveau.manager",
        "name": "Nouveau Manager",
        "roles": ["manager", "admin-informatique"],
    }
    assert sign_in(client, provider, claims).status_code == 303
    me = client.get("/api/v1/auth/me").json()
    assert me["account"] == "nouveau.manager" and me["roles"] == ["manager"]
    with cast_site.uow() as uow:
        account = uow.accounts.get("nouveau.manager")
    assert account is not None and account.password_hash is None  # SSO only
    # only parcours roles count: a token with none of them gets no account
    client.cookies.clear()
    other = {"sub": "sso-0101", "preferred_username": "sans.role", "roles": ["admin"]}
    assert sign_in(client, provider, other).status_code == 403


def test_a_wrong_state_is_refused(client: TestClient, provider: FakeProvider) -> None:
    response = sign_in(
        client, provider, {"sub": "sso-0001", "preferred_username": CAST.employee}, state="x"
    )
    assert response.status_code == 400 and "state" in response.text
    assert provider.token_calls == []  # the code was never exchanged


def test_a_callback_without_the_pending_cookie_is_refused(
    client: TestClient, provider: FakeProvider
) -> None:
    query = start(client)
    code = provider.authorize(query, {"sub": "sso-0001", "preferred_username": CAST.employee})
    client.cookies.clear()  # another browser: the attacker's link
    response = client.get("/oidc/callback", params={"code": code, "state": query["state"][0]})
    assert response.status_code == 400 and "recommencez" in response.text


def test_a_code_issued_for_another_challenge_is_refused(
    client: TestClient, provider: FakeProvider
) -> None:
    victim = start(client)
    stolen = provider.authorize(victim, {"sub": "sso-0001", "preferred_username": CAST.hr})
    mine = start(client)  # a new sign-in: new state, nonce and verifier in the cookie
    response = client.get("/oidc/callback", params={"code": stolen, "state": mine["state"][0]})
    assert response.status_code == 400 and "invalid_grant" in response.text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nonce": "un-autre-nonce"}, "nonce"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "expiré"),
        ({"aud": "une-autre-application"}, "autre application"),
        ({"aud": [CLIENT_ID, "autre"], "azp": "autre"}, "azp"),
        ({"iss": "https://faux.example"}, "autre émetteur"),
    ],
)
def test_id_tokens_that_do_not_hold_are_refused(
    client: TestClient, provider: FakeProvider, overrides: dict[str, Any], message: str
) -> None:
    provider.overrides = overrides
    response = sign_in(client, provider, {"sub": "sso-0001", "preferred_username": CAST.employee})
    assert response.status_code == 400
    assert message in response.text
    assert client.get("/api/v1/auth/me").status_code == 401


def test_a_token_signed_by_another_key_is_refused(
    client: TestClient, provider: FakeProvider
) -> None:
    provider.sign_with = _key()
    response = sign_in(client, provider, {"sub": "sso-0001", "preferred_username": CAST.employee})
    assert response.status_code == 400 and "signature" in response.text
    assert client.get("/api/v1/auth/me").status_code == 401


def test_the_provider_refusing_is_shown(client: TestClient) -> None:
    start(client)
    response = client.get("/oidc/callback", params={"error": "access_denied"})
    assert response.status_code == 401 and "access_denied" in response.text


def test_pending_state_cookie_is_signed_and_short_lived() -> None:
    pending = Pending("s", "n", "v", "/moi", int(time.time()) + 60)
    sealed = seal("secret", pending)
    assert unseal("secret", sealed) == pending
    with pytest.raises(OidcError, match="falsifié"):
        unseal("autre-secret", sealed)
    _body, mac = sealed.split(".")
    forged = base64.urlsafe_b64encode(b'{"s":"s","n":"n","v":"v","x":"//evil","e":9999999999}')
    with pytest.raises(OidcError):
        unseal("secret", f"{forged.decode().rstrip('=')}.{mac}")
    with pytest.raises(OidcError, match="expirée"):
        unseal("secret", sealed, now=time.time() + 120)


def test_alg_none_and_hmac_tokens_are_refused(provider: FakeProvider) -> None:
    config = OidcConfig(ISSUER, CLIENT_ID, CLIENT_SECRET, REDIRECT)
    rp = OidcClient(config, httpx.Client(transport=httpx.MockTransport(provider.handle)))
    claims: dict[str, Any] = {"iss": ISSUER, "aud": CLIENT_ID, "sub": "x", "nonce": "n"}
    claims |= {"iat": int(time.time()), "exp": int(time.time()) + 60}
    # PyJWT types the key without None, which is the one key it takes for "none"
    unsigned = jwt.encode(claims, None, algorithm="none")  # type: ignore[arg-type]
    with pytest.raises(OidcError, match="algorithme"):
        rp.verify(unsigned, "n")
    # an HMAC token keyed with the client secret (which the provider's clients all know)
    hmac_token = jwt.encode(claims, CLIENT_SECRET * 2, algorithm="HS256")
    with pytest.raises(OidcError, match="algorithme"):
        rp.verify(hmac_token, "n")
    good = jwt.encode(claims, provider.key, algorithm="RS256", headers={"kid": provider.kid})
    assert rp.verify(good, "n")["sub"] == "x"


def test_an_unreachable_provider_gives_a_clear_error(tmp_path: Path) -> None:
    def down(request: httpx.Request) -> Response:
        raise httpx.ConnectError("refused", request=request)

    config = OidcConfig(ISSUER, CLIENT_ID, CLIENT_SECRET, REDIRECT)
    rp = OidcClient(config, httpx.Client(transport=httpx.MockTransport(down)))
    with pytest.raises(OidcError, match="ne répond pas"):
        rp.begin("/")
