"""Shared fixtures: where the real documents are, and how to read them.

The real documents live outside the repository, in the folder named by
``PARCOURS_SHARED_DIR`` (default: ``../shared`` beside the checkout).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # A pseudonym key of the tests' own: `parcours serve` and `people import` refuse the public
    # key of the demo (tests/web/test_operations.py checks the refusal with the demo's key).
    os.environ.setdefault("PARCOURS_PSEUDONYM_SALT", "cle-des-tests-de-parcours-0123456789")
    # The sentence encoder reads ~100 tokens a job text in milliseconds each: the hundreds of
    # imports of the suite run the lexical engine, and tests/*/test_semantic*.py switch the
    # bundled encoder on where they test it.
    os.environ.setdefault("PARCOURS_SEMANTIC", "off")
    # Argon2id at its production cost (64 MiB, 3 passes) takes a quarter of a second per hash,
    # seconds on a loaded CI machine, and the tests create hundreds of accounts: they hash with a
    # cheap setting. The production parameters are checked by tests/unit/services/test_auth.py.
    from argon2 import PasswordHasher

    from parcours.services import auth

    auth.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def shared_dir() -> Path:
    return Path(os.environ.get("PARCOURS_SHARED_DIR", REPO_ROOT.parent / "shared")).resolve()


def seed_path(prefix: str) -> Path:
    """The seed document whose file name starts with ``prefix`` ("000" ... "004")."""
    matches = sorted((shared_dir() / "seeds").glob(f"{prefix}*"))
    if not matches:
        raise FileNotFoundError(f"no seed {prefix}* in {shared_dir() / 'seeds'}")
    return matches[0]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = shared_dir() / "seeds"
    if not path.is_dir():
        pytest.fail(f"the seed documents are missing: {path} (set PARCOURS_SHARED_DIR)")
    return path


@pytest.fixture(scope="session")
def all_seed_paths(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"))
