"""Grading with nbgrader: scratch courses, generating student versions, autograding and scores.

nbgrader stays the engine and the gradebook. This module runs it the same way everywhere (tests,
the command line, benchmarks): in a course folder of its own, with the environment nbgrader needs,
and turns its gradebook into plain dictionaries.
"""

from __future__ import annotations

import copy
import shutil
import time
from pathlib import Path

import nbformat

from ailead.instructor.course import (  # noqa: F401  (re-exported: callers write grading.REPO, ...)
    BEGIN_SOLUTION,
    CONFIG,
    END_SOLUTION,
    EXERCISES,
    REPO,
    SOLUTIONS,
    GradingError,
    assignments,
    nbgrader_env,
    open_gradebook,
    run_nbgrader,
)


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
    db = "sqlite:///" + str(course / "grading" / "gradebook.db")
    result: dict[str, dict] = {}
    with open_gradebook(db) as gb:
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


# --------------------------------------------------------------------------- grading a whole cohort

def release_notebook(course: Path, assignment: str) -> tuple[str, nbformat.NotebookNode]:
    """The released (student) notebook of an assignment in a course: its file name and contents."""
    folder = course / "exercises" / assignment
    notebooks = sorted(folder.glob("*.ipynb"))
    if not notebooks:
        known = ", ".join(sorted(p.name for p in (course / "exercises").iterdir() if p.is_dir())) \
            if (course / "exercises").exists() else "none"
        raise GradingError(f"no released notebook for {assignment!r} in {folder}; "
                           f"known assignments: {known}. Generate it first: "
                           f"nbgrader generate_assignment {assignment} --force")
    return notebooks[0].name, nbformat.read(notebooks[0], as_version=4)


def released_notebooks(course: Path) -> dict[str, nbformat.NotebookNode]:
    """Every exercise's student version by name, the course's own first, then the package's.

    Used to tell which exercise a notebook belongs to, also when the course has released only some.
    """
    found = {}
    for root in dict.fromkeys([Path(course), REPO]):
        folder = root / "exercises"
        for sub in sorted(folder.iterdir()) if folder.is_dir() else ():
            if sub.name not in found and sub.is_dir() and any(sub.glob("*.ipynb")):
                found[sub.name] = release_notebook(root, sub.name)[1]
    return found


def ensure_in_gradebook(course: Path, assignment: str, db_url: str | None = None) -> None:
    """Register the assignment's source cells in the gradebook (autograding needs them)."""
    from nbgrader.api import MissingEntry
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    url = db_url or _db_url(course)
    try:
        with open_gradebook(url) as gb:
            try:
                if gb.find_assignment(assignment).notebooks:
                    return
            except MissingEntry:
                pass
    except OperationalError as exc:
        where = make_url(url).render_as_string(hide_password=True)
        raise GradingError(f"the gradebook database {where} cannot be reached ({str(exc.orig).strip()[:200]}). "
                           "Nothing was graded and nothing is lost: start the database, then run the same "
                           "command again.") from exc
    args = ["generate_assignment", assignment, "--force"]
    if db_url:
        args.append(f"--CourseDirectory.db_url={db_url}")
    run_nbgrader(course, *args)


def _db_url(course: Path) -> str:
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    return config.CourseDirectory.db_url


# Results that say the grading system failed, not the learner: a rerun grades them again.
RETRIED = frozenset({"error"})


def ledger_path(course: Path, assignment: str) -> Path:
    """Where `ailead grade` keeps its record of graded submissions for an assignment."""
    return course / "grading" / "ailead" / f"{assignment}.ledger.json"


def sandbox_settings(course: Path, cell_timeout: int | None = None, db_url: str | None = None) -> dict:
    """How grading workers sandbox kernels: limits sized to the per-cell timeout, and what to hide."""
    from dataclasses import asdict

    from ailead.instructor import sandbox

    per_cell = cell_timeout or 60
    # Room for three cells that each run to the time limit (and the imports) before the CPU backstop.
    limits = sandbox.Limits(cpu_seconds=3 * per_cell + 10)
    url = db_url or _db_url(course)
    gradebook_dir = str(Path(url.split("///", 1)[1]).parent) if url.startswith("sqlite:///") else None
    return {"limits": asdict(limits), "gradebook_dir": gradebook_dir}


def grade_cohort(course: Path, assignment: str, source: Path, *, workers: int | None = None,
                 budget: float = 300.0, cell_timeout: int | None = None, db_url: str | None = None,
                 pattern: str | None = None, force: bool = False, sandbox: bool = True, echo=print) -> dict:
    """Import, check and autograde every submission in `source`; return the ledger's results by student.

    Submissions that are unchanged since an earlier run keep their grade (unless `force`); the rest
    are checked against the released notebook, then autograded in parallel, each kernel in the
    sandbox (see :mod:`ailead.instructor.sandbox`) unless `sandbox` is False.
    """
    from ailead.instructor import autograder, submissions
    from ailead.instructor import sandbox as sb

    if sandbox and (why := sb.unavailable()):
        raise GradingError(why)

    course = Path(course)
    subs = submissions.load_submissions(source, assignment, pattern or submissions.DEFAULT_PATTERN)
    ledger = autograder.Ledger(ledger_path(course, assignment))
    overrides: dict = {}
    if cell_timeout:
        overrides["Execute.timeout"] = cell_timeout
    if db_url:
        overrides["CourseDirectory.db_url"] = db_url

    def settled(sub) -> bool:
        # A grade stands until the submission changes; a run that failed on our side ("error": the
        # gradebook unreachable, nbgrader broken) settled nothing, so it is tried again.
        kept = ledger.results.get(sub.student)
        return kept is not None and kept.digest == sub.digest and kept.status not in RETRIED

    changed = [sub for sub in subs if force or not settled(sub)]
    skipped = len(subs) - len(changed)
    if skipped:
        echo(f"{skipped} submission(s) unchanged since the last run: kept their grades (--force regrades).")
    retried = [sub.student for sub in changed if sub.student in ledger.results
               and ledger.results[sub.student].status in RETRIED and ledger.results[sub.student].digest == sub.digest]
    if retried and not force:
        echo(f"{len(retried)} submission(s) that could not be graded last time are tried again.")
    if not changed:
        echo("Nothing to autograde.")
        return ledger.results

    n = workers or autograder.default_workers()
    # The workers start now, so their start-up overlaps checking and placing the submissions.
    settings = sandbox_settings(course, cell_timeout, db_url) if sandbox else None
    with autograder.WorkerPool(course, min(n, len(changed)), overrides, settings) as pool:
        ensure_in_gradebook(course, assignment, db_url)
        name, release = release_notebook(course, assignment)
        releases = released_notebooks(course)
        to_grade, inspections = [], {}
        for sub in changed:
            found = submissions.inspect(sub.data, release, assignment, releases)
            inspections[sub.student] = (sub, found)
            if found.gradable:
                submissions.write_submitted(course, sub.student, assignment, name, sub, found.notebook)
                to_grade.append(sub.student)
            else:
                ledger.put(autograder.Result(sub.student, found.status, detail="; ".join(found.problems),
                                             digest=sub.digest))
        if not to_grade:
            echo("Nothing to autograde: every changed submission failed its checks.")
            return ledger.results
        echo(f"Autograding {len(to_grade)} submission(s) of {assignment} with {len(pool.workers)} worker(s)…")
        started = time.monotonic()
        done = 0

        def record(result: autograder.Result) -> None:
            nonlocal done
            sub, found = inspections[result.student]
            result.digest = sub.digest
            result.detail = "; ".join(found.problems + ([result.detail] if result.detail else [])
                                      + [f"note: {n}" for n in found.notes])
            if found.status == "tampered" and result.status == "ok":
                result.status = "tampered"
            ledger.put(result)
            done += 1
            echo(autograder.progress_line(done, len(to_grade), result, started), end="", flush=True)

        pool.grade(assignment, to_grade, budget, record)
    echo("")
    return ledger.results


def write_feedback(course: Path, assignment: str) -> list[Path]:
    """Write each graded student's HTML feedback where nbgrader's release_feedback looks for it."""
    from nbgrader.api import MissingEntry

    from ailead.instructor import autograder, reports, submissions

    name, release = release_notebook(course, assignment)
    parts = reports.graded_parts(release)
    ledger = autograder.Ledger(ledger_path(course, assignment))
    if not ledger.results:
        raise GradingError(f"nothing graded yet for {assignment}; run `ailead grade {assignment} --from ...`")
    written = []
    with open_gradebook(_db_url(course)) as gb:
        for student, result in sorted(ledger.results.items()):
            comments: dict[str, str] = {}
            try:
                sub = gb.find_submission(assignment, student)
                result.parts = {g.name: None if g.needs_manual_grade else g.score
                                for nb in sub.notebooks for g in nb.grades}
                result.score, result.max_score = sub.score, sub.max_score
                comments = {c.name: c.comment for nb in sub.notebooks for c in nb.comments if c.comment}
            except MissingEntry:
                pass
            autograded_path = course / "grading" / "autograded" / student / assignment / name
            autograded = nbformat.read(autograded_path, as_version=4) if autograded_path.exists() else None
            page = reports.feedback_html(student, assignment, result, parts, autograded, comments)
            dest = course / "grading" / "feedback" / student / assignment / name.replace(".ipynb", ".html")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(page)
            # nbgrader release_feedback names the released file after the submission's secret.
            submitted = course / "grading" / "submitted" / student / assignment
            for extra in submissions.EXCHANGE_FILES:
                if (submitted / extra).is_file():
                    shutil.copy(submitted / extra, dest.parent / extra)
            written.append(dest)
    return written
