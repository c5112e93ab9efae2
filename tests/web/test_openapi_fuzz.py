"""Schemathesis against the served OpenAPI document, on the app with a seeded SQLite database.

Bounded: a fixed number of examples per operation, derandomised, no deadline (an exploratory
run sets ``PARCOURS_FUZZ_EXAMPLES`` to draw more, and ``PARCOURS_FUZZ_SEED`` to draw other
ones than the suite's: ``PARCOURS_FUZZ_EXAMPLES=200 PARCOURS_FUZZ_SEED=1 pytest
tests/web/test_openapi_fuzz.py``). The checks:
nothing answers 5xx, and status codes, content types and bodies match the document. The calls
carry an HR bearer token, so the operations reserved to HR are exercised too (not only their 401).
(schemathesis' own pytest plugin does not run under pytest 9: the strategies of its Python
API are driven by hypothesis here, one test per operation.)
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services.ports import UnitOfWork
from parcours.settings import Settings
from parcours.web.app import create_app

from .conftest import hr_bearer, make_site

EXAMPLES = int(os.environ.get("PARCOURS_FUZZ_EXAMPLES", "12"))
SEED = os.environ.get("PARCOURS_FUZZ_SEED")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _no_storage() -> UnitOfWork:
    raise AssertionError("the OpenAPI document reads no storage")


def _operations() -> list[str]:
    """``METHOD path`` of every API operation (the document needs no database)."""
    document: dict[str, Any] = create_app(
        Settings.from_environment(), uow_factory=_no_storage
    ).openapi()
    return [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method in operations
    ]


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, dict[str, str]]:
    site = make_site(tmp_path_factory.mktemp("fuzz") / "fuzz.db", [(SAMPLE_NAME, sample_bytes())])
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", site.client.app)
    return schema, hr_bearer(site)


@pytest.mark.parametrize("label", _operations())
def test_operation_conforms_to_the_openapi_document(
    fuzzed: tuple[Any, dict[str, str]], label: str
) -> None:
    api_schema, headers = fuzzed
    method, path = label.split(" ", 1)
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=SEED is None,
        suppress_health_check=list(HealthCheck),
        database=None,
        # No "explain" phase: it re-runs a failing case under a line tracer, which on the
        # module's whole app (and its growing audit log) takes tens of minutes before the
        # failure is even reported.
        phases=[p for p in Phase if p is not Phase.explain],
    )
    # Hypothesis derives the derandomised examples from this function's source and signature
    # (not its comments): the annotation stays as it was, its type argument left out.
    def run(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
        case.call_and_validate(headers=headers, checks=CHECKS)

    if SEED is not None:
        run = seed(int(SEED))(run)
    run()
