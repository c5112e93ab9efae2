"""Signing in and out: the form pages /connexion and /deconnexion (JSON twins: api/auth.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parcours.services import auth
from parcours.services.auth import AuthError, TooManyAttempts
from parcours.web.auth import (
    SESSION_COOKIE,
    clear_session_cookie,
    safe_next,
    set_session_cookie,
    sign_in,
)
from parcours.web.deps import Csrf, SettingsDep, Uow, render
from parcours.web.pages.oidc import oidc_config

router = APIRouter()


@router.get("/connexion", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, settings: SettingsDep, suite: str | None = None) -> HTMLResponse:
    return render(
        request,
        "login.html",
        {"suite": safe_next(suite), "error": None, "oidc": oidc_config(settings) is not None},
    )


@router.post("/connexion", include_in_schema=False, dependencies=[Csrf])
def login_form(
    request: Request,
    settings: SettingsDep,
    uow: Uow,
    login: Annotated[str, Form(max_length=128)],
    password: Annotated[str, Form(max_length=1024)],
    suite: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    try:
        token, _principal = sign_in(request, uow, login, password)
    except AuthError as exc:
        context = {
            "suite": safe_next(suite),
            "error": str(exc),
            "login": login,
            "oidc": oidc_config(settings) is not None,
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
