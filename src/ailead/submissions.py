"""Student submissions: importing them from an LMS download or nbgrader's layout, and checking each
one before it is graded (unreadable, for another assignment, or with locked cells changed).

nbgrader alone reports a deleted test cell or a non-notebook as an ordinary zero, and its checksum
warning fires for every hidden-test cell even when nothing was touched. Here every problem gets a
named status and a sentence that says what was found, judged against the released notebook.
"""

from __future__ import annotations

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
    notebook: nbformat.NotebookNode | None = None

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


def inspect(data: bytes, release: nbformat.NotebookNode) -> Inspection:
    """Judge a submission against the released notebook before grading it."""
    try:
        nb = read_notebook(data)
    except ValueError as exc:
        return Inspection("unreadable", [str(exc)])

    released = [c for c in release.cells if _meta(c).get("grade_id")]
    release_ids = {_meta(c)["grade_id"] for c in released}
    cells = {}
    for c in nb.cells:
        gid = _meta(c).get("grade_id")
        if gid:
            cells.setdefault(gid, c)
    if not release_ids & set(cells):
        found = ", ".join(sorted(cells)[:4])
        why = (f"its graded cells ({found}) belong to another exercise" if cells
               else "it has none of this exercise's cells")
        return Inspection("wrong-assignment", [why], nb)

    problems = []
    order = [_meta(c).get("grade_id") for c in nb.cells if _meta(c).get("grade_id")]
    locked_in_release = [c for c in released if _is_locked(c)]
    present = []
    for cell in locked_in_release:
        gid = _meta(cell)["grade_id"]
        kind = "test cell" if _meta(cell).get("grade") else "locked cell"
        mine = cells.get(gid)
        if mine is None:
            problems.append(f"{kind} {gid!r} was deleted")
            continue
        present.append(gid)
        if mine.cell_type != cell.cell_type or _norm(mine.source) != _norm(cell.source):
            problems.append(f"{kind} {gid!r} was edited")
        for key in ("grade", "solution", "locked", "points"):
            if _meta(mine).get(key) != _meta(cell).get(key):
                problems.append(f"{kind} {gid!r} had its grading settings changed ({key})")
                break
    positions = [order.index(gid) for gid in present]
    if positions != sorted(positions):
        moved = [gid for gid, a, b in zip(present, positions, sorted(positions), strict=True) if a != b]
        problems.append(f"locked cells were moved out of order ({', '.join(moved[:3])})")
    return Inspection("tampered" if problems else "ok", problems, nb)


def write_submitted(course: Path, student: str, assignment: str, notebook_name: str, sub: Submission) -> Path:
    """Place a submission where nbgrader expects it, under the released notebook's file name."""
    dest = course / "grading" / "submitted" / student / assignment
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    (dest / notebook_name).write_bytes(sub.data)
    for name, data in sub.extras.items():
        (dest / name).write_bytes(data)
    return dest
