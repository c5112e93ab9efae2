"""The domain imports only the standard library (and itself)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import parcours.domain

DOMAIN = Path(parcours.domain.__file__).parent


def test_domain_imports_only_the_standard_library() -> None:
    offenders: list[str] = []
    for path in sorted(DOMAIN.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top == "parcours":
                    if not name.startswith("parcours.domain"):
                        offenders.append(f"{path.name}: {name}")
                elif top not in sys.stdlib_module_names and top != "__future__":
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []
