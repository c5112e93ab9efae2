"""Signing in and out: the form pages and their JSON twins under /api/v1/auth."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from parcours.domain.access import Principal
from parcours.services import auth
from parcours.services.auth import AuthError, TooManyAttempts
from parcours.settings import Settings
from parcours.web.auth import (
    SESSION_COOKIE,
    Actor,
    Csrf,
    clear_session_cookie,
    csrf_for,
    csrf_token,
    safe_next,
    set_session_cookie,
)
from parcours.web.deps import Uow, render
from parcours.web.pages_oidc import oidc_config

router = APIRouter()


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _login(request: Request, uow: Uow, login: str, password: str) -> tuple[str, Principal]:
    settings = _settings(request)
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


@router.get("/connexion", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, suite: str | None = None) -> HTMLResponse:
    return render(
        request,
        "login.html",
        {"suite": safe_next(suite), "error": None, "oidc": _oidc_enabled(request)},
    )


@router.post("/connexion", include_in_schema=False, dependencies=[Csrf])
def login_form(
    request: Request,
    uow: Uow,
    login: Annotated[str, Form(max_length=128)],
    password: Annotated[str, Form(max_length=1024)],
    suite: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    try:
        token, _principal = _login(request, uow, login, password)
    except AuthError as exc:
        context = {
            "suite": safe_next(suite),
            "error": str(exc),
            "login": login,
            "oidc": _oidc_enabled(request),
        }
        if isinstance(exc, TooManyAttempts):
            page = render(request, "login.html", context, status_code=429)
            page.headers["Retry-After"] = str(exc.retry_after)
            return page
        return render(request, "login.html", context, status_code=401)
    response = RedirectResponse(safe_next(suite), status_code=303)
    set_session_cookie(request, response, token)
    return response


@router.post("/deconnexion", include_in_schema=False, dependencies=[Csrf])
def logout_form(request: Request, uow: Uow) -> RedirectResponse:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth.logout(uow, token)
    response = RedirectResponse("/", status_code=303)
    clear_session_cookie(request, response)
    return response


def _oidc_enabled(request: Request) -> bool:
    return oidc_config(_settings(request)) is not None


# --- JSON API -------------------------------------------------------------------------------


class LoginRequest(BaseModel):
    login: str = Field(max_length=128)
    password: str = Field(max_length=1024)


class Me(BaseModel):
    account: str
    display_name: str | None
    roles: list[str]
    person: str | None
    teams: list[str]
    juries: list[int]
    csrf_token: str | None = None


def _me(principal: Principal, csrf: str | None = None) -> Me:
    return Me(
        account=principal.account,
        display_name=principal.display_name,
        roles=sorted(r.value for r in principal.roles),
        person=principal.person,
        teams=sorted(principal.teams),
        juries=sorted(principal.juries),
        csrf_token=csrf,
    )


@router.post("/api/v1/auth/login", response_model=Me, tags=["auth"])
def api_login(request: Request, uow: Uow, body: LoginRequest) -> JSONResponse:
    """Sign in with a password: sets the session cookie; the answer carries the CSRF token to
    send in ``X-CSRF-Token`` with every unsafe request made with that cookie."""
    token, principal = _login(request, uow, body.login, body.password)
    payload: dict[str, Any] = _me(principal, csrf_for(request, token)).model_dump()
    response = JSONResponse(payload)
    set_session_cookie(request, response, token)
    return response


@router.get("/api/v1/auth/me", response_model=Me, tags=["auth"])
def api_me(request: Request, actor: Actor) -> Me:
    """The signed-in account, its roles, teams and juries (and the CSRF token for cookies)."""
    return _me(actor, None if request.state.bearer else csrf_token(request))


@router.post("/api/v1/auth/logout", status_code=204, tags=["auth"], dependencies=[Csrf])
def api_logout(request: Request, uow: Uow) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth.logout(uow, token)
    response = Response(status_code=204)
    clear_session_cookie(request, response)
    return response
