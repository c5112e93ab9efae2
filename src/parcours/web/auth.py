"""Who is asking: the session cookie or the bearer token, CSRF protection, signing in. The
dependencies routes declare (``Actor``, ``MaybeActor``, ``Csrf``) are in ``deps``.

- Pages sign in with a form (/connexion) and get a session cookie: HttpOnly, SameSite=Lax,
  Secure over HTTPS (setting ``cookie_secure``), lasting ``session_hours``.
- API clients either use the same cookie (then every unsafe request carries the CSRF token in
  the ``X-CSRF-Token`` header) or an ``Authorization: Bearer`` token (``parcours accounts
  token``), which a browser never sends by itself and so needs no CSRF token.
- An API call without any session (no cookie, no token) needs no CSRF token: it carries no
  authority to abuse, and routes that need an account answer 401.
- CSRF tokens are HMACs of the session token (or, before sign-in, of a random cookie) under a
  secret the app keeps in its database: forms carry them in a hidden ``csrf_token`` field.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from parcours.domain.access import Principal
from parcours.services import auth
from parcours.services.ports import UowFactory
from parcours.web import state
from parcours.web.headers import is_tls

SESSION_COOKIE = "parcours_session"
ANON_COOKIE = "parcours_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Reachable without an account even when the catalogue is private.
OPEN_PATHS = ("/connexion", "/static/", "/api/v1/auth/", "/oidc/")


class CsrfError(Exception):
    """An unsafe request without a valid CSRF token (answered 403)."""


def _secret(request: Request) -> str:
    secret: str | None = getattr(request.app.state, "csrf_secret", None)
    if secret is None:
        secret = auth.app_secret(state.uow_factory(request), "csrf")
        request.app.state.csrf_secret = secret
    return secret


def _channel(request: Request) -> str:
    return "api" if request.url.path.startswith("/api/") else "web"


def _resolve(request: Request) -> Principal | None:
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        request.state.bearer = True
        return auth.token_principal(
            state.uow_factory(request), header[7:].strip(), _channel(request)
        )
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        idle = state.settings(request).session_idle_minutes
        return auth.session_principal(state.uow_factory(request), token, _channel(request), idle)
    return None


def csrf_token(request: Request) -> str:
    """The token forms and cookie-authenticated API calls must send back."""
    seed = request.cookies.get(SESSION_COOKIE) if request.state.principal else None
    return csrf_for(request, seed or request.state.csrf_seed)


def csrf_for(request: Request, seed: str) -> str:
    """The CSRF token that goes with a session token (or an anonymous seed)."""
    return auth.sign(_secret(request), seed)


def _submitted_token(request: Request, form_token: str | None) -> str | None:
    return request.headers.get(CSRF_HEADER) or form_token


async def check_csrf(request: Request) -> None:
    """Every unsafe request made with cookies carries a valid token (bearer calls need none)."""
    if request.method not in UNSAFE or getattr(request.state, "bearer", False):
        return
    if request.url.path.startswith("/api/") and request.state.principal is None:
        # An API call that carries no session: no ambient authority to abuse, so the route
        # answers 401 itself when it needs an account. (Forms keep the anonymous check: the
        # sign-in form is protected against login CSRF.)
        return
    form_token: str | None = None
    if CSRF_HEADER not in request.headers:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            form_token = value if isinstance(value, str) else None
    submitted = _submitted_token(request, form_token)
    expected = await run_in_threadpool(csrf_token, request)
    if not submitted or not hmac.compare_digest(submitted, expected):
        raise CsrfError("jeton CSRF absent ou invalide : rechargez la page et recommencez")


def secure_cookies(request: Request) -> bool:
    settings = state.settings(request)
    mode = settings.cookie_secure.lower()
    if mode in ("true", "1", "yes"):
        return True
    if mode in ("false", "0", "no"):
        return False
    return is_tls(request, settings)


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=state.settings(request).session_hours * 3600,
        httponly=True,
        secure=secure_cookies(request),
        samesite="lax",
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, secure=secure_cookies(request), samesite="lax", path="/"
    )


def install(app: FastAPI) -> None:
    """Resolve the principal of every request (``request.state.principal``) and the CSRF seed."""

    @app.middleware("http")
    async def authentication(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        path = request.url.path
        request.state.bearer = False
        request.state.principal = None
        if not path.startswith("/static/"):
            request.state.principal = await run_in_threadpool(_resolve, request)
        anonymous_seed = request.cookies.get(ANON_COOKIE)
        request.state.csrf_seed = anonymous_seed or secrets.token_urlsafe(32)
        settings = state.settings(request)
        if (
            not settings.public_catalogue
            and request.state.principal is None
            and not path.startswith(OPEN_PATHS)
        ):
            if path.startswith("/api/"):
                from parcours.web.http import problem

                return problem(401, "NotAuthenticated", "connexion requise")
            return RedirectResponse(f"/connexion?suite={quote(path)}", status_code=303)
        response = await call_next(request)
        if anonymous_seed is None and not path.startswith(("/static/", "/api/")):
            response.set_cookie(
                ANON_COOKIE,
                request.state.csrf_seed,
                httponly=True,
                secure=secure_cookies(request),
                samesite="lax",
                path="/",
            )
        return response


def sign_in(request: Request, uow: UowFactory, login: str, password: str) -> tuple[str, Principal]:
    """A password sign-in (the form and the API's): the session token and its principal,
    under the settings' session length and lockout rules."""
    settings = state.settings(request)
    return auth.login(
        uow,
        login,
        password,
        hours=settings.session_hours,
        max_failed=settings.max_failed_logins,
        lockout_minutes=settings.lockout_minutes,
        address=request.client.host if request.client else "",
        max_failed_per_address=settings.max_failed_logins_per_address,
    )


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
