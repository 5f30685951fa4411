"""`ailead check`: a self-paced learner grades their own exercise with every test, hidden ones included.

The learner's file is only read: it is copied into a throwaway nbgrader course, graded there exactly
as an instructor would grade it, and the result is printed part by part with each test's message.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import nbformat

from ailead.instructor import autograder, grading, reports, submissions
from ailead.instructor import sandbox as sb


def guess_assignment(data: bytes, filename: str | None = None) -> str:
    """The exercise a notebook belongs to: by its graded cells, or by its file name if they say nothing.

    Cells decide first, so exercise 02 saved under exercise 01's name is still exercise 02.
    """
    names = grading.assignments()
    by_name = Path(filename).stem if filename and Path(filename).stem in names else None
    try:
        ids = submissions.grade_ids(submissions.read_notebook(data))
    except ValueError:
        if by_name:  # the check then says exactly what is wrong with the file
            return by_name
        raise
    best = submissions.owner(ids, grading.released_notebooks(grading.REPO)) if ids else None
    best = best or by_name
    if best is None:
        raise ValueError("this notebook has none of the course exercises' graded cells; "
                         "is it an exercise notebook from exercises/?")
    return best


def _solutions_readable() -> bool:
    """False on a cohort server, where the course's solutions (hidden tests) are kept from learners."""
    import os

    folder = grading.SOLUTIONS
    return folder.is_dir() and os.access(folder, os.R_OK | os.X_OK)


def check(notebook: Path, assignment: str | None = None, budget: float = 300, cell_timeout: int = 20,
          echo=print) -> int:
    """Grade a copy of the learner's notebook with all tests; print the result. Returns 0 if all passed."""
    notebook = Path(notebook)
    data = notebook.read_bytes()
    if not _solutions_readable():
        echo(f"Cannot check {notebook.name} here: the hidden tests are kept from learners on this server (a cohort "
             "course). Run the visible tests with nbgrader's Validate button; your instructor grades the rest.")
        return 2
    try:
        assignment = assignment or guess_assignment(data, notebook.name)
    except ValueError as exc:
        echo(f"Cannot check {notebook}: {exc}")
        return 2
    name, release = grading.release_notebook(grading.REPO, assignment)
    found = submissions.inspect(data, release, assignment, grading.released_notebooks(grading.REPO))
    if not found.gradable:
        echo(f"Cannot check {notebook}: {found.status}: {'; '.join(found.problems)}")
        return 2
    echo(f"Checking {notebook.name} against every test of {assignment} (your file is not changed)…")
    with tempfile.TemporaryDirectory(prefix="ailead-check-") as tmp:
        course = grading.scratch_course(Path(tmp), [assignment])
        grading.generate(course, assignment)
        submissions.write_submitted(course, "me", assignment, name, submissions.Submission("me", str(notebook), data),
                                    found.notebook)
        results: list[autograder.Result] = []
        # The learner's own code on their own machine: the sandbox is a safety net here, not a wall,
        # so without bubblewrap the check still runs.
        settings = None if sb.unavailable() else grading.sandbox_settings(course, cell_timeout)
        # Exercise cells are tiny: a short per-cell limit turns an endless loop into quick feedback.
        autograder.run_pool(course, assignment, ["me"], 1, budget, {"Execute.timeout": cell_timeout},
                            results.append, settings)
        result = results[0]
        autograded_path = course / "grading" / "autograded" / "me" / assignment / name
        autograded = nbformat.read(autograded_path, as_version=4) if autograded_path.exists() else None
    parts = reports.graded_parts(release)
    failures = reports._failures(autograded) if autograded is not None else {}
    if result.status not in ("ok",):
        echo(f"Status: {result.status}: {result.detail}")
    for problem in found.problems:
        echo(f"Warning: {problem}. Your instructor's grader grades the released tests and flags the change; "
             "undo it.")
    for note in found.notes:
        echo(f"Note: {note}.")
    for err in reports.answer_errors(autograded) if autograded is not None else []:
        echo(f"Fix this first: {reports.describe_answer_error(err)}. Tests that use it fail because of it.")
    all_passed = True
    for p in parts:
        got = result.parts.get(p["id"])
        if p["kind"] == reports.MANUAL:
            echo(f"  ✎ {p['id']} ({p['points']:g} points): written answer, graded by a person; compare "
                 f"yours with the model answer in solutions/{assignment}/")
            continue
        if got is not None and got >= p["points"]:
            echo(f"  ✔ {p['id']}: {got:g}/{p['points']:g}")
        else:
            all_passed = False
            why = failures.get(p["id"], "not graded")
            echo(f"  ✘ {p['id']}: {0 if got is None else got:g}/{p['points']:g}  {why}")
    auto_max = sum(p["points"] for p in parts if p["kind"] == reports.AUTO)
    auto_got = sum(result.parts.get(p["id"]) or 0 for p in parts if p["kind"] == reports.AUTO)
    if result.status == "ok":
        from ailead.instructor import certificate

        try:  # the completion record reads these; a read-only home must not spoil the check itself
            certificate.record_check(assignment, auto_got, auto_max)
        except OSError:
            pass
        if assignment == certificate.FINAL and auto_max:
            share = round(auto_got / auto_max, 6)
            echo(f"Final assessment: {auto_got:g} of {auto_max:g} ({share:.0%}); pass mark "
                 f"{certificate.PASS_MARK:.0%}: " + ("passed." if share >= certificate.PASS_MARK
                                                    else "not yet passed; revisit the sections named above."))
    echo(f"Automatic score: {auto_got:g} of {auto_max:g}."
         + (" Every test passes." if all_passed else " Fix the parts marked ✘ and check again."))
    return 0 if all_passed and result.status == "ok" else 1
