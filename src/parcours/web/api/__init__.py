"""The JSON API, under /api/v1: one module per resource, each with its ``router``.

A new route goes into its resource's module; a new resource is a new module here, added to
``ROUTERS`` (what ``create_app`` includes). Helpers shared with the pages live outside this
package (``web/deps.py``, ``web/uploads.py``, ``web/downloads.py``, ``web/views.py``, the
services): a page never imports an API module.
"""

from __future__ import annotations

from fastapi import APIRouter

from parcours.web.api import (
    auth,
    campaigns,
    career,
    catalogue,
    corrections,
    development,
    engine,
    exchange,
    hris,
    imports,
    juries,
    links,
    map,
    people,
    rgpd,
    teams,
    trainings,
)

# Included in this order (the OpenAPI document lists the paths, and Swagger UI the tags, in it).
# No path here can take another's request: /api/v1/people/import (hris, POST) and
# /api/v1/people/{person} (people, GET) differ by their method.
ROUTERS: tuple[APIRouter, ...] = (
    auth.router,
    catalogue.router,
    engine.router,
    links.router,
    map.router,
    exchange.router,
    imports.router,
    hris.router,
    people.router,
    career.router,
    development.router,
    campaigns.router,
    juries.router,
    teams.router,
    rgpd.router,
    trainings.router,
    corrections.router,
)
