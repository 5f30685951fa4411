"""The package has two rooms with one direction of imports, and no import cycles.

The learner's runtime (``ailead`` minus ``ailead.instructor``) must never import the instructor's tools,
nor any package the browser version cannot load; no module may import one that imports it back, at any
depth, counting imports inside functions too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import ailead

PACKAGE = Path(ailead.__file__).resolve().parent
LEARNER_THIRD_PARTY = {"ipywidgets", "yaml", "IPython"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Every module a module imports, anywhere in it: ailead modules by name, others by top-level package."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            for alias in node.names:  # `from ailead import case` imports the module ailead.case
                if f"{node.module}.{alias.name}" in known:
                    found.add(f"{node.module}.{alias.name}")
    return found


def _graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: {m for m in imports_of(path, set(mods)) if m in mods and m != name} for name, path in mods.items()}


def test_the_learner_room_never_imports_the_instructor_room_or_heavy_packages():
    import sys

    stdlib = set(sys.stdlib_module_names)
    mods = modules()
    for name, path in mods.items():
        if name.startswith("ailead.instructor"):
            continue
        for target in imports_of(path, set(mods)):
            assert not target.startswith("ailead.instructor"), f"{name} imports {target}"
            top = target.split(".")[0]
            assert top in stdlib or top == "ailead" or top in LEARNER_THIRD_PARTY or top == "__future__", (
                f"{name} imports {target}, which the learner's runtime does not install (see pyproject.toml)")


def test_no_module_imports_one_that_imports_it_back():
    graph = _graph()
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_the_checks_would_see_a_violation(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from ailead.instructor import grading\n    import matplotlib\n")
    assert {"ailead.instructor", "ailead.instructor.grading", "matplotlib"} <= imports_of(bad, set(modules()))
