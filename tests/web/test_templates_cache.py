"""Compiled templates kept between processes (``web/deps.py``): a new server's first page reads
them back instead of parsing and compiling them again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jinja2 import FileSystemBytecodeCache

from parcours.web import deps


def _no_compiling(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("the template was compiled again")


def test_a_new_environment_reads_the_compiled_templates_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache = deps.TEMPLATES.env.bytecode_cache
    assert isinstance(cache, FileSystemBytecodeCache)
    folder = Path(cache.directory)
    assert folder.is_dir() and folder.stat().st_mode & 0o077 == 0  # private to its owner
    deps.TEMPLATES.env.get_template("job.html")  # compiled, or read back, and kept
    # A new environment shares the folder but none of this process's loaded templates, as a
    # new server would.
    again = deps.TEMPLATES.env.overlay()
    monkeypatch.setattr(again, "compile", _no_compiling)
    assert again.get_template("job.html").render is not None
    # Without the folder the same load compiles: the check above can fail.
    bare = deps.TEMPLATES.env.overlay(bytecode_cache=None)
    monkeypatch.setattr(bare, "compile", _no_compiling)
    with pytest.raises(AssertionError, match="compiled again"):
        bare.get_template("job.html")
