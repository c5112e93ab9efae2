"""Sign-in flood against a real server (issue 12, point 5): CLIENTS threads post wrong
passwords to /api/v1/auth/login for SECONDS seconds (to 127.0.0.1 only, bounded), while one
reader times a catalogue page; prints the answers by status, the catalogue latency and the
server's peak memory (VmHWM). Production Argon2id parameters (64 MiB, 3 passes).

    .venv/bin/python benchmarks/signin_flood.py [CLIENTS] [SECONDS]
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

PARCOURS = str(Path(sys.executable).parent / "parcours")


def main(clients: int = 20, seconds: float = 20.0) -> None:
    folder = Path(tempfile.mkdtemp(prefix="flood-"))
    url = f"sqlite:///{folder / 'flood.db'}"
    env = {**os.environ, "PARCOURS_DATABASE_URL": url, "PARCOURS_DEMO_PASSWORD": "flood-demo-1234"}
    env["PARCOURS_PSEUDONYM_SALT"] = "cle-du-banc-d-essai-0123456789"
    subprocess.run([PARCOURS, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [PARCOURS, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    idle = [httpx.get(f"{base}/api/v1/referentials").elapsed.total_seconds() for _ in range(20)]
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def flood(n: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            i = 0
            while time.monotonic() < stop:
                login = "rh" if n % 2 else f"inconnu-{n}-{i}"
                answer = client.post(
                    "/api/v1/auth/login", json={"login": login, "password": f"faux-{i}"}
                )
                with lock:
                    statuses[answer.status_code] += 1
                i += 1

    def read() -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            while time.monotonic() < stop:
                latencies.append(client.get("/api/v1/referentials").elapsed.total_seconds())
                time.sleep(0.1)

    threads = [threading.Thread(target=flood, args=(n,)) for n in range(clients)]
    threads.append(threading.Thread(target=read))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    status = Path(f"/proc/{server.pid}/status").read_text()
    peak = next(line for line in status.splitlines() if line.startswith("VmHWM"))
    server.terminate()
    server.wait()
    print(f"{clients} clients, {seconds:.0f} s: answers {dict(sorted(statuses.items()))}")
    print(
        f"catalogue: idle median {statistics.median(idle) * 1000:.1f} ms, under the flood "
        f"median {statistics.median(latencies) * 1000:.1f} ms, "
        f"p95 {sorted(latencies)[int(len(latencies) * 0.95)] * 1000:.1f} ms"
    )
    print(f"server peak memory: {peak.split(':')[1].strip()}")


if __name__ == "__main__":
    main(*(float(a) if i else int(a) for i, a in enumerate(sys.argv[1:])))  # type: ignore[arg-type]
