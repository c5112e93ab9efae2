"""JSON API of signing in and out (under /api/v1/auth): a password sign-in that sets the session
cookie, the signed-in account, signing out. The form pages are pages/auth.py."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from parcours.domain.access import Principal
from parcours.services import auth
from parcours.web.auth import (
    SESSION_COOKIE,
    clear_session_cookie,
    csrf_for,
    csrf_token,
    set_session_cookie,
    sign_in,
)
from parcours.web.deps import Actor, Csrf, Uow

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


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


@router.post("/login", response_model=Me)
def api_login(request: Request, uow: Uow, body: LoginRequest) -> JSONResponse:
    """Sign in with a password: sets the session cookie; the answer carries the CSRF token to
    send in ``X-CSRF-Token`` with every unsafe request made with that cookie."""
    token, principal = sign_in(request, uow, body.login, body.password)
    payload: dict[str, Any] = _me(principal, csrf_for(request, token)).model_dump()
    response = JSONResponse(payload)
    set_session_cookie(request, response, token)
    return response


@router.get("/me", response_model=Me)
def api_me(request: Request, actor: Actor) -> Me:
    """The signed-in account, its roles, teams and juries (and the CSRF token for cookies)."""
    return _me(actor, None if request.state.bearer else csrf_token(request))


@router.post("/logout", status_code=204, dependencies=[Csrf])
def api_logout(request: Request, uow: Uow) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth.logout(uow, token)
    response = Response(status_code=204)
    clear_session_cookie(request, response)
    return response
