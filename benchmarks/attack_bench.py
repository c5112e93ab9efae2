"""Attack benchmark: every hostile file of tests/attacks/generate.py, on the command line and
the web upload, each in a process of its own: how it ended, its peak memory and its time.

    .venv/bin/python benchmarks/attack_bench.py [--scale 1.0] [--only KIND] [--timeout 600]
        [--channels cli,web] [--markdown]

For each attack file and channel, a fresh SQLite database holding the bundled sample:
- cli: ``parcours import <attack> <a valid fiche>`` (``parcours people import <attack>
  --dry-run`` for the HRIS files). Handled cleanly: exit code 1, no traceback, the attack
  file named with its reason, and the valid fiche imported all the same (docs/cli.md).
- web: the file posted to ``/api/v1/imports`` (``/api/v1/people/import`` for HRIS files) as
  HR. Handled cleanly: a 4xx answer in ``application/problem+json`` naming the file.

Peak memory is the child's own maximum resident set (``os.wait4``), time its wall clock. A
child is killed after ``--timeout`` seconds and held to 3 GiB of address space (so that a
bomb that is not stopped cannot take the machine down: it then fails with MemoryError, which
counts as not handled).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.attacks.generate import Attack, attacks, sheet_with_warnings  # noqa: E402

ADDRESS_SPACE = 3 * 1024**3
VALID_NAME = "fiche-valide.txt"


def valid_sheet() -> bytes:
    """A small fiche fonction (invented) that imports: the companion of every CLI attack."""
    return sheet_with_warnings(3)


@dataclass(slots=True)
class Outcome:
    kind: str
    channel: str
    clean: bool
    peak_mib: float
    seconds: float
    detail: str


CHILD_CLI = r"""
import sys
from parcours.cli import app
sys.argv = ["parcours", *sys.argv[1:]]
app()
"""

CHILD_WEB = r"""
import json, os, sys
from fastapi.testclient import TestClient
from parcours.settings import Settings
from parcours.bootstrap import build_uow_factory
from parcours.web.app import create_app

url, path, target = sys.argv[1], sys.argv[2], sys.argv[3]
settings = Settings(database_url=url)
uow = build_uow_factory(settings)
token = os.environ["PARCOURS_TOKEN"]
client = TestClient(create_app(settings, uow), raise_server_exceptions=False)
data = open(path, "rb").read()
name = path.rsplit("/", 1)[-1]
route = "/api/v1/imports" if target == "import" else "/api/v1/people/import"
extra = {} if target == "import" else {"data": {"dry_run": "true"}}
response = client.post(route, files=[(("files" if target == "import" else "file"), (name, data))],
                       headers={"Authorization": f"Bearer {token}"}, **extra)
print(json.dumps({"status": response.status_code,
                  "type": response.headers.get("content-type", ""),
                  "more": "autres alertes" in response.text,
                  "body": response.text[:600]}))
"""

SETUP = r"""
import sys
from parcours.bootstrap import build_uow_factory
from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.services import auth
from parcours.services.auth import SYSTEM
from parcours.services.imports import import_documents
from parcours.settings import Settings

uow = build_uow_factory(Settings(database_url=sys.argv[1]))
import_documents(uow, [(SAMPLE_NAME, sample_bytes())])
auth.create_account(
    uow, SYSTEM, login="rh.bench", roles=["hr"], password="cheval-batterie-agrafe-42"
)
print(auth.create_api_token(uow, SYSTEM, "rh.bench", "bench", days=1))
"""


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_child(
    args: list[str], timeout: float, env: dict[str, str]
) -> tuple[int, str, str, float, float]:
    """Exit code (-9 when killed), stdout, stderr, peak MiB and seconds of one child."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, *args], stdout=out, stderr=err, env=env, preexec_fn=_limit
        )
        deadline = start + timeout
        status = None
        usage = None
        while status is None:
            pid, code, use = os.wait4(child.pid, os.WNOHANG)
            if pid:
                status, usage = code, use
                break
            if time.perf_counter() > deadline:
                child.kill()
                _, code, use = os.wait4(child.pid, 0)
                status, usage = -9, use
                break
            time.sleep(0.05)
        child.returncode = 0  # reaped by wait4
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        code = status if status == -9 else os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / 1024 if usage else 0.0
        return (
            code,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            peak,
            seconds,
        )


def bench_one(attack: Attack, path: Path, channel: str, timeout: float, workdir: Path) -> Outcome:
    url = f"sqlite:///{workdir / 'bench.db'}"
    src = os.environ.get("PARCOURS_BENCH_SRC", str(ROOT / "src"))
    env = {
        **os.environ,
        "PARCOURS_DATABASE_URL": url,
        "PYTHONPATH": src,
        "PARCOURS_PSEUDONYM_SALT": "banc-d-essai-des-attaques-0123456789",
    }
    db = workdir / "bench.db"
    if db.exists():
        db.unlink()
    _, token, setup_err, _, _ = run_child(["-c", SETUP, url], 300, env)
    token = token.strip().splitlines()[-1] if token.strip() else ""
    if not token:
        return Outcome(attack.kind, channel, False, 0, 0, f"setup failed: {setup_err[-300:]}")
    env["PARCOURS_TOKEN"] = token
    if channel == "cli":
        valid = workdir / VALID_NAME
        valid.write_bytes(valid_sheet())
        if attack.target == "import":
            args = ["-c", CHILD_CLI, "import", str(path), str(valid)]
        else:
            args = ["-c", CHILD_CLI, "people", "import", str(path), "--dry-run"]
        code, out, err, peak, seconds = run_child(args, timeout, env)
        traceback = "Traceback" in err or "Traceback" in out
        named = path.name in out or path.name in err
        companion = f"importé {VALID_NAME}" in out
        if attack.expect == "imported":
            clean = code == 0 and not traceback and "autres alertes" in out and companion
        elif attack.target == "import":
            clean = code == 1 and not traceback and named and companion
        else:
            clean = code == 1 and not traceback
        last = (err.strip() or out.strip()).splitlines()
        detail = f"exit {code}" + (" (tué)" if code == -9 else "")
        detail += f"; {last[-1][:160]}" if last else ""
        if attack.target == "import" and not companion:
            detail += "; fiche valide NON importée"
        if traceback:
            detail += "; traceback"
        return Outcome(attack.kind, channel, clean, peak, seconds, detail)
    code, out, err, peak, seconds = run_child(
        ["-c", CHILD_WEB, url, str(path), attack.target], timeout, env
    )
    try:
        answer = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return Outcome(
            attack.kind, channel, False, peak, seconds, f"exit {code}; {err.strip()[-160:]}"
        )
    status = answer["status"]
    problem = answer["type"].startswith("application/problem+json")
    if attack.expect == "imported":
        clean = status == 201 and bool(answer.get("more"))
    else:
        clean = 400 <= status < 500 and problem and status != 404
    body = answer["body"]
    with contextlib.suppress(ValueError):
        body = json.loads(body).get("detail", body)
    return Outcome(attack.kind, channel, clean, peak, seconds, f"{status}; {str(body)[:160]}")


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return f"{os.cpu_count()} vCPU {cpu}, {mem:.0f} GiB, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Hostile files: memory and time per file.")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--channels", default="cli,web")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    channels = [c for c in args.channels.split(",") if c]
    chosen = [
        a
        for a in attacks(args.scale)
        if not args.only or any(o.lower() in a.kind.lower() for o in args.only)
    ]
    results: list[Outcome] = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for attack in chosen:
            path = workdir / attack.filename
            path.write_bytes(attack.build())
            for channel in channels:
                outcome = bench_one(attack, path, channel, args.timeout, workdir)
                results.append(outcome)
                mark = "ok " if outcome.clean else "NON"
                print(
                    f"{mark} {outcome.channel:3} {outcome.kind:42} {outcome.peak_mib:7.0f} MiB "
                    f"{outcome.seconds:7.1f} s  {outcome.detail}",
                    flush=True,
                )
            path.unlink()
    print(f"\n{date.today().isoformat()} — {machine()}")
    if args.markdown:
        print("\n| attack | channel | tried | handled cleanly | peak MiB | seconds | answer |")
        print("|---|---|---|---|---|---|---|")
        for r in results:
            detail = r.detail.replace("|", "\\|")
            print(
                f"| {r.kind} | {r.channel} | 1 | {'yes' if r.clean else 'NO'} | "
                f"{r.peak_mib:.0f} | {r.seconds:.1f} | {detail} |"
            )
    clean = sum(r.clean for r in results)
    peak = max((r.peak_mib for r in results), default=0)
    print(f"\n{clean}/{len(results)} handled cleanly; max peak {peak:.0f} MiB")


if __name__ == "__main__":
    main()
