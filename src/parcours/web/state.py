"""What ``create_app`` keeps on ``app.state`` for every request: the unit-of-work factory and
the settings. Both ``auth`` (its middleware) and ``deps`` (the routes' dependencies) read them
here, so ``deps`` can build on ``auth`` without an import cycle."""

from __future__ import annotations

from fastapi import FastAPI, Request

from parcours.services.ports import UowFactory
from parcours.settings import Settings


def keep(app: FastAPI, settings: Settings, uow_factory: UowFactory) -> None:
    app.state.settings = settings
    app.state.uow_factory = uow_factory


def uow_factory(request: Request) -> UowFactory:
    factory: UowFactory = request.app.state.uow_factory
    return factory


def settings(request: Request) -> Settings:
    found: Settings = request.app.state.settings
    return found
