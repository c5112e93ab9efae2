"""The French pages (HTML, out of the OpenAPI document): one module per page group, each with
its ``router``; templates in ``web/templates``, English messages in ``web/i18n/<group>.py``.

A new page goes into its group's module (route, template, messages); a new group is a new
module here, added to ``ROUTERS`` (what ``create_app`` includes). A page never imports an API
module: what both need lives in ``web/deps.py``, ``web/uploads.py``, ``web/downloads.py``,
``web/views.py`` or the services.
"""

from __future__ import annotations

from fastapi import APIRouter

from parcours.web.pages import (
    auth,
    campaigns,
    career,
    catalogue,
    corrections,
    development,
    hris,
    imports,
    juries,
    links,
    map,
    matrix,
    mobility,
    oidc,
    people,
    rgpd,
    teams,
    trainings,
)

# Included in this order. It matters where a literal path of one module meets a parameter of
# another: /personnes/import (hris) before /personnes/{person} (people). Within a module, the
# same holds for its own routes (/equipes/themes before /equipes/{code}); tests/web/test_layout.py
# fails when a route is shadowed by an earlier one.
ROUTERS: tuple[APIRouter, ...] = (
    auth.router,
    catalogue.router,
    matrix.router,
    mobility.router,
    links.router,
    map.router,
    imports.router,
    oidc.router,
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
