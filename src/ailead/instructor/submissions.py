"""Student submissions: importing them from an LMS download or nbgrader's layout, and checking each
one before it is graded (unreadable, for another assignment, or with locked cells changed).

nbgrader alone reports a deleted test cell or a non-notebook as an ordinary zero, and its checksum
warning fires for every hidden-test cell even when nothing was touched. Here every problem gets a
named status and a sentence that says what was found, judged against the released notebook.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

# Statuses, most severe first: a submission reports the first that applies.
STATUSES = ("unreadable", "wrong-assignment", "kernel-died", "timeout", "error", "tampered", "ok")
DEFAULT_PATTERN = r"^(?P<student>[^_]+)_"


class ImportProblem(ValueError):
    """The submissions cannot be imported as given; the message says why and what to do."""


@dataclass
class Submission:
    student: str
    source: str          # where it came from (a file name, for the instructor)
    data: bytes          # the file's bytes, exactly as handed in
    # nbgrader's exchange files beside the notebook (timestamp.txt, submission_secret.txt): kept so
    # that release_feedback can name the feedback file the student's fetch_feedback looks for.
    extras: dict[str, bytes] = field(default_factory=dict)
    digest: str = field(init=False)

    def __post_init__(self) -> None:
        h = hashlib.sha256(self.data)
        for name in sorted(self.extras):  # a resubmission of the same notebook is a new submission
            h.update(name.encode() + b"\0" + self.extras[name])
        self.digest = h.hexdigest()


@dataclass
class Inspection:
    status: str                               # "ok", "unreadable", "wrong-assignment" or "tampered"
    problems: list[str] = field(default_factory=list)
    notebook: nbformat.NotebookNode | None = None   # the notebook to grade, repaired as described
    notes: list[str] = field(default_factory=list)  # ordinary changes repaired at no cost

    @property
    def gradable(self) -> bool:
        return self.status in ("ok", "tampered")


def student_id(raw: str) -> str:
    """A folder-safe student id: lower case, runs of other characters turned into one dash."""
    sid = re.sub(r"[^A-Za-z0-9._-]+", "-", raw.strip()).strip("-.").lower()
    if not sid:
        raise ImportProblem(f"cannot make a student id from {raw!r}")
    return sid


EXCHANGE_FILES = ("timestamp.txt", "submission_secret.txt")


def _from_nbgrader_layout(root: Path, assignment: str) -> list[Submission] | None:
    folders = sorted(p for p in root.glob(f"*/{assignment}") if p.is_dir())
    if not folders:
        return None
    subs = []
    for folder in folders:
        notebooks = sorted(folder.glob("*.ipynb"))
        files = notebooks or sorted(p for p in folder.iterdir() if p.is_file() and p.name not in EXCHANGE_FILES)
        if not files:
            continue
        extras = {name: (folder / name).read_bytes() for name in EXCHANGE_FILES if (folder / name).is_file()}
        subs.append(Submission(student_id(folder.parent.name), str(files[0].relative_to(root)),
                               files[0].read_bytes(), extras))
    return subs


def _loose_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not any(
        part.startswith((".", "__MACOSX")) for part in p.relative_to(root).parts))


def load_submissions(path: str | Path, assignment: str, pattern: str = DEFAULT_PATTERN) -> list[Submission]:
    """Read every submission in a folder or zip file.

    Two layouts are understood: nbgrader's ``STUDENT/ASSIGNMENT/notebook.ipynb``, and a flat download
    from a learning-management system where the student id starts the file name
    (``doejane_1234_5678_notebook.ipynb``; change ``pattern``, a regular expression with a
    ``student`` group, for other naming schemes).
    """
    path = Path(path)
    if not path.exists():
        raise ImportProblem(f"{path} does not exist; give a folder or a .zip of submissions")
    if path.is_file():
        if not zipfile.is_zipfile(path):
            raise ImportProblem(f"{path} is neither a folder nor a zip file")
        with tempfile.TemporaryDirectory(prefix="ailead-import-") as tmp:
            with zipfile.ZipFile(path) as zf:
                for member in zf.namelist():
                    target = (Path(tmp) / member).resolve()
                    if not str(target).startswith(str(Path(tmp).resolve())):
                        raise ImportProblem(f"{path}: refusing the unsafe member name {member!r}")
                zf.extractall(tmp)
            return load_submissions(tmp, assignment, pattern)

    nested = _from_nbgrader_layout(path, assignment)
    if nested is not None:
        subs = nested
    else:
        regex = re.compile(pattern)
        subs = []
        for file in _loose_files(path):
            m = regex.search(file.name)
            raw = m.group("student") if m else file.stem
            subs.append(Submission(student_id(raw), str(file.relative_to(path)), file.read_bytes()))
    seen: dict[str, str] = {}
    for sub in subs:
        if sub.student in seen:
            raise ImportProblem(
                f"two submissions for student {sub.student!r}: {seen[sub.student]} and {sub.source}. "
                "Remove the older one, or pass --pattern so that each file name gives a different id.")
        seen[sub.student] = sub.source
    if not subs:
        raise ImportProblem(f"no submissions found in {path}")
    return subs


# --------------------------------------------------------------------------- inspection

_SETTINGS = ("grade", "solution", "locked", "points")


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _is_locked(cell) -> bool:
    m = _meta(cell)
    return bool(m.get("locked") or (m.get("grade") and not m.get("solution")))


def _norm(source: str) -> str:
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


def read_notebook(data: bytes) -> nbformat.NotebookNode:
    """Parse a notebook from bytes, or raise ValueError with a sentence a person can act on."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not a text file (is it a PDF, an image or a zip?)") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                         "the file is damaged or is not a notebook") from None
    if not isinstance(raw, dict) or "cells" not in raw:
        raise ValueError("valid JSON but not a Jupyter notebook (no cells)")
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # nbformat raises several kinds for a malformed notebook
        raise ValueError(f"not a valid Jupyter notebook ({str(exc).splitlines()[0]})") from None
    return nb


def grade_ids(nb: nbformat.NotebookNode) -> set[str]:
    """The nbgrader grade ids a notebook carries."""
    return {_meta(c)["grade_id"] for c in nb.cells if _meta(c).get("grade_id")}


def owner(ids: set[str], releases: dict[str, nbformat.NotebookNode]) -> str | None:
    """The released exercise these grade ids belong to, judged by cells no other exercise has.

    Every exercise has cells such as `intro` and `setup`; they say nothing about which one it is,
    so only grade ids unique to one exercise count. None if no unique id matches.
    """
    owners: dict[str, set[str]] = {}
    for name, release in releases.items():
        for gid in grade_ids(release):
            owners.setdefault(gid, set()).add(name)
    best, overlap = None, 0
    for name in releases:
        common = sum(1 for gid in ids if owners.get(gid) == {name})
        if common > overlap:
            best, overlap = name, common
    return best


def _code_cell(cell) -> nbformat.NotebookNode:
    fresh = nbformat.v4.new_code_cell(cell.source, metadata=copy.deepcopy(cell.metadata))
    if cell.get("id"):
        fresh["id"] = cell["id"]
    return fresh


def inspect(data: bytes, release: nbformat.NotebookNode, assignment: str | None = None,
            releases: dict[str, nbformat.NotebookNode] | None = None) -> Inspection:
    """Judge a submission against the released notebook, and prepare the notebook to grade.

    Ordinary things learners do are repaired and noted, at no cost: a copied answer or test cell
    (JupyterLab's copy keeps nbgrader's settings, so the grade id appears twice) keeps its settings on
    one cell and the copies run as ordinary code; an answer cell turned into Markdown by a stray key
    is turned back into code; an added cell with nbgrader settings but no points runs as ordinary code.
    Changes to what is graded make the submission ``tampered`` and are undone before grading: a cell
    that claims points the release does not give, a test or locked cell whose settings, type or text
    changed, or that was deleted (the released cell is put back). ``releases`` (every released
    exercise by name, this one included) lets a notebook of another exercise, saved under this
    exercise's file name, be named for what it is.
    """
    try:
        nb = read_notebook(data)
    except ValueError as exc:
        return Inspection("unreadable", [str(exc)])

    mine = grade_ids(nb)
    if releases and assignment:
        belongs = owner(mine, releases)
        if belongs is not None and belongs != assignment:
            return Inspection("wrong-assignment", [f"this notebook is exercise {belongs}, not {assignment} "
                                                   "(judged by its graded cells, not its file name)"], nb)
    released = {_meta(c)["grade_id"]: c for c in release.cells if _meta(c).get("grade_id")}
    if not set(released) & mine:
        found = ", ".join(sorted(mine)[:4])
        why = (f"its graded cells ({found}) belong to another exercise" if mine
               else "it has none of this exercise's cells")
        return Inspection("wrong-assignment", [why], nb)

    nb = copy.deepcopy(nb)
    problems: list[str] = []
    notes: list[str] = []

    # Cells with grading settings the release does not have run as ordinary code.
    copies: dict[str, list[int]] = {}
    for i, cell in enumerate(nb.cells):
        meta = _meta(cell)
        gid = meta.get("grade_id")
        if gid in released:
            copies.setdefault(gid, []).append(i)
        elif meta:
            points = meta.get("points") or 0
            if meta.get("grade") and points:
                problems.append(f"an added cell claims {points:g} point(s) under the grade id {gid!r}; "
                                "it was graded as an ordinary cell")
            elif gid:
                notes.append(f"an added cell carried grading settings ({gid!r}); it ran as an ordinary cell")
            del cell.metadata["nbgrader"]

    # A copied cell: one keeps the settings, the copies run as ordinary code.
    for gid, where in copies.items():
        if len(where) == 1:
            continue
        original = released[gid]
        if _is_locked(original):
            same = [i for i in where if _norm(nb.cells[i].source) == _norm(original.source)]
        else:  # the answer is the copy the learner wrote in
            same = [i for i in where if _norm(nb.cells[i].source) != _norm(original.source)]
        keep = (same or where)[0]
        for i in where:
            if i != keep:
                del nb.cells[i].metadata["nbgrader"]
        copies[gid] = [keep]
        notes.append(f"cell {gid!r} appears {len(where)} times (copied); one is graded, the copies ran as "
                     "ordinary cells and cost nothing")

    # Each released cell: its settings (and, for test and locked cells, its type) come from the release.
    kind_of = {gid: ("test cell" if _meta(c).get("grade") and not _meta(c).get("solution") else
                     "locked cell" if _is_locked(c) else "answer cell") for gid, c in released.items()}
    for gid, (i,) in copies.items():
        cell, original = nb.cells[i], released[gid]
        kind = kind_of[gid]
        changed = [key for key in _SETTINGS if _meta(cell).get(key) != _meta(original).get(key)]
        if changed:
            if kind != "answer cell":
                problems.append(f"{kind} {gid!r} had its grading settings changed ({', '.join(changed)})")
            elif "points" in changed or ("grade" in changed and not _meta(original).get("grade")):
                problems.append(f"answer cell {gid!r} had its points changed")
            else:
                notes.append(f"answer cell {gid!r} had its grading settings changed; they were restored")
        edited = cell.cell_type != original.cell_type or _norm(cell.source) != _norm(original.source)
        if kind != "answer cell" and edited:
            problems.append(f"{kind} {gid!r} was edited")
            nb.cells[i] = cell = copy.deepcopy(original)  # graded on the released text
        elif kind == "answer cell" and cell.cell_type != original.cell_type and original.cell_type == "code":
            notes.append(f"answer cell {gid!r} had been turned into {cell.cell_type}; it ran as code")
            nb.cells[i] = cell = _code_cell(cell)
        cell.metadata["nbgrader"] = copy.deepcopy(original.metadata["nbgrader"])

    # Locked cells in the wrong order, and deleted ones (put back after the released cell before them).
    order = [gid for gid in (_meta(c).get("grade_id") for c in nb.cells) if gid in released]
    locked = [gid for gid in released if kind_of[gid] != "answer cell"]
    present = [gid for gid in locked if gid in order]
    positions = [order.index(gid) for gid in present]
    if positions != sorted(positions):
        moved = [gid for gid, a, b in zip(present, positions, sorted(positions)) if a != b]
        problems.append(f"locked cells were moved out of order ({', '.join(moved[:3])})")
    release_order = list(released)
    for gid in locked:
        if gid in order:
            continue
        problems.append(f"{kind_of[gid]} {gid!r} was deleted; the released cell was put back")
        before = [g for g in release_order[:release_order.index(gid)] if g in order]
        at = 0
        if before:
            at = next(i for i, c in enumerate(nb.cells) if _meta(c).get("grade_id") == before[-1]) + 1
        nb.cells.insert(at, copy.deepcopy(released[gid]))
        order = [g for g in (_meta(c).get("grade_id") for c in nb.cells) if g in released]
    return Inspection("tampered" if problems else "ok", problems, nb, notes)


def write_submitted(course: Path, student: str, assignment: str, notebook_name: str, sub: Submission,
                    notebook: nbformat.NotebookNode | None = None) -> Path:
    """Place a submission where nbgrader expects it, under the released notebook's file name.

    ``notebook`` is the repaired notebook from :func:`inspect`; without it the bytes go as handed in.
    """
    dest = course / "grading" / "submitted" / student / assignment
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    if notebook is not None:
        nbformat.write(notebook, dest / notebook_name)
    else:
        (dest / notebook_name).write_bytes(sub.data)
    for name, data in sub.extras.items():
        (dest / name).write_bytes(data)
    return dest
