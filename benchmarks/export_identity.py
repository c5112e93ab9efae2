"""Fingerprint the JSON export of the seeds and of ROME, to show that a refactoring changed nothing.

Each corpus is imported into a fresh SQLite file by the command line, then exported as
parcours/1 JSON; the script prints each export's size and SHA-256. ``--save DIR`` keeps the
exports, ``--compare DIR`` compares byte for byte against exports saved before a change and
exits 1 on the first difference (with the first differing line).

    python benchmarks/export_identity.py --save /tmp/before      # on the old commit
    python benchmarks/export_identity.py --compare /tmp/before   # on the new one
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(
    os.environ.get("PARCOURS_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared")
)
CORPORA: dict[str, list[Path]] = {
    "seeds": [SHARED / "seeds"],
    "rome-v460": [SHARED / "data" / "external" / "rome-v460"],
}
# The installed entry point, so that the fingerprint goes through what users run.
CLI = [str(Path(sys.executable).parent / "parcours")]


def export_of(name: str, sources: list[Path], workdir: Path) -> bytes:
    """Import the corpus into a new database and return its export."""
    db = workdir / f"{name}.db"
    url = f"sqlite:///{db}"
    env = {**os.environ, "PARCOURS_SEMANTIC": "off"}
    subprocess.run(
        [*CLI, "import", *map(str, sources), "--database-url", url],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    out = workdir / f"{name}.json"
    subprocess.run(
        [*CLI, "export", "--output", str(out), "--database-url", url],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return out.read_bytes()


def first_difference(a: bytes, b: bytes) -> str:
    for number, (left, right) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), 1):
        if left != right:
            return f"line {number}:\n  before {left[:200]!r}\n  after  {right[:200]!r}"
    return f"lengths differ ({len(a)} vs {len(b)} bytes)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--only", choices=sorted(CORPORA), action="append")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.only or sorted(CORPORA):
            data = export_of(name, CORPORA[name], Path(tmp))
            print(f"{name}: {len(data):,} bytes, sha256 {hashlib.sha256(data).hexdigest()}")
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"{name}.json").write_bytes(data)
            if args.compare:
                before = (args.compare / f"{name}.json").read_bytes()
                if before == data:
                    print(f"  identical to {args.compare / (name + '.json')}")
                else:
                    failed = True
                    where = first_difference(before, data)
                    print(f"  DIFFERS from the saved export, first at {where}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
