"""The app of one worker process of ``parcours serve --workers N`` (or of an ASGI server run by
hand, e.g. ``uvicorn --factory parcours.web.asgi:create --workers 4``): settings from the
environment, the same refusal of the demo's pseudonym key as ``parcours serve``."""

from __future__ import annotations

import os

from fastapi import FastAPI

from parcours.settings import Settings, pseudonym_key_problem
from parcours.web.app import create_app
from parcours.web.operations import configure_logging


def create() -> FastAPI:
    settings = Settings.from_environment()
    problem = pseudonym_key_problem(settings)
    if problem is not None and os.environ.get("PARCOURS_DEMO_MODE") != "1":
        raise SystemExit(f"parcours : démarrage refusé : {problem}.")
    configure_logging(settings)
    return create_app(settings)
