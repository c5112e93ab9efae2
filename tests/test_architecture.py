"""The layers of docs/architecture.md hold in the code: each module imports only its own layer
and the layers its row allows (every import, inside functions and ``TYPE_CHECKING`` blocks
included), every module belongs to a documented layer, and no import circle runs through the
package at import time."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "parcours"
DOC = ROOT / "docs" / "architecture.md"


def _layers() -> dict[str, set[str]]:
    """Layer -> the layers it may import, from the table under "Layers and what they may
    import" (names as dotted prefixes: ``services.ports``, ``bootstrap``)."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Layers and what they may import", 1)[1].split("\n## ", 1)[0]
    out: dict[str, set[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        out[_dotted(cells[0])] = {_dotted(n) for n in re.findall(r"`[^`]+`", cells[2])}
    return out


def _dotted(cell: str) -> str:
    return cell.strip("`").removesuffix("/").removesuffix(".py").replace("/", ".")


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if "migrations" in parts:
            continue  # Alembic's scripts: run by Alembic, never imported by the package
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(("parcours", *parts)), path


def _layer(module: str, layers: dict[str, set[str]]) -> str | None:
    name = module.removeprefix("parcours.")
    found = [p for p in layers if name == p or name.startswith(p + ".")]
    return max(found, key=len) if found else None


def _imports(module: str, tree: ast.AST, *, top_level_only: bool = False) -> Iterator[str]:
    """The parcours modules ``tree`` imports (absolute names; relative imports resolved)."""
    nodes = _top_level(tree) if top_level_only else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("parcours"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[: -node.level] if node.level else []
                base = ".".join([*package, base]) if base else ".".join(package)
            if not base.startswith("parcours"):
                continue
            for alias in node.names:  # "from parcours.services import mobility" is a module
                yield f"{base}.{alias.name}"


def _top_level(tree: ast.AST) -> Iterator[ast.AST]:
    """Statements run when the module is imported: not in functions nor ``TYPE_CHECKING``."""
    stack = list(getattr(tree, "body", []))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                stack.append(child)


def _known(name: str, modules: set[str]) -> str | None:
    """The module ``name`` stands for ("parcours.a.b.Name" -> "parcours.a.b")."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def test_the_table_names_the_layers() -> None:
    layers = _layers()
    assert {
        "domain",
        "engine",
        "ingest",
        "services.ports",
        "store",
        "services",
        "web",
        "cli",
    } <= set(layers)
    assert layers["domain"] == set() and "store" not in layers["web"] | layers["cli"]


def test_every_module_imports_only_what_its_layer_may() -> None:
    layers = _layers()
    modules = dict(_modules())
    wrong: list[str] = []
    for module, path in modules.items():
        own = _layer(module, layers)
        if module == "parcours":  # the package's own __init__: its version, nothing else
            own = "domain"
        if own is None:
            wrong.append(f"{module}: in no layer of docs/architecture.md")
            continue
        for name in _imports(module, ast.parse(path.read_text(encoding="utf-8"))):
            target = _known(name, set(modules))
            theirs = _layer(target, layers) if target else None
            if theirs is not None and theirs != own and theirs not in layers[own]:
                wrong.append(f"{module} ({own}) imports {target} ({theirs})")
    assert not wrong, "\n".join(wrong)


def test_no_import_circle_at_import_time() -> None:
    modules = dict(_modules())
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = {_known(n, known) for n in _imports(module, tree, top_level_only=True)}
        # A package's modules import its __init__ first: that edge is no circle of theirs.
        graph[module] = {t for t in targets if t and t != module and not module.startswith(t + ".")}
    circles = [c for c in _strongly_connected(graph) if len(c) > 1]
    assert not circles, "\n".join(" <-> ".join(sorted(c)) for c in circles)


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative (the package has hundreds of modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[set[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component: set[str] = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    out.append(component)
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(graph.get(child, ()))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return out


@pytest.mark.parametrize(
    ("graph", "circles"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, 0),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, 1),
        ({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}, 2),
    ],
)
def test_the_circle_finder_finds_circles(graph: dict[str, set[str]], circles: int) -> None:
    assert len([c for c in _strongly_connected(graph) if len(c) > 1]) == circles
