"""Autograding many submissions in parallel with nbgrader, honestly and resumably.

Each worker is a long-lived process that keeps one nbgrader API (so nbgrader's start-up is paid once
per worker, not once per student) and autogrades one student at a time. The main process hands out
the work, enforces a time budget per notebook (killing the worker and its kernel when it runs over),
and records every result in a ledger file, written atomically after each student. A run that is
interrupted resumes where it stopped; a submission that has not changed is not graded again.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict
from multiprocessing.connection import Connection, wait
from pathlib import Path

import nbformat

from ailead.instructor.course import REPO, nbgrader_env
from ailead.instructor.results import Result

# --------------------------------------------------------------------------- inside a worker

def _api(course: Path, overrides: dict):
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    extra = Config()
    # A graded notebook's kernel has nothing left to do: stopping it at once instead of asking it to
    # shut down saves about a third of a second per notebook.
    extra.Execute.shutdown_kernel = "immediate"
    for dotted, value in overrides.items():
        section, name = dotted.rsplit(".", 1)
        extra[section][name] = value
    config.merge(extra)
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config), coursedir


def _cell_errors(path: Path) -> set[str]:
    nb = nbformat.read(path, as_version=4)
    return {o.get("ename", "") for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if o.get("output_type") == "error"}


def grade_student(api, coursedir, assignment: str, student: str) -> Result:
    """Autograde one student's submission with nbgrader and read back what it found."""
    from nbgrader.api import Gradebook, MissingEntry

    started = time.perf_counter()
    outcome = api.autograde(assignment, student, force=True, create=True)
    log = (outcome.get("log") or "") + (outcome.get("error") or "")
    if not outcome.get("success"):
        if any(sign in log for sign in ("can't start new thread", "Resource temporarily unavailable",
                                        "Invalid Signature")):
            status, detail = "kernel-died", ("the kernel broke down and could not go on (it ran out of "
                                             "processes or its messages became unreadable; forking processes "
                                             "does this)")
        elif "DeadKernelError" in log or "Kernel died" in log or "kernel died" in log:
            status, detail = "kernel-died", "the notebook's kernel crashed or exited (for example os._exit)"
        elif "CellTimeoutError" in log or "Timeout" in log:
            status, detail = "timeout", "a cell ran past nbgrader's time limit"
        else:
            status, detail = "error", "nbgrader could not grade it: " + log.strip().splitlines()[-1][:300]
        return Result(student, status, detail=detail, seconds=time.perf_counter() - started)
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        try:
            sub = gb.find_submission(assignment, student)
        except MissingEntry:
            return Result(student, "error", detail="nbgrader reported success but stored no grades")
        # A written answer waiting for its grader has no score yet (not a zero).
        parts = {g.name: None if g.needs_manual_grade else g.score for nb in sub.notebooks for g in nb.grades}
        score, max_score = sub.score, sub.max_score
    status, detail = "ok", ""
    autograded = Path(coursedir.format_path(coursedir.autograded_directory, student, assignment))
    errors = set()
    for path in autograded.glob("*.ipynb"):
        errors |= _cell_errors(path)
    if "CellTimeoutError" in errors:
        status, detail = "timeout", "a cell ran past nbgrader's per-cell time limit and was stopped"
    return Result(student, status, score, max_score, parts, detail, seconds=time.perf_counter() - started)


def _sandbox_overrides(course: Path, sandbox: dict, index: int) -> dict:
    from ailead.instructor import sandbox as sb

    runtime = Path(tempfile.mkdtemp(prefix="ailead-sandbox-"))
    hide = [course, REPO, Path(sandbox.get("gradebook_dir") or course)]
    limits = sb.Limits(**sandbox.get("limits", {}))
    uid = sb.UID_BASE + index if os.geteuid() == 0 else None
    return sb.worker_setup(runtime, hide, limits, uid)


def _worker(conn: Connection, course: str, overrides: dict, log_path: str, sandbox: dict | None,
            index: int) -> None:
    os.environ.update(nbgrader_env())
    os.chdir(course)
    if sandbox is not None:
        overrides = {**overrides, **_sandbox_overrides(Path(course), sandbox, index)}
    # nbgrader, SQLAlchemy and every kernel write warnings to stderr; they go to a log file so the
    # instructor's terminal shows only the progress bar and the statuses.
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    api, coursedir = _api(Path(course), overrides)
    conn.send(("ready", os.getpid()))
    while True:
        job = conn.recv()
        if job is None:
            return
        assignment, student = job
        try:
            result = grade_student(api, coursedir, assignment, student)
        except Exception:  # never lose a student: a crash here is reported, not swallowed
            result = Result(student, "error", detail=traceback.format_exc().strip().splitlines()[-1][:300])
        conn.send(("done", asdict(result)))


# --------------------------------------------------------------------------- the ledger

class Ledger:
    """Every graded submission of one assignment, kept in one JSON file written atomically."""

    def __init__(self, path: Path):
        self.path = path
        self.results: dict[str, Result] = {}
        if path.exists():
            try:
                raw = json.loads(path.read_text())
                self.results = {k: Result(**v) for k, v in raw["results"].items()}
            except (ValueError, KeyError, TypeError):
                # An unreadable ledger only costs a regrade; set it aside rather than trust it.
                path.replace(path.with_suffix(f".corrupt-{int(time.time())}"))

    def put(self, result: Result) -> None:
        self.results[result.student] = result
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".ledger-", suffix=".tmp")
        with os.fdopen(fd, "w") as fh:
            json.dump({"results": {k: asdict(v) for k, v in sorted(self.results.items())}}, fh, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)


# --------------------------------------------------------------------------- the pool

def _kill_tree(pid: int) -> None:
    import psutil

    try:
        parent = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    procs = parent.children(recursive=True) + [parent]
    for p in procs:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(procs, timeout=10)


class _Worker:
    def __init__(self, ctx, course: Path, overrides: dict, sandbox: dict | None, index: int):
        self.conn, child = ctx.Pipe()
        log_dir = course / "grading" / "ailead"
        log_dir.mkdir(parents=True, exist_ok=True)
        log_path = str(log_dir / "workers.log")
        self.process = ctx.Process(target=_worker, daemon=True,
                                   args=(child, str(course), overrides, log_path, sandbox, index))
        self.process.start()
        child.close()
        self.ready = False
        self.job: tuple[str, str] | None = None
        self.started = 0.0

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=10)
        if self.process.is_alive():
            _kill_tree(self.process.pid)


class WorkerPool:
    """Long-lived grading workers. Start it early: the workers' start-up (importing nbgrader) then
    overlaps whatever the caller does before handing out the first submission."""

    def __init__(self, course: Path, workers: int, overrides: dict, sandbox: dict | None = None):
        self.ctx = mp.get_context("spawn")
        self.course, self.overrides, self.sandbox = course, overrides, sandbox
        self.workers = [_Worker(self.ctx, course, overrides, sandbox, i) for i in range(max(1, workers))]

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        for w in self.workers:
            w.stop()

    def grade(self, assignment: str, students: list[str], budget: float,
              on_result: Callable[[Result], None]) -> None:
        """Autograde the students; call on_result once per student, in the order they finish."""
        todo = list(students)
        pool = self.workers
        while todo or any(w.job for w in pool):
            for w in pool:
                if w.ready and w.job is None and todo:
                    w.job, w.started = (assignment, todo.pop(0)), time.monotonic()
                    w.conn.send(w.job)
            ready = wait([w.conn for w in pool] + [w.process.sentinel for w in pool], timeout=0.5)
            for w in list(pool):
                if w.conn in ready:
                    try:
                        kind, payload = w.conn.recv()
                    except (EOFError, OSError):
                        kind, payload = "died", None
                    if kind == "ready":
                        w.ready = True
                    elif kind == "done":
                        w.job = None
                        on_result(Result(**payload))
                    if kind != "died":
                        continue
                overdue = w.job is not None and time.monotonic() - w.started > budget
                if overdue or not w.process.is_alive():
                    _kill_tree(w.process.pid)
                    if w.job is not None:
                        student = w.job[1]
                        if overdue:
                            on_result(Result(student, "timeout", detail=f"stopped after the {budget:.0f} s "
                                                                         "time budget for one notebook",
                                             seconds=budget))
                        else:
                            on_result(Result(student, "kernel-died", detail="the grading process died"))
                    elif not w.ready:
                        raise RuntimeError("an autograding worker failed to start; run `nbgrader autograde` "
                                           "by hand to see nbgrader's own error")
                    index = pool.index(w)
                    pool[index] = _Worker(self.ctx, self.course, self.overrides, self.sandbox, index)


def run_pool(course: Path, assignment: str, students: list[str], workers: int, budget: float,
             overrides: dict, on_result: Callable[[Result], None], sandbox: dict | None = None) -> None:
    """Autograde the students in parallel; call on_result once per student, in the order they finish."""
    if not students:
        return
    with WorkerPool(course, min(workers, len(students)), overrides, sandbox) as pool:
        pool.grade(assignment, students, budget, on_result)


def progress_line(done: int, total: int, last: Result, started: float) -> str:
    """A one-line progress bar for the terminal."""
    width = 24
    filled = int(width * done / total) if total else width
    elapsed = time.monotonic() - started
    left = elapsed / done * (total - done) if done else 0
    return (f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  {last.student}: {last.status}"
            f" {last.score:g}/{last.max_score:g}  ~{left:.0f}s left ")


def default_workers() -> int:
    """One worker per core: each worker runs one kernel at a time."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use `ailead grade`")
