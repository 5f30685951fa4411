"""Grading with nbgrader: scratch courses, generating student versions, autograding and scores.

nbgrader stays the engine and the gradebook. This module runs it the same way everywhere (tests,
the command line, benchmarks): in a course folder of its own, with the environment nbgrader needs,
and turns its gradebook into plain dictionaries.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
SOLUTIONS = REPO / "solutions"
EXERCISES = REPO / "exercises"
CONFIG = REPO / "nbgrader_config.py"

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"


class GradingError(RuntimeError):
    """nbgrader failed; the message carries what it printed."""


def assignments() -> list[str]:
    """The exercise names that have a source notebook in solutions/, in course order."""
    return sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def nbgrader_env() -> dict[str, str]:
    """The environment nbgrader needs: it runs `alembic` from PATH, so the interpreter's bin goes first."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def run_nbgrader(course: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    """Run one nbgrader command in a course folder; raise GradingError with its output if it fails."""
    cmd = [sys.executable, "-m", "nbgrader", *args]
    proc = subprocess.run(cmd, cwd=course, env=nbgrader_env(), capture_output=True, text=True,
                          timeout=timeout)
    if proc.returncode != 0:
        raise GradingError(f"`nbgrader {' '.join(args)}` failed in {course} (exit {proc.returncode}):\n"
                           f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def scratch_course(folder: Path, assignment_names: list[str] | None = None) -> Path:
    """Make a throwaway course in `folder`: the course's config and a copy of the source notebooks.

    The copied config places grading state inside `folder`, so nothing touches the repository.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(CONFIG, folder / "nbgrader_config.py")
    for name in assignment_names or assignments():
        shutil.copytree(SOLUTIONS / name, folder / "solutions" / name, dirs_exist_ok=True)
    return folder


def generate(course: Path, assignment: str) -> Path:
    """Generate the student version of an assignment (and register it in the gradebook)."""
    run_nbgrader(course, "generate_assignment", assignment, "--force")
    return course / "exercises" / assignment


def submit(course: Path, student: str, assignment: str, notebooks: dict[str, nbformat.NotebookNode]) -> Path:
    """Place one student's notebooks in the course's submitted folder, as nbgrader collect would."""
    dest = course / "grading" / "submitted" / student / assignment
    dest.mkdir(parents=True, exist_ok=True)
    for filename, nb in notebooks.items():
        nbformat.write(nb, dest / filename)
    return dest


def autograde(course: Path, assignment: str, *extra: str) -> None:
    """Autograde every submission of an assignment in the course."""
    run_nbgrader(course, "autograde", assignment, "--force", *extra)


def scores(course: Path, assignment: str) -> dict[str, dict]:
    """Per student: total score, max score, and the score of each graded part (by grade id)."""
    from nbgrader.api import Gradebook

    db = "sqlite:///" + str(course / "grading" / "gradebook.db")
    result: dict[str, dict] = {}
    with Gradebook(db) as gb:
        for sub in gb.assignment_submissions(assignment):
            parts = {g.name: g.score for nb in sub.notebooks for g in nb.grades}
            result[sub.student_id] = {
                "score": sub.score,
                "max_score": sub.max_score,
                "auto_score": sum(g.auto_score or 0 for nb in sub.notebooks for g in nb.grades),
                "parts": parts,
            }
    return result


# --------------------------------------------------------------------------- building submissions

def grade_id(cell: nbformat.NotebookNode) -> str | None:
    """The nbgrader grade id of a cell, or None for an ordinary cell."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def strip_solution_markers(source: str) -> str:
    """A solution cell's source without nbgrader's BEGIN/END SOLUTION lines (what a student would type)."""
    return "\n".join(line for line in source.split("\n")
                     if BEGIN_SOLUTION not in line and END_SOLUTION not in line)


def solution_answers(source_nb: nbformat.NotebookNode) -> dict[str, str]:
    """Every answer cell of a source notebook, by grade id: what a perfect student would write."""
    answers = {}
    for cell in source_nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution"):
            answers[meta["grade_id"]] = strip_solution_markers(cell.source)
    return answers


def fill_answers(release_nb: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    """A copy of the student version with the given answer cells filled in (others left untouched)."""
    nb = copy.deepcopy(release_nb)
    known = set()
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid in answers:
            if not cell.metadata["nbgrader"].get("solution"):
                raise ValueError(f"cell {gid!r} is not an answer cell; a student cannot write in it")
            cell.source = answers[gid]
            known.add(gid)
    unknown = set(answers) - known
    if unknown:
        raise ValueError(f"no answer cells with these grade ids: {', '.join(sorted(unknown))}")
    return nb
