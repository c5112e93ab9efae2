"""Running parcours in production: request ids, structured logs, Prometheus metrics, health and
readiness, and the answers of an overloaded or busy server (docs/deploy.md).

- Every request gets an id: the one the reverse proxy sent in ``request_id_header`` (when it is
  a short token), else a fresh one; it is sent back in the same header and written in the log.
- With ``log_format = json`` each request is logged as one JSON object (time, level, request
  id, method, path, route, status, duration) on the standard error.
- ``/metrics``: request latency per route (histogram), requests and errors per route and
  status, imports per kind and outcome, sign-ins refused by the throttle; several worker
  processes share their metrics through ``PROMETHEUS_MULTIPROC_DIR`` (``parcours serve
  --workers N`` sets it).
- ``/healthz`` says the process answers; ``/readyz`` that the database answers and its schema is
  at the latest migration (503 otherwise).
- A database locked by another writer longer than the busy timeout answers 503 with
  Retry-After (problem+json on the API, a page elsewhere); a sign-in refused by the throttle
  answers 429 with Retry-After.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prometheus_multiprocess
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool

from parcours.bootstrap import busy_database
from parcours.domain.errors import BusyError
from parcours.health import readiness
from parcours.services import auth as auth_service
from parcours.services.auth import TooManyAttempts
from parcours.settings import Settings
from parcours.web.deps import render
from parcours.web.http import problem

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
ACCESS_LOG = logging.getLogger("parcours.access")
LOG = logging.getLogger("parcours")

LATENCY = Histogram(
    "parcours_http_request_duration_seconds",
    "Durée des requêtes HTTP, par route et méthode.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
REQUESTS = Counter(
    "parcours_http_requests_total",
    "Requêtes HTTP, par route, méthode et statut.",
    ["method", "route", "status"],
)
ERRORS = Counter(
    "parcours_http_errors_total",
    "Réponses d'erreur du serveur (5xx) et refus pour surcharge (429, 503), par route.",
    ["route", "status"],
)
IMPORTS = Counter(
    "parcours_imports_total",
    "Imports reçus par le serveur web, par sorte (documents, personnes) et issue.",
    ["kind", "outcome"],
)
THROTTLED = Counter(
    "parcours_signin_throttled_total", "Connexions refusées par la limitation des tentatives."
)
BUSY = Counter("parcours_database_busy_total", "Requêtes refusées : base occupée (503).")

# Routes that import: their outcome is counted in parcours_imports_total.
IMPORT_ROUTES = {
    "/api/v1/imports": "documents",
    "/import": "documents",
    "/api/v1/imports/{draft_id}/publish": "documents",
    "/import/{draft_id}/publier": "documents",
    "/api/v1/people/import": "people",
    "/personnes/import": "people",
}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, and the extras."""

    FIELDS = ("method", "path", "route", "status", "duration_ms", "client", "retry_after")

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or REQUEST_ID.get(),
            "pid": record.process,
        }
        for name in self.FIELDS:
            if hasattr(record, name):
                data[name] = getattr(record, name)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def configure_logging(settings: Settings) -> None:
    """The process's logs: JSON lines or plain text on the standard error (once)."""
    root = logging.getLogger("parcours")
    if getattr(root, "_parcours_configured", False):
        return
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
        handler.addFilter(_with_request_id)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    root.propagate = False
    root._parcours_configured = True  # type: ignore[attr-defined]


def _with_request_id(record: logging.LogRecord) -> bool:
    if not hasattr(record, "request_id"):
        record.request_id = REQUEST_ID.get()
    return True


def _route(request: Request) -> str:
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "(aucune)"


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def overloaded(request: Request, status: int, title: str, detail: str, retry: int) -> Response:
    """429 or 503 with Retry-After: problem+json on the API, the error page elsewhere."""
    response: Response
    if _is_api(request) or request.url.path in ("/readyz", "/metrics"):
        response = problem(status, title, detail)
    else:
        response = render(
            request, "error.html", {"status": status, "title": title, "detail": detail}, status
        )
    response.headers["Retry-After"] = str(retry)
    return response


def metrics_body() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


def install(app: FastAPI, settings: Settings) -> None:
    """Request ids, logs and metrics around every request; health, readiness and metrics
    routes; 429 and 503 answers. Call after every other middleware (it must be outermost)."""
    auth_service.configure_password_checks(settings.password_checks)
    header = settings.request_id_header

    @app.exception_handler(BusyError)
    async def busy(request: Request, exc: BusyError) -> Response:
        BUSY.inc()
        return overloaded(request, 503, "BusyError", str(exc), exc.retry_after)

    @app.exception_handler(TooManyAttempts)
    async def throttled(request: Request, exc: TooManyAttempts) -> Response:
        THROTTLED.inc()
        return overloaded(request, 429, "TooManyAttempts", str(exc), exc.retry_after)

    @app.middleware("http")
    async def operations(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        given = request.headers.get(header, "")
        request_id = given if _VALID_ID.fullmatch(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        request.state.request_id = request_id
        started = time.perf_counter()
        try:
            try:
                response = await probe(request) or await call_next(request)
            except BusyError as exc:  # raised where the exception handlers do not reach
                BUSY.inc()
                response = overloaded(request, 503, "BusyError", str(exc), exc.retry_after)
            except DBAPIError as exc:
                error = busy_database(exc)
                if error is None:
                    raise
                BUSY.inc()
                response = overloaded(request, 503, "BusyError", str(error), error.retry_after)
            except Exception:
                LOG.exception(
                    "erreur interne",
                    extra={"method": request.method, "path": request.url.path},
                )
                ERRORS.labels(_route(request), "500").inc()
                raise
            elapsed = time.perf_counter() - started
            route = _route(request)
            status = response.status_code
            LATENCY.labels(request.method, route).observe(elapsed)
            REQUESTS.labels(request.method, route, str(status)).inc()
            if status >= 500 or status == 429:
                ERRORS.labels(route, str(status)).inc()
            kind = IMPORT_ROUTES.get(route)
            if kind is not None and request.method == "POST":
                IMPORTS.labels(kind, "ok" if status < 400 else f"refused_{status}").inc()
            response.headers[header] = request_id
            ACCESS_LOG.info(
                f"{request.method} {request.url.path} {status}",
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.url.path,
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 1),
                    "client": request.client.host if request.client else None,
                },
            )
            return response
        finally:
            REQUEST_ID.reset(token)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> JSONResponse:
        return JSONResponse({"status": "ok", "pid": os.getpid()})

    @app.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> Response:
        return await ready_response(request)

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        body, media_type = metrics_body()
        return Response(body, media_type=media_type)


async def ready_response(request: Request) -> Response:
    state = await run_in_threadpool(readiness, request.app.state.uow_factory)
    body = {"database": state.database, "revision": state.revision, "head": state.head}
    if state.ready:
        return JSONResponse({"status": "ready", **body})
    detail = (
        f"base inaccessible : {state.database}"
        if state.database != "ok"
        else f"schéma à la révision {state.revision}, attendu {state.head} : "
        "lancez « parcours init » (migrations)"
    )
    return problem(503, "NotReady", detail, **body)


async def probe(request: Request) -> Response | None:
    """The answers of /healthz, /readyz and /metrics, given before the sign-in middleware (a
    private catalogue must not hide them from the load balancer and the scraper)."""
    path = request.url.path
    if request.method != "GET":
        return None
    if path == "/healthz":
        return JSONResponse({"status": "ok", "pid": os.getpid()})
    if path == "/readyz":
        return await ready_response(request)
    if path == "/metrics":
        body, media_type = metrics_body()
        return Response(body, media_type=media_type)
    return None
