"""Signing in through the bank's SSO (OpenID Connect), when the oidc_* settings are set."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
