"""``make figures``: draw every lesson's figures and store them in assets/figures/ for the lessons to show.

Each lesson's code cells (except quizzes) run in order with the store turned off, so every figure call is
drawn live by this package; each drawing is saved as a PNG under its store key, with the drawing code's
fingerprint and the figure's alt text, taken from the "**Figure (alt text):**" line of the markdown cell just
before the call. Pictures that no lesson draws any more are removed. A test (tests/test_figure_store.py)
says when the stored pictures are out of date.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
from pathlib import Path

_ALT = re.compile(r"\*\*Figure \(alt text\):\*\*\s*(.+)", re.S)


def write_index(folder: Path, index: dict[str, dict]) -> None:
    (folder / "index.json").write_text(json.dumps(dict(sorted(index.items())), indent=1) + "\n")


def build(notebooks: list[Path], folder: Path | None = None) -> list[str]:
    """Draw every lesson's figures live and store them; return their keys, and drop stale pictures."""
    import nbformat

    from ailead import figures
    from ailead.figures import store
    from ailead.instructor import drawing
    from ailead.instructor.drawing import style

    folder = folder or store.store_dir()
    folder.mkdir(parents=True, exist_ok=True)
    index = store.read_index(folder)
    keys: list[str] = []
    alt = {"text": ""}

    def record(call_key: str, name: str, fig) -> None:
        (folder / f"{call_key}.png").write_bytes(fig._repr_png_())
        faint = style.without_outline(fig)  # after drawing: the outlines are added as the PNG is made
        if faint:
            raise ValueError(f"{name}: drawn in a colour under 3:1 against white with no outline: {faint[:3]}")
        index[call_key] = {"name": name, "fingerprint": drawing.fingerprint(), "alt": alt["text"]}
        keys.append(call_key)

    previous = os.environ.get("AILEAD_FIGURE_CACHE")
    os.environ["AILEAD_FIGURE_CACHE"] = "0"  # draw, do not serve
    figures._recording = record
    try:
        for notebook in notebooks:
            nb = nbformat.read(notebook, as_version=4)
            namespace: dict = {}
            with contextlib.redirect_stdout(io.StringIO()):  # the lessons' own prints
                for cell in nb.cells:
                    if cell.cell_type == "markdown":
                        found = _ALT.search(cell.source)
                        # "\\$" in markdown is a dollar sign kept out of maths; the alt text wants the plain "$".
                        text = found.group(1).replace("\\\\$", "$").replace("\\$", "$") if found else ""
                        alt["text"] = " ".join(text.split())
                    elif cell.cell_type == "code" and "quiz.show" not in cell.source:
                        exec(compile(cell.source, str(notebook), "exec"), namespace)  # noqa: S102
    finally:
        figures._recording = None
        if previous is None:
            os.environ.pop("AILEAD_FIGURE_CACHE", None)
        else:
            os.environ["AILEAD_FIGURE_CACHE"] = previous
    for old in set(index) - set(keys):
        (folder / f"{old}.png").unlink(missing_ok=True)
        del index[old]
    write_index(folder, index)
    return keys


def main() -> int:
    from ailead.figures import store

    lessons = sorted((store.store_dir().parents[1] / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    made = build(lessons)
    print(f"Stored {len(made)} lesson figure(s) in {store.store_dir()}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
