"""Rendered lesson figures, kept in assets/figures/ so a lesson shows them without loading matplotlib.

Importing matplotlib and drawing costs a lesson more than everything else it runs. A lesson's
figures depend only on the course's own code and data, so each one is drawn once, by
``make figures``, and stored as a PNG under a key made of the function's name and its arguments.
The index records a fingerprint of the code that drew it (every module of ``ailead.figures`` and
``ailead.case``); when that code changes, the stored picture no longer counts, the figure is drawn
live again, and a test tells the author to run ``make figures``.

Calls whose arguments are not plain data (a learner's progress dashboard, say) are always drawn live.
``AILEAD_FIGURE_CACHE=0`` turns the store off, as the unit tests do, so they inspect real figures.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import io
import json
import os
from pathlib import Path

__all__: list[str] = []  # nothing here is a figure

PACKAGE = Path(__file__).resolve().parent
CASE = PACKAGE.parent / "case"
PLAIN = (type(None), bool, int, float, str)
# Figures of the learner's own state: never stored, whatever their arguments.
LIVE = {"progress_dashboard"}


def store_dir() -> Path:
    from ailead.quizbank import assets_dir

    return assets_dir() / "figures"


def enabled() -> bool:
    return os.environ.get("AILEAD_FIGURE_CACHE", "1") != "0"


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    """A digest of every source file a figure can depend on (once per process: the code is loaded once)."""
    h = hashlib.sha256()
    for folder in (PACKAGE, CASE):
        for path in sorted(folder.glob("*.py")):
            # This module and the package's __init__ serve pictures; they draw none.
            if folder is CASE or path.name not in ("cache.py", "__init__.py"):
                # Line endings as in git, so a Windows checkout gets the same fingerprint.
                h.update(path.name.encode() + b"\0" + path.read_bytes().replace(b"\r\n", b"\n"))
    return h.hexdigest()[:20]


def _plain(value: object) -> bool:
    if isinstance(value, PLAIN):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def key(name: str, args: tuple, kwargs: dict) -> str | None:
    """The store key of a call, or None when its arguments are not plain data."""
    if name in LIVE or not (_plain(list(args)) and _plain(kwargs)):
        return None
    text = json.dumps([list(args), kwargs], sort_keys=True, default=repr)
    return f"{name}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def _index(folder: Path) -> dict[str, str]:
    try:
        return json.loads((folder / "index.json").read_text())
    except (OSError, ValueError):
        return {}


def lookup(call_key: str, folder: Path | None = None) -> bytes | None:
    """The stored PNG of a call, if it was drawn by the code as it is now."""
    folder = folder or store_dir()
    if _index(folder).get(call_key) != fingerprint():
        return None
    try:
        return (folder / f"{call_key}.png").read_bytes()
    except OSError:
        return None


def store(call_key: str, png: bytes, folder: Path | None = None) -> None:
    folder = folder or store_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{call_key}.png").write_bytes(png)
    index = _index(folder)
    index[call_key] = fingerprint()
    (folder / "index.json").write_text(json.dumps(dict(sorted(index.items())), indent=1) + "\n")


@functools.lru_cache(maxsize=1)
def public_names() -> dict[str, tuple[str, bool]]:
    """Every public name of the figure modules: its module, and whether it is a function that draws.

    Read from the sources, so nothing (matplotlib least of all) is imported.
    """
    names = {}
    for path in sorted(PACKAGE.glob("*.py")):
        if path.stem.startswith("_") or path.stem == "cache":
            continue
        tree = ast.parse(path.read_text())
        functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
                for name in ast.literal_eval(node.value):
                    names[name] = (path.stem, name in functions and path.stem != "style")
    return names


def figure_names() -> dict[str, str]:
    """Every public figure function and its module."""
    return {name: module for name, (module, drawn) in public_names().items() if drawn}


class StoredFigure:
    """A figure shown from its stored PNG; Jupyter displays it like the Figure it was drawn from."""

    def __init__(self, name: str, png: bytes):
        self.name, self.png = name, png

    def _repr_png_(self) -> bytes:
        return self.png

    def savefig(self, path: str | os.PathLike) -> None:
        Path(path).write_bytes(self.png)

    def __repr__(self) -> str:
        return f"<{self.name} figure, drawn earlier from the same code and data>"


def build(notebooks: list[Path], folder: Path | None = None) -> list[str]:
    """Draw every lesson's figures live and store them; return the keys, and drop stale pictures."""
    import nbformat

    from ailead import figures

    folder = folder or store_dir()
    keys: list[str] = []
    previous = os.environ.get("AILEAD_FIGURE_CACHE")
    os.environ["AILEAD_FIGURE_CACHE"] = "0"  # draw, do not serve
    try:
        for notebook in notebooks:
            # Run the lesson's code cells except quizzes, so figure cells see the names they use.
            nb = nbformat.read(notebook, as_version=4)
            namespace: dict = {}
            figures._recording = (keys, folder)
            with contextlib.redirect_stdout(io.StringIO()):  # the lessons' own prints
                for cell in nb.cells:
                    if cell.cell_type == "code" and "quiz.show" not in cell.source:
                        exec(compile(cell.source, str(notebook), "exec"), namespace)  # noqa: S102
    finally:
        figures._recording = None
        if previous is None:
            os.environ.pop("AILEAD_FIGURE_CACHE", None)
        else:
            os.environ["AILEAD_FIGURE_CACHE"] = previous
    stale = set(_index(folder)) - set(keys)
    for old in stale:
        (folder / f"{old}.png").unlink(missing_ok=True)
    index = {k: v for k, v in _index(folder).items() if k not in stale}
    (folder / "index.json").write_text(json.dumps(dict(sorted(index.items())), indent=1) + "\n")
    return keys


if __name__ == "__main__":
    import sys

    from ailead.quizbank import assets_dir

    lessons = sorted((assets_dir().parent / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    made = build(lessons)
    print(f"Stored {len(made)} lesson figure(s) in {store_dir()}.", file=sys.stderr)
