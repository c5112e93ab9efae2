"""OpenID Connect sign-in (the bank's SSO): authorization code flow with PKCE, state and nonce.

1. ``OidcClient.begin`` makes a fresh ``state``, ``nonce`` and PKCE ``code_verifier`` and the
   authorization URL (``code_challenge`` = BASE64URL(SHA-256(verifier)), method S256). The web
   layer keeps the three secrets and the page to go back to in a short-lived cookie signed with
   an app secret (``seal`` / ``unseal``): no server-side state, and the cookie binds the answer to
   the browser that asked.
2. ``OidcClient.finish`` checks the returned ``state``, exchanges the code at the token endpoint
   (with the verifier and the client secret: HTTP basic, or in the form when the provider only
   supports ``client_secret_post``) and verifies the ID token with PyJWT: signature against the
   provider's JWKS (asymmetric algorithms only), ``iss``, ``aud`` (and ``azp`` when several
   audiences), ``exp``/``iat``/``nbf`` with one minute of leeway, and the ``nonce``.
3. ``services.auth.sso_login`` maps the verified claims to an account and opens a session.

Every HTTP call goes through an injectable ``httpx.Client`` (tests use a mock transport) with
timeouts; the discovery document and the JWKS are cached (the JWKS is read again once when a
token names an unknown key, which is how providers roll their keys).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import jwt

from parcours.domain.errors import ParcoursError

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
# Asymmetric algorithms only: "none" and the HMAC ones (keyed with the public client secret
# or a public key) are never accepted.
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
LEEWAY = 60  # seconds of clock skew allowed on exp, iat, nbf
PENDING_SECONDS = 600  # time allowed between leaving for the SSO and coming back
DISCOVERY_SECONDS = 3600
SCOPES = "openid profile email"


class OidcError(ParcoursError):
    """The SSO sign-in failed (the message, in French, says why without echoing tokens)."""


@dataclass(frozen=True, slots=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    roles_claim: str = "roles"
    scopes: str = SCOPES


@dataclass(frozen=True, slots=True)
class Provider:
    """What the discovery document says (only what parcours uses)."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    auth_methods: tuple[str, ...] = ("client_secret_basic",)


@dataclass(frozen=True, slots=True)
class Pending:
    """What the browser carries (signed) between leaving for the SSO and coming back."""

    state: str
    nonce: str
    verifier: str
    next: str
    expires: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def code_challenge(verifier: str) -> str:
    """PKCE S256 (RFC 7636): BASE64URL(SHA-256(ASCII(code_verifier)))."""
    return _b64(hashlib.sha256(verifier.encode("ascii")).digest())


def seal(secret: str, pending: Pending) -> str:
    """The pending sign-in as a cookie value: base64url JSON and its HMAC-SHA256."""
    body = _b64(
        json.dumps(
            {
                "s": pending.state,
                "n": pending.nonce,
                "v": pending.verifier,
                "x": pending.next,
                "e": pending.expires,
            },
            separators=(",", ":"),
        ).encode()
    )
    mac = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def unseal(secret: str, value: str | None, *, now: float | None = None) -> Pending:
    """The pending sign-in of a cookie value, or OidcError when absent, forged or stale."""
    if not value or value.count(".") != 1:
        raise OidcError("connexion par le SSO expirée ou commencée ailleurs : recommencez")
    body, mac = value.split(".")
    expected = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()
    try:
        given = _unb64(mac)
        data = json.loads(_unb64(body))
        pending = Pending(
            state=str(data["s"]),
            nonce=str(data["n"]),
            verifier=str(data["v"]),
            next=str(data["x"]),
            expires=int(data["e"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise OidcError("connexion par le SSO : état illisible, recommencez") from exc
    if not hmac.compare_digest(given, expected):
        raise OidcError("connexion par le SSO : état falsifié, recommencez")
    if pending.expires < (time.time() if now is None else now):
        raise OidcError("connexion par le SSO expirée : recommencez")
    return pending


@dataclass
class OidcClient:
    """The relying party: discovery, the authorization URL, the code exchange, the ID token."""

    config: OidcConfig
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=TIMEOUT))
    _provider: Provider | None = None
    _provider_at: float = 0.0
    _jwks: dict[str, Any] | None = None

    # -- provider metadata ---------------------------------------------------------------

    def _get_json(self, url: str, what: str) -> dict[str, Any]:
        try:
            response = self.http.get(url, timeout=TIMEOUT)
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise OidcError(f"le fournisseur SSO ne répond pas ({what})") from exc
        if not isinstance(data, dict):
            raise OidcError(f"réponse inattendue du fournisseur SSO ({what})")
        return data

    def provider(self) -> Provider:
        if self._provider is not None and time.time() - self._provider_at < DISCOVERY_SECONDS:
            return self._provider
        issuer = self.config.issuer.rstrip("/")
        data = self._get_json(f"{issuer}/.well-known/openid-configuration", "découverte")
        if str(data.get("issuer", "")).rstrip("/") != issuer:
            raise OidcError("le document de découverte du SSO annonce un autre émetteur")
        try:
            provider = Provider(
                issuer=str(data["issuer"]),
                authorization_endpoint=str(data["authorization_endpoint"]),
                token_endpoint=str(data["token_endpoint"]),
                jwks_uri=str(data["jwks_uri"]),
                auth_methods=tuple(
                    data.get("token_endpoint_auth_methods_supported") or ("client_secret_basic",)
                ),
            )
        except KeyError as exc:
            raise OidcError(f"document de découverte du SSO incomplet ({exc.args[0]})") from exc
        self._provider, self._provider_at = provider, time.time()
        return provider

    def _keys(self, refresh: bool = False) -> dict[str, Any]:
        if self._jwks is None or refresh:
            self._jwks = self._get_json(self.provider().jwks_uri, "clés")
        return self._jwks

    # -- the flow ------------------------------------------------------------------------

    def begin(self, next_path: str) -> tuple[str, Pending]:
        """The URL to send the browser to, and what to keep until it comes back."""
        pending = Pending(
            state=secrets.token_urlsafe(32),
            nonce=secrets.token_urlsafe(32),
            verifier=secrets.token_urlsafe(64),  # 86 characters, within RFC 7636's 43..128
            next=next_path,
            expires=int(time.time()) + PENDING_SECONDS,
        )
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.config.client_id,
                "redirect_uri": self.config.redirect_uri,
                "scope": self.config.scopes,
                "state": pending.state,
                "nonce": pending.nonce,
                "code_challenge": code_challenge(pending.verifier),
                "code_challenge_method": "S256",
            }
        )
        endpoint = self.provider().authorization_endpoint
        separator = "&" if "?" in endpoint else "?"
        return f"{endpoint}{separator}{query}", pending

    def finish(self, pending: Pending, *, state: str | None, code: str | None) -> dict[str, Any]:
        """The verified claims of the ID token the code is exchanged for."""
        if not state or not hmac.compare_digest(state.encode(), pending.state.encode()):
            raise OidcError("connexion par le SSO : paramètre state inattendu, recommencez")
        if not code:
            raise OidcError("connexion par le SSO : pas de code d'autorisation")
        id_token = self._exchange(code, pending.verifier)
        return self.verify(id_token, pending.nonce)

    def _exchange(self, code: str, verifier: str) -> str:
        provider = self.provider()
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.config.redirect_uri,
            "code_verifier": verifier,
            "client_id": self.config.client_id,
        }
        auth: httpx.Auth | None = None
        if "client_secret_basic" in provider.auth_methods:
            # RFC 6749 2.3.1: both form-urlencoded before the basic scheme.
            auth = httpx.BasicAuth(
                quote(self.config.client_id, safe=""), quote(self.config.client_secret, safe="")
            )
        elif "client_secret_post" in provider.auth_methods:
            form["client_secret"] = self.config.client_secret
        else:
            raise OidcError("le fournisseur SSO n'accepte ni client_secret_basic ni _post")
        try:
            response = self.http.post(
                provider.token_endpoint,
                data=form,
                auth=auth if auth is not None else httpx.USE_CLIENT_DEFAULT,
                headers={"Accept": "application/json"},
                timeout=TIMEOUT,
            )
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise OidcError("le fournisseur SSO ne répond pas (jeton)") from exc
        if response.status_code != 200 or not isinstance(data, dict):
            error = data.get("error") if isinstance(data, dict) else None
            raise OidcError(f"le fournisseur SSO refuse le code ({error or response.status_code})")
        token = data.get("id_token")
        if not isinstance(token, str) or not token:
            raise OidcError("le fournisseur SSO n'a pas rendu de jeton d'identité")
        return token

    def _signing_key(self, token: str) -> Any:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise OidcError("jeton d'identité illisible") from exc
        if header.get("alg") not in ALGORITHMS:
            raise OidcError(f"algorithme de signature refusé : {header.get('alg')}")
        kid = header.get("kid")
        for refresh in (False, True):
            try:
                keys = jwt.PyJWKSet.from_dict(self._keys(refresh)).keys
            except jwt.PyJWTError as exc:
                raise OidcError("clés du fournisseur SSO illisibles") from exc
            usable = [k for k in keys if kid is None or k.key_id == kid]
            if len(usable) == 1 or (usable and kid is not None):
                return usable[0]
        raise OidcError("jeton d'identité signé par une clé inconnue")

    def verify(self, token: str, nonce: str) -> dict[str, Any]:
        """The claims of an ID token whose signature, issuer, audience, dates and nonce hold."""
        key = self._signing_key(token)
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=self.config.client_id,
                issuer=self.provider().issuer,
                leeway=LEEWAY,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise OidcError("jeton d'identité expiré : recommencez") from exc
        except jwt.InvalidAudienceError as exc:
            raise OidcError("jeton d'identité destiné à une autre application") from exc
        except jwt.InvalidIssuerError as exc:
            raise OidcError("jeton d'identité d'un autre émetteur") from exc
        except jwt.InvalidSignatureError as exc:
            raise OidcError("signature du jeton d'identité invalide") from exc
        except jwt.PyJWTError as exc:
            raise OidcError(f"jeton d'identité refusé ({type(exc).__name__})") from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.config.client_id:
            raise OidcError("jeton d'identité destiné à une autre application (azp)")
        given = claims.get("nonce")
        if not isinstance(given, str) or not hmac.compare_digest(given.encode(), nonce.encode()):
            raise OidcError("jeton d'identité rejoué ou d'une autre connexion (nonce)")
        return claims
