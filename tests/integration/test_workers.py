"""Several server processes on one database (issue 12, « Operations »): an import made
elsewhere is seen by both within a second (their caches are keyed by what the database says),
a session opened on one is valid on the other, and ``parcours serve --workers 2`` serves, with
one /metrics for both. Real processes, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services.imports import import_documents
from parcours.services.ports import UnitOfWork
from parcours.store.uow import SqlUnitOfWork
from tests.conftest import seed_path
from tests.people_cast import CAST, PASSWORD, populate

PARCOURS = str(Path(sys.executable).parent / "parcours")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(url: str, *extra: str) -> Iterator[str]:
    port = _port()
    env = {**os.environ, "PARCOURS_DATABASE_URL": url, "PROMETHEUS_MULTIPROC_DIR": ""}
    env.pop("PROMETHEUS_MULTIPROC_DIR")
    process = subprocess.Popen(
        [PARCOURS, "serve", "--port", str(port), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # workers import numpy, scipy…: slow on a busy machine
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            time.sleep(0.2)
        else:
            raise AssertionError("server did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _versions(base: str) -> dict[str, int]:
    return {r["name"]: r["version"] for r in httpx.get(f"{base}/api/v1/referentials").json()}


def test_two_servers_on_one_database_see_each_other(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    def uow() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    assert import_documents(uow, [(SAMPLE_NAME, sample_bytes())]).ok
    populate(uow)
    url = engine.url.render_as_string(hide_password=False)
    with serving(url) as a, serving(url) as b:
        assert _versions(a) == _versions(b)
        before = _versions(b)
        # Another process imports a document: both servers list it within a second or so.
        seed = seed_path("001")
        done = subprocess.run(
            [PARCOURS, "import", str(seed), "--database-url", url], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (_versions(a) == before or _versions(b) == before):
            time.sleep(0.2)
        assert _versions(a) == _versions(b) != before
        # A session opened on one server is valid on the other (sessions are in the database).
        with httpx.Client(base_url=a) as on_a:
            signed = on_a.post("/api/v1/auth/login", json={"login": CAST.hr, "password": PASSWORD})
            assert signed.status_code == 200
            cookie = on_a.cookies.get("parcours_session")
        me = httpx.get(f"{b}/api/v1/auth/me", cookies={"parcours_session": cookie or ""})
        assert me.status_code == 200 and me.json()["account"] == CAST.hr


def test_serve_with_two_workers(engine: Engine, session_factory: sessionmaker[Session]) -> None:
    def uow() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    assert import_documents(uow, [(SAMPLE_NAME, sample_bytes())]).ok
    url = engine.url.render_as_string(hide_password=False)
    with serving(url, "--workers", "2") as base:
        for _ in range(10):
            assert httpx.get(f"{base}/api/v1/referentials").status_code == 200
        metrics = httpx.get(f"{base}/metrics").text
        total = sum(
            float(line.rsplit(" ", 1)[1])
            for line in metrics.splitlines()
            if line.startswith("parcours_http_requests_total{")
            and 'route="/api/v1/referentials"' in line
        )
        assert total == 10  # counted across both workers
