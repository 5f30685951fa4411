"""Where the course's files are, and how nbgrader is run: the same way everywhere (tests, the command line,
benchmarks, the hub), in a course folder of its own and with the environment nbgrader needs.

The lowest module of the instructor's tools: it imports none of the others.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# src/ailead/instructor/course.py -> the repository
REPO = Path(__file__).resolve().parents[3]
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


def open_gradebook(db_url: str):
    """nbgrader's Gradebook, opened so that creating a new database works (it runs `alembic` from PATH)."""
    from nbgrader.api import Gradebook

    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    return Gradebook(db_url)


def run_nbgrader(course: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    """Run one nbgrader command in a course folder; raise GradingError with its output if it fails."""
    cmd = [sys.executable, "-m", "nbgrader", *args]
    proc = subprocess.run(cmd, cwd=course, env=nbgrader_env(), capture_output=True, text=True,
                          timeout=timeout)
    if proc.returncode != 0:
        raise GradingError(f"`nbgrader {' '.join(args)}` failed in {course} (exit {proc.returncode}):\n"
                           f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


