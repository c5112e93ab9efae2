"""The layout of web/ (issue 11): every /api/v1 route in web/api, every page in web/pages, each
package's routers all included, no page importing an API module, no route shadowed by an
earlier one."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.routing import APIRoute

from parcours.settings import Settings
from parcours.web import api, pages
from parcours.web.app import create_app
from tests.web.test_access_rules import all_routes

APP = create_app(Settings.from_environment(), uow_factory=lambda: None)  # type: ignore[arg-type, return-value]
ROUTES = all_routes(APP)


def _modules(package: Any) -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(package.__path__))


def test_every_api_route_is_in_web_api_and_every_page_in_web_pages() -> None:
    misplaced = [
        (route.path, route.endpoint.__module__)
        for route in ROUTES
        if route.endpoint.__module__.startswith(("parcours.web.api.", "parcours.web.pages."))
        and route.path.startswith("/api/")
        != route.endpoint.__module__.startswith("parcours.web.api.")
    ]
    assert misplaced == []


def test_each_module_router_is_listed_once() -> None:
    for package in (api, pages):
        listed: tuple[APIRouter, ...] = package.ROUTERS
        routers = [
            importlib.import_module(f"{package.__name__}.{m}").router for m in _modules(package)
        ]
        assert sorted(map(id, listed)) == sorted(map(id, routers)), package.__name__


def test_pages_never_import_an_api_module() -> None:
    folder = Path(pages.__file__).parent
    found: list[tuple[str, str]] = []
    for source in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text("utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            found += [
                (source.name, n)
                for n in names
                if n == "parcours.web.api" or n.startswith("parcours.web.api.")
            ]
    assert found == []


def test_no_route_is_shadowed_by_an_earlier_one() -> None:
    """A request meant for a route never reaches an earlier one of the same method: a literal
    path (``/personnes/import``) comes before a parameter in its place (``/personnes/{person}``).
    """
    shadowed: list[tuple[str, str]] = []
    for i, later in enumerate(ROUTES):
        example = re.sub(r"\{[^}]+\}", "x", later.path)
        for earlier in ROUTES[:i]:
            same_method = set(earlier.methods or ()) & set(later.methods or ())
            if same_method and _regex(earlier).fullmatch(example):
                shadowed.append((earlier.path, later.path))
    assert shadowed == []


def _regex(route: APIRoute) -> re.Pattern[str]:
    return route.path_regex
