"""Signing in through the bank's SSO (OpenID Connect), when the oidc_* settings are set.

``/oidc/login`` sends the browser to the provider (authorization code flow, PKCE S256, state
and nonce kept in a signed, HttpOnly cookie that lives ten minutes and only on /oidc/);
``/oidc/callback`` checks the answer, verifies the ID token, maps it to an account
(``services.auth.sso_login``) and opens an ordinary session. See docs/security.md.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parcours.domain.errors import NotFoundError
from parcours.services import auth
from parcours.services.auth import AuthError
from parcours.services.oidc import PENDING_SECONDS, OidcClient, OidcConfig, OidcError, seal, unseal
from parcours.settings import Settings
from parcours.web.auth import safe_next, secure_cookies, set_session_cookie
from parcours.web.deps import SettingsDep, Uow, render

router = APIRouter(include_in_schema=False)

PENDING_COOKIE = "parcours_oidc"
COOKIE_PATH = "/oidc/"


def oidc_config(settings: Settings) -> OidcConfig | None:
    """The SSO settings, or None when the option is off (all four must be set)."""
    if not (
        settings.oidc_issuer
        and settings.oidc_client_id
        and settings.oidc_client_secret
        and settings.oidc_redirect_uri
    ):
        return None
    return OidcConfig(
        issuer=settings.oidc_issuer,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        redirect_uri=settings.oidc_redirect_uri,
        roles_claim=settings.oidc_roles_claim,
    )


def client_of(request: Request, settings: Settings) -> OidcClient:
    """The app's relying party (made once; ``app.state.oidc_http`` replaces its HTTP client)."""
    found: OidcClient | None = getattr(request.app.state, "oidc_client", None)
    if found is not None:
        return found
    config = oidc_config(settings)
    if config is None:
        raise NotFoundError("la connexion par le SSO n'est pas configurée")
    http = getattr(request.app.state, "oidc_http", None)
    made = OidcClient(config, http) if http is not None else OidcClient(config)
    request.app.state.oidc_client = made
    return made


def _secret(request: Request, uow: Uow) -> str:
    secret: str | None = getattr(request.app.state, "oidc_secret", None)
    if secret is None:
        secret = auth.app_secret(uow, "oidc")
        request.app.state.oidc_secret = secret
    return secret


@router.get("/oidc/login")
def oidc_login(
    request: Request, settings: SettingsDep, uow: Uow, suite: str | None = None
) -> RedirectResponse:
    client = client_of(request, settings)
    url, pending = client.begin(safe_next(suite))
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(
        PENDING_COOKIE,
        seal(_secret(request, uow), pending),
        max_age=PENDING_SECONDS,
        httponly=True,
        secure=secure_cookies(request),
        samesite="lax",  # sent on the provider's top-level redirect back to us
        path=COOKIE_PATH,
    )
    return response


def _refused(request: Request, message: str, status: int) -> HTMLResponse:
    response = render(
        request, "login.html", {"suite": "/", "error": message, "oidc": True}, status_code=status
    )
    response.delete_cookie(PENDING_COOKIE, path=COOKIE_PATH)
    return response


@router.get("/oidc/callback")
def oidc_callback(
    request: Request,
    settings: SettingsDep,
    uow: Uow,
    code: str | None = None,
    state: str | None = None,
    error: str | None = None,
) -> Response:
    client = client_of(request, settings)
    if error:
        return _refused(request, f"le SSO a refusé la connexion ({error[:100]})", 401)
    try:
        pending = unseal(_secret(request, uow), request.cookies.get(PENDING_COOKIE))
        claims = client.finish(pending, state=state, code=code)
    except OidcError as exc:
        return _refused(request, str(exc), 400)
    try:
        token, _principal = auth.sso_login(
            uow, claims, roles_claim=client.config.roles_claim, hours=settings.session_hours
        )
    except AuthError as exc:
        return _refused(request, str(exc), 403)
    response = RedirectResponse(safe_next(pending.next), status_code=303)
    response.delete_cookie(PENDING_COOKIE, path=COOKIE_PATH)
    set_session_cookie(request, response, token)
    return response
